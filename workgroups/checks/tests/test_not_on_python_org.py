from workgroups.checks.rules import not_on_python_org
from workgroups.checks.tests.make import INDEX, PSF, claim, group, run, source
from workgroups.registry.models import Resolution

CHARTER = "psf/working-groups/Project Funding/Charter.md"


def wiki_group(name="Project Funding Work Group", slug="project-funding", **fields):
    g = group(name, slug, source=source(CHARTER), line_start=1, **fields)
    claim(g, "status", "active", INDEX, 17)  # the wiki index lists it under Active
    return g


def establishing(g, when, path=CHARTER, line=11, kind="establishing"):
    return Resolution.objects.create(
        group=g, kind=kind, text="RESOLVED.", date=when, source=source(path), line_start=line
    )


def test_it_reports_an_approved_active_wiki_group_missing_from_python_org(db):
    g = wiki_group()
    establishing(g, "2020-06-11")
    [f] = run(not_on_python_org)
    assert (f.code, f.severity, f.groups) == (
        "not-on-python-org",
        "warning",
        ("project-funding",),
    )
    assert f.message == (
        "Project Funding Work Group was approved by the board on 11 June 2020 (the wiki page "
        "“Project Funding/Charter” (line 11)) and the wiki lists it as active, but the "
        "python.org page does not list it."
    )
    assert [s.cite for s in f.sources] == [f"{CHARTER}:11"]


def test_it_says_in_for_an_approval_dated_by_month_or_year(db):
    establishing(wiki_group(), "2020-06")
    establishing(wiki_group("Jobs Work Group", "jobs"), "2019", path=INDEX, line=30)
    found = {f.groups: f.message for f in run(not_on_python_org)}
    assert "was approved by the board in June 2020 (the wiki page" in found[("project-funding",)]
    assert "approved by the board in 2019 (the wiki index (line 30))" in found[("jobs",)]


def test_it_is_quiet_for_a_group_the_python_org_page_lists(db):
    g = group("Grants Work Group", "grants", source=source(PSF), line_start=40)
    establishing(g, "2020-06-11", path=PSF, line=44)
    assert run(not_on_python_org) == []


def test_it_is_quiet_for_a_group_that_is_not_active(db):
    establishing(wiki_group(status="inactive"), "2020-06-11")
    establishing(wiki_group("Jobs Work Group", "jobs", status="dissolved"), "2019-01-01")
    assert run(not_on_python_org) == []


def test_it_is_quiet_without_a_dated_establishing_resolution(db):
    wiki_group()  # no resolution at all
    a = wiki_group("Jobs Work Group", "jobs")
    establishing(a, None)  # undated
    b = wiki_group("Grants Work Group", "grants")
    establishing(b, "2020-06-11", kind="amending")
    establishing(b, "2021-01-01", kind="current")
    assert run(not_on_python_org) == []


def test_one_finding_per_group_however_many_approvals(db):
    g = wiki_group()
    establishing(g, "2020-06-11")
    establishing(g, "2020-06-11", line=30)
    [f] = run(not_on_python_org)
    assert f.groups == ("project-funding",)


def test_a_group_the_wiki_index_does_not_list_as_active_is_left_alone(db):
    # A group entered on the site has no wiki index line: the wiki does not list it at all.
    g = group("Tea Work Group", "tea")
    establishing(g, "2020-06-11")
    assert run(not_on_python_org) == []
