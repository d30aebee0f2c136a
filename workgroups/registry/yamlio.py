"""The lossless YAML dump of the registry, and loading it back.

`dump_yaml()` writes everything the registry holds (sources, people with aliases, groups with
aliases, mailing lists, links, memberships, resolutions, roster approvals, claims and pages,
pages of no group, legacy paths) except accounts (`Person.user`), history and the groups'
edit `version` counters, which are bookkeeping, not the record.

`load_yaml(text, path)` makes the registry hold what the document says, in one transaction:
rows are matched by their natural keys (slugs, paths, names; a membership by person, role and
start; a resolution by kind, title and date) and created or updated; nothing is deleted
(memberships end, they are never deleted), so rows the document does not mention stay as they
are. Loading the same document twice changes nothing the second time; a group whose rows
change gets its version bumped. Loading a dump into an empty database and dumping again gives
the same bytes. Bad input raises SourceError(path, line, message) and changes nothing.

Rows that change are saved one by one (with their history and signals); new rows, most of a
load into an empty registry, are queued and inserted a model at a time after the rows they
refer to (`Write.create_rows`: their history in one statement, the search index in bulk).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from django.db import DatabaseError, connection, models, transaction

from workgroups.registry import snapshot as snapshots
from workgroups.registry.models import (
    Claim,
    Group,
    GroupAlias,
    LegacyPath,
    Link,
    MailingList,
    Membership,
    Page,
    Person,
    PersonAlias,
    Resolution,
    RosterApproval,
    Source,
)
from workgroups.registry.writer import Write
from workgroups.sources.records import SourceError
from workgroups.sources.render_yaml import Lines, parse_yaml, render_yaml
from workgroups.sources.shapes import Cite, Snapshot
from workgroups.sources.shapes import Group as GroupShape

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


def dump_yaml() -> str:
    """The whole registry as one YAML document (same registry, same bytes)."""
    return render_yaml(snapshots.take())


def load_yaml(text: str, path: str) -> None:
    """Load a dump into the registry (see the module docstring)."""
    snap, lines = parse_yaml(text, path)
    _Checker(path, lines).check(snap)
    loader = _Loader(path, lines)
    try:
        with transaction.atomic():
            loader.load(snap)
    except DatabaseError as exc:
        raise SourceError(path, loader.line, f"cannot store this row: {exc}") from exc


# ---------------------------------------------------------------------------------------------
# Checks that need the registry's vocabulary; all before any write.


class _Checker:
    def __init__(self, path: str, lines: Lines):
        self.path, self.lines = path, lines

    def fail(self, row: Any, message: str) -> SourceError:
        return SourceError(self.path, self.lines(row), message)

    def fits(self, row, model: type[models.Model], **values) -> None:
        for name, value in values.items():
            limit = model._meta.get_field(name).max_length
            if value is not None and limit and len(value) > limit:
                raise self.fail(row, f"{name} is longer than {limit} characters")

    def slug(self, row, value: str, what: str) -> None:
        if not _SLUG.match(value):
            raise self.fail(row, f"{what} slug {value!r} may hold only letters, digits, - and _")

    def unique(self, seen: dict, key, row, what: str) -> None:
        if key in seen:
            raise self.fail(row, f"{what} appears twice (line {self.lines(seen[key])})")
        seen[key] = row

    def check(self, snap: Snapshot) -> None:
        seen: dict[str, dict] = defaultdict(dict)
        for s in snap.sources:
            self.fits(s, Source, path=s.path, sha256=s.sha256)
            self.unique(seen["source"], s.path, s, f"source {s.path!r}")
        for p in snap.people:
            self.slug(p, p.slug, "person")
            self.fits(p, Person, name=p.name, slug=p.slug)
            self.unique(seen["person"], p.slug, p, f"person {p.slug!r}")
            for alias in p.aliases:
                self.fits(p, PersonAlias, name=alias)
                self.unique(seen["person alias"], alias, p, f"person alias {alias!r}")
        resolutions = {g.slug: len(g.resolutions) for g in snap.groups}
        for g in snap.groups:
            self.group(g, seen, resolutions)
        for page in snap.pages:
            self.page(page, seen)

    def group(self, g: GroupShape, seen: dict, resolutions: dict[str, int]) -> None:
        self.slug(g, g.slug, "group")
        texts = {n: getattr(g, n) for n in snapshots.GROUP_FIELDS}
        self.fits(g, Group, **{n: v for n, v in texts.items() if isinstance(v, str)})
        self.unique(seen["group"], g.slug, g, f"group {g.slug!r}")
        self.unique(seen["group name"], g.name, g, f"group name {g.name!r}")
        for kind, name in _aliases(g):
            self.fits(g, GroupAlias, name=name)
            self.unique(seen["group alias"], (kind, name), g, f"group alias {name!r}")
        for m in g.mailing_lists:
            self.fits(m, MailingList, address=m.address, url=m.url)
        for link in g.links:
            self.fits(link, Link, label=link.label, url=link.url)
        for m in g.members:
            self.fits(m, Membership, note=m.note)
        for r in g.resolutions:
            self.fits(r, Resolution, title=r.title, medium=r.medium)
        for a in g.roster_approvals:
            self.fits(a, RosterApproval, note=a.note)
            if a.resolution is not None:
                slug, index = a.ref(g.slug)
                if not 0 <= index < resolutions.get(slug, 0):
                    raise self.fail(a, f"group {slug!r} has no resolution {index}")
        for c in g.claims:
            self.fits(c, Claim, field=c.field)
        for page in g.pages:
            self.page(page, seen)

    def page(self, p, seen: dict) -> None:
        self.slug(p, p.slug, "page")
        self.fits(p, Page, title=p.title, slug=p.slug, path=p.path)
        if p.path is not None:
            self.unique(seen["page path"], p.path, p, f"page {p.path!r}")
        self.unique(seen["page slug"], (p.group, p.slug), p, f"page slug {p.slug!r}")


# ---------------------------------------------------------------------------------------------
# Writing: match each row by its natural key, create or update it, never delete.


def _by_occurrence(rows: Iterable, key) -> dict:
    """{(key, n): row} where n counts the rows sharing that key, in the given order."""
    out, counts = {}, defaultdict(int)
    for row in rows:
        k = key(row)
        out[(k, counts[k])] = row
        counts[k] += 1
    return out


def _occurrences(rows: Iterable, key):
    counts = defaultdict(int)
    for row in rows:
        k = key(row)
        yield (k, counts[k]), row
        counts[k] += 1


def _iso(value) -> str:
    return value.iso() if value is not None else ""


def _aliases(g: GroupShape) -> list[tuple[str, str]]:
    """(kind, name) of a group's other names and legacy wiki paths."""
    return [
        *((GroupAlias.Kind.NAME.value, n) for n in g.aliases),
        *((GroupAlias.Kind.PATH.value, n) for n in g.alias_paths),
    ]


