"""Golden tests: the bundled PSF record as a careful reader of both sources states it."""

import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from workgroups.lib.partialdate import PartialDate
from workgroups.registry.models import (
    Claim,
    Group,
    GroupAlias,
    LegacyPath,
    Membership,
    Page,
    Person,
    Resolution,
    Source,
)

pytestmark = pytest.mark.usefixtures("psf_data")


def current(slug):
    rows = Membership.objects.filter(group__slug=slug, end=None).select_related("person")
    return {(m.person.name, m.role) for m in rows}


def test_it_knows_every_group_once_and_not_the_template(db):
    assert Group.objects.count() == 24  # the wiki's PSF Education Work Group is its own
    names = set(Group.objects.values_list("name", flat=True))
    assert "Example Work Group" not in names and not any("Example" in n for n in names)
    assert not any("Ecosystem" in n for n in names)
    statuses = dict(Group.objects.values_list("slug", "status"))
    assert statuses["code-of-conduct-work-group"] == "active"
    assert statuses["scientific-python-work-group"] == "inactive"
    assert statuses["public-support-committee-psc"] == "dissolved"
    assert statuses["translation-work-group"] == "active"  # only the wiki knows it


def test_it_keeps_the_pages_order_then_the_wikis(db):
    slugs = list(Group.objects.values_list("slug", flat=True))
    assert slugs[:3] == [
        "code-of-conduct-work-group",
        "diversity-and-inclusion-work-group",
        "grants-work-group",
    ]
    assert slugs[14] == "cuban-pythonistas-work-group"
    assert slugs[15] == "bylaws-work-group"


def test_it_matches_groups_across_sources_by_the_reviewed_aliases(db):
    conduct = Group.objects.get(slug="code-of-conduct-work-group")
    assert conduct.pages.filter(path="psf/working-groups/Conduct/Charter").exists()
    assert conduct.pages.filter(path="psf/working-groups/Conduct Group").exists()
    cuba = Group.objects.get(slug="cuban-pythonistas-work-group")
    assert cuba.aliases.filter(name="Python Cuba WG").exists()
    # "Python Edu" complements, and differs from, the 2011 Outreach & Education committee.
    edu = Group.objects.get(slug="psf-education-work-group")
    assert edu.pages.filter(path="psf/working-groups/Python Edu Charter", kind="charter").exists()
    outreach = Group.objects.get(slug="outreach-education-work-group")
    assert not outreach.pages.exists() and not outreach.aliases.filter(name="Python Edu").exists()
    jobs = Group.objects.get(slug="python-job-board-work-group")
    assert jobs.aliases.filter(name="Jobs WG").exists()


def test_it_reads_the_python_org_dates(db):
    psc = Group.objects.get(slug="public-support-committee-psc")
    assert (psc.formed, psc.dissolved) == (PartialDate(2002, 8, 13), PartialDate(2007, 2, 25))
    assert Group.objects.get(slug="code-of-conduct-work-group").formed == PartialDate(2018, 5)


def test_it_keeps_resolutions_with_dates_votes_and_inferred_dates(db):
    tm = list(Resolution.objects.filter(group__slug="trademarks-work-group"))
    assert [(r.kind, str(r.date), r.date_inferred) for r in tm] == [
        ("work-group", "2013-08-16", False),
        ("establishing", "2008-11", True),
    ]
    assert tm[0].vote == {"yes": 7, "no": 0, "abstain": 1} and tm[0].medium == "IRC vote"
    pcc = Resolution.objects.filter(group__slug="python-conference-committee-pcc")
    assert [str(r.date) for r in pcc] == ["2003-10-14", "2005-05-06", "2007-01-08"]
    # 19 quoted on python.org, 2 told in its Infrastructure prose, 3 from wiki pages.
    assert Resolution.objects.count() == 24


def test_it_plays_the_conduct_rosters_addition_then_the_2024_list_then_the_newer_charter(db):
    members = current("code-of-conduct-work-group")
    assert len(members) == 13
    # The charter lists among past members two people python.org's 2024 list has: it is newer.
    assert ("Łukasz Langa", "member") not in members and ("Jeremy Hylton", "member") in members
    assert ("Tania Allard", "chair") in members and ("Jessica Greene", "chair") in members
    ended = Membership.objects.get(
        group__slug="code-of-conduct-work-group", person__name="Anwesha Das"
    )
    assert (ended.start, ended.end) == (PartialDate(2018, 5, 31), PartialDate(2024))
    kept = Membership.objects.get(
        group__slug="code-of-conduct-work-group", person__name="Brett Cannon"
    )
    assert kept.start == PartialDate(2018, 5, 31) and kept.current


