"""The registry in its declared shapes (`workgroups.sources.shapes.Snapshot`).

`take()` reads the whole registry, or `take(slugs=[...])` some groups with the people and
sources they name, in one query per table whatever the size; every list is put in a stable
order in Python (not by the database, whose collation and NULL ordering differ between SQLite
and PostgreSQL), so the same registry always gives the same snapshot. The queries therefore
drop the models' default ordering: working it out was a quarter of a one-group snapshot. Rows
come from the database already valid, so the shapes are built without validating them again.
"""

from __future__ import annotations

import functools
from typing import Any

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
from workgroups.sources import shapes

PROVENANCE = ("source_id", "line_start", "line_end")


@functools.cache
def _plan(cls: type, given: frozenset[str]) -> tuple[tuple, frozenset[str]] | None:
    """What `cls.model_construct` does with these keys, worked out once: each field in order,
    with None when given or the field to take its default from; and the fields given. None
    when it does more (aliases, post-init, extra or root models)."""
    fields = cls.__pydantic_fields__
    if (
        cls.__pydantic_post_init__
        or cls.__pydantic_root_model__
        or cls.model_config.get("extra") == "allow"
        or any(f.alias is not None or f.validation_alias is not None for f in fields.values())
    ):
        return None
    steps = tuple(
        (name, None if name in given else field)
        for name, field in fields.items()
        if name in given or not field.is_required()
    )
    return steps, frozenset(given & fields.keys())


def _construct(cls: type, **values: Any) -> Any:
    """`cls.model_construct(**values)`, the same instance without looking for each field's
    aliases on every call: a dump of 10,000 groups makes half a million rows (~1/5 of its
    CPU went to model_construct)."""
    plan = _plan(cls, frozenset(values))
    if plan is None:
        return cls.model_construct(**values)
    steps, given = plan
    fields: dict[str, Any] = {}
    for name, field in steps:
        if field is None:
            fields[name] = values[name]
        else:
            fields[name] = field.get_default(call_default_factory=True, validated_data=fields)
    row = cls.__new__(cls)
    object.__setattr__(row, "__dict__", fields)
    object.__setattr__(row, "__pydantic_fields_set__", set(given))
    object.__setattr__(row, "__pydantic_extra__", None)
    object.__setattr__(row, "__pydantic_private__", None)
    return row


