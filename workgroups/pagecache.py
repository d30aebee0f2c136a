"""Public pages and API answers kept as ready bytes, dropped by the writes that change them.

The rule: every ready answer records the tags of what it shows, with their versions when it
was rendered; it is served while those versions hold (and on the day it was rendered, as pages
say how long ago things were). A committed write bumps the tags of what it touched.

- `group:<id>`: a group and every row of it (memberships, resolutions, pages, lists, claims).
- `person:<id>`: a person and their memberships; `name:<id>`: the person row alone (a rename).
- `lists`: every other answer (directory, resolutions, timeline, search, feeds, health, API
  lists); every write bumps it.
- `all`: every answer; bumped by writes that cannot say what they touched (an import of rows
  that belong to no group, a row saved outside the writer that names no group or person).

A group's page (and its pages, and its API detail) shows `group:<id>` and the `name:` of each
person on its roster, so a roster edit of group A drops A's answers and those of A's people,
not group B's. A person's page shows `person:<id>` and the `group:` of each of their groups.
Findings on a group page that compare it with other groups (the same resolution text, a
shared mailing list) follow those groups' writes too: the view names their tags on the response
(`response.page_cache_tags`), and they are added to the answer's.

Versions live where every app server sees them: in Redis when WORKGROUPS_CACHE_URL is set
(Redis tells each process of writes; a hit asks Redis only after one), else in a small
shared-memory file in the data dir (several workers on one host; a hit reads it without a
system call). Answers sit in each process's memory; with Redis, misses also share their bytes
there. `ReadyAnswers` (workgroups/wsgi.py) serves hits before Django; `PageCacheMiddleware`
fills them, and serves hits when nothing stands in front of Django.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import pickle
import random
import re
import select
import socket
import struct
import threading
import time
import zlib
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

from workgroups.registry.signals import bulk_written, written

CACHED_APPS = {"registry"}
# Only anonymous reads of these prefixes; editing, admin and sign-in pages are never cached.
PREFIXES = (
    "/api/v1/",
    "/groups/",
    "/people/",
    "/resolutions/",
    "/search/",
    "/feeds/",
    "/timeline/",
    "/health/",
    "/pages/",
)
ALL, LISTS, CLOCK = "all", "lists", "clock"
# The WSGI layer asks the middleware, through the environ, for what to keep of a miss.
FILL = "workgroups.pagecache.fill"
VERSIONS_KEY = "workgroups:pagecache:versions"
PAGE_KEY = "workgroups:pagecache:page:"
PAGE_TTL = 3600
_BUDGET = 200 * 1024 * 1024  # bytes of ready answers one process keeps
_VALID_MAX = 20000
_SLOTS = 8192  # versions in the file: tags share a slot by hash, which only drops more
_STATUS = {200: "200 OK", 301: "301 Moved Permanently", 404: "404 Not Found"}
_DETAIL = re.compile(r"/(?:api/v1/)?(groups|people)/([^/?]+)")


class Entry(NamedTuple):
    status: int
    body: bytes
    headers: list
    tags: tuple
    versions: tuple
    day: int


_local: dict[str, Entry] = {}
_size = 0
_lock = threading.Lock()
_pending = threading.local()


def _today() -> int:
    return int(time.time() // 86400)


# -- where versions live -----------------------------------------------------------------------


class _Remembered:
    """Answers found fresh at the clock last read: a hit reads the clock, not each tag.

    Every bump moves the clock after the tags it bumps, and a check reads the clock before the
    tags: while the clock has not moved, neither have the tags of an answer found fresh.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.seen = None
        self.valid: dict[int, Entry] = {}  # by id; holding the entry keeps its id unique

    def fresh(self, entry) -> bool:
        now = self._clock()
        with self.lock:
            if now != self.seen:
                self.seen, self.valid = now, {}
            elif id(entry) in self.valid:
                return True
        if self.get(entry.tags) != entry.versions:
            return False
        with self.lock:
            if self.seen == now:
                if len(self.valid) >= _VALID_MAX:
                    self.valid = {}
                self.valid[id(entry)] = entry
        return True


