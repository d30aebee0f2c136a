"""Findings about one group, for its page: the rules run over that group's rows alone.

A whole-registry run takes seconds at ten thousand groups; a group page cannot wait for it.
`GroupScope` is a `Registry` holding one group's rows and, of other groups, only those a rule
compares with it: the resolutions whose text is the same as one of its own, and the groups
whose list its sources give, or whose sources give its list. Rules that need every page or
every person (broken-link, person-near-duplicate, unmatched-legacy-page) are left to the
health page. Every call makes the same number of queries, whatever the data.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cached_property, reduce
from operator import or_

from django.db.models import Q

from workgroups.checks import prepared
from workgroups.checks.findings import Finding
from workgroups.checks.registry import Registry, _authority
from workgroups.checks.rules import (
    RULES,
    broken_link,
    page_order,
    person_near_duplicate,
    unmatched_legacy_page,
)
from workgroups.lib.text import normal_text, text_key
from workgroups.lib.vocabulary import ClaimField

WHOLE_REGISTRY = {broken_link, person_near_duplicate, unmatched_legacy_page}
GROUP_RULES = [rule for rule in RULES if rule not in WHOLE_REGISTRY]
# Shorter texts are too common to say one was pasted under the wrong group (the rule's bound).
_MIN_TEXT = 40


class GroupScope(Registry):
    """One group's rows as the rules read them, with what other groups share with it.

    The page passes the rows it has already loaded (memberships with their people and
    sources, pages with their bodies, roster approvals) so that none is read twice.
    """

    def __init__(self, group, *, memberships, resolutions, pages, roster_approvals, today=None):
        super().__init__(today)
        self.group = group
        self._resolutions = resolutions
        self._memberships = memberships
        self._pages = pages
        self._approvals = roster_approvals

    @cached_property
    def sharing_text(self) -> list:
        """Other groups' resolutions whose text is the same as one of this group's (one
        query, by the indexed key of the normalised text)."""
        from workgroups.registry.models import Resolution

        own = {normal_text(r.text) for r in self._resolutions}
        # Each key once, as SQL's IN holds them.
        keys = list(
            dict.fromkeys(
                text_key(r.text) for r in self._resolutions if len(normal_text(r.text)) >= _MIN_TEXT
            )
        )
        # Pk 0 is no row: it keeps the query from being empty, and its count fixed.
        others = prepared.rows(
            ("group scope", "sharing text", len(keys)),
            lambda: (
                Resolution.objects.select_related("source", "group__source")
                .filter(Q(pk__in=[0]) | Q(text_key__in=keys))
                .exclude(group_id=self.group.pk)
            ),
            [0, *keys, self.group.pk],
        )
        # The key is a digest: the texts themselves say whether they are the same.
        return [r for r in others if normal_text(r.text) in own]

    @cached_property
    def _claims_and_lists(self) -> tuple[dict, list, dict]:
        """(claims by group, mailing lists, groups met through a list) in three queries."""
        from workgroups.registry.models import Claim, MailingList

        # The models' orders with the group's id for the group's own order (position, name):
        # the same order within each group, which is all that is read, without joining groups.
        own_lists = prepared.rows(
            ("group scope", "own lists"),
            lambda: (
                MailingList.objects.select_related("source")
                .filter(group_id=self.group.pk)
                .order_by("position", "address")
            ),
            [self.group.pk],
        )
        ids = [g.pk for g in self._text_groups]
        # The compared groups' claims, and any claim that gives one of this group's lists.
        addresses = [ml.address for ml in own_lists if ml.address]
        gives_ours = [Q(field=ClaimField.MAILING_LIST, value=a) for a in addresses]
        wanted = reduce(or_, gives_ours, Q(group_id__in=ids))
        rows = prepared.rows(
            ("group scope", "claims", len(ids), len(addresses)),
            lambda: (
                Claim.objects.select_related("source", "group__source")
                .filter(wanted)
                .order_by("group_id", "field", "source__path", "line_start")
            ),
            # A JSON value is compared as its JSON text (SQLite's; on another database the
            # parameters differ and the query is compiled at each use).
            [*ids, *(p for a in addresses for p in (ClaimField.MAILING_LIST, json.dumps(a)))],
        )
        claims = self._by_group(sorted(rows, key=_authority))
        met = {c.group_id: c.group for c in rows if c.group_id not in ids}
        # Each address once, as SQL's IN holds them.
        given = list(
            dict.fromkeys(
                c.value
                for c in claims.get(self.group.pk, ())
                if c.field == ClaimField.MAILING_LIST and isinstance(c.value, str)
            )
        )
        # Pk 0 is no row: it keeps the query from being empty, and its count fixed.
        others = prepared.rows(
            ("group scope", "lists met", len(given), len(met)),
            lambda: (
                MailingList.objects.select_related("source", "group__source")
                .filter(Q(pk__in=[0]) | Q(address__in=given) | Q(group_id__in=list(met)))
                .order_by("group_id", "position", "address")
            ),
            [0, *given, *met],
        )
        others = [ml for ml in others if ml.group_id != self.group.pk]
        for ml in others:
            met.setdefault(ml.group_id, ml.group)
        lists = sorted(own_lists + others, key=lambda ml: (ml.group_id, ml.position))
        return claims, lists, met

    @cached_property
    def _text_groups(self) -> list:
        groups = {self.group.pk: self.group}
        for r in self.sharing_text:
            groups.setdefault(r.group_id, r.group)
        return list(groups.values())

    @cached_property
    def groups(self) -> list:
        groups = {g.pk: g for g in self._text_groups}
        for pk, group in self._claims_and_lists[2].items():
            groups.setdefault(pk, group)
        # In the whole registry's order, so that findings read the same as on the health page.
        return sorted(groups.values(), key=lambda g: (g.position, g.name))

    @cached_property
    def claims(self) -> dict[int, list]:
        return self._claims_and_lists[0]

    @cached_property
    def mailing_lists(self) -> dict[int, list]:
        return self._by_group(self._claims_and_lists[1])

    @cached_property
    def memberships(self) -> dict[int, list]:
        return {self.group.pk: list(self._memberships)}

    @cached_property
    def resolutions(self) -> dict[int, list]:
        rows: dict[int, list] = defaultdict(list)
        for r in sorted([*self._resolutions, *self.sharing_text], key=lambda r: (r.group_id, r.pk)):
            rows[r.group_id].append(r)
        return rows

    @cached_property
    def pages(self) -> list:
        return sorted(self._pages, key=page_order)

    @cached_property
    def roster_approvals(self) -> dict[int, list]:
        return {self.group.pk: list(self._approvals)}

    @cached_property
    def group_aliases(self) -> dict[int, list[str]]:
        from workgroups.registry.models import GroupAlias

        names = defaultdict(list)
        ids = [g.pk for g in self._text_groups]
        # The kind is picked here, not in SQL: given it, SQLite reads every name alias of the
        # registry by the (kind, name) index (0.5 ms at 10,000 groups) instead of the group's.
        rows = prepared.rows(
            ("group scope", "aliases", len(ids)),
            lambda: GroupAlias.objects.filter(group_id__in=ids).values_list(
                "group_id", "kind", "name"
            ),
            ids,
        )
        for group_id, kind, name in rows:
            if kind == GroupAlias.Kind.NAME:
                names[group_id].append(name)
        return names


def group_findings(scope: GroupScope) -> list[Finding]:
    """The findings about the scope's group, in the health page's order."""
    slug = scope.group.slug
    found = [f for rule in GROUP_RULES for f in rule(scope) if slug in f.groups]
    return sorted(found, key=Finding.sort_key)
