"""`workgroups remind`: yearly roster approvals due within 30 days or overdue."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from workgroups.registry import services
from workgroups.registry.approvals import requires_yearly_roster_approval
from workgroups.registry.management.commands.remind import due_roster_approvals
from workgroups.registry.models import Group, Resolution, RosterApproval

TRADEMARK = (
    "**RESOLVED**, that the Trademark Committee shall be a working group of the Python "
    "Software Foundation, co\\-chaired by David Mertz and Marc\\-André Lemburg. Co\\-chairs "
    "shall, by joint agreement, have the power to add or remove committee members, with the "
    "current membership roster to be approved by the Python Software Foundation Board of "
    "Directors at least once per year"
)


def run(*args) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def yearly(group, chair, staff):
    chair.email = "chair@example.org"
    chair.save()
    staff.email = "staff@example.org"
    staff.save()
    Resolution.objects.create(group=group, kind="establishing", date="2019-03-01", text=TRADEMARK)
    return group


@pytest.mark.parametrize(
    "text, expected",
    [
        (TRADEMARK, True),
        ("The roster shall be approved annually by the Board.", True),
        ("Its roster is approved by the board every year.", True),
        ("RESOLVED, that the group meet once per year. The roster is set by the chair.", False),
        ("RESOLVED, that the roster be approved by the Board.", False),
        ("", False),
    ],
)
def test_it_reads_the_yearly_requirement_in_resolution_texts(text, expected):
    assert requires_yearly_roster_approval(text) is expected


def test_a_never_approved_roster_is_overdue_and_mailed_to_chairs_and_staff(yearly, outsider):
    outsider.email = "outsider@example.org"
    outsider.save()
    out = run("--today", "2024-06-01")
    assert "Testing Work Group: roster approval overdue since 2020-03-01" in out
    assert "last approved: never" in out
    assert "chairs: Carla Chair" in out
    assert sorted(m.to[0] for m in mail.outbox) == ["chair@example.org", "staff@example.org"]
    assert "Testing Work Group" in mail.outbox[0].body


def test_an_approval_within_the_year_is_not_due(yearly):
    services.approve_roster(group=yearly, date="2024-01-15")
    assert "No roster approval is due." in run("--today", "2024-06-01")
    assert mail.outbox == []


def test_an_approval_due_within_30_days_is_listed(yearly):
    RosterApproval.objects.create(group=yearly, date="2023-06-20")
    out = run("--today", "2024-06-01")
    assert "due on 2024-06-20 (in 19 days)" in out
    assert "No roster approval" in run("--today", "2024-06-01", "--days", "10")


def test_a_year_or_month_approval_counts_from_its_last_day(yearly):
    RosterApproval.objects.create(group=yearly, date="2023")
    [due] = due_roster_approvals(__import__("datetime").date(2024, 12, 15))
    assert due.due.isoformat() == "2024-12-31"


def test_dissolved_groups_and_groups_without_the_requirement_are_left_alone(yearly, db):
    Group.objects.create(name="Quiet WG", slug="quiet")
    services.record_resolution(group=yearly, kind="dissolving", date="2024-01-01", text="R.")
    assert "No roster approval is due." in run("--today", "2024-06-01")


def test_dry_run_sends_nothing(yearly):
    out = run("--today", "2024-06-01", "--dry-run")
    assert "Would e-mail: chair@example.org, staff@example.org" in out
    assert mail.outbox == []


def test_on_the_psf_data_the_trademark_and_outreach_committees_need_approvals(psf_data, db):
    names = {d.group.name for d in due_roster_approvals(__import__("datetime").date(2025, 1, 1))}
    assert any("Trademark" in name for name in names), names