class _FileVersions(_Remembered):
    """Versions in a file mapped into every worker's memory; writers take a lock.

    Slot 0 holds `all`, slot 1 the clock, the others the tags (by hash).
    """

    def __init__(self, path):
        super().__init__()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_size < _SLOTS * 8:
                # A new file starts from a random `all`: answers of an older file never match.
                os.ftruncate(fd, _SLOTS * 8)
                os.pwrite(fd, struct.pack("Q", random.getrandbits(48)), 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
            self.map = mmap.mmap(fd, _SLOTS * 8)
        finally:
            os.close(fd)
        self.path = path
        self.slots = memoryview(self.map).cast("Q")
        self.index: dict[str, int] = {}

    def _slot(self, tag: str) -> int:
        slot = self.index.get(tag)
        if slot is None:
            slot = 0 if tag == ALL else zlib.crc32(tag.encode()) % (_SLOTS - 2) + 2
            if len(self.index) < 1_000_000:
                self.index[tag] = slot
        return slot

    def _clock(self) -> int:
        return self.slots[1]

    def get(self, tags) -> tuple:
        slots, slot = self.slots, self._slot
        return tuple([slots[slot(t)] for t in tags])

    def bump(self, tags) -> None:
        with open(self.path, "rb") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            for slot in {self._slot(t) for t in tags}:
                self.slots[slot] += 1
            self.slots[1] += 1

    def shared(self, key):
        return None

    def share(self, key, entry) -> None:
        pass


class _RedisVersions(_Remembered):
    """Versions in one Redis hash; misses share their bytes.

    Besides the tags, the hash holds a clock that every bump moves, so a check needs the clock
    and `all` alone; only after a write does it read the answer's tags. Redis tells each process
    of every write to the hash (server-assisted client-side caching, BCAST mode) on a connection
    of its own, the watch: a hit keeps the (clock, all) read since the watch last spoke, and asks
    the watch's socket whether it has, not Redis. Without a watch (lost, or refused by an older
    Redis or a proxy) every hit reads them (one small HMGET), and a watch is tried again later.
    """

    def __init__(self, url):
        import redis

        super().__init__()
        self.client = redis.Redis.from_url(url, socket_timeout=5)
        self.where = redis.connection.parse_url(url) if url.startswith("redis://") else None
        self.sockets = threading.local()
        self.watch = None
        self.spoke = select.epoll()  # lists the watch while it has something to read
        self.known = None  # (clock, all) read since the watch last spoke
        self.heard = 0  # times the watch spoke or was opened: a read older than that is stale
        self.retry = 0.0  # when to try again to open a lost or refused watch
        self.watch_lock = threading.Lock()

    def get(self, tags) -> tuple:
        values = self.client.hmget(VERSIONS_KEY, tags)
        if tags[0] == ALL and values[0] is None:
            # A new (or emptied) Redis starts from a random `all`, so no older answer matches.
            self.client.hsetnx(VERSIONS_KEY, ALL, random.getrandbits(48))
            values = self.client.hmget(VERSIONS_KEY, tags)
        return tuple(int(v) if v is not None else 0 for v in values)

    def _clock(self) -> tuple:
        # The watch is asked before `known` is read: whoever drains what it said drops `known`
        # first, and keeps only what it read after.
        if not self.spoke.poll(0):
            known = self.known
            if known is not None:
                return known
        with self.watch_lock:
            heard = self._listen()
        now = self._read_clock()
        if heard is not None:
            with self.watch_lock:
                if heard == self.heard:
                    self.known = now
        return now

    def _listen(self) -> int | None:
        """Drain what the watch said (opening it if due): `heard` after that, None without one."""
        self.known = None
        if self.watch is None:
            if time.monotonic() < self.retry:
                return None
            try:
                self.watch = self._connect(_watch_setup)
            except (OSError, ValueError):
                self.retry = time.monotonic() + _WATCH_RETRY
                return None
            self.spoke.register(self.watch, select.EPOLLIN)
            self.heard += 1
            return self.heard
        try:
            spoke = False
            while self.spoke.poll(0):
                if not self.watch.recv(65536):
                    raise ConnectionError("Redis closed the watch")
                spoke = True
        except OSError:
            # Killed, timed out, or Redis restarted: what it would have said is lost.
            self.spoke.unregister(self.watch)
            self.watch.close()
            self.watch = None
            self.retry = time.monotonic() + _WATCH_RETRY
            return None
        if spoke:
            self.heard += 1
        return self.heard

    def _read_clock(self) -> tuple:
        """(clock, all) over a socket of this thread's own: redis-py costs ten times the CPU."""
        sock = getattr(self.sockets, "sock", None)
        try:
            if sock is None:
                sock = self.sockets.sock = self._connect(_read_setup)
            sock.sendall(_CLOCK_COMMAND)
            return _reply(sock)
        except (OSError, ValueError):
            if sock is not None:
                sock.close()
            self.sockets.sock = None
            return tuple(self.client.hmget(VERSIONS_KEY, (CLOCK, ALL)))

    def _connect(self, setup):
        if self.where is None:
            raise ValueError("not a plain redis:// address")
        where = self.where
        sock = socket.create_connection(
            (where.get("host", "127.0.0.1"), where.get("port", 6379)), timeout=5
        )
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            setup(sock, where)
        except BaseException:
            sock.close()
            raise
        return sock

    def bump(self, tags) -> None:
        with self.client.pipeline() as pipe:
            for tag in {*tags, CLOCK}:
                pipe.hincrby(VERSIONS_KEY, tag, 1)
            pipe.execute()
        # Redis writes the news of a write to the watches in the same pass of its event loop
        # as the writer's reply, in no set order; it answers a later command in a later pass.
        # So when this returns, every watch has been sent the news (on one host: it waits in
        # the watch's socket), and no other server answers from before this write.
        self.client.ping()

    def shared(self, key):
        data = self.client.get(PAGE_KEY + key)
        return Entry(*pickle.loads(data)) if data is not None else None

    def share(self, key, entry) -> None:
        self.client.set(PAGE_KEY + key, pickle.dumps(tuple(entry)), ex=PAGE_TTL)

    def close(self) -> None:
        """Close the sockets this process opened (those of this thread, and the watch)."""
        sock = getattr(self.sockets, "sock", None)
        for owned in (sock, self.watch, self.spoke):
            if owned is not None:
                owned.close()


def _command(*words: str) -> bytes:
    parts = [f"*{len(words)}\r\n".encode()]
    for word in words:
        data = word.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


def _read_setup(sock, where) -> None:
    setup = []
    if where.get("password"):
        setup.append(_command("AUTH", *filter(None, [where.get("username")]), where["password"]))
    setup.append(_command("SELECT", str(where.get("db", 0))))
    for line in setup:
        sock.sendall(line)
        if not sock.recv(512).startswith(b"+OK"):
            raise ValueError("Redis refused the connection's setup")


def _watch_setup(sock, where) -> None:
    """RESP3, then tracking of the versions key in every database: Redis pushes its writes.

    The prefix leaves out PAGE_KEY: shared answers are written at every miss.
    """
    # A watch cut off without a word would keep old versions: probe an idle one (after 10 s).
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 5)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 3)
    hello = ["HELLO", "3"]
    if where.get("password"):
        hello += ["AUTH", where.get("username") or "default", where["password"]]
    sock.sendall(
        _command(*hello)
        + _command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", VERSIONS_KEY)
        + _command("PING")
    )
    said = b""
    while b"+PONG\r\n" not in said and not said.startswith(b"-"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        said += chunk
    # Without RESP3 Redis would accept the tracking and push nothing.
    replies, pong, _ = said.partition(b"+PONG\r\n")
    if not (pong and replies.startswith(b"%") and replies.endswith(b"\r\n+OK\r\n")):
        raise ValueError(f"Redis refused to track the versions: {said[:80]!r}")


_WATCH_RETRY = 1.0  # seconds
_CLOCK_COMMAND = _command("HMGET", VERSIONS_KEY, CLOCK, ALL)


def _reply(sock) -> tuple:
    """The two values of an HMGET reply (bytes or None)."""
    buffer = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            raise ValueError("Redis closed the connection")
        buffer += chunk
        if len(buffer) < 4:
            continue
        if not buffer.startswith(b"*2\r\n"):
            raise ValueError(f"unexpected reply from Redis: {buffer[:80]!r}")
        values, at = [], 4
        while len(values) < 2:
            end = buffer.find(b"\r\n", at)
            if end < 0:
                break
            size = int(buffer[at + 1 : end])
            if size < 0:
                values.append(None)
                at = end + 2
            elif len(buffer) >= end + 2 + size + 2:
                values.append(buffer[end + 2 : end + 2 + size])
                at = end + 2 + size + 2
            else:
                break
        if len(values) == 2:
            return tuple(values)


_stores: dict = {}
# Read once: os.environ.get costs more than the rest of a hit's freshness check.
_CACHE_URL = os.environ.get("WORKGROUPS_CACHE_URL")


def _store():
    url = _CACHE_URL
    where = url or settings.DATA_DIR
    store = _stores.get(where)
    if store is None:
        if url:
            store = _RedisVersions(url)
        else:
            store = _FileVersions(settings.DATA_DIR / "pagecache-versions")
        _stores[where] = store
    return store


def _forked() -> None:
    # A child opens its own connections: on its parent's, replies would reach either process.
    for where, store in list(_stores.items()):
        if isinstance(store, _RedisVersions):
            store.close()
            del _stores[where]


os.register_at_fork(after_in_child=_forked)


def generation() -> str:
    """A value that changes with every committed write (for caches of whole-registry facts)."""
    return ".".join(map(str, _store().get((ALL, LISTS))))


def bump(tags=None) -> None:
    """Drop the answers that show `tags` (and the lists); everything when no tags are given."""
    _store().bump((LISTS, *tags) if tags else (ALL,))


# -- what a write touched ------------------------------------------------------------------------


def _later(tags, *, now: bool) -> None:
    """Bump `tags` when the transaction commits; `now` closes the set into a commit hook.

    Rows the writer saves wait in the open set for the `written` signal that ends the write,
    so one write bumps once; a rolled-back hook takes its own set with it.
    """
    pending = getattr(_pending, "tags", None)
    if pending is None:
        pending = _pending.tags = set()
    pending.update(tags)
    if now or not transaction.get_connection().in_atomic_block:
        _pending.tags = set()
        transaction.on_commit(lambda: bump(None if ALL in pending else pending))


def _row_tags(instance) -> set[str]:
    from workgroups.registry.models import Group, Person

    if isinstance(instance, Group):
        return {f"group:{instance.pk}"}
    if isinstance(instance, Person):
        return {f"person:{instance.pk}", f"name:{instance.pk}"}
    tags = set()
    if getattr(instance, "group_id", None):
        tags.add(f"group:{instance.group_id}")
    if getattr(instance, "person_id", None):
        tags.add(f"person:{instance.person_id}")
    return tags or {ALL}


def _on_save(sender, instance, **kwargs):
    if sender._meta.app_label not in CACHED_APPS or hasattr(sender, "instance_type"):
        return  # history rows show only on pages the cache never keeps
    tags = _row_tags(instance)
    # The writer stamps its rows and announces the write when it finishes: one commit hook.
    by_writer = hasattr(instance, "_change_reason") or getattr(
        instance, "skip_history_when_saving", False
    )
    _later(tags, now=not by_writer)


def _on_written(sender, groups=(), people=(), **kwargs):
    tags = {f"group:{g}" for g in groups} | {f"person:{p}" for p in people}
    # A write that names nothing (synthetic data inserted as plain rows) may have touched all.
    _later(tags or {ALL}, now=True)


def _on_bulk_written(sender, groups=(), people=(), **kwargs):
    # Rows written in bulk may be people themselves: their names count as changed.
    tags = {f"group:{g}" for g in groups}
    tags |= {f"{kind}:{p}" for p in people for kind in ("person", "name")}
    _later(tags, now=False)


# The registry's writer announces every write; row signals also catch rows saved directly.
written.connect(_on_written, dispatch_uid="pagecache-written")
bulk_written.connect(_on_bulk_written, dispatch_uid="pagecache-bulk-written")
post_save.connect(_on_save, dispatch_uid="pagecache-save")
post_delete.connect(_on_save, dispatch_uid="pagecache-delete")


# -- ready answers -------------------------------------------------------------------------------


def _key(environ) -> str | None:
    """The ready answer's key for an anonymous GET or HEAD of a cached page; else None."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
        return None
    if not settings.PAGE_CACHE:
        return None
    cookie = environ.get("HTTP_COOKIE")
    if cookie and settings.SESSION_COOKIE_NAME in cookie:
        return None
    path = environ.get("PATH_INFO") or "/"
    if path != "/" and not path.startswith(PREFIXES):
        return None
    return f"{path}?{environ.get('QUERY_STRING', '')}"


def _fresh(entry: Entry, store) -> bool:
    return entry.day == _today() and store.fresh(entry)


def _keep(key: str, entry: Entry) -> None:
    global _size
    with _lock:
        old = _local.pop(key, None)
        _size += len(entry.body) - (len(old.body) if old else 0)
        _local[key] = entry
        while _size > _BUDGET and _local:
            _size -= len(_local.pop(next(iter(_local))).body)


def ready(key: str) -> Entry | None:
    """The ready answer for `key` if it is still fresh: this process's, else a shared one."""
    store = _store()
    entry = _local.get(key)
    if entry is not None and _fresh(entry, store):
        return entry
    entry = store.shared(key)
    if entry is not None and _fresh(entry, store):
        _keep(key, entry)
        return entry
    return None


def _dependencies(path: str, store) -> tuple[tuple, tuple]:
    """(tags, versions) of what the answer at `path` shows, read before it is rendered."""
    from workgroups.registry.models import Group, Membership, Person

    match = _DETAIL.match(path)
    model = {"groups": Group, "people": Person}.get(match[1]) if match else None
    pk = model.objects.filter(slug=match[2]).values_list("pk", flat=True).first() if model else None
    if pk is None:
        tags = (ALL, LISTS)
        return tags, store.get(tags)
    own = (ALL, f"{'group' if model is Group else 'person'}:{pk}")
    # Read before the rows they cover: a write in between leaves the answer already stale.
    versions = store.get(own)
    if model is Group:
        ids = Membership.objects.filter(group_id=pk).values_list("person_id", flat=True)
        shown = tuple(sorted({f"name:{i}" for i in ids}))
    else:
        ids = Membership.objects.filter(person_id=pk).values_list("group_id", flat=True)
        shown = tuple(sorted({f"group:{i}" for i in ids}))
    return own + shown, versions + (store.get(shown) if shown else ())


def _headers(response) -> list:
    return [(k, v) for k, v in response.headers.items() if k != "X-Cache"]


class PageCacheMiddleware:
    """Answers anonymous GETs from ready bytes; fills them from the view otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request.META)
        if key is None:
            return self.get_response(request)
        entry = ready(key)
        if entry is not None:
            response = HttpResponse(entry.body, status=entry.status)
            for name, value in entry.headers:
                response.headers[name] = value
            response.headers["X-Cache"] = "hit"
            return response
        store = _store()
        tags, versions = _dependencies(request.META.get("PATH_INFO") or "/", store)
        (writes,) = store.get((LISTS,))  # every write bumps it
        day = _today()
        response = self.get_response(request)
        found = tuple(sorted(set(getattr(response, "page_cache_tags", ())) - set(tags)))
        if found:
            # Tags the view found as it read: their versions are read only now, so they hold
            # for what it read only if no write came in between.
            more = store.get((LISTS, *found))
            tags, versions = tags + found, versions + more[1:]
            if more[0] != writes:
                return response
        if (
            response.status_code in _STATUS
            and not response.streaming
            and not response.cookies
            and "private" not in response.headers.get("Cache-Control", "")
        ):
            entry = Entry(
                response.status_code, response.content, _headers(response), tags, versions, day
            )
            fill = request.META.get(FILL)
            if fill is not None:
                fill["entry"] = entry  # the WSGI layer keeps it, with the outer headers
            else:
                _keep(key, entry)
                store.share(key, entry)
            response.headers["X-Cache"] = "miss"
        return response


class ReadyAnswers:
    """WSGI layer before Django: a fresh ready answer costs a dict lookup and a version check."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        key = _key(environ)
        if key is None:
            return self.application(environ, start_response)
        store = _store()
        entry = _local.get(key)
        if entry is not None and _fresh(entry, store):
            start_response(_STATUS[entry.status], [*entry.headers, ("X-Cache", "hit")])
            return [] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]
        fill = environ[FILL] = {}
        said = []

        def recording_start_response(status, headers, exc_info=None):
            said[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.application(environ, recording_start_response)
        made = fill.get("entry")
        # A HEAD's body may be left out on the way: only a GET's is kept.
        if made is None or not said or environ["REQUEST_METHOD"] != "GET":
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = [(k, v) for k, v in said[1] if k != "X-Cache"]
        if not any(k.lower() == "set-cookie" for k, _ in headers):
            entry = made._replace(body=body, headers=headers)
            _keep(key, entry)
            store.share(key, entry)
        return [body]
