"""Editing in the browser (without a browser): sign-in, CSRF, forms, errors, history, revert."""

import re

import pytest
from django.test import Client

from workgroups.registry import services
from workgroups.registry.models import Group, Membership, Page, Person, RosterApproval
from workgroups.registry.tests.test_permissions import snapshot


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture
def strict(db):
    """A client that enforces CSRF, like a browser meets it."""
    return Client(enforce_csrf_checks=True)


def test_sign_in_and_out(strict, chair):
    page = strict.get("/accounts/login/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    response = strict.post(
        "/accounts/login/",
        {"username": "chair", "password": "pw", "csrfmiddlewaretoken": csrf_token(html)},
    )
    assert response.status_code == 302
    hub = strict.get("/groups/testing/edit/")
    assert hub.status_code == 200
    assert "Roster" in hub.content.decode()
    confirm = strict.get("/accounts/logout/")
    assert confirm.status_code == 200
    response = strict.post(
        "/accounts/logout/", {"csrfmiddlewaretoken": csrf_token(confirm.content.decode())}
    )
    assert response.status_code == 302
    assert strict.get("/groups/testing/edit/").status_code == 302


def test_a_wrong_password_is_refused(strict, chair):
    html = strict.get("/accounts/login/").content.decode()
    response = strict.post(
        "/accounts/login/",
        {"username": "chair", "password": "nope", "csrfmiddlewaretoken": csrf_token(html)},
    )
    assert response.status_code == 200
    assert "/groups/testing/edit/" not in response.get("Location", "")
    assert strict.get("/groups/testing/edit/").status_code == 302


@pytest.mark.parametrize(
    "url, data",
    [
        ("/groups/testing/edit/details/", {"purpose": "x"}),
        ("/groups/testing/edit/roster/add/", {"person": "Zed", "role": "member"}),
        ("/groups/testing/edit/pages/new/", {"kind": "minutes", "date": "2024-01-01"}),
        ("/edit/preview/", {"text": "# hi"}),
    ],
)
def test_every_form_needs_the_csrf_token(strict, group, chair, url, data):
    strict.force_login(chair)
    before = snapshot()
    assert strict.post(url, data).status_code == 403
    assert snapshot() == before


def test_every_form_page_carries_a_csrf_token(client, group, staff):
    client.force_login(staff)
    seat = services.add_membership(group=group, person="Zed", start="2020")
    Page.objects.create(group=group, kind="page", title="P", slug="p")
    for url in [
        "/edit/groups/new/",
        "/groups/testing/edit/details/",
        "/groups/testing/edit/roster/",
        f"/groups/testing/edit/roster/{seat.pk}/end/",
        "/groups/testing/edit/roster/approve/",
        "/groups/testing/edit/resolutions/new/",
        "/groups/testing/edit/pages/new/",
        "/groups/testing/pages/p/edit/",
        "/groups/testing/history/",
    ]:
        html = client.get(url).content.decode()
        for form in re.findall(r'<form method="post".*?</form>', html, re.DOTALL):
            assert "csrfmiddlewaretoken" in form, (url, form)


