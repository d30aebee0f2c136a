from django.core.management.base import BaseCommand

from workgroups.search.index import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the registry."

    def handle(self, *args, **options):
        n = rebuild_index()
        self.stdout.write(f"Indexed {n} entries.")
