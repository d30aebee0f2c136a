"""SIGKILL mid-way through an import and through a burst of API writes: the database stays
consistent (SQLite's `integrity_check` is ok) and every write is whole or absent."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the faults are SQLite's (a file, a WAL, integrity_check); PostgreSQL's crash "
    "safety is its own, and the several-server test runs the app on it",
)

DATABASE = "workgroups.sqlite3"
COMMAND_TIMEOUT = 120
START_TIMEOUT = 60
REQUEST_TIMEOUT = 15
# Enough groups that the import's one transaction is still writing when it is killed (new rows
# are inserted together, so the WAL grows in a few large steps).
GROUPS = 400
# The WAL grows as the import writes; past this size it is well into its transaction.
WAL_MIDWAY = 256 * 1024
WRITES = 200
KILL_AFTER = 40  # committed writes before the server is killed


def _environment(data_dir) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKGROUPS_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="workgroups.settings",
        WORKGROUPS_DATA_DIR=str(data_dir),
        WORKGROUPS_SECRET_KEY="faults-test-key",
        WORKGROUPS_HTTPS="0",
    )
    return env


def _workgroups(data_dir, *args, env=None) -> str:
    return subprocess.run(
        [sys.executable, "-m", "workgroups", *args],
        env=env or _environment(data_dir),
        cwd=data_dir,
        capture_output=True,
        text=True,
        check=True,
        timeout=COMMAND_TIMEOUT,
    ).stdout


def _kill_group(process) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _connect(data_dir):
    return closing(sqlite3.connect(data_dir / DATABASE, timeout=10))


def _integrity(db) -> str:
    return db.execute("PRAGMA integrity_check").fetchone()[0]


def test_an_import_killed_mid_way_leaves_all_of_it_or_none(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()
    target.mkdir()
    dump = tmp_path / "dump.yaml"
    _workgroups(source, "migrate", "-v0")
    _workgroups(source, "synth", "--groups", str(GROUPS), "--seed", "1")
    _workgroups(source, "export", "--format", "yaml", "--output", str(dump))
    with _connect(source) as db:
        everything = db.execute("SELECT count(*) FROM registry_group").fetchone()[0]
    _workgroups(target, "migrate", "-v0")
    wal = target / f"{DATABASE}-wal"

    process = subprocess.Popen(
        [sys.executable, "-m", "workgroups", "import", str(dump)],
        env=_environment(target),
        cwd=target,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + COMMAND_TIMEOUT
        while process.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size > WAL_MIDWAY:
                break
            time.sleep(0.02)
        assert process.poll() is None, "the import ended before it could be killed mid-way"
    finally:
        _kill_group(process)

    with _connect(target) as db:
        assert _integrity(db) == "ok"
        groups = db.execute("SELECT count(*) FROM registry_group").fetchone()[0]
        people = db.execute("SELECT count(*) FROM registry_person").fetchone()[0]
    # The import is one transaction: killed in it, nothing; killed after its commit, all.
    assert groups in (0, everything), f"a killed import left {groups} of {everything} groups"
    assert (people == 0) == (groups == 0)


def _request(url, method="GET", token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
        return response.status, json.loads(response.read())


def _wait_ready(process, url, log):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/health/", timeout=REQUEST_TIMEOUT):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    pytest.fail(f"the server did not answer in time:\n{log.read_text()}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _note(n: int) -> dict:
    return {
        "kind": "minutes",
        "date": "2024-01-02",
        "title": f"Note {n}",
        "body": f"Minutes of meeting {n}.\n\n" + f"- item {n}\n" * 50,
    }


def test_a_burst_of_api_writes_killed_mid_way_leaves_every_write_whole_or_absent(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = _environment(data_dir)
    _workgroups(data_dir, "migrate", "-v0")
    _workgroups(data_dir, "synth", "--groups", "3", "--seed", "1")
    user_env = {
        **env,
        "DJANGO_SUPERUSER_USERNAME": "board",
        "DJANGO_SUPERUSER_EMAIL": "board@example.org",
        "DJANGO_SUPERUSER_PASSWORD": "faults-test-password",
    }
    _workgroups(data_dir, "createsuperuser", "--noinput", env=user_env)
    token = _workgroups(data_dir, "token", "board").strip().splitlines()[-1]

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = data_dir / "serve.log"
    argv = [sys.executable, "-m", "workgroups", "serve", "--port", str(port), "--workers", "2"]
    with open(log, "wb") as out:
        server = subprocess.Popen(
            argv, env=env, cwd=data_dir, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    committed: list[int] = []
    try:
        _wait_ready(server, url, log)
        _, listing = _request(url + "/api/v1/groups")
        slug = listing["items"][0]["slug"]
        _, group = _request(f"{url}/api/v1/groups/{slug}")
        version = group["version"]

        def post(n):
            try:
                status, _ = _request(f"{url}/api/v1/groups/{slug}/pages", "POST", token, _note(n))
            except (urllib.error.URLError, OSError):
                return  # in flight when the server died, or refused after
            assert status == 201
            committed.append(n)
            if len(committed) == KILL_AFTER:
                os.killpg(server.pid, signal.SIGKILL)

        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(post, range(WRITES)))
    finally:
        _kill_group(server)
    assert KILL_AFTER <= len(committed) < WRITES, "the burst was not cut short by the kill"

    with _connect(data_dir) as db:
        assert _integrity(db) == "ok"
        (group_id, after) = db.execute(
            "SELECT id, version FROM registry_group WHERE slug = ?", [slug]
        ).fetchone()
        pages = db.execute(
            "SELECT id, title, body FROM registry_page WHERE group_id = ? AND title LIKE 'Note %'",
            [group_id],
        ).fetchall()
        added = db.execute(
            "SELECT id FROM registry_historicalpage WHERE history_type = '+' AND group_id = ?",
            [group_id],
        ).fetchall()
    written = {int(title.removeprefix("Note ")): (pk, body) for pk, title, body in pages}
    # Every answered write is there (a 201 is durable), and nothing half-written is.
    assert set(committed) <= set(written)
    for n, (_, body) in written.items():
        assert body == _note(n)["body"]
    assert {pk for pk, _ in written.values()} <= {pk for (pk,) in added}
    # The group's version counts every write that committed, answered or not.
    assert after == version + len(written)
