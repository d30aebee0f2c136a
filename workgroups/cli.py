"""The `workgroups` console script: Django's management commands with our settings.

Before a command that reads or writes the registry runs, the database is made ready: a data
directory without one gets a new, migrated database (and is told where), and a database with
migrations not yet applied stops the command with one line saying to run `workgroups migrate`.
No input gives a traceback: bad arguments get argparse's usage line, a `CommandError` its
one line, and anything unexpected one `error: ...` line and exit code 1 (`--traceback` shows it).
"""

import os
import re
import sys
import textwrap
from pathlib import Path

# Commands that work without the schema, or that manage it themselves: `serve` migrates, and
# `backup`/`restore` copy whatever database there is (a backup comes before a migrate).
SCHEMA_FREE_COMMANDS = frozenset(
    {
        "backup",
        "check",
        "dbshell",
        "diffsettings",
        "help",
        "makemigrations",
        "migrate",
        "restore",
        "serve",
        "showmigrations",
        "sqlmigrate",
        "squashmigrations",
        "version",
    }
)


# A command's purpose is its help text up to the first full stop, colon or parenthesis.
FIRST_CLAUSE = re.compile(r"[.:;](?:\s|$)|\s\(")
HELP_WORDS = frozenset({"help", "--help", "-h"})


class DatabaseNotReady(Exception):
    """The database's schema is older than the code's: `workgroups migrate` brings it up."""


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workgroups.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "workgroups"
    try:
        run(argv)
    except KeyboardInterrupt:
        sys.exit(130)
    except DatabaseNotReady as exc:
        sys.stderr.write(f"{exc}\n")
        sys.exit(1)
    except Exception as exc:
        if "--traceback" in argv:
            raise
        sys.stderr.write(f"error: {one_line(exc)}\n")
        sys.exit(1)


def run(argv: list[str]) -> None:
    import django
    from django.core.management import ManagementUtility, execute_from_command_line, get_commands

    django.setup()
    name = argv[1] if len(argv) > 1 else "help"
    if name in HELP_WORDS and len(argv) <= 2:
        sys.stdout.write(main_help(get_commands()))
        return
    if name in get_commands() and name not in SCHEMA_FREE_COMMANDS:
        command = ManagementUtility(argv).fetch_command(name)
        # Bad arguments and `--help` are answered before the database is touched. The flag is
        # what `run_from_argv` sets, so that a parse error prints the usage line and exits 2.
        command._called_from_command_line = True
        command.create_parser(argv[0], name).parse_args(argv[2:])
        prepare_database()
    execute_from_command_line(argv)


def prepare_database() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if connection.vendor == "sqlite":
        # With WORKGROUPS_SECRET_KEY set, nothing else has made the data directory yet.
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    executor = MigrationExecutor(connection)
    if not executor.recorder.has_table():
        call_command("migrate", interactive=False, verbosity=0)
        sys.stderr.write(f"Created a new database at {where(connection)}\n")
        return
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise DatabaseNotReady(
            f"The database at {where(connection)} is older than this version of workgroups "
            f"({len(pending)} migration{'' if len(pending) == 1 else 's'} not applied): "
            "run `workgroups migrate` first."
        )


def where(connection) -> str:
    """The database as a person would look for it: its file, or its name on its server."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return str(name)
    return f"{name} on {connection.settings_dict.get('HOST') or 'localhost'}"


def one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def main_help(commands: dict[str, str]) -> str:
    """The product's commands first, each with its purpose; Django's own after them, in brief."""
    from django.core.management import load_command_class

    ours = sorted(name for name, app in commands.items() if app.startswith("workgroups."))
    lines = [
        "Usage: workgroups <command> [options]  (workgroups help <command> for its options)",
        "",
    ]
    lines.append("Workgroups commands:")
    width = max(map(len, ours))
    for name in ours:
        purpose = FIRST_CLAUSE.split(
            " ".join(load_command_class(commands[name], name).help.split())
        )
        lines.append(f"  {name.ljust(width)}  {purpose[0]}")
    others = sorted(name for name in commands if name not in ours)
    lines += ["", "Django's commands (migrate, createsuperuser, shell, ...):"]
    lines += textwrap.wrap(", ".join(others), 92, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines) + "\n"
