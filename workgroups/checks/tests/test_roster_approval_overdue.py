from datetime import date

from workgroups.checks.rules import roster_approval_overdue
from workgroups.checks.tests.make import PSF, group, run, source
from workgroups.registry.approvals import requires_yearly_roster_approval
from workgroups.registry.models import Resolution, RosterApproval

TEXT = (
    "> **RESOLVED**, that the Trademark Committee shall be a working group of the Python "
    "Software Foundation, co\\-chaired by David Mertz and Marc\\-André Lemburg. Co\\-chairs "
    "shall, by joint agreement, have the power to add or remove committee members, with the "
    "current membership roster to be approved by the Python Software Foundation Board of "
    "Directors at least once per year"
)


def trademarks(status="active"):
    g = group("Trademarks Work Group", "trademarks", status=status)
    Resolution.objects.create(
        group=g,
        kind="work-group",
        text=TEXT,
        date="2013-08-16",
        source=source(PSF),
        line_start=161,
    )
    return g


def test_it_reads_the_requirement_from_the_resolution_text():
    assert requires_yearly_roster_approval(TEXT)
    assert not requires_yearly_roster_approval(
        "RESOLVED, that the roster be approved by the board."
    )


def test_it_reports_an_active_group_without_an_approval_in_the_last_year(db):
    g = trademarks()
    RosterApproval.objects.create(group=g, date="2019-05")
    [f] = run(roster_approval_overdue, today=date(2026, 3, 10))
    assert (f.code, f.severity, f.groups) == ("roster-approval-overdue", "warning", ("trademarks",))
    assert f.message == (
        "Trademarks Work Group: its work group resolution of 16 August 2013 (line 161) requires "
        "the board to approve its roster at least once a year; the last recorded approval is of "
        "May 2019; an approval was due by 31 May 2020."
    )
    assert f.sources[0].cite == f"{PSF}:161"


def test_it_is_cleared_by_an_approval_within_the_year_and_today_is_injectable(db):
    g = trademarks()
    RosterApproval.objects.create(group=g, date="2025-06-01")
    assert run(roster_approval_overdue, today=date(2026, 3, 10)) == []
    assert len(run(roster_approval_overdue, today=date(2026, 6, 2))) == 1
    # A requirement younger than a year is not overdue yet.
    RosterApproval.objects.all().delete()
    assert run(roster_approval_overdue, today=date(2014, 1, 1)) == []


def test_it_leaves_inactive_groups_alone(db):
    trademarks(status="inactive")
    assert run(roster_approval_overdue) == []
