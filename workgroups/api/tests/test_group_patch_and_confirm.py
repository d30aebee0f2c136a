"""PATCH /groups/{slug} with null, field by field, and POST /groups/{slug}/confirm."""

import pytest

from workgroups.api.tests.test_writes import bearer, call
from workgroups.registry import services
from workgroups.registry.models import Group

pytestmark = pytest.mark.django_db

URL = "/api/v1/groups/testing"

# Every optional field of a group and what null leaves in it (as GET shows it).
CLEARED = {
    "summary": ("summary", None),  # not shown by the API: checked on the row below
    "purpose": ("purpose", ""),
    "formed": ("formed", None),
    "dissolved": ("dissolved", None),
    "mailing_lists": ("mailing_lists", []),
    "links": ("links", []),
}


@pytest.fixture
def full(group):
    services.update_group(
        group=group,
        summary="Tests things.",
        purpose="To test.",
        dissolved="2030",
        mailing_lists=[{"address": "test@example.org"}],
        links=[{"label": "Notes", "url": "https://example.org/notes"}],
    )
    group.refresh_from_db()
    return group


@pytest.mark.parametrize("field", sorted(CLEARED))
def test_null_clears_an_optional_field(client, full, staff, field):
    answer = call(client, "patch", URL, {field: None, "version": full.version}, bearer(staff))
    assert answer.status_code == 200, answer.json()
    key, cleared = CLEARED[field]
    if field == "summary":
        assert Group.objects.get(pk=full.pk).summary == ""
    else:
        assert answer.json()[key] == cleared
    assert answer.json()["version"] == full.version + 1


@pytest.mark.parametrize("field", ["name", "status"])
def test_null_on_a_required_field_is_a_422_naming_it(client, full, staff, field):
    before = Group.objects.filter(pk=full.pk).values().get()
    answer = call(client, "patch", URL, {field: None}, bearer(staff))
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert Group.objects.filter(pk=full.pk).values().get() == before


def test_every_patchable_field_is_covered():
    from workgroups.api.writes import GroupPatch

    assert set(GroupPatch.model_fields) - {"version", "comment"} == set(CLEARED) | {
        "name",
        "status",
    }


def test_a_chair_confirms_the_record_in_one_call(client, group, chair):
    answer = call(client, "post", f"{URL}/confirm", {"version": group.version}, bearer(chair))
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["confirmed"] and body["confirmed_by"] == "Carla Chair"
    assert body["version"] == group.version + 1


def test_confirming_is_refused_to_a_member_and_to_nobody(client, group, member):
    assert call(client, "post", f"{URL}/confirm", {}, {}).status_code == 401
    assert call(client, "post", f"{URL}/confirm", {}, bearer(member)).status_code == 403
    assert Group.objects.get(pk=group.pk).confirmed is None


def test_a_stale_confirmation_is_a_409(client, group, staff):
    answer = call(client, "post", f"{URL}/confirm", {"version": group.version + 3}, bearer(staff))
    assert answer.status_code == 409
    assert Group.objects.get(pk=group.pk).confirmed is None
