"""`Registry`: the rows the findings rules read, so that a run of every rule makes a fixed
number of queries however many groups there are.

Models are imported where rows are loaded, so that the rules import without Django set up.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cached_property

from workgroups.lib.vocabulary import ClaimField, SourceKind


class Registry:
    """The registry as the rules read it: each kind of row loaded once, on first use."""

    def __init__(self, today: date | None = None):
        self.today = today or date.today()
        self.memo: dict = {}  # what one rule works out that another needs too

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

    def claims_of(self, group, field: ClaimField) -> list:
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


_KIND_ORDER = {SourceKind.PSF_PAGE: 0, SourceKind.WIKI_INDEX: 1}


def _authority(row):
    """Sort key: the python.org page first, then the wiki index, then pages by path and line."""
    source = row.source
    if source is None:
        return (3, "", 0, row.pk)
    return (_KIND_ORDER.get(source.kind, 2), source.path, row.line_start or 0, row.pk)
