from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "workgroups.web"
    label = "web"
    verbose_name = "Website"
