"""The group history page: one entry per import, folded long changes, pages, undoing additions."""

import re

import pytest
from django.utils import timezone

from workgroups.registry import services
from workgroups.registry.models import Group, Membership, Page
from workgroups.registry.tests.test_permissions import snapshot
from workgroups.web.history_views import PER_PAGE

HISTORY = "/groups/testing/history/"


def entries(html: str) -> list[str]:
    """The ids of the entries a history page shows, in order."""
    return re.findall(r'<li class="edit-change [^"]*" id="([^"]+)"', html)


def undo_url(record) -> str:
    model = type(record).instance_type._meta.model_name
    return f"{HISTORY}{model}/{record.history_id}/revert/"


# --- Pages and folding -------------------------------------------------------------------------


def test_it_shows_fifty_entries_a_page_with_links_to_older_and_newer(client, group, staff):
    for i in range(PER_PAGE + 10):
        services.update_group(group=group, summary=f"Summary {i}", user=staff, comment=f"c{i}")
    first = client.get(HISTORY).content.decode()
    assert len(entries(first)) == PER_PAGE
    assert "<ins>Summary 59</ins>" in first and "<ins>Summary 9</ins>" not in first
    assert 'href="?page=2" rel="next">Older changes' in first
    assert 'rel="prev"' not in first
    second = client.get(HISTORY + "?page=2").content.decode()
    assert "<ins>Summary 9</ins>" in second and "<ins>Summary 59</ins>" not in second
    assert 'href="?page=1" rel="prev">Newer changes' in second
    assert set(entries(first)).isdisjoint(entries(second))


@pytest.mark.parametrize("number, shown", [("999", "2"), ("abc", "1"), ("-1", "2"), ("", "1")])
def test_it_answers_a_bad_page_number_with_a_page_not_an_error(client, group, staff, number, shown):
    for i in range(PER_PAGE + 1):
        services.update_group(group=group, summary=f"Summary {i}", user=staff)
    response = client.get(f"{HISTORY}?page={number}")
    assert response.status_code == 200
    assert f"Page {shown} of 2" in response.content.decode()


def test_it_folds_a_long_change_and_shows_a_short_one_inline(client, group, chair, staff):
    page = services.add_page(group=group, kind="page", title="Notes", body="Short.", user=chair)
    body = "\n".join(f"Line {i} of the new text." for i in range(40))
    services.update_page(page=page, body=body, user=chair, comment="rewrite")
    services.update_group(group=group, summary="Plain words", user=staff, comment="clearer")
    html = client.get(HISTORY).content.decode()
    rewrite = html[html.index("Why: rewrite") :]
    rewrite = rewrite[: rewrite.index("</li>")]
    assert "<details" in rewrite and "<summary>show the change (" in rewrite
    assert "+Line 39 of the new text." in rewrite  # folded, not left out
    summary = html[html.index("Why: clearer") :]
    summary = summary[: summary.index("</li>")]
    assert "<details" not in summary
    assert "<ins>Plain words</ins>" in summary


# --- Undoing an added seat or page -------------------------------------------------------------


