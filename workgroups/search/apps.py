from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "workgroups.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from workgroups.search import signals

        post_migrate.connect(signals.rebuild_if_empty, sender=self, dispatch_uid="search.reindex")