class _Kind(NamedTuple):
    """How one kind of a group's rows is matched and written by the loader."""

    model: type[models.Model]
    rows: Callable[[GroupShape], list]  # the document's rows of this kind
    stored_key: Callable[[Any], Any]  # a stored row's natural key
    key: Callable[[Any, Any], Any]  # (loader, document row) -> the same key
    values: Callable[[Any, Any], dict]  # (loader, document row) -> the model's fields


def _rows_by_group(model, groups: set[int]) -> dict[int, list]:
    rows = defaultdict(list)
    queryset = model.objects.filter(group_id__in=groups).order_by("pk")
    if model is Claim:
        queryset = queryset.select_related("source")
    for row in queryset:
        rows[row.group_id].append(row)
    return rows


def _claim_key(field, path, start, end, value) -> str:
    return repr((field, path, start, end, snapshots.normalise_json(value)))


def _vote(r) -> dict:
    vote = r.vote
    return {
        "vote_yes": vote.yes if vote else None,
        "vote_no": vote.no if vote else None,
        "vote_abstain": vote.abstain if vote else None,
    }


def _approved_by(a, group: str, resolutions: dict) -> Resolution | None:
    if a.resolution is None:
        return None
    slug, index = a.ref(group)
    return resolutions[slug][index]


_KINDS = (
    _Kind(
        MailingList,
        lambda g: g.mailing_lists,
        lambda m: (m.address, m.url),
        lambda _, m: (m.address, m.url),
        lambda loader, m: {
            "address": m.address,
            "url": m.url,
            "position": m.position,
            **loader.prov(m.cite),
        },
    ),
    _Kind(
        Link,
        lambda g: g.links,
        lambda m: (m.label, m.url),
        lambda _, m: (m.label, m.url),
        lambda loader, m: {
            "label": m.label,
            "url": m.url,
            "position": m.position,
            **loader.prov(m.cite),
        },
    ),
    _Kind(
        Membership,
        lambda g: g.members,
        lambda m: (m.person_id, m.role, _iso(m.start)),
        lambda loader, m: (loader.people[m.person].pk, m.role, _iso(m.start)),
        lambda loader, m: {
            "person": loader.people[m.person],
            "role": m.role,
            "voting": m.voting,
            "start": m.start,
            "end": m.end,
            "note": m.note,
            **loader.prov(m.cite),
        },
    ),
    _Kind(
        Resolution,
        lambda g: g.resolutions,
        lambda r: (r.kind, r.title, _iso(r.date)),
        lambda _, r: (r.kind, r.title, _iso(r.date)),
        lambda loader, r: {
            "kind": r.kind,
            "title": r.title,
            "date": r.date,
            "date_inferred": r.date_inferred,
            "text": r.text,
            **_vote(r),
            "medium": r.medium,
            "position": r.position,
            **loader.prov(r.cite),
        },
    ),
    _Kind(
        Claim,
        lambda g: g.claims,
        lambda c: _claim_key(
            c.field, c.source.path if c.source_id else "", c.line_start, c.line_end, c.value
        ),
        lambda _, c: _claim_key(
            c.field,
            c.cite.path if c.cite else "",
            c.cite.start if c.cite else None,
            c.cite.end if c.cite else None,
            c.value,
        ),
        lambda loader, c: {"field": c.field, "value": c.value, **loader.prov(c.cite)},
    ),
)
# Roster approvals come as (approval, the stored resolution it rests on).
_APPROVALS = _Kind(
    RosterApproval,
    lambda g: g.roster_approvals,
    lambda a: (_iso(a.date), a.note, a.resolution_id),
    lambda _, x: (_iso(x[0].date), x[0].note, x[1].pk if x[1] else None),
    lambda _, x: {"date": x[0].date, "note": x[0].note, "resolution": x[1]},
)


