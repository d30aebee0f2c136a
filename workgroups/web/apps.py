from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "workgroups.web"
    label = "web"
    verbose_name = "Website"

    def ready(self):
        # Ready pages are dropped by every registry write, from a view or a command alike.
        from workgroups import pagecache  # noqa: F401