def test_a_form_shows_the_operations_error_on_its_field(client, group, staff):
    client.force_login(staff)
    before = snapshot()
    response = client.post(
        "/groups/testing/edit/resolutions/new/",
        {"kind": "dissolving", "date": "2024-02-30", "text": "RESOLVED.", "version": "1"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "date" in form.errors
    assert "February 2024 has no day 30" in form.errors["date"][0]
    assert snapshot() == before


def test_member_lines_errors_point_at_the_line(client, group, staff):
    client.force_login(staff)
    response = client.post(
        "/groups/testing/edit/resolutions/new/",
        {"kind": "roster", "date": "2024", "text": "R.", "members": "Ann Able\nTBD"},
    )
    assert "line 2" in response.context["form"].errors["members"][0]


def test_a_stale_form_is_refused_with_a_message(client, group, chair):
    client.force_login(chair)
    services.update_group(group=group, purpose="someone else's edit")
    before = snapshot()
    response = client.post(
        "/groups/testing/edit/details/",
        {"name": "Testing Work Group", "purpose": "mine", "version": "1"},
    )
    assert response.status_code == 200
    assert "changed meanwhile" in response.content.decode()
    assert snapshot() == before


def test_a_chair_fixes_the_roster(client, group, chair):
    client.force_login(chair)
    ada = Membership.objects.create(
        person=Person.objects.create(name="Ada Lovelace", slug="ada-lovelace"),
        group=group,
        start="2019",
    )
    html = client.get("/groups/testing/edit/roster/").content.decode()
    assert "Ada Lovelace" in html
    response = client.post(
        f"/groups/testing/edit/roster/{ada.pk}/end/",
        {"end": "2024-05-01", "version": "1", "confirm": "yes"},
    )
    assert response.status_code == 302
    response = client.post(
        "/groups/testing/edit/roster/add/",
        {"person": "Grace Hopper", "role": "co-chair", "voting": "on", "start": "2024-05-01"},
    )
    assert response.status_code == 302
    current = {m.person.name: m.role for m in group.memberships.filter(end__isnull=True)}
    assert current == {"Carla Chair": "chair", "Grace Hopper": "co-chair"}
    ada.refresh_from_db()
    assert ada.end.iso() == "2024-05-01"


def test_a_long_comment_is_kept_whole_through_a_form(client, group, chair):
    client.force_login(chair)
    why = ("The roster follows the vote of the last meeting; " * 11)[:500]
    response = client.post(
        "/groups/testing/edit/details/",
        {"name": "Testing Work Group", "purpose": "Longer", "version": "1", "comment": why},
    )
    assert response.status_code == 302
    assert group.history.latest().history_change_reason == why.strip()


def test_a_long_comment_is_kept_whole_through_a_revert(client, group, chair, staff):
    services.update_group(group=group, purpose="Vandalised", user=chair)
    client.force_login(staff)
    why = "v" * 500
    change = group.history.latest()
    client.post(f"/groups/testing/history/group/{change.history_id}/revert/", {"comment": why})
    assert group.history.latest().history_change_reason == why


def test_adding_a_member_shows_who_joined_once(client, group, chair):
    client.force_login(chair)
    response = client.post(
        "/groups/testing/edit/roster/add/",
        {"person": "Grace Hopper", "role": "member", "start": "2024-05-01"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Grace Hopper joined as member."]


def test_a_refused_new_member_is_shown_on_the_roster_page(client, group, chair):
    client.force_login(chair)
    response = client.post("/groups/testing/edit/roster/add/", {"person": "TBD", "role": "member"})
    assert response.status_code == 200
    assert "is not a person's name" in response.context["add_form"].errors["person"][0]
    assert "Carla Chair" in response.content.decode()  # the roster page, not a bare form
    assert client.get("/groups/testing/edit/roster/add/").status_code == 405


def test_meeting_notes_are_published_with_their_date(client, group, member):
    client.force_login(member)
    response = client.post(
        "/groups/testing/edit/pages/new/",
        {"kind": "minutes", "date": "2024-03-05", "body": "# Notes\n\n- decided *things*"},
    )
    assert response.status_code == 302
    page = Page.objects.get(group=group, kind="minutes")
    assert response["Location"] == page.get_absolute_url()
    assert page.title == "Meeting 5 March 2024"


def test_the_preview_renders_sanitised_markdown(client, chair):
    client.force_login(chair)
    response = client.post(
        "/edit/preview/", {"text": "**bold** <script>alert(1)</script> [x](javascript:alert(1))"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert 'href="javascript' not in html.lower()


def test_the_preview_is_for_signed_in_editors_only(client, db):
    response = client.post("/edit/preview/", {"text": "x"})
    assert response.status_code == 302


def test_the_history_shows_who_when_what_and_why(client, group, chair, staff):
    services.update_group(group=group, purpose="Old purpose", user=staff, comment="first draft")
    services.update_group(group=group, purpose="New purpose", user=chair, comment="clearer")
    services.add_membership(group=group, person="Grace Hopper", start="2024", user=chair)
    html = client.get("/groups/testing/history/").content.decode()
    assert "Group details" in html
    assert "<del>Old purpose</del> → <ins>New purpose</ins>" in html
    assert "by chair" in html and "Why: clearer" in html
    assert "Membership of Grace Hopper (member)" in html
    assert html.index("Grace Hopper") < html.index("New purpose")  # newest first
    assert "Revert" not in html  # not for readers


def test_staff_revert_from_the_history_page(client, group, chair, staff):
    services.update_group(group=group, purpose="Good", user=chair)
    services.update_group(group=group, purpose="Vandalised", user=chair)
    client.force_login(staff)
    html = client.get("/groups/testing/history/").content.decode()
    assert "Revert" in html
    change = group.history.latest()
    response = client.post(
        f"/groups/testing/history/group/{change.history_id}/revert/", {"comment": "vandalism"}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.purpose == "Good"
    assert group.history.latest().history_change_reason == "vandalism"


def test_a_chair_sees_no_revert_button_and_cannot_post_one(client, group, chair):
    services.update_group(group=group, purpose="x", user=chair)
    client.force_login(chair)
    assert "Revert" not in client.get("/groups/testing/history/").content.decode()
    change = group.history.latest()
    assert (
        client.post(f"/groups/testing/history/group/{change.history_id}/revert/").status_code == 403
    )


def test_staff_create_a_group_and_record_its_establishing_resolution(client, db, staff):
    client.force_login(staff)
    response = client.post(
        "/edit/groups/new/", {"name": "Docs Work Group", "purpose": "Docs.", "comment": "new"}
    )
    assert response.status_code == 302
    group = Group.objects.get(slug="docs-work-group")
    assert group.pages.filter(kind="charter").exists()
    response = client.post(
        "/groups/docs-work-group/edit/resolutions/new/",
        {
            "kind": "establishing",
            "date": "2024-05-02",
            "text": "RESOLVED, docs.",
            "vote_yes": "8",
            "vote_no": "0",
            "vote_abstain": "1",
            "medium": "IRC vote",
            "members": "Ann Able, chair\nBob Baker",
            "approves_roster": "on",
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.formed.iso() == "2024-05-02"
    assert {m.person.name: m.role for m in group.memberships.all()} == {
        "Ann Able": "chair",
        "Bob Baker": "member",
    }
    assert RosterApproval.objects.get(group=group).date.iso() == "2024-05-02"


def test_the_hub_offers_what_the_role_allows(client, group, member, staff):
    client.force_login(member)
    html = client.get("/groups/testing/edit/").content.decode()
    assert "Add meeting notes" in html
    assert "Roster" not in html and "Record a resolution" not in html
    client.force_login(staff)
    html = client.get("/groups/testing/edit/").content.decode()
    assert "Record a resolution" in html and "Approve the roster" in html


def test_edit_pages_are_never_cached_for_readers(client, group, settings):
    settings.PAGE_CACHE = True
    response = client.get("/groups/testing/edit/")
    assert response.status_code == 302


def test_the_dashboard_lists_the_users_groups(client, group, chair, staff):
    client.force_login(chair)
    html = client.get("/edit/").content.decode()
    assert "Testing Work Group" in html and "Create a new group" not in html
    client.force_login(staff)
    assert "Create a new group" in client.get("/edit/").content.decode()


def test_the_hub_lists_pages_a_chair_may_edit(client, group, chair):
    Page.objects.create(group=group, kind="minutes", title="Kick-off", slug="kick-off")
    client.force_login(chair)
    html = client.get("/groups/testing/edit/").content.decode()
    assert "/groups/testing/pages/kick-off/edit/" in html


def test_the_history_page_shows_changed_mailing_lists_and_names(client, staff, group):
    from workgroups.registry.services import update_group

    update_group(
        group=group,
        user=staff,
        comment="new list and name",
        name="Renamed Work Group",
        mailing_lists=[{"address": "renamed@python.org", "url": ""}],
    )
    html = client.get(f"/groups/{group.slug}/history/").content.decode()
    assert "Mailing list renamed@python.org" in html
    assert "Also known as: Testing Work Group" in html
    assert "new list and name" in html
