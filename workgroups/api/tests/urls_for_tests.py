"""A small API mounted the way the real one is, to test auth, errors and shared paths.

As in the real one, reads and writes are on one router so that they share paths.
"""

from django.core.exceptions import ValidationError
from django.urls import path
from ninja import Router, Schema

from workgroups.api import errors
from workgroups.api.auth import token_auth
from workgroups.api.base import WorkgroupsAPI

router = Router()


class ThingIn(Schema):
    name: str
    size: int


class Nested(Schema):
    thing: ThingIn


@router.get("/things")
def list_things(request):
    return {"count": 0, "items": []}


@router.post("/things", auth=token_auth)
def create_thing(request, payload: ThingIn):
    return {"name": payload.name, "by": request.auth.username, "user": request.user.username}


@router.post("/nested", auth=token_auth)
def create_nested(request, payload: Nested):
    return {}


@router.post("/django-invalid", auth=token_auth)
def django_invalid(request):
    raise ValidationError({"formed": ["February 2019 has no day 30"]})


api = WorkgroupsAPI(urls_namespace="api")
errors.install(api)
api.add_router("", router)

urlpatterns = [path("t/", api.urls)]
