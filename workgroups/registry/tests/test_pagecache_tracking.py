"""Versions in Redis: Redis tells each process of writes, so a hit asks Redis only after one.

Needs Redis on loopback; uses a database of its own (flushed), never 0.
"""

import os
import socket
import subprocess
import sys

import pytest

from workgroups import pagecache
from workgroups.pagecache import VERSIONS_KEY, Entry, _RedisVersions

REDIS_URL = "redis://127.0.0.1:6379/12"
TAGS = ("all", "group:1", "name:7")


@pytest.fixture
def redis_url():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"no Redis at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
def redis_client(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    yield client
    client.close()


@pytest.fixture
def store(redis_url):
    store = _RedisVersions(redis_url)
    yield store
    store.close()


def ready_entry(store):
    return Entry(200, b"ready", [], TAGS, store.get(TAGS), 0)


def bump_in_another_process(url, tag):
    code = "from workgroups.pagecache import _RedisVersions; "
    code += f"_RedisVersions({url!r}).bump([{tag!r}])"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "workgroups.settings"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)


def write_without_telling(client, tag):
    """A write to the versions, as another server's bump makes it."""
    client.hincrby(VERSIONS_KEY, tag, 1)
    client.hincrby(VERSIONS_KEY, "clock", 1)


def test_another_processs_write_is_seen_by_the_next_hit(store, redis_url):
    entry = ready_entry(store)
    assert store.fresh(entry) and store.fresh(entry)
    bump_in_another_process(redis_url, "group:2")
    assert store.fresh(entry)
    bump_in_another_process(redis_url, "name:7")
    assert not store.fresh(entry)  # at once: no wait, no retry


def test_a_hit_without_a_write_sends_nothing_to_redis(store, monkeypatch):
    entry = ready_entry(store)
    assert store.fresh(entry)
    sent = []
    sendall = socket.socket.sendall

    def counted(sock, data, *args):
        sent.append(data)
        return sendall(sock, data, *args)

    monkeypatch.setattr(socket.socket, "sendall", counted)
    assert all(store.fresh(entry) for _ in range(100))
    assert sent == []


def test_without_its_watch_every_hit_reads_the_versions(
    store, redis_url, redis_client, monkeypatch
):
    entry = ready_entry(store)
    assert store.fresh(entry) and store.fresh(entry)
    host, port = store.watch.getsockname()
    redis_client.client_kill(f"{host}:{port}")
    # Written after the watch died: it cannot tell of it, and is not needed to see it.
    write_without_telling(redis_client, "name:7")
    assert not store.fresh(entry)
    again = ready_entry(store)
    assert store.fresh(again)
    write_without_telling(redis_client, "name:7")
    assert not store.fresh(again)
    # Later a new watch is opened, and tells again.
    monkeypatch.setattr(store, "retry", 0.0)
    third = ready_entry(store)
    assert store.fresh(third) and store.fresh(third)
    assert store.watch is not None
    bump_in_another_process(redis_url, "name:7")
    assert not store.fresh(third)


def test_a_redis_that_will_not_track_is_read_at_every_hit(store, redis_client, monkeypatch):
    def refused(sock, where):
        raise ValueError("no RESP3 here")

    monkeypatch.setattr(pagecache, "_watch_setup", refused)
    entry = ready_entry(store)
    assert store.fresh(entry) and store.fresh(entry)
    assert store.watch is None
    write_without_telling(redis_client, "name:7")
    assert not store.fresh(entry)


def test_emptying_redis_drops_every_answer(store, redis_client):
    entry = ready_entry(store)
    assert store.fresh(entry) and store.fresh(entry)
    redis_client.flushdb()
    assert not store.fresh(entry)


class Canned:
    """A socket whose peer answers with `reply`, `size` bytes at a time."""

    def __init__(self, reply, size):
        self.reply, self.size, self.sent = reply, size, b""

    def setsockopt(self, *option):
        pass

    def sendall(self, data):
        self.sent += data

    def recv(self, size):
        chunk, self.reply = self.reply[: self.size], self.reply[self.size :]
        return chunk


HELLO = b"%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n"


@pytest.mark.parametrize("size", [1, 4096])
def test_a_watch_is_set_up_only_when_redis_agrees_to_push(size):
    sock = Canned(HELLO + b"+OK\r\n+PONG\r\n", size)
    pagecache._watch_setup(sock, {"password": "secret"})
    assert b"$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n$6\r\nsecret" in sock.sent
    assert b"$5\r\nBCAST\r\n$6\r\nPREFIX\r\n$29\r\nworkgroups:pagecache:versions\r\n" in sock.sent
    refusals = [
        b"-ERR unknown command 'HELLO'\r\n+OK\r\n+PONG\r\n",  # RESP2 would track, push nothing
        HELLO + b"-ERR syntax error\r\n+PONG\r\n",
        HELLO + b"+OK\r\n",  # closed before the PING's answer
    ]
    for reply in refusals:
        with pytest.raises(ValueError):
            pagecache._watch_setup(Canned(reply, size), {})


def test_a_forked_worker_opens_its_own_connections(redis_url, monkeypatch):
    monkeypatch.setattr(pagecache, "_CACHE_URL", redis_url)
    monkeypatch.setattr(pagecache, "_stores", {})
    parent = pagecache._store()
    entry = ready_entry(parent)
    assert parent.fresh(entry) and parent.fresh(entry)
    watched = parent.watch.getsockname()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            child = pagecache._store()
            theirs = ready_entry(child)
            own = child is not parent and parent.watch.fileno() == -1
            code = 0 if own and child.fresh(theirs) and child.watch.getsockname() != watched else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert parent.watch.getsockname() == watched
    bump_in_another_process(redis_url, "name:7")
    assert not parent.fresh(entry)
    parent.close()
