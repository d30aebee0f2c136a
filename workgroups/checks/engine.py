"""Findings: what the registry shows to be contradictory, stale or missing.

The interface other parts use: `compute_findings()` returns a list of `Finding`, and
`Finding.as_dict()` is the JSON shape of DESIGN.md (code, severity, groups, message, sources).

Rules live in `workgroups.checks.rules`: each is a function of a `Registry` (the rows the
rules read, loaded once per run with a fixed number of queries) that yields findings.
Findings are never stored: every call recomputes them from the registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

SEVERITIES = ("error", "warning", "info")
_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class SourceRef:
    path: str
    line_start: int | None = None
    line_end: int | None = None

    def as_dict(self) -> dict:
        return {"path": self.path, "line_start": self.line_start, "line_end": self.line_end}

    @property
    def cite(self) -> str:
        """'path:10-24', as Provenanced.cite writes it."""
        if self.line_start is None:
            return self.path
        if self.line_end and self.line_end != self.line_start:
            return f"{self.path}:{self.line_start}-{self.line_end}"
        return f"{self.path}:{self.line_start}"

    @classmethod
    def of(cls, row) -> SourceRef | None:
        """The source of a Provenanced row (with `source` selected), or None if typed in."""
        if row is None or row.source_id is None:
            return None
        return cls(row.source.path, row.line_start, row.line_end)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # error, warning, info
    groups: tuple[str, ...]  # slugs
    message: str  # names the groups in words
    sources: tuple[SourceRef, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "groups": list(self.groups),
            "message": self.message,
            "sources": [s.as_dict() for s in self.sources],
        }

    def sort_key(self):
        return (_RANK.get(self.severity, 9), self.code, self.groups, self.message)


def finding(code, severity, groups, message, sources=()) -> Finding:
    """A Finding from loose arguments: group rows or slugs, source rows or refs (None skipped)."""
    assert severity in _RANK, severity
    slugs = tuple(dict.fromkeys(g if isinstance(g, str) else g.slug for g in groups))
    refs: list[SourceRef] = []
    for s in sources:
        ref = s if isinstance(s, SourceRef) or s is None else SourceRef.of(s)
        if ref is not None and ref not in refs:
            refs.append(ref)
    return Finding(code, severity, slugs, message, tuple(refs))


class Registry:
    """The registry as the rules read it: each kind of row loaded once, on first use."""

    def __init__(self, today: date | None = None):
        self.today = today or date.today()

    @cached_property
    def groups(self) -> list:
        from workgroups.registry.models import Group

        return list(Group.objects.select_related("source").order_by("position", "name"))

    @cached_property
    def groups_by_id(self) -> dict:
        return {g.pk: g for g in self.groups}

    def _by_group(self, queryset) -> dict[int, list]:
        rows: dict[int, list] = defaultdict(list)
        for row in queryset:
            rows[row.group_id].append(row)
        return rows

    @cached_property
    def claims(self) -> dict[int, list]:
        from workgroups.registry.models import Claim

        qs = Claim.objects.select_related("source")
        return self._by_group(sorted(qs, key=_authority))

    def claims_of(self, group, field: str) -> list:
        return [c for c in self.claims.get(group.pk, ()) if c.field == field]

    @cached_property
    def memberships(self) -> dict[int, list]:
        from workgroups.registry.models import Membership

        qs = Membership.objects.select_related("source", "person").order_by("group", "pk")
        return self._by_group(qs)

    @cached_property
    def resolutions(self) -> dict[int, list]:
        from workgroups.registry.models import Resolution

        return self._by_group(Resolution.objects.select_related("source").order_by("group", "pk"))

    @cached_property
    def pages(self) -> list:
        """Every page, bodies included (broken-link reads them)."""
        from workgroups.registry.models import Page

        return list(Page.objects.select_related("source").order_by("path", "pk"))

    @cached_property
    def pages_by_group(self) -> dict[int, list]:
        return self._by_group(p for p in self.pages if p.group_id is not None)

    @cached_property
    def mailing_lists(self) -> dict[int, list]:
        from workgroups.registry.models import MailingList

        return self._by_group(MailingList.objects.order_by("group", "position"))

    @cached_property
    def roster_approvals(self) -> dict[int, list]:
        from workgroups.registry.models import RosterApproval

        return self._by_group(RosterApproval.objects.order_by("group", "-date"))

    @cached_property
    def people(self) -> list:
        from workgroups.registry.models import Person

        return list(Person.objects.prefetch_related("aliases").order_by("name", "pk"))

    @cached_property
    def group_paths(self) -> set[str]:
        from workgroups.registry.models import GroupAlias

        return set(GroupAlias.objects.filter(kind="path").values_list("name", flat=True))

    @cached_property
    def group_aliases(self) -> dict[int, list[str]]:
        from workgroups.registry.models import GroupAlias

        names = defaultdict(list)
        for group_id, name in GroupAlias.objects.filter(kind="name").values_list(
            "group_id", "name"
        ):
            names[group_id].append(name)
        return names

    @cached_property
    def legacy_paths(self) -> dict[str, str]:
        from workgroups.registry.models import LegacyPath

        return dict(LegacyPath.objects.values_list("old", "new"))


_KIND_ORDER = {"psf-page": 0, "wiki-index": 1}


def _authority(row):
    """Sort key: the python.org page first, then the wiki index, then pages by path and line."""
    source = row.source
    if source is None:
        return (3, "", 0, row.pk)
    return (_KIND_ORDER.get(source.kind, 2), source.path, row.line_start or 0, row.pk)


Rule = Callable[[Registry], Iterable[Finding]]


def compute_findings(today: date | None = None, rules: Iterable[Rule] | None = None):
    """Every rule over the registry, in a stable order (severity, code, groups, message).

    `today` fixes the date that "overdue" and "dormant" count from (tests pass one).
    """
    from workgroups.checks.rules import RULES

    registry = Registry(today)
    found = [f for rule in (RULES if rules is None else rules) for f in rule(registry)]
    return sorted(found, key=Finding.sort_key)
