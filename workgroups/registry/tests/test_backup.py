"""`workgroups backup` / `restore` on SQLite: an identical round trip, and a consistent copy
taken while another process writes."""

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from workgroups.registry.management.commands import backup as backup_command

sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="backup and restore are for SQLite; PostgreSQL uses pg_dump/pg_restore",
)

DATABASE = "workgroups.sqlite3"
COMMAND_TIMEOUT = 120

# A record with groups, a user with an API token, and history (the import's and an edit's).
POPULATE = """
import sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from workgroups.api.models import ApiToken
from workgroups.registry import services
from workgroups.registry.models import Group
call_command("migrate", interactive=False, verbosity=0)
call_command("import", sys.argv[1], verbosity=0)
user = get_user_model().objects.create_superuser("board", "board@example.org", "pw")
ApiToken.issue(user)
group = Group.objects.order_by("pk").first()
services.update_group(group=group, user=user, comment="why", purpose="Restored intact.")
"""

# Keeps changing three groups in one transaction each until told to stop (or a minute passes).
WRITER = """
import pathlib, sys, time
import django
django.setup()
from django.db import transaction
from workgroups.registry.models import Group
started, stop = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
deadline = time.monotonic() + 60
writes = 0
while not stop.exists() and time.monotonic() < deadline:
    with transaction.atomic():
        for group in Group.objects.order_by("pk")[:3]:
            group.summary = f"write {writes}"
            group.save()
    writes += 1
    started.touch()
print(writes)
"""


def _environment(data_dir) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKGROUPS_", "DATABASE_"))}
    env.update(DJANGO_SETTINGS_MODULE="workgroups.settings", WORKGROUPS_DATA_DIR=str(data_dir))
    return env


def _run(data_dir, *argv) -> str:
    return subprocess.run(
        [sys.executable, *argv],
        env=_environment(data_dir),
        cwd=data_dir,
        capture_output=True,
        text=True,
        check=True,
        timeout=COMMAND_TIMEOUT,
    ).stdout


def _workgroups(data_dir, *args) -> str:
    return _run(data_dir, "-m", "workgroups", *args)


def _dump(path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return list(db.iterdump())


def _count(path, table) -> int:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A data dir whose database holds groups, a user, a token and history."""
    data_dir = tmp_path_factory.mktemp("live")
    _run(data_dir, "-c", POPULATE, str(settings.PROJECT_DIR / "data" / "seeds"))
    return data_dir


@sqlite_only
def test_a_backup_restores_to_an_identical_database(live, tmp_path):
    backup = tmp_path / "copy" / "backup.sqlite3"
    assert "Backed up" in _workgroups(live, "backup", str(backup))

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    said = _workgroups(fresh, "restore", str(backup))

    assert f"Restored {fresh / DATABASE} from {backup}" in said
    restored = fresh / DATABASE
    assert _dump(restored) == _dump(live / DATABASE)
    for table in ("auth_user", "api_apitoken", "registry_historicalgroup"):
        assert _count(restored, table) > 0, table
    with closing(sqlite3.connect(restored)) as db:
        reasons = db.execute("SELECT history_change_reason FROM registry_historicalgroup")
        assert ("why",) in reasons.fetchall()


@sqlite_only
def test_restore_replaces_what_the_live_database_held(live, tmp_path):
    backup = tmp_path / "backup.sqlite3"
    _workgroups(live, "backup", str(backup))
    other = tmp_path / "other"
    other.mkdir()
    _run(other, "-c", POPULATE, str(settings.PROJECT_DIR / "data" / "seeds"))
    assert _dump(other / DATABASE) != _dump(live / DATABASE)

    _workgroups(other, "restore", str(backup))

    assert _dump(other / DATABASE) == _dump(backup)


@sqlite_only
def test_a_backup_taken_while_another_process_writes_is_consistent(live, tmp_path):
    started, stop = tmp_path / "started", tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(started), str(stop)],
        env=_environment(live),
        cwd=live,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    backups = [tmp_path / f"during-{n}.sqlite3" for n in range(3)]
    try:
        deadline = time.monotonic() + 60
        while not started.exists():
            assert writer.poll() is None, writer.stderr.read()
            assert time.monotonic() < deadline, "the writer never wrote"
            time.sleep(0.1)
        for backup in backups:
            _workgroups(live, "backup", str(backup))
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert int(out) > 1

    for backup in backups:
        with closing(sqlite3.connect(backup)) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            summaries = db.execute("SELECT summary FROM registry_group ORDER BY id LIMIT 3")
            # Each write changed the three together: a copy holds all of one, never half.
            assert len({summary for (summary,) in summaries}) == 1


@sqlite_only
def test_restore_refuses_a_file_that_is_not_a_database_and_touches_nothing(live, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database")
    before = _dump(live / DATABASE)

    failed = subprocess.run(
        [sys.executable, "-m", "workgroups", "restore", str(junk)],
        env=_environment(live),
        cwd=live,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )

    assert failed.returncode != 0
    assert "is not a SQLite database" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert _dump(live / DATABASE) == before


@pytest.mark.parametrize(
    ("command", "hint"), [("backup", "pg_dump -Fc"), ("restore", "pg_restore --clean")]
)
def test_it_points_to_the_postgresql_tools_on_postgresql(command, hint, monkeypatch, tmp_path):
    monkeypatch.setattr(backup_command, "connection", SimpleNamespace(vendor="postgresql"))

    with pytest.raises(CommandError) as refused:
        call_command(command, str(tmp_path / "copy"))

    assert hint in str(refused.value)
    assert "\n" not in str(refused.value)
    assert not (tmp_path / "copy").exists()
