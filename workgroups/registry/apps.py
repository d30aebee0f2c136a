from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "workgroups.registry"
    label = "registry"
    verbose_name = "Registry"
