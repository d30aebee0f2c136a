"""EDTF dates in the API: documented in the OpenAPI schema, carried exactly in the answers,
refused with a 422 naming the field when a body's date is none of the registry's forms."""

import json

import pytest

from workgroups.api.models import ApiToken
from workgroups.api.schemas import EDTF_PATTERN, edtf_date
from workgroups.lib.partialdate import PartialDateError
from workgroups.lib.vocabulary import ResolutionKind, Role
from workgroups.registry.models import Group, Membership
from workgroups.tests.factories import (
    make_group,
    make_page,
    make_person,
    make_resolution,
    seat,
)

pytestmark = pytest.mark.django_db

FORMS = ["2018", "2018-05", "2018-05-31", "2005~", "[..2007-02-25]", "XXXX"]
NOT_DATES = ["2018-02-30", "2005/2006", "2018-13", "31 May 2018", "2005?", "", "[2007..]"]


def bearer(user) -> dict:
    _, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def send(client, method, url, body, user):
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", **bearer(user)
    )


@pytest.fixture
def edtf_group(db):
    """A group formed about 2005, dissolved on or before 25 February 2007, with seats that end
    at each kind of date, a resolution and a page."""
    group = make_group(
        name="Edtf Committee",
        slug="edtf",
        status="dissolved",
        formed="2005~",
        dissolved="[..2007-02-25]",
        confirmed="XXXX",
    )
    seat(group, make_person("Aahz"), start="2005~", end="[..2007-02-25]")
    seat(group, make_person("Ada Lovelace"), Role.CHAIR, start="XXXX", end="XXXX")
    seat(group, make_person("Grace Hopper"), start="2006-03")
    make_resolution(group, ResolutionKind.ESTABLISHING, "RESOLVED.", date="2005~")
    make_page(group, "minutes", "Notes", "notes", date="[..2006-01]")
    return group


def schema(client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def resolve(document: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = document["components"]["schemas"][name]
    return node


def string_branch(document: dict, prop: dict) -> dict:
    """The string part of a property (`anyOf: [string, null]` for a nullable one)."""
    for option in prop.get("anyOf", [prop]):
        option = resolve(document, option)
        if option.get("type") == "string":
            return option
    raise AssertionError(prop)


READ_DATES = {
    "GroupItem": ["formed", "dissolved"],
    "GroupDetail": ["formed", "dissolved", "confirmed"],
    "MemberOut": ["start", "end"],
    "PersonMembershipOut": ["start", "end"],
    "ResolutionOut": ["date"],
    "ResolutionItem": ["date"],
    "PageOut": ["date"],
    "SearchHitOut": ["date"],
}


@pytest.mark.parametrize("name, fields", READ_DATES.items())
def test_it_documents_every_date_of_the_answers_as_edtf(client, name, fields):
    document = schema(client)
    properties = document["components"]["schemas"][name]["properties"]
    for field in fields:
        branch = string_branch(document, properties[field])
        assert branch["format"] == "edtf", (name, field)
        assert "EDTF" in branch["description"] and "[..2007-02-25]" in branch["description"]
        assert "XXXX" in branch["examples"] and "2005~" in branch["examples"]
        assert branch["pattern"] == EDTF_PATTERN


def test_it_documents_the_date_pattern_the_registry_keeps():
    import re

    pattern = re.compile(EDTF_PATTERN)
    assert all(pattern.match(form) for form in FORMS)
    assert not any(pattern.match(bad) for bad in ["2005/2006", "31 May 2018", "2005?", ""])


@pytest.mark.parametrize("value", FORMS)
def test_it_takes_every_edtf_form_of_the_registry(value):
    assert edtf_date(value) == value


@pytest.mark.parametrize("value", NOT_DATES)
def test_it_refuses_what_is_no_date_of_the_registry(value):
    with pytest.raises(PartialDateError):
        edtf_date(value)


def test_it_answers_the_edtf_strings_exactly(client, edtf_group):
    group = client.get("/api/v1/groups/edtf").json()
    assert (group["formed"], group["dissolved"], group["confirmed"]) == (
        "2005~",
        "[..2007-02-25]",
        "XXXX",
    )
    seats = {m["person"]["name"]: m for m in group["members"]}
    assert (seats["Aahz"]["start"], seats["Aahz"]["end"]) == ("2005~", "[..2007-02-25]")
    assert seats["Aahz"]["current"] is False
    assert group["resolutions"][0]["date"] == "2005~"
    assert group["pages"][0]["date"] == "[..2006-01]"
    listed = client.get("/api/v1/groups?status=dissolved").json()["items"]
    assert {"slug": "edtf", "formed": "2005~", "dissolved": "[..2007-02-25]"}.items() <= (
        next(g for g in listed if g["slug"] == "edtf").items()
    )


def test_it_never_calls_a_seat_with_an_unknown_end_current(client, edtf_group):
    group = client.get("/api/v1/groups/edtf").json()
    ada = next(m for m in group["members"] if m["person"]["name"] == "Ada Lovelace")
    assert (ada["start"], ada["end"], ada["current"]) == ("XXXX", "XXXX", False)
    grace = next(m for m in group["members"] if m["person"]["name"] == "Grace Hopper")
    assert grace["current"] is True
    # Current members come first.
    assert group["members"][0]["person"]["name"] == "Grace Hopper"
    person = client.get("/api/v1/people/ada-lovelace").json()
    assert [(m["end"], m["current"]) for m in person["memberships"]] == [("XXXX", False)]


@pytest.mark.parametrize(
    "method, url, body, field",
    [
        ("patch", "/api/v1/groups/testing", {"formed": "2018-02-30"}, "formed"),
        ("patch", "/api/v1/groups/testing", {"dissolved": "2005/2006"}, "dissolved"),
        (
            "post",
            "/api/v1/groups/testing/resolutions",
            {"kind": "amending", "date": "2005/2006", "text": "R."},
            "date",
        ),
        ("post", "/api/v1/groups/testing/pages", {"kind": "minutes", "date": "2018-02-30"}, "date"),
        (
            "post",
            "/api/v1/groups/testing/members",
            {"person": "Ada", "start": "2005/2006"},
            "start",
        ),
        ("post", "/api/v1/groups/testing/roster-approvals", {"date": "2018-02-30"}, "date"),
        ("post", "/api/v1/groups/testing/confirm", {"date": "2005/2006"}, "date"),
    ],
)
def test_it_refuses_a_date_that_is_no_edtf_form_naming_the_field(
    client, group, staff, method, url, body, field
):
    before = (Group.objects.get(pk=group.pk).version, Membership.objects.count())
    response = send(client, method, url, body, staff)
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert (Group.objects.get(pk=group.pk).version, Membership.objects.count()) == before


@pytest.mark.parametrize("value", ["2005~", "[..2007-02-25]", "XXXX", "2018-05"])
def test_it_takes_every_form_where_a_date_is_written(client, group, staff, value):
    response = send(client, "patch", "/api/v1/groups/testing", {"formed": value}, staff)
    assert response.status_code == 200, response.content
    assert response.json()["formed"] == value
    response = send(
        client, "post", "/api/v1/groups/testing/members", {"person": "Ada", "start": value}, staff
    )
    assert response.status_code == 201, response.content
    assert (response.json()["start"], response.json()["current"]) == (value, True)
    seat_id = response.json()["id"]
    response = send(
        client, "patch", f"/api/v1/groups/testing/members/{seat_id}", {"end": value}, staff
    )
    assert response.status_code == 200, response.content
    assert (response.json()["end"], response.json()["current"]) == (value, False)
