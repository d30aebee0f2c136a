"""The editing dashboard at /edit/: every group for the board, most urgent first; a chair's or
member's own groups otherwise."""

import json
import re
import subprocess

import pytest
from django.core.cache import cache
from django.test import Client

from workgroups import pagecache
from workgroups.checks.engine import compute_findings
from workgroups.lib.vocabulary import Role
from workgroups.registry.models import Group, MailingList
from workgroups.tests.factories import make_group, make_person, make_resolution, seat
from workgroups.web import edit_views
from workgroups.web.tests.standards import vnu_command

YEARLY = (
    "RESOLVED, that the Overdue Work Group is established, with the current membership roster "
    "to be approved by the Python Software Foundation Board of Directors at least once per year."
)


@pytest.fixture
def groups(group, chair):
    overdue = make_group(name="Overdue Work Group", slug="overdue", formed="2020-01-01")
    make_resolution(overdue, text=YEARLY, date="2020-01-01")
    seat(overdue, make_person("Olga Owner"), Role.CO_CHAIR, "2020")
    make_group(name="Alpha Work Group", slug="alpha", formed="2015", confirmed="2026-01-02")
    make_group(name="Gone Work Group", slug="gone", status=Group.Status.DISSOLVED)
    return overdue


def order(html: str) -> list[str]:
    return re.findall(r'<tr id="group-([\w-]+)"', html)


def test_it_shows_the_board_every_group_most_urgent_first(client, groups, staff):
    client.force_login(staff)
    html = client.get("/edit/").content.decode()
    assert order(html)[0] == "overdue"  # a roster approval overdue comes first
    assert order(html)[-1] == "gone"  # a dissolved group asks for nothing
    assert set(order(html)) == {"testing", "overdue", "alpha", "gone"}
    row = html[html.index('<tr id="group-overdue"') :].split("</tr>")[0]
    assert "overdue since 1 Jan 2021" in row
    assert ">Olga Owner</a>" in row
    assert 'href="/groups/overdue/edit/roster/approve/"' in row
    assert 'href="/groups/overdue/edit/roster/"' in row
    assert "1 roster approval overdue" in html


def test_it_counts_each_groups_open_findings_and_links_to_them(client, groups, staff):
    client.force_login(staff)
    expected = sum(1 for f in compute_findings() if "overdue" in f.groups)
    assert expected >= 1
    html = client.get("/edit/").content.decode()
    row = html[html.index('<tr id="group-overdue"') :].split("</tr>")[0]
    assert f'<a href="/health/#group-overdue">{expected}</a>' in row


def test_it_shows_when_each_record_was_confirmed_and_last_changed(client, groups, staff):
    client.force_login(staff)
    html = client.get("/edit/").content.decode()
    alpha = html[html.index('<tr id="group-alpha"') :].split("</tr>")[0]
    assert "2 January 2026" in alpha
    testing = html[html.index('<tr id="group-testing"') :].split("</tr>")[0]
    assert "never" in testing


@pytest.mark.parametrize(
    "sort, first, header",
    [
        ("name", "alpha", '<th scope="col" aria-sort="ascending"><a href="?sort=name">Group'),
        ("status", "alpha", '<th scope="col" aria-sort="ascending"><a href="?sort=status">'),
        ("findings", "overdue", '<th scope="col" aria-sort="descending"><a href="?sort=findings">'),
        ("confirmed", "gone", '<th scope="col" aria-sort="ascending"><a href="?sort=confirmed">'),
    ],
)
def test_it_sorts_by_the_column_asked_for(client, groups, staff, sort, first, header):
    client.force_login(staff)
    html = client.get(f"/edit/?sort={sort}").content.decode()
    assert order(html)[0] == first
    assert header in html
    assert html.count("aria-sort=") == 1


def test_an_unknown_sort_is_by_urgency(client, groups, staff):
    client.force_login(staff)
    assert order(client.get("/edit/?sort=<x>").content.decode())[0] == "overdue"


def test_a_chair_sees_their_own_groups_only_with_their_role(client, groups, chair):
    client.force_login(chair)
    html = client.get("/edit/").content.decode()
    assert order(html) == ["testing"]
    row = html[html.index('<tr id="group-testing"') :].split("</tr>")[0]
    assert "<td>chair</td>" in row
    assert 'href="/groups/testing/edit/roster/"' in row
    assert "roster/approve" not in row  # the board approves


def test_a_member_is_not_offered_the_roster(client, group, member):
    client.force_login(member)
    html = client.get("/edit/").content.decode()
    assert order(html) == ["testing"]
    assert "/edit/roster/" not in html


def test_an_unlinked_account_is_told_whom_to_ask(client, groups, outsider):
    client.force_login(outsider)
    html = client.get("/edit/").content.decode()
    assert order(html) == []
    assert "Ask the staff to link it to your name" in html


def test_the_findings_are_computed_once_per_registry_generation(
    client, groups, staff, settings, monkeypatch
):
    settings.PAGE_CACHE = True
    cache.clear()
    calls = []

    def counting():
        calls.append(1)
        return compute_findings()

    monkeypatch.setattr(edit_views, "compute_findings", counting)
    client.force_login(staff)
    assert client.get("/edit/").status_code == 200
    assert client.get("/edit/?sort=name").status_code == 200
    assert len(calls) == 1
    pagecache.bump()  # what every committed write does
    assert "overdue since" in client.get("/edit/").content.decode()
    assert len(calls) == 2


def test_its_queries_do_not_grow_with_the_groups(
    client, groups, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    client.get("/edit/")
    for i in range(10):
        make_group(name=f"Extra {i} Work Group", slug=f"extra-{i}")
    with django_assert_max_num_queries(40):
        assert client.get("/edit/").status_code == 200


def test_the_new_pages_validate_with_the_nu_html_checker(client, groups, staff, member, tmp_path):
    """The board's dashboard, the confirmation of an end, a kept form, and both 403 pages."""
    command = vnu_command()
    MailingList.objects.create(group=Group.objects.get(slug="testing"), address="t@python.org")
    ada = seat(Group.objects.get(slug="testing"), make_person("Ada Lovelace"), start="2019")
    pages = {}
    client.force_login(staff)
    pages["dashboard"] = client.get("/edit/?sort=findings").content
    end = client.post(f"/groups/testing/edit/roster/{ada.pk}/end/", {"end": "2024"})
    assert "confirm" in end.context
    pages["end-confirm"] = end.content
    client.logout()
    client.post("/groups/testing/edit/pages/new/", {"kind": "minutes", "body": "Kept."})
    client.force_login(member)
    kept = client.get("/groups/testing/edit/pages/new/")
    assert b"Your text was kept" in kept.content
    pages["kept"] = kept.content
    forbidden = client.get("/groups/testing/edit/roster/")
    assert forbidden.status_code == 403
    pages["403-roster"] = forbidden.content
    strict = Client(enforce_csrf_checks=True)
    pages["403-csrf"] = strict.post("/groups/testing/edit/pages/new/", {}).content
    files = []
    for name, content in pages.items():
        file = tmp_path / f"{name}.html"
        file.write_bytes(content)
        files.append(str(file))
    run = subprocess.run(
        [*command, "--format", "json", "--stdout", *files], capture_output=True, text=True
    )
    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(run.stdout)["messages"]
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, "\n".join(errors)
