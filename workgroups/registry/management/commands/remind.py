"""`workgroups remind`: roster approvals that are due within 30 days or overdue.

Some groups' resolutions require the board to approve their roster every year ("with the
current membership roster to be approved by the Python Software Foundation Board of
Directors at least once per year"). For each active one whose approval is overdue or due within
`--days` (as `workgroups.registry.approvals` counts it, like the findings do), this lists the
group and e-mails its chairs and the staff, through Django's mail settings.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch
from django.utils import timezone

from workgroups.lib.partialdate import PartialDate
from workgroups.lib.vocabulary import LEADS, GroupStatus
from workgroups.registry.approvals import yearly_roster_approval
from workgroups.registry.models import Group, Membership, Resolution


@dataclass
class Due:
    group: Group
    due: datetime.date | None  # None: never approved and no date to count from
    last_approval: PartialDate | None
    overdue: bool
    chairs: list = field(default_factory=list)  # Person

    def line(self, today: datetime.date) -> str:
        last = self.last_approval.iso() if self.last_approval else "never"
        if self.due is None:
            when = "overdue (never approved)"
        elif self.overdue:
            when = f"overdue since {self.due.isoformat()} ({(today - self.due).days} days)"
        else:
            when = f"due on {self.due.isoformat()} (in {(self.due - today).days} days)"
        chairs = ", ".join(p.name for p in self.chairs) or "no chair"
        return f"{self.group.name}: roster approval {when}; last approved: {last}; chairs: {chairs}"


def due_roster_approvals(today: datetime.date, days: int = 30) -> list[Due]:
    """Active groups needing a yearly roster approval that is due within `days` or overdue."""
    groups = Group.objects.filter(status=GroupStatus.ACTIVE).prefetch_related(
        Prefetch("resolutions", queryset=Resolution.objects.order_by("date")),
        "roster_approvals",
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(end__isnull=True, role__in=LEADS)
            .select_related("person__user")
            .order_by("role", "person__name"),
            to_attr="current_chairs",
        ),
    )
    soon = datetime.timedelta(days=days)
    result = []
    for group in groups:
        state = yearly_roster_approval(
            group.resolutions.all(), group.roster_approvals.all(), today, soon=soon
        )
        if state.overdue or state.due_soon:
            result.append(
                Due(
                    group=group,
                    due=state.due,
                    last_approval=state.last_approval,
                    overdue=state.overdue,
                    chairs=[m.person for m in group.current_chairs],
                )
            )
    result.sort(key=lambda d: (d.due or datetime.date.min, d.group.name))
    return result


class Command(BaseCommand):
    help = (
        "List the groups whose yearly roster approval is due within 30 days or overdue, "
        "and e-mail their chairs and the staff."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="How far ahead (30).")
        parser.add_argument("--today", help="Count from this date (YYYY-MM-DD), not today.")
        parser.add_argument(
            "--dry-run", action="store_true", help="List them and the addressees; send nothing."
        )

    def handle(self, *args, days, today, dry_run, **options):
        if today:
            try:
                today = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today {today!r} is not a date like 2024-05-31") from None
        else:
            today = timezone.localdate()
        if days < 0:
            raise CommandError("--days cannot be negative")
        due = due_roster_approvals(today, days)
        if not due:
            self.stdout.write("No roster approval is due.")
            return
        self.stdout.write(f"{len(due)} roster approval(s) due within {days} days or overdue:")
        for item in due:
            self.stdout.write(f"- {item.line(today)}")

        # Each addressee gets one message with the groups that concern them.
        staff = list(
            get_user_model()
            .objects.filter(is_active=True, is_staff=True)
            .exclude(email="")
            .order_by("email")
        )
        lines: dict[str, list[str]] = defaultdict(list)
        for item in due:
            for person in item.chairs:
                user = person.user
                if user is not None and user.is_active and user.email:
                    lines[user.email].append(item.line(today))
            for user in staff:
                lines[user.email].append(item.line(today))
        if not lines:
            self.stdout.write("No one to e-mail: no chair or staff account has an address.")
            return
        addressees = sorted(lines)
        if dry_run:
            self.stdout.write(f"Would e-mail: {', '.join(addressees)}")
            return
        sent = 0
        for address in addressees:
            body = (
                "These working groups' charters ask the board to approve their roster every "
                "year, and the approval is due or overdue:\n\n"
                + "\n".join(f"- {line}" for line in dict.fromkeys(lines[address]))
                + "\n\nRecord an approval on the group's page (Edit, then Approve the roster)."
                "\n"
            )
            subject = f"Roster approval due: {len(set(lines[address]))} working group(s)"
            sent += send_mail(subject, body, None, [address])
        self.stdout.write(f"E-mailed {sent} addressee(s): {', '.join(addressees)}")
