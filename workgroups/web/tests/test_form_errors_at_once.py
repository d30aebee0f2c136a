"""One submit shows every error of a form: the form's own and the operation's (issue 12).

The form refuses what it can tell alone (a required field, a choice, a length); the operation
then checks the fields the form accepted, writing nothing, and its errors join the form's. A
field the form refused shows the form's error only.
"""

import pytest

from workgroups.registry import services
from workgroups.registry.models import Membership, Page
from workgroups.registry.tests.test_permissions import snapshot
from workgroups.tests.factories import make_person

NO_DAY_30 = "February 2024 has no day 30"


def errors_of(response, form="form"):
    assert response.status_code == 200
    return response.context[form].errors


@pytest.fixture
def board(client, staff):
    client.force_login(staff)
    return client


def test_it_shows_a_refused_field_and_the_dates_the_operation_refuses(board, group):
    before = snapshot()
    response = board.post(
        "/groups/testing/edit/details/",
        {"name": "Testing Work Group", "summary": "x" * 301, "formed": "2026", "dissolved": "2001"},
    )
    errors = errors_of(response)
    assert "at most 300 characters" in errors["summary"][0]
    assert errors["dissolved"] == ["Dissolved 2001 is before formed 2026."]
    assert snapshot() == before


def test_it_shows_an_empty_name_and_dissolved_before_formed_together(board, group):
    before = snapshot()
    response = board.post(
        "/groups/testing/edit/details/", {"name": "", "formed": "2026", "dissolved": "2001"}
    )
    errors = errors_of(response)
    assert errors["name"] == ["A group needs a name."]
    assert errors["dissolved"] == ["Dissolved 2001 is before formed 2026."]
    assert snapshot() == before


def test_it_shows_a_new_groups_missing_name_and_impossible_date(board, group):
    before = snapshot()
    response = board.post("/edit/groups/new/", {"name": "", "formed": "2024-02-30"})
    errors = errors_of(response)
    assert errors["name"] == ["This field is required."]
    assert NO_DAY_30 in errors["formed"][0]
    assert snapshot() == before


def test_it_shows_a_members_bad_role_and_bad_date(client, group, chair):
    client.force_login(chair)
    before = snapshot()
    response = client.post(
        "/groups/testing/edit/roster/add/",
        {"person": "Grace Hopper", "role": "boss", "start": "2024-02-30"},
    )
    errors = errors_of(response, "add_form")
    assert "boss is not one of the available choices" in errors["role"][0]
    assert len(errors["role"]) == 1
    assert NO_DAY_30 in errors["start"][0]
    assert "Carla Chair" in response.content.decode()  # the roster page
    assert snapshot() == before


def test_it_shows_a_members_bad_name_and_too_long_date(client, group, chair):
    client.force_login(chair)
    before = snapshot()
    response = client.post(
        "/groups/testing/edit/roster/add/",
        {"person": "TBD", "role": "member", "start": "2024-05-31T10"},
    )
    errors = errors_of(response, "add_form")
    assert "is not a person's name" in errors["person"][0]
    assert errors["start"] == ["Ensure this value has at most 10 characters (it has 13)."]
    assert snapshot() == before


def test_it_shows_a_refused_vote_and_an_impossible_date(board, group):
    before = snapshot()
    response = board.post(
        "/groups/testing/edit/resolutions/new/",
        {"kind": "roster", "date": "2024-02-30", "text": "R.", "vote_yes": "-1"},
    )
    errors = errors_of(response)
    assert errors["vote_yes"] == ["Ensure this value is greater than or equal to 0."]
    assert NO_DAY_30 in errors["date"][0]
    assert snapshot() == before


def test_it_shows_a_refused_kind_and_the_members_lines(board, group):
    response = board.post(
        "/groups/testing/edit/resolutions/new/",
        {"kind": "coronation", "date": "2024", "text": "", "members": "Ann Able\nTBD"},
    )
    errors = errors_of(response)
    assert "coronation is not one of the available choices" in errors["kind"][0]
    assert errors["text"] == ["This field is required."]
    assert "members" not in errors  # the kind decides whether it seats anyone


def test_it_never_shows_a_fields_error_twice(board, group):
    response = board.post(
        "/groups/testing/edit/resolutions/new/",
        {"kind": "roster", "date": "", "text": ""},
    )
    errors = errors_of(response)
    assert errors["date"] == ["This field is required."]
    assert errors["text"] == ["This field is required."]


def test_it_shows_an_approvals_unknown_resolution_and_impossible_date(board, group):
    before = snapshot()
    response = board.post(
        "/groups/testing/edit/roster/approve/", {"date": "2024-02-30", "resolution": "999"}
    )
    errors = errors_of(response)
    assert "not one of the available choices" in errors["resolution"][0]
    assert NO_DAY_30 in errors["date"][0]
    assert snapshot() == before


def test_it_shows_a_pages_long_title_and_impossible_date(client, group, member):
    client.force_login(member)
    before = snapshot()
    response = client.post(
        "/groups/testing/edit/pages/new/",
        {"kind": "minutes", "title": "t" * 301, "date": "2024-02-30", "body": "Notes"},
    )
    errors = errors_of(response)
    assert "at most 300 characters" in errors["title"][0]
    assert NO_DAY_30 in errors["date"][0]
    assert snapshot() == before


def test_it_writes_nothing_when_the_operation_finds_nothing_more(client, group, chair):
    Page.objects.create(group=group, kind="page", title="P", slug="p", body="Old")
    client.force_login(chair)
    before = snapshot()
    response = client.post(
        "/groups/testing/pages/p/edit/", {"title": "", "body": "New", "version": "1"}
    )
    errors = errors_of(response)
    assert errors == {"title": ["This field is required."]}
    assert snapshot() == before
    assert response.context["view"].page.body == "Old"  # not even in memory
    assert response.context["group"].version == 1


def test_it_ends_no_seat_when_only_the_end_is_refused(client, group, chair):
    client.force_login(chair)
    seat = services.add_membership(group=group, person=make_person("Zed Zimmer"), start="2020")
    before = snapshot()
    response = client.post(
        f"/groups/testing/edit/roster/{seat.pk}/end/", {"end": "", "version": "2"}
    )
    assert errors_of(response) == {"end": ["This field is required."]}
    assert snapshot() == before
    assert Membership.objects.get(pk=seat.pk).end is None


def test_it_says_the_group_changed_meanwhile_beside_the_forms_errors(board, group):
    services.update_group(group=group, purpose="someone else's edit")
    before = snapshot()
    response = board.post(
        "/groups/testing/edit/details/",
        {"name": "Testing Work Group", "summary": "x" * 301, "purpose": "mine", "version": "1"},
    )
    errors = errors_of(response)
    assert "summary" in errors
    assert "changed meanwhile" in errors["__all__"][0]
    assert snapshot() == before
