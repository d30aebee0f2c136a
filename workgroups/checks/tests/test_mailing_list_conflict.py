from workgroups.checks.rules import mailing_list_conflict
from workgroups.checks.tests.make import PSF, claim, group, run
from workgroups.registry.models import MailingList

WIKI = "psf/working-groups/Grants/Charter.md"


def lists(g, *addresses):
    for position, address in enumerate(addresses):
        MailingList.objects.create(group=g, address=address, position=position)


def test_it_reports_a_page_giving_another_group_s_list(db):
    grants = group("Grants Work Group", "grants", position=1)
    conduct = group("Code of Conduct Work Group", "conduct", position=2)
    lists(grants, "grants@python.org")
    lists(conduct, "conduct-wg@python.org")
    claim(grants, "mailing_list", "conduct-wg@python.org", WIKI, 12)
    [f] = run(mailing_list_conflict)
    assert (f.code, f.severity, f.groups) == (
        "mailing-list-conflict",
        "error",
        ("grants", "conduct"),
    )
    assert f.message == (
        "Grants Work Group: the wiki page “Grants/Charter” (line 12) gives conduct-wg@python.org "
        "as its list, but that is the Code of Conduct Work Group's list; the group's other "
        "sources give grants@python.org."
    )
    assert [s.cite for s in f.sources] == [f"{WIKI}:12"]


def test_it_names_all_the_group_s_own_lists_or_none(db):
    grants = group("Grants Work Group", "grants", position=1)
    jobs = group("Jobs Work Group", "jobs", position=2)
    conduct = group("Code of Conduct Work Group", "conduct", position=3)
    lists(grants, "grants@python.org", "grants-private@python.org")
    lists(conduct, "conduct-wg@python.org")
    claim(grants, "mailing_list", "conduct-wg@python.org", PSF, 40)
    claim(jobs, "mailing_list", "conduct-wg@python.org", PSF, 50)
    found = {f.groups: f.message for f in run(mailing_list_conflict)}
    assert set(found) == {("grants", "conduct"), ("jobs", "conduct")}
    assert found[("grants", "conduct")].startswith(
        "Grants Work Group: the python.org page (line 40) gives conduct-wg@python.org"
    )
    assert found[("grants", "conduct")].endswith(
        "other sources give grants-private@python.org and grants@python.org."
    )
    assert found[("jobs", "conduct")].endswith("the group's other sources give no list.")


def test_it_is_quiet_when_the_list_is_the_group_s_own_or_nobody_s(db):
    grants = group("Grants Work Group", "grants")
    lists(grants, "grants@python.org")
    claim(grants, "mailing_list", "grants@python.org", WIKI, 3)
    claim(grants, "mailing_list", "psf@python.org", WIKI, 4)  # no group's list
    assert run(mailing_list_conflict) == []


def test_it_is_quiet_when_two_groups_share_a_list_both_keep(db):
    grants = group("Grants Work Group", "grants")
    funding = group("Project Funding Work Group", "funding")
    lists(grants, "grants@python.org")
    lists(funding, "grants@python.org")
    claim(grants, "mailing_list", "grants@python.org", WIKI, 3)
    claim(funding, "mailing_list", "grants@python.org", PSF, 3)
    assert run(mailing_list_conflict) == []


def test_it_is_quiet_without_lists(db):
    group("Grants Work Group", "grants")
    assert run(mailing_list_conflict) == []
