from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "workgroups.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self):
        # Every registry write, from a view or a command, invalidates the page cache.
        from workgroups import pagecache  # noqa: F401
