import os
import shutil
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from workgroups.checks.engine import compute_findings
from workgroups.checks.findings import findings_json
from workgroups.checks.text import render


class Command(BaseCommand):
    help = (
        "Report what the registry shows to be contradictory, stale or missing. "
        "--strict exits 1 when there are findings."
    )
    # A read-only report: Django's system checks (a quarter of a second at start-up) are run
    # by the commands that serve or change the registry (serve, migrate), not by this one.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--by", choices=["severity", "group"], default="severity", help="text grouping"
        )
        parser.add_argument("--strict", action="store_true", help="exit 1 if there are findings")
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="count overdue and dormant from this date"
        )

    def handle(self, *args, format, by, strict, today, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"--today {today!r} is not a date like 2026-03-10") from None
        # One process, two cores; its rows are given back when it ends.
        findings = compute_findings(today=day, fork=True, ending=True)
        if format == "json":
            self.stdout.write(findings_json(findings))
        else:
            from workgroups.registry.models import Group

            self.stdout.write(
                render(
                    findings,
                    by=by,
                    width=shutil.get_terminal_size((100, 24)).columns,
                    colour=self._colour(options),
                    group_names=dict(Group.objects.values_list("slug", "name")),
                ),
                ending="",
            )
        if strict and findings:
            raise SystemExit(1)

    def _colour(self, options) -> bool:
        if options.get("force_color"):
            return True
        if options.get("no_color") or "NO_COLOR" in os.environ:
            return False
        return self.stdout.isatty()