def test_it_records_role_changes_as_new_memberships(db):
    mertz = Membership.objects.filter(
        group__slug="trademarks-work-group", person__name="David Mertz"
    )
    assert [
        (m.role, str(m.start), str(m.end) if m.end else None) for m in mertz.order_by("start")
    ] == [
        ("member", "2008-11", "2013-08-16"),
        ("co-chair", "2013-08-16", None),
    ]
    assert current("trademarks-work-group") == {
        ("David Mertz", "co-chair"),
        ("Marc-André Lemburg", "co-chair"),
        ("Carl Trachte", "member"),
        ("Doug Napoleone", "member"),
        ("David Goodger", "member"),
        ("Van Lindberg", "member"),
    }


def test_it_ends_everyone_in_a_dissolved_group(db):
    assert not Membership.objects.filter(group__status="dissolved", end=None).exists()
    pcc = Membership.objects.filter(group__slug="python-conference-committee-pcc")
    kuchling = pcc.get(person__name="Andrew Kuchling")
    assert (kuchling.role, kuchling.start) == ("chair", PartialDate(2005, 5, 6))
    assert pcc.get(person__name="David Ascher", role="chair").end == PartialDate(2005, 5, 6)


def test_it_takes_the_wikis_roster_where_python_org_states_none(db):
    grants = current("grants-work-group")
    assert ("Marie Nordin", "chair") in grants  # the charter, newer than the legacy page
    assert ("Cheuk Ting Ho", "vice-chair") in grants
    assert current("translation-work-group") == {
        ("Lorena Mesa", "co-chair"),
        ("Marlene Mhangami", "co-chair"),
        ("Naomi Ceder", "co-chair"),
    }


def test_it_makes_one_person_of_spelling_variants(db):
    mal = Person.objects.get(slug="marc-andre-lemburg")
    assert mal.name == "Marc-André Lemburg"
    assert {"Marc-Andre Lemburg"} <= set(mal.aliases.values_list("name", flat=True))
    assert mal.memberships.values("group").distinct().count() >= 5
    assert not Person.objects.filter(name__in=["TBD", "TBC", "??", "X"]).exists()
    assert not Person.objects.filter(name__contains="@").exists()


def test_it_attaches_meeting_notes_with_their_dates(db):
    minutes = Page.objects.filter(group__slug="packaging-work-group", kind="minutes")
    assert minutes.count() == 110
    page = minutes.get(path="psf/working-groups/Packaging/2019-06-07-Warehouse")
    assert page.date == PartialDate(2019, 6, 7)
    assert page.cite.startswith("psf/working-groups/Packaging/2019-06-07-Warehouse.md:1-")


def test_it_keeps_charter_versions_in_order(db):
    charters = Page.objects.filter(group__slug="scientific-python-work-group", kind="charter")
    assert list(charters.order_by("position").values_list("path", flat=True)) == [
        "psf/working-groups/Scientific/Charter",
        "psf/working-groups/Scientific/Charter_v2",
        "psf/working-groups/Scientific/Charter_v3",
    ]


def test_it_keeps_old_addresses(db):
    assert LegacyPath.objects.count() == 312
    assert LegacyPath.objects.get(old="psf/PackagingWG").new == "psf/working-groups/Packaging"
    assert GroupAlias.objects.filter(
        kind="path", name="psf/working-groups/Packaging/index"
    ).exists()
    assert Page.objects.filter(path="psf/working-groups/Packaging").exists()  # the legacy page


def test_it_stores_the_disagreements_as_claims(db):
    scientific = Claim.objects.filter(group__slug="scientific-python-work-group", field="status")
    assert set(scientific.values_list("value", flat=True)) == {"inactive", "active"}
    hint = Claim.objects.get(group__slug="pydotorg-work-group", field="status_hint")
    assert (hint.value, hint.source.path, hint.line_start) == (
        {"hint": "not active"},
        "psf/about/Contents.md",
        98,
    )


def test_importing_again_changes_nothing(db):
    versions = dict(Group.objects.values_list("slug", "version"))
    memberships = list(Membership.objects.values())
    call_command("import", *[str(p) for p in settings.BUNDLED_DATA], verbosity=0)
    assert dict(Group.objects.values_list("slug", "version")) == versions
    assert list(Membership.objects.values()) == memberships


def test_a_bad_file_in_a_folder_aborts_the_whole_import(db, tmp_path):
    wiki = tmp_path / "psf-wiki"
    shutil.copytree(settings.PROJECT_DIR / "data" / "psf-wiki", wiki)
    charter = wiki / "psf/working-groups/Translation/Charter.md"
    charter.write_bytes(charter.read_bytes() + b"\n\xff broken\n")
    new_page = wiki / "psf/working-groups/Translation/2030-01-01-meeting.md"
    new_page.write_text("# Translation/2030-01-01-meeting\n\nHello\n")
    pages = Page.objects.count()
    with pytest.raises(CommandError) as info:
        call_command("import", str(wiki), verbosity=0)
    assert str(info.value).startswith(f"{charter}:")
    assert "not UTF-8" in str(info.value)
    assert Page.objects.count() == pages
    assert not Source.objects.filter(path__contains="2030-01-01").exists()