def normalise_json(value: Any) -> Any:
    """Dict keys sorted at every level (PostgreSQL's jsonb and SQLite keep different orders)."""
    if isinstance(value, dict):
        return {str(k): normalise_json(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list):
        return [normalise_json(v) for v in value]
    return value


@functools.cache
def _values(model, fields: tuple[str, ...]):
    """`model`'s rows as dicts of `fields`, unordered: built once per process and cloned for
    each use, since resolving the fields again was a seventh of a one-group snapshot."""
    return model.objects.order_by().values(*fields)


def _each(*queries) -> list[list]:
    """The rows of each query, one after another: take()'s `run` by default."""
    return [list(build()) for _key, build, _params in queries]


class _Reader:
    """Rows of one table as shapes, with their provenance resolved to source paths.

    A table's rows are read by a query given as (key, build, params): the name of its SQL,
    what builds its queryset, and the parameters that SQL takes in order (as
    checks.prepared.rows takes a query). `run` runs such queries: one by one by default.
    """

    def __init__(self, slugs: list[str] | None, run):
        self.slugs = slugs

        def groups():
            rows = _values(Group, ()).all()  # every column
            return rows if slugs is None else rows.filter(slug__in=slugs)

        key = ("snapshot", "groups", None if slugs is None else len(slugs))
        (self.group_rows,) = run((key, groups, list(slugs or ())))
        self.group_ids = [g["id"] for g in self.group_rows]
        self.paths: dict[int, str] = {}

    def query(self, name: str, build) -> tuple:
        """The query `build(group_ids)` of the groups read (of every row if all are read)."""
        if self.slugs is None:
            return (("snapshot", name, None), lambda: build(None), [])
        ids = self.group_ids
        return (("snapshot", name, len(ids)), lambda: build(ids), list(ids))

    def of_groups(self, model, *fields) -> tuple:
        """The query of these fields of the groups' rows of `model`."""

        def build(ids):
            rows = _values(model, fields).all()  # a clone: the shared query itself never runs
            return rows if ids is None else rows.filter(group_id__in=ids)

        return self.query(f"{model._meta.label} {fields}", build)

    def cite(self, row: dict) -> dict:
        if row["source_id"] is None:
            return {"source": None, "lines": None}
        lines = (row["line_start"], row["line_end"])
        path = self.paths[row["source_id"]]
        return {"source": path, "lines": None if lines == (None, None) else lines}


def shared_fields(shape: type[shapes.Shape], model) -> list[str]:
    """The record's plain fields that are columns of `model` too, in the shape's order."""
    columns = {
        f.name for f in model._meta.concrete_fields if not f.is_relation and not f.primary_key
    }
    return [
        name for name, field in shape.model_fields.items() if name in columns and not field.exclude
    ]


GROUP_FIELDS = shared_fields(shapes.Group, Group)


def _group(g: dict, cite: dict, kinds: dict[str, str]) -> shapes.Group:
    return _construct(
        shapes.Group,
        **{name: g[name] for name in GROUP_FIELDS},
        version=g["version"],
        source_kind=kinds.get(cite["source"], "") if cite["source"] else "",
        aliases=[],
        alias_paths=[],
        mailing_lists=[],
        links=[],
        members=[],
        resolutions=[],
        roster_approvals=[],
        claims=[],
        pages=[],
        **cite,
    )


def take(slugs: list[str] | None = None, *, bodies: bool = True, run=_each) -> shapes.Snapshot:
    """The registry (or the groups `slugs` and what they name), as shapes, in stable order.

    `bodies=False` leaves the pages' text out (for answers that only list the pages). `run`
    runs the queries of the groups' rows, which none waits for another's: by default one by
    one (see _Reader; the API passes checks.prepared.together, which sends them at once).
    """
    r = _Reader(slugs, run)

    def people(ids):
        rows = _values(Person, ("id", "slug", "name")).all()
        return rows if ids is None else rows.filter(pk__in=seated(ids))

    def person_aliases(ids):
        rows = _values(PersonAlias, ("person_id", "name")).all()
        return rows if ids is None else rows.filter(person_id__in=seated(ids))

    (
        memberships,
        source_rows,
        people_rows,
        person_alias_rows,
        group_alias_rows,
        list_rows,
        link_rows,
        resolution_rows,
        page_rows,
        claim_rows,
        approval_rows,
    ) = run(
        r.of_groups(
            Membership, "group_id", "person_id", "role", "voting", "start", "end", "note",
            *PROVENANCE,
        ),
        # One row per imported document: few, even for a large registry.
        (("snapshot", "sources"), _sources, []),
        r.query("people", people),
        r.query("person aliases", person_aliases),
        r.of_groups(GroupAlias, "group_id", "kind", "name"),
        r.of_groups(MailingList, "group_id", "address", "url", "position", *PROVENANCE),
        r.of_groups(Link, "group_id", "label", "url", "position", *PROVENANCE),
        r.of_groups(
            Resolution,
            "id", "group_id", "kind", "title", "date", "date_inferred", "text", "vote_yes",
            "vote_no", "vote_abstain", "medium", "position", *PROVENANCE,
        ),
        r.of_groups(
            Page,
            "group_id", "kind", "title", "slug", "date", "path", "position", *PROVENANCE,
            *(["body"] if bodies else []),
        ),
        r.of_groups(Claim, "group_id", "field", "value", *PROVENANCE),
        r.of_groups(RosterApproval, "group_id", "date", "resolution_id", "note"),
    )  # fmt: skip
    r.paths = {s["id"]: s["path"] for s in source_rows}
    kinds = {s["path"]: s["kind"] for s in source_rows}

    person_shapes = {
        p["id"]: _construct(shapes.Person, slug=p["slug"], name=p["name"], aliases=[])
        for p in people_rows
    }
    for a in person_alias_rows:
        person_shapes[a["person_id"]].aliases.append(a["name"])

    groups = {g["id"]: _group(g, r.cite(g), kinds) for g in r.group_rows}
    for a in group_alias_rows:
        group = groups[a["group_id"]]
        (group.aliases if a["kind"] == GroupAlias.Kind.NAME else group.alias_paths).append(
            a["name"]
        )
    for m in list_rows:
        groups[m["group_id"]].mailing_lists.append(
            _construct(
                shapes.MailingList,
                address=m["address"],
                url=m["url"],
                position=m["position"],
                **r.cite(m),
            )
        )
    for link in link_rows:
        groups[link["group_id"]].links.append(
            _construct(
                shapes.Link,
                label=link["label"],
                url=link["url"],
                position=link["position"],
                **r.cite(link),
            )
        )
    for m in memberships:
        groups[m["group_id"]].members.append(
            _construct(
                shapes.Membership,
                person=person_shapes[m["person_id"]].slug,
                name=person_shapes[m["person_id"]].name,
                role=m["role"],
                voting=m["voting"],
                start=m["start"],
                end=m["end"],
                note=m["note"],
                **r.cite(m),
            )
        )
    resolutions = _resolutions(r, groups, resolution_rows)
    loose_pages = _pages(r, groups, page_rows)
    for c in claim_rows:
        groups[c["group_id"]].claims.append(
            _construct(
                shapes.Claim, field=c["field"], value=normalise_json(c["value"]), **r.cite(c)
            )
        )
    snapshot = _construct(
        shapes.Snapshot,
        sources=[
            _construct(shapes.Source, path=s["path"], kind=s["kind"], sha256=s["sha256"])
            for s in source_rows
        ],
        people=list(person_shapes.values()),
        groups=list(groups.values()),
        pages=loose_pages,
        legacy_paths=dict(LegacyPath.objects.values_list("old", "new")) if slugs is None else {},
    )
    # Roster approvals name a resolution by its index, so resolutions must be in order first.
    snapshot.sort()
    _approvals(groups, resolutions, approval_rows)
    return snapshot


def _sources():
    return _values(Source, ("id", "path", "kind", "sha256")).all()


def seated(ids: list[int]):
    """The people who sit in these groups (a subquery)."""
    return _values(Membership, ("person_id",)).filter(group_id__in=ids)


def _resolutions(
    r: _Reader, groups: dict, rows: list[dict]
) -> dict[int, tuple[shapes.Group, shapes.Resolution]]:
    resolutions = {}
    for x in rows:
        vote = None
        if (x["vote_yes"], x["vote_no"], x["vote_abstain"]) != (None, None, None):
            vote = _construct(
                shapes.Vote, yes=x["vote_yes"], no=x["vote_no"], abstain=x["vote_abstain"]
            )
        row = _construct(
            shapes.Resolution,
            kind=x["kind"],
            title=x["title"],
            date=x["date"],
            date_inferred=x["date_inferred"],
            vote=vote,
            medium=x["medium"],
            position=x["position"],
            text=x["text"],
            **r.cite(x),
        )
        group = groups[x["group_id"]]
        group.resolutions.append(row)
        resolutions[x["id"]] = (group, row)
    return resolutions


def _pages(r: _Reader, groups: dict, rows: list[dict]) -> list[shapes.Page]:
    loose = []
    for p in rows:
        group = groups.get(p["group_id"])
        row = _construct(
            shapes.Page,
            path=p["path"],
            slug=p["slug"],
            kind=p["kind"],
            title=p["title"],
            date=p["date"],
            position=p["position"],
            body=p.get("body", ""),
            group=group.slug if group else None,
            **r.cite(p),
        )
        (group.pages if group else loose).append(row)
    return loose


def _approvals(groups: dict, resolutions: dict, rows: list[dict]) -> None:
    index: dict[int, tuple[str, int]] = {}
    for group in groups.values():
        for i, row in enumerate(group.resolutions):
            index[id(row)] = (group.slug, i)
    for a in rows:
        group = groups[a["group_id"]]
        ref = None
        if a["resolution_id"] is not None and a["resolution_id"] in resolutions:
            slug, i = index[id(resolutions[a["resolution_id"]][1])]
            ref = i if slug == group.slug else _construct(shapes.ResolutionRef, group=slug, index=i)
        group.roster_approvals.append(
            _construct(shapes.RosterApproval, date=a["date"], resolution=ref, note=a["note"])
        )
    for group in groups.values():
        group.roster_approvals.sort(key=lambda a, g=group: shapes.approval_key(a, g.slug))


# One row at a time, for answers about a single row (an API write's answer, a list's items).


def resolution(r: Resolution) -> shapes.Resolution:
    vote = None
    if r.vote_yes is not None:
        vote = _construct(shapes.Vote, yes=r.vote_yes, no=r.vote_no, abstain=r.vote_abstain)
    return _construct(
        shapes.Resolution,
        kind=r.kind,
        title=r.title,
        date=r.date,
        date_inferred=r.date_inferred,
        vote=vote,
        medium=r.medium,
        position=r.position,
        text=r.text,
    )


def membership(m: Membership) -> shapes.Membership:
    return _construct(
        shapes.Membership,
        person=m.person.slug,
        name=m.person.name,
        role=m.role,
        voting=m.voting,
        start=m.start,
        end=m.end,
        note=m.note,
    )


def page(p: Page) -> shapes.Page:
    return _construct(
        shapes.Page,
        path=p.path,
        slug=p.slug,
        kind=p.kind,
        title=p.title,
        date=p.date,
        position=p.position,
    )
