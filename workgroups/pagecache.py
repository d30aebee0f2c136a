"""Public pages and API answers kept as ready bytes, invalidated by the write that changes them.

Every write to the registry bumps one generation number after its transaction commits;
a cached answer is keyed by that number, so a save is visible on the next request. The
number lives where every app server sees it: the shared cache when WORKGROUPS_CACHE_URL is
set (several hosts), else a file in the data dir (several workers on one host). The
answers themselves sit in each process's memory, or in the shared cache when there is one.
"""

from __future__ import annotations

import os
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

from workgroups.registry.signals import written

GENERATION_KEY = "workgroups:generation"
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
_local: dict[str, tuple[int, bytes, list]] = {}
_LOCAL_MAX = 2000


def _shared() -> bool:
    return bool(os.environ.get("WORKGROUPS_CACHE_URL"))


def _generation_file():
    return settings.DATA_DIR / "generation"


def generation() -> str:
    if _shared():
        return str(cache.get_or_set(GENERATION_KEY, 1))
    try:
        return str(os.stat(_generation_file()).st_mtime_ns)
    except FileNotFoundError:
        return "0"


def bump() -> None:
    if _shared():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2)
        return
    path = _generation_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    now = time.time_ns()
    os.utime(path, ns=(now, now))
    _local.clear()


def _on_save(sender, **kwargs):
    if sender._meta.app_label in CACHED_APPS:
        transaction.on_commit(bump)


def _on_written(sender, **kwargs):
    transaction.on_commit(bump)


# The registry's writer announces every write; row signals also catch rows saved directly.
written.connect(_on_written, dispatch_uid="pagecache-written")
post_save.connect(_on_save, dispatch_uid="pagecache-save")
post_delete.connect(_on_save, dispatch_uid="pagecache-delete")


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not getattr(settings, "PAGE_CACHE", True):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    path = request.path
    return path == "/" or path.startswith(PREFIXES)


class PageCacheMiddleware:
    """Answers anonymous GETs from ready bytes; fills them from the view otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = f"{generation()}:{request.get_full_path()}"
        hit = _local.get(key) if not _shared() else cache.get("workgroups:page:" + key)
        if hit is not None:
            status, body, headers = hit
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code in (200, 301, 404)
            and not response.streaming
            and not response.cookies
            and "private" not in response.headers.get("Cache-Control", "")
        ):
            entry = (response.status_code, response.content, list(response.headers.items()))
            if _shared():
                cache.set("workgroups:page:" + key, entry, 3600)
            else:
                if len(_local) >= _LOCAL_MAX:
                    _local.clear()
                _local[key] = entry
            response.headers["X-Cache"] = "miss"
        return response
