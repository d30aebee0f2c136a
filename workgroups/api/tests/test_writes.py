"""API writes: the permission matrix, 401/403/409/422, and that refusals write nothing."""

import json

import pytest

from workgroups.api.models import ApiToken
from workgroups.registry.models import Group, Membership, Resolution
from workgroups.registry.tests.test_permissions import MATRIX, make_actor, snapshot
from workgroups.tests.factories import matrix_targets

# Accounts are linked by the board in the admin (test_admin.py), not through this path.

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    if not getattr(user, "is_authenticated", False):
        return {}
    _, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def call(client, method, url, body, headers):
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", **headers
    )


@pytest.fixture
def targets(group):
    return matrix_targets(group)


def request_for(op, targets):
    """(method, url, body, status when allowed) of one operation through the API."""
    base = "/api/v1/groups/testing"
    return {
        "create_group": ("post", "/api/v1/groups", {"name": "Brand New WG"}, 201),
        "update_group": ("patch", base, {"purpose": "Better purpose"}, 200),
        "update_status": ("patch", base, {"status": "inactive"}, 200),
        "record_resolution": (
            "post",
            f"{base}/resolutions",
            {"kind": "dissolving", "date": "2024-01-02", "text": "RESOLVED."},
            201,
        ),
        "approve_roster": ("post", f"{base}/roster-approvals", {"date": "2024-01-02"}, 201),
        "add_membership": ("post", f"{base}/members", {"person": "Grace Hopper"}, 201),
        "end_membership": ("patch", f"{base}/members/{targets['seat'].pk}", {"end": "2024"}, 200),
        "add_minutes": ("post", f"{base}/pages", {"kind": "minutes", "date": "2024-01-02"}, 201),
        "add_charter": ("post", f"{base}/pages", {"kind": "charter", "body": "New"}, 201),
        "edit_page": ("patch", f"{base}/pages/old-notes", {"body": "Edited"}, 200),
        "revert": (
            "post",
            f"{base}/reverts",
            {"model": "group", "history_id": targets["change"].history_id},
            200,
        ),
    }[op]


@pytest.mark.parametrize("op, role, allowed", [m for m in MATRIX if m[0] != "link_account"])
def test_the_api_obeys_the_permission_matrix(
    op, role, allowed, client, group, targets, django_user_model
):
    user = make_actor(role, group, django_user_model)
    method, url, body, status = request_for(op, targets)
    headers = bearer(user) if user.is_active else {"HTTP_AUTHORIZATION": "Bearer wg_nope"}
    before = snapshot()
    response = call(client, method, url, body, headers)
    if allowed:
        assert response.status_code == status, response.content
        assert snapshot() != before
    else:
        expected = 401 if role in ("anonymous", "inactive_staff") else 403
        assert response.status_code == expected, response.content
        assert "detail" in response.json()
        assert snapshot() == before


def test_401_with_an_unknown_token_and_nothing_written(client, group):
    before = snapshot()
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wg_invalid"}, {"HTTP_AUTHORIZATION": "x"}):
        response = call(client, "patch", "/api/v1/groups/testing", {"purpose": "x"}, headers)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert snapshot() == before


@pytest.mark.parametrize(
    "method, url, body, field",
    [
        ("post", "/api/v1/groups", {"name": ""}, "name"),
        ("post", "/api/v1/groups", {"name": "   "}, "name"),
        ("post", "/api/v1/groups", {"name": "X", "formed": "2019-02-30"}, "formed"),
        ("post", "/api/v1/groups", {"name": "Testing Work Group"}, "name"),
        ("post", "/api/v1/groups", {}, "name"),
        ("patch", "/api/v1/groups/testing", {"formed": "2019-02-30"}, "formed"),
        ("patch", "/api/v1/groups/testing", {"name": ""}, "name"),
        ("patch", "/api/v1/groups/testing", {"purpse": "typo"}, "purpse"),
        ("patch", "/api/v1/groups/testing", {"status": "asleep"}, "status"),
        (
            "patch",
            "/api/v1/groups/testing",
            {"links": [{"label": "x", "url": "javascript:alert(1)"}]},
            "links.0.url",
        ),
        ("post", "/api/v1/groups/testing/members", {"person": "X", "role": "king"}, "role"),
        ("post", "/api/v1/groups/testing/members", {"person": ""}, "person"),
        ("post", "/api/v1/groups/testing/members", {"person": "Y", "start": "2021-02-30"}, "start"),
        (
            "post",
            "/api/v1/groups/testing/resolutions",
            {"kind": "amending", "date": "2023-02-30", "text": "R."},
            "date",
        ),
        (
            "post",
            "/api/v1/groups/testing/resolutions",
            {"kind": "coup", "date": "2023", "text": "R."},
            "kind",
        ),
        (
            "post",
            "/api/v1/groups/testing/resolutions",
            {"kind": "roster", "date": "2023", "text": "R.", "members": [{"person": "TBD"}]},
            "members.0.person",
        ),
        (
            "post",
            "/api/v1/groups/testing/pages",
            {"kind": "minutes", "date": "2023-02-29"},
            "date",
        ),
        ("post", "/api/v1/groups/testing/pages", {"kind": "page"}, "title"),
        ("post", "/api/v1/groups/testing/pages", {"kind": "template", "title": "T"}, "kind"),
    ],
)
def test_422_names_the_field_and_nothing_is_written(client, group, staff, method, url, body, field):
    before = snapshot()
    response = call(client, method, url, body, bearer(staff))
    assert response.status_code == 422, response.content
    data = response.json()
    assert field in [e["field"] for e in data["errors"]], data
    assert snapshot() == before