# Fields whose values the loader holds as the column wants them (no conversion on insert).
_PLAIN_FIELDS = {
    models.BooleanField,
    models.CharField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SlugField,
    models.TextField,
    models.URLField,
}


def _pk(obj) -> int | None:
    return obj.pk if obj is not None else None


def _to_column(field: models.Field) -> Callable[[Any], Any] | None:
    """How a field's value becomes its column's, as `save()` converts it; None: as it is."""
    if field.is_relation:
        return _pk
    if type(field) in _PLAIN_FIELDS:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


class _New:
    """The rows of one model that the load creates, inserted together at the end of a phase.

    Each row is kept as its column values (the rows it refers to are stored by then).
    """

    def __init__(self, model: type[models.Model], columns: list[str]):
        self.model, self.columns = model, columns
        fields = [model._meta.get_field(name) for name in columns]
        self.converters = [(i, c) for i, f in enumerate(fields) if (c := _to_column(f))]
        self.rows: list[tuple] = []
        self.lines: list[int | None] = []
        self.objects: list[models.Model | None] = []  # those later rows refer to

    def add(self, values: dict, line: int | None, obj: models.Model | None) -> None:
        row = [values[name] for name in self.columns]
        for i, convert in self.converters:
            row[i] = convert(row[i])
        self.rows.append(tuple(row))
        self.lines.append(line)
        self.objects.append(obj)


