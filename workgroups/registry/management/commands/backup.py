"""`workgroups backup PATH`: a consistent copy of the SQLite database, taken while it serves."""

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

POSTGRES_HINT = {
    "backup": "pg_dump -Fc -f workgroups.dump DBNAME",
    "restore": "pg_restore --clean --if-exists -d DBNAME workgroups.dump",
}


def live_database(command: str) -> Path:
    """The SQLite file the site runs on; on any other database, a pointer to its own tools."""
    if connection.vendor != "sqlite":
        raise CommandError(
            f"{command} is for SQLite; on PostgreSQL use `{POSTGRES_HINT[command]}` "
            "(README, On PostgreSQL)"
        )
    return Path(connection.settings_dict["NAME"])


def copy_database(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """SQLite's online backup, in one step: one snapshot of the source, taken under the
    target's write lock, so a reader of either file never sees half a copy."""
    source.backup(target, pages=-1)


class Command(BaseCommand):
    help = "Copy the SQLite database to PATH, consistent even while the site runs and writes."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        database = live_database("backup")
        if not database.exists():
            raise CommandError(f"no database at {database} to back up")
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target and renamed over it, so PATH is never a partial copy.
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        try:
            with (
                closing(sqlite3.connect(database, timeout=30)) as source,
                closing(sqlite3.connect(partial)) as target,
            ):
                copy_database(source, target)
                # One self-contained file, without the live database's write-ahead log.
                target.execute("PRAGMA journal_mode=DELETE")
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Backed up {database} to {path}")