def test_409_for_a_stale_version_and_nothing_written(client, group, chair):
    headers = bearer(chair)
    first = call(
        client, "patch", "/api/v1/groups/testing", {"purpose": "one", "version": 1}, headers
    )
    assert first.status_code == 200
    assert first.json()["version"] == 2
    before = snapshot()
    for method, url, body in [
        ("patch", "/api/v1/groups/testing", {"purpose": "two", "version": 1}),
        ("post", "/api/v1/groups/testing/members", {"person": "Zed", "version": 1}),
        ("post", "/api/v1/groups/testing/pages", {"kind": "page", "title": "P", "version": 1}),
    ]:
        response = call(client, method, url, body, headers)
        assert response.status_code == 409, response.content
        assert response.json()["version"] == 2
    assert snapshot() == before
    again = call(
        client, "patch", "/api/v1/groups/testing", {"purpose": "two", "version": 2}, headers
    )
    assert again.status_code == 200


def test_a_chair_may_patch_the_purpose_but_not_the_status(client, group, chair):
    headers = bearer(chair)
    before = snapshot()
    response = call(
        client, "patch", "/api/v1/groups/testing", {"purpose": "p", "status": "inactive"}, headers
    )
    assert response.status_code == 403
    assert snapshot() == before
    response = call(
        client, "patch", "/api/v1/groups/testing", {"purpose": "p", "status": "active"}, headers
    )
    assert response.status_code == 200


def test_create_group_answers_the_read_shape(client, db, staff):
    response = call(
        client,
        "post",
        "/api/v1/groups",
        {
            "name": "Docs Work Group",
            "purpose": "Docs.",
            "formed": "2024-05",
            "mailing_lists": [{"address": "docs@python.org"}],
            "links": [{"label": "Home", "url": "https://docs.python.org/"}],
            "comment": "board meeting",
        },
        bearer(staff),
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["slug"], data["status"], data["formed"], data["version"]) == (
        "docs-work-group",
        "proposed",
        "2024-05",
        1,
    )
    assert data["mailing_lists"] == [{"address": "docs@python.org", "url": None}]
    assert [p["kind"] for p in data["pages"]] == ["charter"]
    group = Group.objects.get(slug="docs-work-group")
    record = group.history.latest()
    assert (record.history_user, record.history_change_reason) == (staff, "board meeting")


def test_members_are_added_changed_and_ended_never_deleted(client, group, chair):
    headers = bearer(chair)
    added = call(
        client,
        "post",
        "/api/v1/groups/testing/members",
        {"person": "Grace Hopper", "start": "2024-01"},
        headers,
    )
    assert added.status_code == 201
    seat = added.json()
    assert seat["person"] == {"slug": "grace-hopper", "name": "Grace Hopper"}
    assert (seat["role"], seat["start"], seat["current"]) == ("member", "2024-01", True)
    promoted = call(
        client,
        "post",
        "/api/v1/groups/testing/members",
        {"person": "grace-hopper", "role": "co-chair", "start": "2024-06"},
        headers,
    )
    assert promoted.status_code == 201
    assert Membership.objects.get(pk=seat["id"]).end.iso() == "2024-06"
    ended = call(
        client,
        "patch",
        "/api/v1/groups/testing/members/grace-hopper",
        {"end": "2024-12-31"},
        headers,
    )
    assert ended.status_code == 200
    assert ended.json()["end"] == "2024-12-31"
    assert Membership.objects.filter(person__slug="grace-hopper").count() == 2
    detail = client.get("/api/v1/groups/testing").json()
    assert detail["version"] == 4


def test_a_resolution_takes_effect_through_the_api(client, group, chair, staff):
    response = call(
        client,
        "post",
        "/api/v1/groups/testing/resolutions",
        {
            "kind": "dissolving",
            "title": "Dissolution",
            "date": "2024-03-01",
            "text": "RESOLVED, that the Testing Work Group be dissolved.",
            "vote": {"yes": 9, "no": 0, "abstain": 1},
            "medium": "board meeting",
            "comment": "minutes of 2024-03-01",
        },
        bearer(staff),
    )
    assert response.status_code == 201, response.content
    assert response.json()["vote"] == {"yes": 9, "no": 0, "abstain": 1}
    detail = client.get("/api/v1/groups/testing").json()
    assert (detail["status"], detail["dissolved"]) == ("dissolved", "2024-03-01")
    assert all(not m["current"] for m in detail["members"])
    assert Resolution.objects.get(group=group).history.latest().history_user == staff


def test_unknown_group_is_404_for_writes(client, db, staff):
    response = call(client, "patch", "/api/v1/groups/nope", {"purpose": "x"}, bearer(staff))
    assert response.status_code == 404


def test_the_openapi_document_describes_the_writes(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "patch" in schema["paths"]["/api/v1/groups/{slug}"]
    assert "post" in schema["paths"]["/api/v1/groups/{slug}/members"]
    operation = schema["paths"]["/api/v1/groups/{slug}/resolutions"]["post"]
    assert {"401", "403", "409", "422"} <= set(operation["responses"])