class _Loader:
    def __init__(self, path: str, lines: Lines):
        self.path, self.lines = path, lines
        self.line: int | None = None  # the row being written, for database errors
        self.changed: set[int] = set()  # ids of existing groups that changed
        self.write = Write(comment=f"loaded from {path}")
        self.new: dict[type[models.Model], _New] = {}

    # -- helpers ---------------------------------------------------------------------------

    def prov(self, cite: Cite | None) -> dict:
        if cite is None:
            return {"source": None, "line_start": None, "line_end": None}
        return {"source": self.sources[cite.path], "line_start": cite.start, "line_end": cite.end}

    def upsert(self, existing, model, values: dict, row, group=None, *, referred=False):
        """Update the differing fields of the existing row, or queue the new one.

        A new row is inserted with the others of its model by `flush()`; if later rows refer
        to it (`referred`), the model instance returned gets its key then.
        """
        if group is not None and not getattr(group, "_created", False):
            changed_group = group.pk
        else:
            changed_group = None
        if existing is None:
            obj = model(**values) if referred else None
            if obj is not None:
                obj._created = True
            if model not in self.new:
                self.new[model] = _New(model, list(values))
            self.new[model].add(values, self.lines(row), obj)
            if changed_group is not None:
                self.changed.add(changed_group)
            return obj
        self.line = self.lines(row)
        obj, changed = self.write.upsert(existing, model, values)
        if changed and changed_group is not None:
            self.changed.add(changed_group)
        return obj

    def flush(self, *models_: type[models.Model]) -> None:
        """Insert the queued new rows of these models, in the order they were queued."""
        for model in models_:
            new = self.new.pop(model, None)
            if new is None:
                continue
            columns, rows = new.columns, new.rows
            try:
                with transaction.atomic():
                    keys = self.write.create_rows(model, columns, rows)
            except DatabaseError:
                self.line = self.culprit(model, columns, rows, new.lines)
                raise
            for obj, key in zip(new.objects, keys, strict=True):
                if obj is not None:
                    obj.pk = key
                    obj._state.adding, obj._state.db = False, "default"

    def culprit(self, model, columns: list[str], rows: list[tuple], lines: list) -> int | None:
        """The line of the first row the database refuses alone (the load is undone anyway)."""
        for row, line in zip(rows, lines, strict=True):
            try:
                with transaction.atomic():
                    Write().insert_rows(model, columns, [row])
            except DatabaseError:
                return line
        return None

    def announce(self, model, objs: Iterable) -> None:
        """New aliases of rows that were there before: those rows are indexed again."""
        ids = {o.pk for o in objs if o is not None and not getattr(o, "_created", False)}
        if model is Group:
            self.write.wrote(groups=ids)
        else:
            self.write.wrote(people=ids)

    # -- the load ----------------------------------------------------------------------------

    def load(self, snap: Snapshot) -> None:
        sources = {s.path: s for s in Source.objects.all()}
        for s in snap.sources:
            values = {"path": s.path, "kind": s.kind, "sha256": s.sha256}
            sources[s.path] = self.upsert(sources.get(s.path), Source, values, s, referred=True)
        self.flush(Source)
        self.sources = sources

        people = {p.slug: p for p in Person.objects.all()}
        for p in snap.people:
            values = {"slug": p.slug, "name": p.name}
            people[p.slug] = self.upsert(people.get(p.slug), Person, values, p, referred=True)
        self.flush(Person)
        person_aliases = {a.name: a for a in PersonAlias.objects.all()}
        aliased = []
        for p in snap.people:
            for name in p.aliases:
                existing = person_aliases.get(name)
                values = {"name": name, "person": people[p.slug]}
                self.upsert(existing, PersonAlias, values, p)
                if existing is None:
                    aliased.append(people[p.slug])
        self.flush(PersonAlias)
        self.announce(Person, aliased)

        groups = {g.slug: g for g in Group.objects.all()}
        for g in snap.groups:
            existing = groups.get(g.slug)
            values = {name: getattr(g, name) for name in snapshots.GROUP_FIELDS}
            values.update(self.prov(g.cite))
            groups[g.slug] = self.upsert(existing, Group, values, g, existing, referred=True)
        self.flush(Group)
        self.groups = groups
        self.people = people

        self.load_group_rows(snap)
        self.load_pages(snap)

        legacy = {x.old: x for x in LegacyPath.objects.all()}
        for old, new in snap.legacy_paths.items():
            self.upsert(legacy.get(old), LegacyPath, {"old": old, "new": new}, None)
        self.flush(LegacyPath)

        self.write.finish(bump=self.changed)

    def load_group_rows(self, snap: Snapshot) -> None:
        wanted = {self.groups[g.slug].pk for g in snap.groups}
        aliases = {(a.kind, a.name): a for a in GroupAlias.objects.all()}
        stored = {k.model: _rows_by_group(k.model, wanted) for k in (*_KINDS, _APPROVALS)}
        resolutions: dict[str, list[Resolution]] = {}
        named = []
        for g in snap.groups:
            group = self.groups[g.slug]
            for kind, name in _aliases(g):
                existing = aliases.get((kind, name))
                values = {"group": group, "kind": kind, "name": name}
                self.upsert(existing, GroupAlias, values, g, group)
                if existing is None and kind == GroupAlias.Kind.NAME:
                    named.append(group)
            for kind in _KINDS:
                rows = self.match(kind, kind.rows(g), stored[kind.model][group.pk], group)
                if kind.model is Resolution:
                    resolutions[g.slug] = rows
        self.flush(GroupAlias, *(k.model for k in _KINDS))
        self.announce(Group, named)
        # Approvals name resolutions (maybe another group's): all of those are stored now.
        for g in snap.groups:
            group = self.groups[g.slug]
            rows = [(a, _approved_by(a, g.slug, resolutions)) for a in g.roster_approvals]
            self.match(_APPROVALS, rows, stored[RosterApproval][group.pk], group)
        self.flush(RosterApproval)

    def match(self, kind: _Kind, rows: list, stored: list, group: Group) -> list:
        """Upsert a group's rows of one kind, each matched to a stored row by its key."""
        have = _by_occurrence(stored, kind.stored_key)
        referred = kind.model is Resolution  # roster approvals name them
        written = []
        for key, row in _occurrences(rows, lambda r: kind.key(self, r)):
            values = {"group": group, **kind.values(self, row)}
            shape = row[0] if isinstance(row, tuple) else row
            obj = self.upsert(have.get(key), kind.model, values, shape, group, referred=referred)
            written.append(obj)
        return written

    def load_pages(self, snap: Snapshot) -> None:
        existing = list(Page.objects.all())
        by_path = {p.path: p for p in existing if p.path is not None}
        by_slug = {(p.group_id, p.slug): p for p in existing}
        rows = [*(p for g in snap.groups for p in g.pages), *snap.pages]
        for p in rows:
            group = self.groups[p.group] if p.group else None
            current = by_path.get(p.path) if p.path else None
            if current is None:
                current = by_slug.get((group.pk if group else None, p.slug))
            values = {
                "group": group,
                "kind": p.kind,
                "title": p.title,
                "slug": p.slug,
                "date": p.date,
                "path": p.path,
                "body": p.body,
                "position": p.position,
                **self.prov(p.cite),
            }
            self.upsert(current, Page, values, p, group)
        self.flush(Page)
