"""`workgroups restore PATH`: put a backup's content into the live SQLite database."""

import sqlite3
from contextlib import closing
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workgroups.registry.management.commands.backup import copy_database, live_database
from workgroups.registry.signals import written


def check_backup(path: Path) -> None:
    """PATH is a whole Workgroups database, or nothing is touched."""
    if not path.is_file():
        raise CommandError(f"no backup at {path}")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as backup:
            (verdict,) = backup.execute("PRAGMA integrity_check").fetchone()
            tables = backup.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"{path} is not a SQLite database ({exc})") from None
    if verdict != "ok":
        raise CommandError(f"{path} is damaged: {verdict}")
    if not tables:
        raise CommandError(f"{path} is not a Workgroups database (no django_migrations table)")


class Command(BaseCommand):
    help = (
        "Replace the SQLite database's content with a backup made by `workgroups backup` "
        "(the file stays in place; running servers see the restored data on their next read)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        database = live_database("restore")
        check_backup(path)
        database.parent.mkdir(parents=True, exist_ok=True)
        with (
            closing(sqlite3.connect(path, timeout=30)) as backup,
            closing(sqlite3.connect(database, timeout=30)) as live,
        ):
            copy_database(backup, live)
        # Ready pages and answers were built from the data that is now gone.
        written.send(sender=Command, groups=set(), people=set())
        self.stdout.write(f"Restored {database} from {path}")
