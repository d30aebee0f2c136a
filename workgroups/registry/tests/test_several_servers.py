"""Two real app servers on one PostgreSQL and one Redis: a write on one shows at once on the other.

Both servers start at the same moment on a new database, so this also holds `serve`'s
migrations to one server at a time (the second used to die on a duplicate table).
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import closing, contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

from workgroups.registry.management.commands import serve

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379"
# A Redis database of this test's own, flushed before use; others keep 0.
REDIS_DB = 11
START_TIMEOUT = 180
REQUEST_TIMEOUT = 15


def _postgres_server_url() -> str:
    """The suite's PostgreSQL when it runs on one, else the local default; no database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = POSTGRES_URL
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, "", "", ""))


def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def services():
    missing = [url for url in (_postgres_server_url(), REDIS_URL) if not _reachable(url)]
    if missing:
        message = f"several-server test needs PostgreSQL and Redis on loopback; none at {missing}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def fresh_database(services):
    """A new, empty PostgreSQL database with a unique name, dropped at the end."""
    import psycopg

    server = _postgres_server_url()
    name = f"workgroups_servers_{uuid.uuid4().hex[:12]}"
    with closing(psycopg.connect(server + "/postgres", autocommit=True)) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with closing(psycopg.connect(server + "/postgres", autocommit=True)) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def shared_cache(services):
    import redis

    client = redis.Redis.from_url(f"{REDIS_URL}/{REDIS_DB}", socket_timeout=5)
    client.flushdb()
    yield f"{REDIS_URL}/{REDIS_DB}"
    client.flushdb()
    client.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(data_dir, database_url, cache_url) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKGROUPS_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="workgroups.settings",
        DATABASE_URL=database_url,
        WORKGROUPS_CACHE_URL=cache_url,
        WORKGROUPS_DATA_DIR=str(data_dir),
        # Servers behind one address share one key, as a deployment would.
        WORKGROUPS_SECRET_KEY="several-servers-test-key",
    )
    return env


class Server:
    def __init__(self, tmp_path, name, database_url, cache_url):
        self.data_dir = tmp_path / name
        self.data_dir.mkdir()
        self.env = _environment(self.data_dir, database_url, cache_url)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.data_dir / "serve.log"
        self.process = None

    def start(self):
        argv = [sys.executable, "-m", "workgroups", "serve", "--port", str(self.port)]
        argv += ["--workers", "1"]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                argv, env=self.env, cwd=self.data_dir, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_ready(self, deadline):
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server on {self.port} exited:\n{self.log.read_text()}")
            try:
                if self.get("/health/").status == 200:
                    return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        pytest.fail(f"server on {self.port} did not answer in time:\n{self.log.read_text()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def command(self, *args) -> str:
        return subprocess.run(
            [sys.executable, "-m", "workgroups", *args],
            env=self.env,
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout

    def get(self, path):
        request = urllib.request.Request(self.url + path)
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            response.body = response.read()
            return response

    def patch(self, path, token, body):
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            method="PATCH",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            return response.status, json.loads(response.read())


@contextmanager
def running(*servers):
    try:
        for server in servers:
            server.start()
        deadline = time.monotonic() + START_TIMEOUT
        for server in servers:
            server.wait_ready(deadline)
        yield servers
    finally:
        for server in servers:
            server.stop()


def _read_twice(server, path):
    server.get(path)
    second = server.get(path)
    assert second.status == 200
    assert second.headers["X-Cache"] == "hit", f"{server.url}{path} was not answered ready"
    return second.body


def test_a_write_on_one_server_is_seen_at_once_on_the_other(tmp_path, fresh_database, shared_cache):
    a = Server(tmp_path, "a", fresh_database, shared_cache)
    b = Server(tmp_path, "b", fresh_database, shared_cache)
    # Started together on an empty database: one migrates and loads, the other waits for it.
    with running(a, b):
        items = json.loads(a.get("/api/v1/groups").body)["items"]
        slug, other_slug = items[0]["slug"], items[1]["slug"]
        page, api = f"/groups/{slug}/", f"/api/v1/groups/{slug}"
        other = f"/groups/{other_slug}/"
        filled = a.get(other)
        assert filled.headers["X-Cache"] == "miss"
        # What one server rendered, the other answers from the shared cache, byte for byte.
        shared = b.get(other)
        assert shared.headers["X-Cache"] == "hit"
        assert shared.body == filled.body
        for server in (a, b):
            _read_twice(server, page)
            _read_twice(server, api)
            _read_twice(server, other)

        a.command("createsuperuser", "--noinput", "--username", "board", "--email", "b@x.org")
        token = a.command("token", "board").strip().splitlines()[-1]
        version = json.loads(a.get(api).body)["version"]
        purpose = f"Coherent across servers {uuid.uuid4().hex}"
        status, changed = a.patch(api, token, {"purpose": purpose, "version": version})
        assert status == 200
        assert changed["purpose"] == purpose

        seen = b.get(api)
        assert seen.headers["X-Cache"] == "miss"
        assert json.loads(seen.body)["purpose"] == purpose
        assert purpose in b.get(page).body.decode()
        assert purpose in a.get(page).body.decode()
        # The write touched one group: the other's ready answers stay, on both servers.
        for server in (a, b):
            assert server.get(other).headers["X-Cache"] == "hit"


def test_a_hit_reads_the_clock_and_the_tags_only_after_a_write(shared_cache):
    import redis

    from workgroups.pagecache import Entry, _RedisVersions

    store = _RedisVersions(shared_cache)
    tags = ("all", "group:1", "name:7")
    entry = Entry(200, b"ready", [], tags, store.get(tags), 0)
    assert store.fresh(entry) and store.fresh(entry)
    store.bump({"group:2"})
    assert store.fresh(entry)
    store.bump({"name:7"})
    assert not store.fresh(entry)
    # An emptied Redis starts a new `all`: nothing rendered before it counts as fresh.
    again = Entry(200, b"ready", [], tags, store.get(tags), 0)
    assert store.fresh(again)
    redis.Redis.from_url(shared_cache).flushdb()
    assert not store.fresh(again)


def test_serve_no_migrate_leaves_the_schema_to_the_release_step(monkeypatch, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    commands, executed = [], []
    monkeypatch.setattr(serve, "call_command", lambda name, *a, **k: commands.append(name))
    monkeypatch.setattr(serve.os, "execv", lambda path, argv: executed.append(argv))

    from django.core.management import call_command

    call_command("serve", "--no-migrate", "--port", "8123")

    assert commands == ["collectstatic"]
    assert "127.0.0.1:8123" in executed[0]