def test_it_ends_an_added_seat_saying_who_and_why(client, group, chair):
    seat = services.add_membership(group=group, person="Grace Hopper", start="2020", user=chair)
    added = seat.history.earliest()
    client.force_login(chair)
    html = client.get(HISTORY).content.decode()
    assert f'action="{undo_url(added)}"' in html and "End this seat" in html
    response = client.post(
        undo_url(added), {"comment": "added by mistake", "version": str(group.version)}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.end is not None and seat.end.iso() == timezone.localdate().isoformat()
    latest = seat.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (chair, "added by mistake")
    html = client.get(HISTORY).content.decode()
    assert "added by mistake" in html
    assert f'action="{undo_url(added)}"' not in html  # ended: nothing left to undo


def test_it_asks_why_before_ending_a_seat_and_takes_its_end_date(client, group, chair):
    seat = services.add_membership(group=group, person="Grace Hopper", start="2020", user=chair)
    url = undo_url(seat.history.earliest())
    client.force_login(chair)
    form = client.get(url).content.decode()
    assert 'name="comment"' in form and 'name="end"' in form
    before = snapshot()
    refused = client.post(url, {"comment": ""})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert snapshot() == before
    assert client.post(url, {"comment": "left", "end": "2021-06"}).status_code == 302
    seat.refresh_from_db()
    assert seat.end.iso() == "2021-06"


def test_it_withdraws_an_added_page_saying_who_and_why(client, group, chair, member):
    page = services.add_page(group=group, kind="minutes", date="2024-02-01", body="x", user=member)
    added = page.history.earliest()
    client.force_login(chair)
    assert "Withdraw this page" in client.get(HISTORY).content.decode()
    response = client.post(undo_url(added), {"comment": "wrong group"})
    assert response.status_code == 302
    assert not Page.objects.filter(pk=page.pk).exists()
    removal = Page.history.filter(id=page.pk).latest()
    assert removal.history_type == "-"
    assert (removal.history_user, removal.history_change_reason) == (chair, "wrong group")
    html = client.get(HISTORY).content.decode()
    assert "Page: Meeting 1 February 2024</strong> removed" in html


def test_it_refuses_an_undo_to_whom_the_edit_is_not_allowed(client, group, chair, member):
    seat = services.add_membership(group=group, person="Grace Hopper", start="2020", user=chair)
    page = services.add_page(group=group, kind="minutes", date="2024-02-01", body="x", user=chair)
    client.force_login(member)  # may add pages, not edit them nor the roster
    html = client.get(HISTORY).content.decode()
    assert "End this seat" not in html and "Withdraw this page" not in html
    before = snapshot()
    for record in (seat.history.earliest(), page.history.earliest()):
        assert client.post(undo_url(record), {"comment": "mine now"}).status_code == 403
        assert client.get(undo_url(record)).status_code == 403
    assert snapshot() == before


def test_it_says_clearly_when_the_undo_is_stale(client, group, chair, staff):
    seat = services.add_membership(group=group, person="Grace Hopper", start="2020", user=chair)
    url = undo_url(seat.history.earliest())
    client.force_login(chair)
    version = group.version
    services.update_group(group=group, summary="Meanwhile", user=staff)
    response = client.post(url, {"comment": "mistake", "version": str(version)})
    assert response.status_code == 200
    assert "changed meanwhile" in response.content.decode()
    services.end_membership(membership=seat, end="2023", user=staff, comment="left")
    before = snapshot()
    response = client.post(url, {"comment": "mistake"})
    assert response.status_code == 200
    assert "already ended on 2023" in response.content.decode()
    assert snapshot() == before


def test_it_finds_no_change_of_another_group_or_of_no_kind(client, group, staff):
    other = Group.objects.create(name="Other Work Group", slug="other")
    client.force_login(staff)
    change = other.history.earliest()
    assert client.get(undo_url(change)).status_code == 404
    assert client.post(f"{HISTORY}nothing/{change.history_id}/revert/").status_code == 404
    assert client.post(f"{HISTORY}group/999999/revert/").status_code == 404


# --- The bundled record ------------------------------------------------------------------------


@pytest.mark.usefixtures("psf_data")
def test_it_shows_an_import_as_one_entry_naming_its_documents(client, django_user_model):
    group = Group.objects.get(slug="packaging-work-group")
    rows = Membership.history.filter(group=group).count() + Page.history.filter(group=group).count()
    assert rows > 100  # the import wrote many rows
    sources = {
        r.source_id
        for model in services.HISTORIED.values()
        for r in model.history.filter(**({"id": group.pk} if model is Group else {"group": group}))
        if r.source_id
    }
    response = client.get(f"/groups/{group.slug}/history/")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 150_000
    assert len(entries(html)) == 1
    assert html.count(f"Imported from {len(sources)} documents") == 1
    assert "<details" in html and "psf/working-groups/Packaging.md" in html
    staff = django_user_model.objects.create_user("board", is_staff=True)
    client.force_login(staff)
    html = client.get(f"/groups/{group.slug}/history/").content.decode()
    assert "end this seat</a>" in html and "withdraw this page</a>" in html


def test_it_shows_a_recorded_resolution_without_its_derived_text_key(client, group, staff):
    services.record_resolution(
        group=group,
        kind="amending",
        date="2024-05-01",
        text="RESOLVED, that the group tests.",
        user=staff,
    )
    html = client.get(HISTORY).content.decode()
    assert "RESOLVED, that the group tests." in html
    assert "text key" not in html.lower() and "text_key" not in html
