"""Error answers of the API, all JSON in one shape (schemas.Error): `{"detail": "..."}`, with
`"errors": [{"field", "message", "location"}]` when there is something to point at.

- 401: `{"detail": "..."}` with `WWW-Authenticate: Bearer`.
- 404: `{"detail": "No group with the slug 'x'."}`.
- 405 (base.py) and 500: `{"detail": "...", "errors": []}`; a 500 is logged with its traceback
  (the `django.request` logger, as Django logs the site's 500s), never the site's HTML page.
- 422: `{"detail": "formed: February 2019 has no day 30", "errors": [{"field": "formed",
  "message": "February 2019 has no day 30", "location": "body"}]}`: `field` is the name of the
  field as the request spelled it (dotted inside nested bodies, null for the whole input),
  `location` is `body`, `query` or `path`. A body that is not JSON is a 422 of the body too
  (ninja would answer 400).

Write endpoints let a Django `ValidationError` (e.g. from `full_clean()` in a registry
operation) through: it answers 422 naming the field.
"""

from __future__ import annotations

import json

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.log import log_response
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser


class BodyNotJSON(ValueError):
    pass


class JSONParser(Parser):
    """ninja's parser, with a failure the handlers can tell from other 400s."""

    def parse_body(self, request):
        try:
            return json.loads(request.body)
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError alike
            raise BodyNotJSON(str(exc)) from exc


def _answer(api, request, errors: list[dict]):
    detail = "; ".join(
        f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors
    )
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


def _field_of(loc: tuple) -> tuple[str | None, str]:
    """(field, location) of a pydantic error location as ninja reports it."""
    location, *rest = [str(part) for part in loc] or ["body"]
    if location == "body" and len(rest) > 1:
        rest = rest[1:]  # a schema body comes under the view's parameter: ("body", "payload", ...)
    return (".".join(rest) or None), location


def install(api) -> None:
    """Register the handlers on a NinjaAPI."""

    def validation(request, exc: NinjaValidationError):
        errors = []
        for error in exc.errors:
            field, location = _field_of(tuple(error.get("loc", ())))
            message = error.get("msg", "is invalid")
            if message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            errors.append({"field": field, "message": message, "location": location})
        return _answer(api, request, errors)

    def django_validation(request, exc: DjangoValidationError):
        errors = []
        if hasattr(exc, "error_dict"):
            for field, messages in exc.message_dict.items():
                for message in messages:
                    errors.append(
                        {
                            "field": None if field == NON_FIELD_ERRORS else field,
                            "message": message,
                            "location": "body",
                        }
                    )
        else:
            errors = [{"field": None, "message": m, "location": "body"} for m in exc.messages]
        return _answer(api, request, errors)

    def unauthorized(request, exc: AuthenticationError):
        response = api.create_response(
            request,
            {"detail": "A valid API token is needed: send 'Authorization: Bearer <token>'."},
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="workgroups"'
        return response

    def http_error(request, exc: HttpError):
        # ninja wraps a parse failure of the body in HttpError(400).
        if isinstance(exc.__cause__, BodyNotJSON):
            message = f"is not a JSON document ({exc.__cause__})"
            return _answer(api, request, [{"field": None, "message": message, "location": "body"}])
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    def server_error(request, exc: Exception):
        response = api.create_response(
            request, {"detail": "Internal server error (it is logged).", "errors": []}, status=500
        )
        log_response(
            "Internal Server Error: %s",
            request.path,
            response=response,
            request=request,
            exception=exc,
        )
        return response

    api.parser = JSONParser()
    api.add_exception_handler(NinjaValidationError, validation)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Exception, server_error)
    api.add_exception_handler(DjangoValidationError, django_validation)
    api.add_exception_handler(AuthenticationError, unauthorized)
