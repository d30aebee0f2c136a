"""`Registry`: the rows the findings rules read, so that a run of every rule makes a fixed
number of queries however many groups there are.

Models are imported where rows are loaded, so that the rules import without Django set up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Container, Iterable
from datetime import date
from functools import cached_property
from itertools import compress
from operator import itemgetter

from workgroups.lib.partialdate import PartialDate
from workgroups.lib.vocabulary import ClaimField, SourceKind


class Registry:
    """The registry as the rules read it: each kind of row loaded once, on first use."""

    def __init__(self, today: date | None = None):
        self.today = today or date.today()
        self.memo: dict = {}  # what one rule works out that another needs too
        self._received: dict[str, Callable[[], object]] = {}

    def receive(self, name: str, read: Callable[[], object]) -> None:
        """Rows of this name (`membership_rows`) are given by `read()`, when first used, instead
        of by the database: a forked child's, which its parent reads meanwhile."""
        self._received[name] = read

    def load(self, *rows: str) -> None:
        """Read these kinds of row now (each is otherwise read on first use)."""
        for name in rows:
            getattr(self, name)

    @cached_property
    def groups(self) -> list:
        from workgroups.registry.models import Group

        return self._with_sources(Group.objects.order_by("position", "name"))

    @cached_property
    def groups_by_id(self) -> dict:
        return {g.pk: g for g in self.groups}

    def _with_sources(self, queryset) -> list:
        """The rows, each given its source from `sources`: one object a document, not one a row
        as select_related("source") makes (tens of thousands at 10,000 groups). Each model's
        rows are read by one query, made as `checks.prepared` makes them (a tenth less time
        than the queryset's own instances)."""
        from workgroups.checks import prepared

        rows = prepared.rows(("registry", queryset.model._meta.label), lambda: queryset, ())
        if rows:
            set_source, sources = queryset.model.source.field.set_cached_value, self.sources
            for row in rows:
                set_source(row, sources.get(row.source_id))
        return rows

    def _by_group(self, queryset) -> dict[int, list]:
        rows: dict[int, list] = defaultdict(list)
        for row in queryset:
            rows[row.group_id].append(row)
        return rows

    @cached_property
    def claims(self) -> dict[int, list]:
        from workgroups.registry.models import Claim

        return self._by_group(sorted(self._with_sources(Claim.objects.all()), key=_authority))

    def claims_of(self, group, field: ClaimField) -> list:
        return [c for c in self.claims.get(group.pk, ()) if c.field == field]

    @cached_property
    def membership_rows(self) -> list[tuple]:
        """Every membership as read: a tuple of plain values (`memberships` makes rows of them)."""
        if "membership_rows" in self._received:
            return self._received.pop("membership_rows")()
        from django.db.models import TextField
        from django.db.models.functions import Cast

        from workgroups.registry.models import Membership

        # In table order (a scan, not an index walk and a lookup a row): each group's list
        # comes out by pk all the same.
        return list(
            Membership.objects.order_by("pk").values_list(
                "pk",
                "group_id",
                "person_id",
                "role",
                # As stored, so that each distinct date is parsed once, not once a row.
                Cast("start", TextField()),
                Cast("end", TextField()),
                "source_id",
                "line_start",
                "line_end",
            )
        )

    @cached_property
    def memberships(self) -> dict[int, list]:
        """Each group's memberships, as `MembershipRow`s: a model object each is too slow by
        hundreds of thousands."""
        by_group: dict[int, list] = defaultdict(list)
        for row in self._membership_rows_made(self.membership_rows):
            by_group[row.group_id].append(row)
        return by_group

    def memberships_of(self, people: Container[int]) -> list[MembershipRow]:
        """The memberships of these people (pks) in the order of `memberships` (by group, as
        `groups`, then by pk), made of the rows read: a few thousand, not every one."""
        rows = self.membership_rows
        picked = compress(rows, map(people.__contains__, map(itemgetter(2), rows)))
        order = {group.pk: n for n, group in enumerate(self.groups)}
        return self._membership_rows_made(sorted(picked, key=lambda row: (order[row[1]], row[0])))

    def _membership_rows_made(self, rows: Iterable[tuple]) -> list[MembershipRow]:
        """`MembershipRow`s of rows as `membership_rows` reads them."""
        people, sources, dates = self._people_by_id, self.sources, self._dates
        return [
            MembershipRow(
                pk,
                group_id,
                people[person_id],
                role,
                dates[start],
                dates[end],
                sources.get(source_id),
                source_id,
                line_start,
                line_end,
            )
            for pk, group_id, person_id, role, start, end, source_id, line_start, line_end in rows
        ]

    @cached_property
    def _dates(self) -> _Dates:
        return _Dates()

    @cached_property
    def sources(self) -> dict:
        from workgroups.registry.models import Source

        return Source.objects.in_bulk()

    @cached_property
    def resolutions(self) -> dict[int, list]:
        from workgroups.registry.models import Resolution

        return self._by_group(self._with_sources(Resolution.objects.order_by("group", "pk")))

    @cached_property
    def pages(self) -> list:
        """Every page, bodies included (broken-link reads them)."""
        from django.db.models import F

        from workgroups.registry.models import Page

        # Pages added on the site have no path: first on every database (rules.page_order).
        path = F("path").asc(nulls_first=True)
        return self._with_sources(Page.objects.order_by(path, "pk"))

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
    def _people_by_id(self) -> dict[int, PersonRow]:
        from workgroups.registry.models import Person

        rows = Person.objects.order_by("name", "pk").values_list("pk", "name")
        return {pk: PersonRow(pk, name) for pk, name in rows}

    @cached_property
    def people(self) -> list[PersonRow]:
        """Everyone, by name, each with the other names they go by (by name too)."""
        from workgroups.registry.models import PersonAlias

        people = self._people_by_id
        for person_id, name in PersonAlias.objects.order_by("name").values_list(
            "person_id", "name"
        ):
            people[person_id].alias_names.append(name)
        return list(people.values())

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


class PersonRow:
    """A person as the rules read them: a name and the other names they go by."""

    __slots__ = ("pk", "name", "alias_names")

    def __init__(self, pk: int, name: str):
        self.pk, self.name = pk, name
        self.alias_names: list[str] = []


class MembershipRow:
    """A membership as the rules read it (the attributes of a Membership they use)."""

    __slots__ = (
        "pk",
        "group_id",
        "person",
        "person_id",
        "role",
        "start",
        "end",
        "source",
        "source_id",
        "line_start",
        "line_end",
    )

    def __init__(
        self, pk, group_id, person, role, start, end, source, source_id, line_start, line_end
    ):
        self.pk, self.group_id, self.person, self.role = pk, group_id, person, role
        self.start, self.end, self.source, self.source_id = start, end, source, source_id
        self.line_start, self.line_end = line_start, line_end
        # An attribute, not a property: rules read it hundreds of thousands of times.
        self.person_id = person.pk


class _Dates(dict):
    """Stored date -> the date as the model field reads it, each distinct one parsed once (on
    first lookup: a dict lookup a row, not a function call)."""

    def __missing__(self, iso: str | None) -> PartialDate | None:
        parsed = self[iso] = PartialDate.parse(iso) if iso else None
        return parsed


_KIND_ORDER = {SourceKind.PSF_PAGE: 0, SourceKind.WIKI_INDEX: 1}


def _authority(row):
    """Sort key: the python.org page first, then the wiki index, then pages by path and line."""
    source = row.source
    if source is None:
        return (3, "", 0, row.pk)
    return (_KIND_ORDER.get(source.kind, 2), source.path, row.line_start or 0, row.pk)
