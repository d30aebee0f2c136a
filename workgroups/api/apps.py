from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ApiConfig(AppConfig):
    name = "workgroups.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from workgroups.api.namesearch import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="api.namesearch")
