from datetime import date

from workgroups.checks.rules import dormant
from workgroups.checks.tests.make import INDEX, claim, group, member, run
from workgroups.registry.models import Page, Resolution


def test_it_reports_an_active_group_with_nothing_dated_for_two_years(db):
    g = group("Pydotorg Work Group", "pydotorg")
    claim(g, "status", "active", INDEX, 18)
    Page.objects.create(
        group=g, title="Meeting 2015-06-03", slug="m", kind="minutes", date="2015-06-03"
    )
    member(g, "Van Lindberg", start="2013")
    [f] = run(dormant, today=date(2026, 3, 10))
    assert (f.code, f.severity, f.groups) == ("dormant", "warning", ("pydotorg",))
    assert f.message == (
        "Pydotorg Work Group is listed as active, but the latest dated sign of activity is "
        "the page “Meeting 2015-06-03”, 3 June 2015."
    )
    assert f.sources[0].cite == f"{INDEX}:18"


def test_it_reports_an_active_group_with_no_dates_at_all(db):
    group("Meta Work Group", "meta")
    [f] = run(dormant)
    assert f.severity == "info"
    assert "nothing in the record about it is dated" in f.message


def test_it_counts_resolutions_memberships_and_stated_dates_but_not_inferred_dates(db):
    a = group("Code of Conduct Work Group", "conduct")
    claim(a, "roster", {"members": [], "date": "2024", "origin": "statement"})
    b = group("Grants Work Group", "grants")
    claim(b, "stated_date", {"label": "paused", "date": "2025-03-01"})
    c = group("Jobs Work Group", "jobs")
    member(c, "Jon Clements", start="2025-01")
    d = group("Scientific Python Work Group", "scientific")
    Resolution.objects.create(group=d, kind="current", text="x", date="2025-06")
    e = group("Trademarks Work Group", "trademarks", formed="2008-11")
    Resolution.objects.create(
        group=e, kind="establishing", text="x", date="2025-11", date_inferred=True
    )
    group("Sprint Work Group", "sprint", status="inactive")
    assert [f.groups for f in run(dormant, today=date(2026, 3, 10))] == [("trademarks",)]
