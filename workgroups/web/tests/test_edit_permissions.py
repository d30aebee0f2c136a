"""The permission matrix through the browser forms: every write operation × every role."""

import pytest

from workgroups.registry.tests.test_permissions import MATRIX, make_actor, snapshot
from workgroups.tests.factories import matrix_targets

# Accounts are linked by the board in the admin (test_admin.py), not through this path.


@pytest.fixture
def targets(group):
    return matrix_targets(group, date="2019-04-01")


def form_for(op, targets):
    """(form page URL or None, POST URL, data) of one operation through the forms."""
    base = "/groups/testing"
    details = {
        "name": "Testing Work Group",
        "summary": "Tests things.",
        "purpose": "",
        "mailing_lists": "",
        "links": "",
        "version": "2",
    }
    history = f"{base}/history/group/{targets['change'].history_id}/revert/"
    return {
        "create_group": ("/edit/groups/new/", None, {"name": "Brand New WG"}),
        "update_group": (f"{base}/edit/details/", None, details | {"purpose": "Better"}),
        "update_status": (
            f"{base}/edit/details/",
            None,
            details | {"status": "inactive", "formed": "2019-03", "dissolved": ""},
        ),
        "record_resolution": (
            f"{base}/edit/resolutions/new/",
            None,
            {"kind": "dissolving", "date": "2024-01-02", "text": "RESOLVED.", "version": "2"},
        ),
        "approve_roster": (f"{base}/edit/roster/approve/", None, {"date": "2024-01-02"}),
        "add_membership": (
            f"{base}/edit/roster/",
            f"{base}/edit/roster/add/",
            {"person": "Grace Hopper", "role": "member", "voting": "on", "start": "2024"},
        ),
        "end_membership": (
            f"{base}/edit/roster/{targets['seat'].pk}/end/",
            None,
            {"end": "2024", "confirm": "yes"},
        ),
        "add_minutes": (
            f"{base}/edit/pages/new/?kind=minutes",
            None,
            {"kind": "minutes", "date": "2024-01-02", "body": "Notes"},
        ),
        "add_charter": (
            f"{base}/edit/pages/new/?kind=charter",
            None,
            {"kind": "charter", "date": "2024-01-02", "body": "Charter"},
        ),
        "edit_page": (
            f"{base}/pages/old-notes/edit/",
            None,
            {"title": "Old notes", "date": "2019-04-01", "body": "Edited"},
        ),
        "revert": (None, history, {"comment": "spam"}),
    }[op]


@pytest.mark.parametrize("op, role, allowed", [m for m in MATRIX if m[0] != "link_account"])
def test_the_forms_obey_the_permission_matrix(
    op, role, allowed, client, group, targets, django_user_model
):
    user = make_actor(role, group, django_user_model)
    if user.is_authenticated:
        client.force_login(user)
    page_url, post_url, data = form_for(op, targets)
    if page_url:
        response = client.get(page_url)
        if allowed:
            assert response.status_code == 200
        elif role in ("anonymous", "inactive_staff"):
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
        elif op != "update_status":  # a chair may open the form, without the status fields
            assert response.status_code == 403
    before = snapshot()
    response = client.post(post_url or page_url, data)
    if allowed:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert snapshot() != before
    else:
        if role in ("anonymous", "inactive_staff"):
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 403
        assert snapshot() == before


def test_a_chair_is_not_offered_the_status_fields(client, group, chair, staff):
    client.force_login(chair)
    html = client.get("/groups/testing/edit/details/").content.decode()
    assert 'name="purpose"' in html
    assert 'name="status"' not in html
    client.force_login(staff)
    assert 'name="status"' in client.get("/groups/testing/edit/details/").content.decode()
