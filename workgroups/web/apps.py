from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WebConfig(AppConfig):
    name = "workgroups.web"
    label = "web"
    verbose_name = "Website"

    def ready(self):
        from workgroups.web import signals

        post_migrate.connect(signals.rebuild_if_empty, sender=self, dispatch_uid="web.reindex")
