"""A small API mounted the way the real one is, to test auth, errors and shared paths."""

from django.core.exceptions import ValidationError
from django.urls import path
from ninja import Router, Schema

from workgroups.api import errors
from workgroups.api.auth import token_auth
from workgroups.api.base import WorkgroupsAPI
from workgroups.api.errors import InvalidField

reads = Router()
writes = Router()


class ThingIn(Schema):
    name: str
    size: int


class Nested(Schema):
    thing: ThingIn


@reads.get("/things")
def list_things(request):
    return {"count": 0, "items": []}


@writes.post("/things", auth=token_auth)
def create_thing(request, payload: ThingIn):
    return {"name": payload.name, "by": request.auth.username, "user": request.user.username}


@writes.post("/nested", auth=token_auth)
def create_nested(request, payload: Nested):
    return {}


@writes.post("/django-invalid", auth=token_auth)
def django_invalid(request):
    raise ValidationError({"formed": ["February 2019 has no day 30"]})


@writes.post("/invalid-field", auth=token_auth)
def invalid_field(request):
    raise InvalidField("role", "unknown role 'king'")


api = WorkgroupsAPI(urls_namespace="api")
errors.install(api)
api.add_router("", reads)
api.add_router("", writes)

urlpatterns = [path("t/", api.urls)]
