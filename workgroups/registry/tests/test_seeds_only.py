"""The two seeds alone (the python.org page and the wiki's working-groups index, no wiki
corpus): they import, give the record's groups, and their wiki export keeps every group of
the index, so that importing the export loses none."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from workgroups.registry.management.commands.export import render
from workgroups.registry.models import Group
from workgroups.registry.tests.test_yaml_dump import wipe
from workgroups.sources.wiki import parse_wiki_index

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("psf_data")]

SEEDS = Path(settings.PROJECT_DIR) / "data" / "seeds"
PAGE = SEEDS / "python-org-psf-workgroups.md"
INDEX = SEEDS / "psf-wiki-working-groups-index.md"
ROOT = "psf/working-groups"
TEMPLATE = "Example/index"  # the index's template folder: a page for new groups, no group


def slugs() -> set[str]:
    return set(Group.objects.values_list("slug", flat=True))


@pytest.fixture(scope="module")
def seeds_only(psf_data, django_db_blocker, tmp_path_factory):
    """The full record's groups; the seeds imported alone, their groups, wiki export and
    page export; and the groups of the export imported (with the page) into an empty
    registry. Rolled back, so the module's data stays as it was."""
    out = tmp_path_factory.mktemp("wiki")
    with django_db_blocker.unblock(), transaction.atomic():
        full = slugs()
        full_page = render("psf-page")
        wipe()
        call_command("import", str(PAGE), str(INDEX), verbosity=0)
        seeds = slugs()
        sources = dict(Group.objects.values_list("slug", "source__kind"))
        summaries = dict(Group.objects.values_list("slug", "summary"))
        page = render("psf-page")
        call_command("export", format="wiki", output=str(out), verbosity=0)
        wipe()
        call_command("import", str(out), verbosity=0)
        wiki_alone = slugs()
        wipe()
        call_command("import", str(PAGE), str(out), verbosity=0)
        round_trip = slugs()
        transaction.set_rollback(True)
    return {
        "full": full,
        "full_page": full_page,
        "seeds": seeds,
        "sources": sources,
        "summaries": summaries,
        "page": page,
        "out": out,
        "wiki_alone": wiki_alone,
        "round_trip": round_trip,
    }


def exported_index(out: Path):
    text = (out / ROOT / "index.md").read_text(encoding="utf-8")
    return parse_wiki_index(text, f"{ROOT}/index.md")


def seed_index():
    return parse_wiki_index(INDEX.read_text(encoding="utf-8"), INDEX.name)


def test_the_seeds_alone_give_the_records_groups(seeds_only):
    # No group comes from the corpus alone: every group of the full record is on python.org
    # or in the wiki index (a folder of the corpus is always one of the index's entries).
    assert len(seeds_only["seeds"]) == 24
    assert seeds_only["seeds"] == seeds_only["full"]
    kinds = seeds_only["sources"]
    assert sum(kind == "psf-page" for kind in kinds.values()) == 15
    assert {s for s, kind in kinds.items() if kind == "wiki-index"} == {
        "bylaws-work-group",
        "fellow-work-group",
        "meta-work-group",
        "project-funding-work-group",
        "pydotorg-work-group",
        "sponsor-work-group",
        "sponsorship-bundle-work-group",
        "translation-work-group",
        "psf-education-work-group",
    }


def test_the_python_org_page_is_the_same_without_the_wiki(seeds_only):
    assert seeds_only["page"] == seeds_only["full_page"]


def test_the_wiki_export_lists_every_group_entry_of_the_seed_index(seeds_only):
    ours = {e.target: e for e in exported_index(seeds_only["out"]).entries}
    theirs = [e for e in seed_index().entries if e.section == "active"]
    assert len(theirs) == 16
    missing = [e.target for e in theirs if e.target not in ours and e.target != TEMPLATE]
    assert missing == []
    for entry in theirs:
        if entry.target != TEMPLATE:
            got = ours[entry.target]
            assert (got.title, got.summary, got.section) == (entry.title, entry.summary, "active")
    # Each listed folder has its index, so the links of the exported index lead somewhere.
    for target in ours:
        if ours[target].section == "active":
            assert (seeds_only["out"] / ROOT / f"{target}.md").is_file(), target


def test_importing_the_export_loses_no_group(seeds_only):
    # With the python.org page, as the seeds were imported; and the wiki export alone.
    assert seeds_only["round_trip"] == seeds_only["seeds"]
    assert {"sponsor-work-group", "translation-work-group"} <= seeds_only["round_trip"]
    index_groups = {s for s, kind in seeds_only["sources"].items() if kind == "wiki-index"}
    index_groups |= {
        "code-of-conduct-work-group",
        "grants-work-group",
        "python-job-board-work-group",
        "marketing-work-group",
        "packaging-work-group",
        "cuban-pythonistas-work-group",
        "scientific-python-work-group",
    }
    assert index_groups <= seeds_only["wiki_alone"]
    assert seeds_only["wiki_alone"] <= seeds_only["seeds"]


def test_a_group_only_legacy_entries_name_is_kept(seeds_only):
    # The index names the PSF Education Work Group only by legacy entries ("Python Edu").
    assert seeds_only["seeds"] <= seeds_only["round_trip"]
