"""The yearly roster approval: one rule for the findings, `remind` and the group page."""

from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace as Row

import pytest

from workgroups.checks.engine import compute_findings
from workgroups.lib.partialdate import PartialDate
from workgroups.lib.vocabulary import FindingCode
from workgroups.registry.approvals import (
    group_yearly_roster_approval,
    requires_yearly_roster_approval,
    yearly_roster_approval,
)
from workgroups.registry.management.commands.remind import due_roster_approvals
from workgroups.registry.models import Group, Resolution, RosterApproval

SEEDS = Path(__file__).resolve().parents[3] / "data" / "seeds" / "python-org-psf-workgroups.md"
# The resolutions of the python.org page that require it (Trademarks, Outreach and Education).
PSF_TEXTS = [
    line.removeprefix("> ")
    for line in SEEDS.read_text(encoding="utf-8").splitlines()
    if "RESOLVED" in line and "roster" in line
]

PHRASINGS = [
    # The python.org page (and the wiki, which states no roster approval of its own).
    *((text, True) for text in PSF_TEXTS),
    # The tests' phrasings.
    ("The roster shall be approved annually by the Board.", True),
    ("Its roster is approved by the board every year.", True),
    ("RESOLVED, that the group meet once per year. The roster is set by the chair.", False),
    ("RESOLVED, that the roster be approved by the Board.", False),
    ("", False),
    # A synthetic registry's roster resolution, and its charters' sentence.
    (
        "RESOLVED, that the Python Software Foundation approve the membership of the Tea Work "
        "Group as listed below;\n\nRESOLVED, that the group report to the Board at least once "
        "a year.",
        False,
    ),
    ("The Board approves the roster every year.", True),
    # Other ways to say it.
    ("The board shall, each year, approve the group's membership roster.", True),
    ("with the roster subject to the yearly approval of the PSF Board of Directors", True),
    (
        "with its membership to be re-approved by the Python Software Foundation, Inc. Board "
        "of Directors once a year",
        True,
    ),
    # Each word of the requirement as the patterns read it: Markdown marks off (a word split
    # by them is whole again), "member" and "annu" as well as "roster" and "year".
    ("Its ros*ter is app_roved by the board every ye**ar.", True),
    ("The membership list is approved by the Board annually.", True),
    ("The members list is approved by the board per annum.", True),
    # Near misses: once, not yearly; someone else approves; the year belongs to something else.
    ("RESOLVED, that the roster was approved by the board once, not yearly.", False),
    ("RESOLVED, that the roster was approved by the board.", False),
    ("The roster need not be approved by the board every year.", False),
    ("The co-chairs approve the roster every year, and report it to the board.", False),
    ("The roster is approved by the chairs every year and reported to the board.", False),
    ("The board approved the roster, and the group reports to it every year.", False),
    ("The roster shall be approved by the board every two years.", False),
    (
        # The Sprint Work Group's resolution: a yearly budget, members approved by the board.
        'RESOLVED, that the Board approves the creation of a specific\n"Targeted Sprint '
        'Committee" and allocates a yearly budget of 5000 USD\nfor the funding of targeted, '
        "community based sprints with Jesse Noller\nas the initial Chairman, and additional "
        "members as needed per project\nrequirements and approved by the board.",
        False,
    ),
    (
        # The Grants charter: members confirm themselves after the yearly board election.
        "GWG members are required to annually confirm, in writing, their participation in the "
        "workgroup within one month of the yearly PSF Board election.",
        False,
    ),
]


def test_the_python_org_page_states_the_requirement_twice():
    assert len(PSF_TEXTS) == 2


@pytest.mark.parametrize("text, expected", PHRASINGS)
def test_it_reads_the_requirement_in_every_phrasing(text, expected):
    assert requires_yearly_roster_approval(text) is expected


def state(approved=(), resolved="2013-08-16", today=date(2026, 3, 10), **options):
    resolutions = [Row(text=PSF_TEXTS[0], date=resolved)]
    approvals = [Row(date=d) for d in approved]
    return yearly_roster_approval(resolutions, approvals, today, **options)


def test_it_is_due_a_year_after_the_requiring_resolution_when_never_approved():
    s = state()
    assert (s.required, s.due, s.overdue, s.last_approval) == (True, date(2014, 8, 16), True, None)
    assert s.since == PartialDate(2013, 8, 16)


def test_it_counts_from_the_last_approval_and_from_the_last_day_of_a_partial_date():
    s = state(approved=["2019", "2025-05"], today=date(2026, 5, 1))
    assert (s.last_approval, s.due, s.overdue, s.due_soon) == (
        PartialDate(2025, 5),
        date(2026, 5, 31),
        False,
        True,
    )
    assert not state(approved=["2025-05"], today=date(2026, 4, 1)).due_soon
    assert state(approved=["2025-05"], today=date(2026, 4, 1), soon=timedelta(days=60)).due_soon


def test_it_is_overdue_the_day_after_it_is_due():
    assert not state(approved=["2025-06-01"], today=date(2026, 6, 1)).overdue
    assert state(approved=["2025-06-01"], today=date(2026, 6, 2)).overdue


def test_an_approval_older_than_the_requirement_does_not_make_it_due_earlier():
    assert state(approved=["2010"], resolved="2025-01-01", today=date(2025, 6, 1)).due == date(
        2026, 1, 1
    )


def test_undated_it_is_overdue_and_inactive_or_unrequired_it_is_not_required():
    s = state(resolved=None)
    assert (s.required, s.due, s.overdue) == (True, None, True)
    assert not state(active=False).required
    assert not yearly_roster_approval([Row(text="R.", date="2020")], [], date.today()).required
    assert not yearly_roster_approval([], [], date.today()).required


def test_a_view_can_ask_for_one_group(group):
    Resolution.objects.create(group=group, kind="work-group", date="2023-02", text=PSF_TEXTS[0])
    RosterApproval.objects.create(group=group, date="2024-03-01")
    s = group_yearly_roster_approval(group, date(2025, 2, 20))
    assert (s.required, s.due, s.overdue, s.due_soon) == (True, date(2025, 3, 1), False, True)


def _disagreements(today: date) -> tuple[set[str], set[str]]:
    """(groups with a roster-approval-overdue finding, groups `remind` calls overdue)."""
    found = {
        slug
        for f in compute_findings(today=today)
        if f.code == FindingCode.ROSTER_APPROVAL_OVERDUE
        for slug in f.groups
    }
    reminded = {d.group.slug for d in due_roster_approvals(today, days=0) if d.overdue}
    return found, reminded


def test_the_findings_and_remind_agree_group_by_group_on_every_phrasing(db):
    expected = set()
    for n, (text, required) in enumerate(PHRASINGS):
        for status in ("active", "inactive"):
            slug = f"g{n}-{status}"
            group = Group.objects.create(name=f"Group {n} {status}", slug=slug, status=status)
            Resolution.objects.create(group=group, kind="work-group", date="2013-08", text=text)
            if n % 3 == 0:  # some approved within the year: due, but not overdue
                RosterApproval.objects.create(group=group, date="2025-06-01")
            elif required and status == "active":
                expected.add(slug)
    found, reminded = _disagreements(date(2026, 3, 10))
    assert found == reminded == expected


def test_the_findings_and_remind_agree_on_the_psf_data(psf_data, db):
    found, reminded = _disagreements(date(2026, 3, 10))
    assert found == reminded == {"trademarks-work-group"}
