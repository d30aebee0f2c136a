from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "workgroups.checks"
    label = "checks"
    verbose_name = "Findings"
