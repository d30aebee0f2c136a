"""The NinjaAPI the site mounts: one URL per path for all routers, CORS for reads, JSON 404s.

- Reads (reads.py) and writes (writes.py) are separate routers that share paths
  (`GET /groups` and `POST /groups`). Django sends a URL to the first pattern that matches,
  so ninja's one pattern per router would answer 405 to the second router's methods: here the
  operations of every router are merged into one view per path.
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
from ninja import NinjaAPI
from ninja.openapi.urls import get_openapi_urls
from ninja.operation import PathView
from ninja.utils import normalize_path, replace_path_param_notation

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


class WorkgroupsAPI(NinjaAPI):
    def _get_urls(self):
        merged: dict[str, PathView] = {}
        names: dict[str, list[str]] = {}
        for bound in self._get_bound_routers():
            prefix = replace_path_param_notation(bound.prefix)
            for route, path_view in bound.path_operations.items():
                route = replace_path_param_notation(route)
                route = normalize_path("/".join(part for part in (prefix, route) if part))
                route = route.lstrip("/")
                target = merged.setdefault(route, PathView())
                target.operations.extend(path_view.operations)
                target.is_async = target.is_async or path_view.is_async
                for operation in path_view.operations:
                    name = getattr(operation, "url_name", "") or self.get_operation_url_name(
                        operation, router=bound.template
                    )
                    names.setdefault(route, []).append(name)

        urls = [
            path(p.pattern._route, cors(p.callback), name=p.name) for p in get_openapi_urls(self)
        ]
        urls.append(path("docs/assets/<str:name>", cors(docs.asset), name="docs-asset"))
        for route, path_view in merged.items():
            view = cors(path_view.get_view())
            for name in names[route] or [""]:
                urls.append(path(route, view, name=name or None))
        urls.append(path("", cors(index), name="api-root"))
        urls.append(re_path(r"^", cors(not_found), name="api-not-found"))
        return urls
