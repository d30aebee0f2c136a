import os
import sys
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, connections
from gunicorn.config import KNOWN_SETTINGS

from workgroups.registry.models import Group

# Any constant shared by every `serve` of this app; PostgreSQL keys advisory locks by number.
MIGRATE_LOCK = 0x776F726B67727073


@contextmanager
def migrate_lock():
    """One server at a time migrates and loads the first data on PostgreSQL.

    Servers started together on a new database would otherwise create the same tables at
    once, and all but one die on a unique-constraint error; the waiting ones then find the
    schema and the data in place. SQLite serialises writers by itself.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK])


class Command(BaseCommand):
    help = (
        "Migrate, load the bundled PSF data into an empty database, and serve the site "
        "with gunicorn (static files by WhiteNoise)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--threads", type=int, default=4, help="threads per worker (keep-alive connections)"
        )
        parser.add_argument(
            "--access-log", action="store_true", help="log every request to standard output"
        )
        parser.add_argument(
            "--no-migrate",
            action="store_true",
            help="serve the database as it is (deployments that migrate as a release step)",
        )

    def handle(self, *args, host, port, workers, threads, access_log, no_migrate, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not no_migrate:
            with migrate_lock():
                self.prepare_database()
        call_command("collectstatic", interactive=False, verbosity=0)
        # gunicorn's workers open their own connections; this one would stay idle on the server.
        connections.close_all()
        self.stdout.write(f"Serving http://{host}:{port}/ (Ctrl-C to stop)")
        sys.stdout.flush()
        # Threaded workers keep connections alive; a log line per request costs a third
        # of the throughput of a ready page, so it is asked for, not the default.
        argv = [sys.executable, "-m", "gunicorn", "workgroups.wsgi:application"]
        argv += ["--bind", f"{host}:{port}", "--workers", str(workers)]
        argv += ["--worker-class", "gthread", "--threads", str(threads)]
        argv += ["--forwarded-allow-ips", "127.0.0.1"]
        if access_log:
            argv += ["--access-logfile", "-"]
        if any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS):
            # gunicorn 25+ opens a control socket in $HOME; nothing here uses it, and the server
            # writes nothing outside the data dir.
            argv += ["--no-control-socket"]
        # Replace this process so that signals reach gunicorn directly.
        os.execv(sys.executable, argv)

    def prepare_database(self):
        call_command("migrate", interactive=False, verbosity=0)
        if not Group.objects.exists():
            paths = [str(p) for p in settings.BUNDLED_DATA if p.exists()]
            if paths:
                self.stdout.write("Loading the bundled PSF data...")
                call_command("import", *paths)
