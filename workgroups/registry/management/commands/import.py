import sys

from django.core.management.base import BaseCommand, CommandError

from workgroups.registry import importer
from workgroups.registry.reconcile import import_bundle, stored_checksums
from workgroups.registry.writer import refresh_statistics
from workgroups.sources.records import SourceError


class Command(BaseCommand):
    help = (
        "Import the python.org page, the wiki index, wiki folders and redirects, or a YAML "
        "dump (format detected per file). Idempotent and all-or-nothing: bad input exits "
        "non-zero with path:line: message and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, write nothing"
        )

    def handle(self, *args, paths, dry_run, verbosity=1, **options):
        try:
            files = importer.collect(paths)
            bundle = self.read(files, show=verbosity > 0 and sys.stdout.isatty())
            report = import_bundle(bundle, dry_run=dry_run)
            if report.changed and not dry_run:
                refresh_statistics()
        except SourceError as exc:
            raise CommandError(str(exc)) from None
        if verbosity == 0:
            return
        prefix = "Would change" if dry_run else "Imported"
        docs = len(bundle.documents)
        if not report.changed:
            self.stdout.write(f"{docs} documents read; nothing to change.")
            return
        self.stdout.write(f"{prefix} from {docs} documents ({len(report.skipped)} unchanged):")
        for line in report.lines():
            self.stdout.write(f"  {line}")

    def read(self, files, *, show: bool) -> importer.Bundle:
        if not show or len(files) < 2:
            return importer.read_files(files, known=stored_checksums)
        from rich.progress import Progress

        with Progress(transient=True) as progress:
            task = progress.add_task("Reading", total=len(files))
            return importer.read_files(
                files, progress=lambda: progress.advance(task), known=stored_checksums
            )
