"""The NinjaAPI the site mounts: one router for all operations, CORS for reads, JSON 404s.

- Reads (reads.py) and writes (writes.py) share paths (`GET /groups` and `POST /groups`).
  Django sends a URL to the first pattern that matches, and ninja makes one pattern per path
  of a router, so both add their operations to the one `router` here: ninja then serves all
  the methods of a path from one view (and answers 405 with `Allow` to the others).
- CORS: GET answers carry `Access-Control-Allow-Origin: *` (the data is public and no cookie
  is involved), and an OPTIONS preflight answers for GET only; browsers on other sites
  therefore cannot send writes.
- `Allow`: OPTIONS and a 405 on one path list the same methods, the path's operations and
  OPTIONS; the 405 is JSON like every error (errors.py).
- /api/v1/ points at the description and the docs; any other address under the API answers
  404 JSON rather than the site's HTML page.
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.urls import path, re_path
from ninja import NinjaAPI, Router
from ninja.utils import replace_path_param_notation

from workgroups.api import docs

CORS_METHODS = "GET, OPTIONS"
CORS_MAX_AGE = "86400"
# The order methods are listed in `Allow`.
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allow(methods) -> str:
    return ", ".join(m for m in METHODS if m in {*methods, "OPTIONS"})


def not_allowed(methods) -> JsonResponse:
    response = JsonResponse({"detail": "Method not allowed.", "errors": []}, status=405)
    response["Allow"] = allow(methods)
    return response


def cors(view, methods=("GET",)):
    """Open GET to every origin; answer OPTIONS (preflights for GET) with the path's `methods`.

    `methods=None`: the view answers OPTIONS itself.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS" and methods is not None:
            response = HttpResponse(status=204)
            response["Allow"] = allow(methods)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = CORS_METHODS
            if requested := request.headers.get("Access-Control-Request-Headers"):
                response["Access-Control-Allow-Headers"] = requested
            response["Access-Control-Max-Age"] = CORS_MAX_AGE
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and methods is not None:
            response = not_allowed(methods)
        if request.method == "GET":
            response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapper.csrf_exempt = True
    return wrapper


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": f"No API endpoint at {request.path}.", "errors": []}, status=404)


def index(request, *args, **kwargs):
    """/api/v1/: where the description and the docs are."""
    if request.method != "GET":
        return not_allowed(["GET"])
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
        methods = self.methods_by_route()
        urls = [
            path(
                str(p.pattern), cors(p.callback, methods.get(str(p.pattern), ["GET"])), name=p.name
            )
            for p in patterns
            if p.name != "api-root"
        ]
        urls += [
            path("docs/assets/<str:name>", cors(docs.asset), name="docs-asset"),
            path("", cors(index), name="api-root"),
            re_path(r"^", cors(not_found, None), name="api-not-found"),
        ]
        return urls, app_name, namespace

    @staticmethod
    def methods_by_route() -> dict[str, set[str]]:
        """{Django route ("groups/<slug>"): the methods of its operations}, of the router."""
        return {
            replace_path_param_notation(route).strip("/"): {
                method for operation in path_view.operations for method in operation.methods
            }
            for route, path_view in router.path_operations.items()
        }
