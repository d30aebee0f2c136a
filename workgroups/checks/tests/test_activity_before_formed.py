from workgroups.checks.rules import activity_before_formed
from workgroups.checks.tests.make import PSF, claim, group, member, run, source
from workgroups.registry.models import Page, Resolution, RosterApproval

WIKI = "psf/working-groups/Scientific.md"


def resolution(g, kind, when, line=98, **fields):
    return Resolution.objects.create(
        group=g,
        kind=kind,
        text="RESOLVED.",
        date=when,
        source=source(WIKI),
        line_start=line,
        **fields,
    )


def test_it_reports_a_resolution_dated_before_the_group_was_formed(db):
    g = group("Scientific Python Work Group", "scientific", formed="2015-04")
    resolution(g, "current", "2015-01-07")
    [f] = run(activity_before_formed)
    assert (f.code, f.severity, f.groups) == ("activity-before-formed", "warning", ("scientific",))
    assert f.message == (
        "Scientific Python Work Group was formed in April 2015, but a resolution dates "
        "activity on 7 January 2015, before it was formed."
    )
    assert [s.cite for s in f.sources] == [f"{WIKI}:98"]


def test_it_names_the_earliest_of_several_early_signs(db):
    g = group("Scientific Python Work Group", "scientific", formed="2015-04")
    member(g, "Ada Lovelace", start="2015-02")
    Page.objects.create(group=g, title="Kick-off", slug="kick-off", kind="minutes", date="2014")
    claim(g, "stated_date", {"label": "grant", "date": "2015-02-26"}, PSF, 7)
    [f] = run(activity_before_formed)  # one finding per group
    assert f.message == (
        "Scientific Python Work Group was formed in April 2015, but the page “Kick-off” dates "
        "activity in 2014, before it was formed."
    )


def test_it_counts_joining_members_and_dates_stated_in_a_source(db):
    a = group("Grants Work Group", "grants", formed="2018")
    member(a, "Ada Lovelace", start="2017-12-31")
    b = group("Jobs Work Group", "jobs", formed="2018")
    claim(b, "roster", {"members": [], "date": "2017-06", "origin": "statement"}, PSF, 9)
    found = {f.groups: f.message for f in run(activity_before_formed)}
    assert found[("grants",)].endswith(
        "but Ada Lovelace joining dates activity on 31 December 2017, before it was formed."
    )
    assert found[("jobs",)].endswith(
        "but a date stated in the python.org page dates activity in June 2017, before it was "
        "formed."
    )


def test_an_earlier_establishing_resolution_is_left_to_formed_date_conflict(db):
    g = group("Scientific Python Work Group", "scientific", formed="2015-04")
    resolution(g, "establishing", "2015-01-07")
    assert run(activity_before_formed) == []
    resolution(g, "amending", "2015-03-01", line=120)
    [f] = run(activity_before_formed)
    assert "a resolution dates activity on 1 March 2015" in f.message
    assert [s.cite for s in f.sources] == [f"{WIKI}:120"]


def test_an_inferred_resolution_date_is_no_activity(db):
    g = group("Scientific Python Work Group", "scientific", formed="2015-04")
    resolution(g, "current", "2014-01", date_inferred=True)
    assert run(activity_before_formed) == []


def test_dates_that_may_fall_in_the_formed_month_or_year_are_not_early(db):
    g = group("Scientific Python Work Group", "scientific", formed="2015-04-28")
    resolution(g, "current", "2015-04")  # may be the 28th or later
    member(g, "Ada Lovelace", start="2015")
    member(g, "Bob Brown", start="[..2016]")  # on or before: not certainly before
    member(g, "Carol Cee", start="2015~")
    h = group("Grants Work Group", "grants", formed="2015-04")
    member(h, "Dan Dee", start="2015-04-01")
    assert run(activity_before_formed) == []


def test_it_is_quiet_without_a_known_formed_date_or_an_activity_row(db):
    a = group("Grants Work Group", "grants")
    member(a, "Ada Lovelace", start="2001")
    b = group("Jobs Work Group", "jobs", formed="XXXX")
    member(b, "Bob Brown", start="2001")
    c = group("Sprint Work Group", "sprint", formed="2018", confirmed="2017")
    RosterApproval.objects.create(group=c, date="2017-01-01")
    assert run(activity_before_formed) == []


def test_a_group_formed_on_a_day_is_said_to_be_formed_on_that_day(db):
    g = group("Code of Conduct Work Group", "conduct", formed="2018-05-31")
    member(g, "Ada Lovelace", start="2018-01")
    [f] = run(activity_before_formed)
    assert f.message.startswith("Code of Conduct Work Group was formed on 31 May 2018, but ")
