"""A group is proposed until the board's establishing resolution, which makes it active."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from workgroups.registry import services
from workgroups.registry.management.commands.export import render, write_folder
from workgroups.registry.models import Group, Page, Resolution
from workgroups.registry.tests.test_yaml_dump import wipe
from workgroups.sources.wiki import parse_wiki_page


def test_it_creates_a_group_proposed_with_a_clean_drafted_charter(db, staff):
    group = services.create_group(
        name="Docs Work Group",
        purpose="Write the *docs*.",
        mailing_lists=[{"address": "docs@python.org"}],
        user=staff,
    )
    assert group.status == "proposed"
    body = group.pages.get(kind="charter").body
    assert body.startswith("# Docs Work Group Charter\n")
    for section in ("Purpose & Common Goals", "Membership", "Decision Making", "Reporting"):
        assert f"## {section}" in body
    assert "Write the *docs*." in body and "docs@python.org" in body
    assert "wiki" not in body.lower() and "](" not in body and "{%" not in body
    assert services.DRAFT_AUTHORIZATION in body


def test_its_drafted_charter_reads_on_the_wiki_as_awaiting_approval(db):
    group = services.create_group(name="Docs Work Group")
    body = group.pages.get(kind="charter").body
    page = parse_wiki_page(body, "Docs/Charter.md", "psf/working-groups/Docs/Charter")
    assert [hint for hint, _ in page.status_hints] == ["draft"]
    assert page.roster is None or not page.roster.members
    assert page.chairs == []


def test_recording_the_establishing_resolution_makes_it_active_in_one_change(db, staff):
    group = services.create_group(name="Docs Work Group", user=staff)
    services.record_resolution(
        group=group,
        kind="establishing",
        date="2024-05-02",
        text="RESOLVED, docs.",
        user=staff,
        comment="board meeting",
    )
    group.refresh_from_db()
    assert (group.status, group.formed.iso(), group.version) == ("active", "2024-05-02", 2)
    change = group.history.latest()
    assert (change.prev_record.status, change.status) == ("proposed", "active")
    assert change.history_change_reason == "board meeting"
    charter = group.pages.get(kind="charter")
    assert services.DRAFT_AUTHORIZATION not in charter.body
    assert "Established by the PSF Board's resolution of 2 May 2024." in charter.body


def test_another_resolution_leaves_it_proposed(db):
    group = services.create_group(name="Docs Work Group")
    services.record_resolution(group=group, kind="other", date="2024-05-02", text="Noted.")
    group.refresh_from_db()
    assert group.status == "proposed"


def test_it_creates_a_group_active_with_its_establishing_resolution(db, staff):
    group = services.create_group(
        name="Docs Work Group",
        establishing={"date": "2024-05-02", "text": "RESOLVED.", "members": ["Ann Able"]},
        user=staff,
    )
    assert (group.status, group.formed.iso()) == ("active", "2024-05-02")
    assert group.resolutions.get().kind == "establishing"
    assert group.memberships.get().person.name == "Ann Able"


@pytest.mark.parametrize(
    "establishing, field",
    [
        ({"text": "RESOLVED."}, "establishing.date"),
        ({"date": "2024-02-30", "text": "RESOLVED."}, "establishing.date"),
        ({"date": "2024", "text": "x", "kind": "dissolving"}, "establishing.kind"),
    ],
)
def test_a_bad_establishing_resolution_creates_nothing(db, establishing, field):
    with pytest.raises(ValidationError) as exc:
        services.create_group(name="Docs Work Group", establishing=establishing)
    assert field in exc.value.message_dict
    assert not Group.objects.exists() and not Resolution.objects.exists()


# -- the exports ---------------------------------------------------------------------------------


@pytest.fixture
def proposed(db):
    return services.create_group(name="Docs Work Group", purpose="Write the docs.")


def test_the_yaml_export_keeps_it_proposed(proposed, tmp_path):
    out = tmp_path / "registry.yaml"
    out.write_text(render("yaml"), encoding="utf-8")
    wipe()
    call_command("import", str(out), verbosity=0)
    assert Group.objects.get(slug="docs-work-group").status == "proposed"


def test_the_wiki_export_keeps_it_proposed_by_its_drafted_charter(proposed, tmp_path):
    write_folder(tmp_path, render("wiki"))
    assert (tmp_path / "psf/working-groups/Docs/Charter.md").exists()
    wipe()
    call_command("import", str(tmp_path), verbosity=0)
    charter = Page.objects.get(path="psf/working-groups/Docs/Charter")
    assert charter.group.status == "proposed"


def test_the_json_export_and_the_python_org_page_show_it_proposed(proposed):
    [group] = json.loads(render("json"))
    assert group["status"] == "proposed"
    page = render("psf-page")
    assert page.index("## Proposed Work Groups") < page.index("[Docs Work Group]")
    assert page.index("[Docs Work Group]") < page.index("## Inactive Committees")


def test_the_python_org_page_round_trips_it_proposed(proposed, tmp_path):
    out = tmp_path / "python-org-psf-workgroups.md"
    out.write_text(render("psf-page"), encoding="utf-8")
    wipe()
    call_command("import", str(out), verbosity=0)
    assert Group.objects.get(slug="docs-work-group").status == "proposed"
