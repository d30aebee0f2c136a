"""The NinjaAPI the site mounts: one router for all operations, CORS for reads, JSON 404s.

- Reads (reads.py) and writes (writes.py) share paths (`GET /groups` and `POST /groups`).
  Django sends a URL to the first pattern that matches, and ninja makes one pattern per path
  of a router, so both add their operations to the one `router` here: ninja then serves all
  the methods of a path from one view (and answers 405 with `Allow` to the others).
- CORS: GET answers carry `Access-Control-Allow-Origin: *` (the data is public and no cookie
  is involved), and an OPTIONS preflight answers for GET only; browsers on other sites
  therefore cannot send writes.
- /api/v1/ points at the description and the docs; any other address under the API answers
  404 JSON rather than the site's HTML page.
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.urls import path, re_path
from ninja import NinjaAPI, Router

from workgroups.api import docs

CORS_METHODS = "GET, OPTIONS"
CORS_MAX_AGE = "86400"


def cors(view):
    """Open GET to every origin; answer preflights for GET."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = CORS_METHODS
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = CORS_METHODS
            if requested := request.headers.get("Access-Control-Request-Headers"):
                response["Access-Control-Allow-Headers"] = requested
            response["Access-Control-Max-Age"] = CORS_MAX_AGE
            return response
        response = view(request, *args, **kwargs)
        if request.method == "GET":
            response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapper.csrf_exempt = True
    return wrapper


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": f"No API endpoint at {request.path}."}, status=404)


def index(request, *args, **kwargs):
    """/api/v1/: where the description and the docs are."""
    if request.method != "GET":
        return JsonResponse({"detail": "Method not allowed."}, status=405)
    root = request.path
    return JsonResponse(
        {"openapi": f"{root}openapi.json", "docs": f"{root}docs"},
        json_dumps_params={"indent": 1},
    )


# Every operation of the API, reads and writes: see the docstring.
router = Router()


class WorkgroupsAPI(NinjaAPI):
    @property
    def urls(self):
        """ninja's URLs with CORS, plus the docs' assets, the index and the JSON 404."""
        patterns, app_name, namespace = super().urls
        urls = [
            path(str(p.pattern), cors(p.callback), name=p.name)
            for p in patterns
            if p.name != "api-root"
        ]
        urls += [
            path("docs/assets/<str:name>", cors(docs.asset), name="docs-asset"),
            path("", cors(index), name="api-root"),
            re_path(r"^", cors(not_found), name="api-not-found"),
        ]
        return urls, app_name, namespace
