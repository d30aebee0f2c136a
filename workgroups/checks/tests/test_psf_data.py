"""Every rule on the bundled PSF record: the real problems show up, and nothing else."""

from datetime import date

import pytest

from workgroups.checks import rules
from workgroups.checks.engine import Registry, compute_findings

TODAY = date(2026, 11, 22)


@pytest.fixture
def found(psf_data, db):
    return compute_findings(today=TODAY)


def of(found, code):
    return [f for f in found if f.code == code]


def by_group(found, code):
    return {g: f for f in of(found, code) for g in f.groups}


def test_it_finds_the_status_conflicts(found):
    conflicts = by_group(found, "status-conflict")
    errors = {g for g, f in conflicts.items() if f.severity == "error"}
    # python.org lists these as inactive; the wiki index lists them under Active.
    assert errors == {
        "scientific-python-work-group",
        "marketing-work-group",
        "cuban-pythonistas-work-group",
    }
    marketing = conflicts["marketing-work-group"]
    assert "the python.org page (line 211) lists it as inactive" in marketing.message
    assert "the wiki index (line 14) lists it as active" in marketing.message
    # Wiki text that contradicts the index's "active": Bylaws is historical, Pydotorg "(not
    # active)". Meta's "Chair: ??" names no chair; it says nothing of the group's status.
    assert {g for g, f in conflicts.items() if f.severity == "warning"} == {
        "bylaws-work-group",
        "pydotorg-work-group",
    }
    for slug in ("grants-work-group", "code-of-conduct-work-group", "translation-work-group"):
        assert slug not in conflicts


def test_it_finds_the_marketing_resolution_pasted_from_grants(found):
    [f] = of(found, "duplicate-resolution-text")
    assert f.severity == "error"
    assert f.groups == ("marketing-work-group", "grants-work-group")
    assert "pasted under the Marketing Work Group by mistake" in f.message
    assert [s.cite for s in f.sources] == [
        "python-org-psf-workgroups.md:64-68",
        "python-org-psf-workgroups.md:222-226",
    ]


def test_it_finds_the_grants_chairs_that_disagree(found):
    chairs = by_group(found, "chair-conflict")
    grants = chairs["grants-work-group"]
    assert "Marie Nordin" in grants.message and "Laura Graves" in grants.message
    assert set(chairs) == {
        "grants-work-group",
        "marketing-work-group",
        "python-job-board-work-group",
        "cuban-pythonistas-work-group",  # python.org's moderator vs the wiki's chair and vice
    }
    assert "David Mertz as its moderator" in chairs["cuban-pythonistas-work-group"].message
    # Same chairs on page and charter, a superseded charter version, or a page's chair beside
    # a charter's moderator (two offices): no finding.
    for slug in (
        "packaging-work-group",
        "scientific-python-work-group",
        "bylaws-work-group",
        "pydotorg-work-group",
    ):
        assert slug not in chairs


def test_it_finds_the_conduct_roster_that_disagrees_with_python_org(found):
    rosters = by_group(found, "roster-conflict")
    conduct = rosters["code-of-conduct-work-group"]
    assert conduct.severity == "error"
    assert "as of 2024" in conduct.message
    assert all(f.severity == "warning" for g, f in rosters.items() if g != conduct.groups[0])
    assert "trademarks-work-group" not in rosters  # only one source lists its roster


def test_it_finds_the_infrastructure_formed_date_its_text_contradicts(found):
    [f] = of(found, "formed-date-conflict")
    assert f.groups == ("infrastructure-work-group",)
    assert "Formed: April 2010" in f.message
    assert "created on 24 March 2005" in f.message and "formed in June 2013" in f.message


def test_it_finds_the_trademarks_roster_approval_long_overdue(found):
    [f] = of(found, "roster-approval-overdue")
    assert f.groups == ("trademarks-work-group",)
    assert "16 August 2013" in f.message and "due by 16 August 2014" in f.message
    # Outreach & Education has the same clause but is inactive.


def test_it_finds_active_groups_without_chair_or_contact(found):
    warned = {g for g, f in by_group(found, "no-chair").items() if f.severity == "warning"}
    assert warned == {"fellow-work-group", "meta-work-group", "sponsorship-bundle-work-group"}
    # The record now takes the chairs and lists the wiki names (Conduct's chairs, D&I's list).
    assert not {g for g, f in by_group(found, "no-chair").items() if f.severity == "info"}
    assert not by_group(found, "no-contact")


def test_it_finds_dormant_active_groups(found):
    dormant = by_group(found, "dormant")
    assert dormant["trademarks-work-group"].severity == "warning"
    assert "16 August 2013" in dormant["trademarks-work-group"].message
    assert "code-of-conduct-work-group" not in dormant  # roster as of 2024
    assert not any(g in dormant for g in ("marketing-work-group", "sprint-work-group"))


def test_it_finds_near_duplicate_names(found):
    # Jon Clement/Clements, Danny (W.) Adair and Travis (E.) Oliphant are reviewed aliases now:
    # one person each, so nothing is left to suspect.
    assert not of(found, "person-near-duplicate")


def test_it_finds_links_to_pages_that_do_not_exist(found):
    links = of(found, "broken-link")
    text = " ".join(f.message for f in links)
    assert "DiversityandInclusionWG/Charter" in text
    assert "Packaging/2020-09-29-pip" in text
    assert "“Outreach Meeting” (lines 84, 86, 87, 88 and 89, its target was lost)" in text
    # Links into wiki parts that were not imported, and MoinMoin's automatic links: left alone.
    assert "people/" not in text and "PyCon" not in text and "HelpOnGroups" not in text


def test_it_leaves_alone_the_page_reviewed_as_no_group(found):
    # data/aliases.toml lists "Education Ecosystem" (an LEDU homepage) among not_groups.
    assert not of(found, "unmatched-legacy-page")


def test_it_runs_all_rules_over_the_psf_data_in_a_fixed_number_of_queries(
    psf_data, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        compute_findings(today=TODAY)


def test_it_runs_each_rule_in_a_bounded_number_of_queries(
    psf_data, db, django_assert_max_num_queries
):
    for rule in rules.RULES:
        with django_assert_max_num_queries(8):
            list(rule(Registry(TODAY)))
