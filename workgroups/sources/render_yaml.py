"""The registry dump: a `Snapshot` as one YAML document, and back.

The document is meant to be read and reviewed as a diff: keys in a fixed order, one group at a
time with everything that belongs to it, multi-line text (purposes, resolutions, page bodies) as
literal block scalars, partial dates as quoted strings, and no timestamps or database ids.
Keys whose value is empty or the default (no date, `voting: true`, position 0...) are left out.

`render_yaml(parse_yaml(text)[0]) == text` for any text `render_yaml` produced.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.emitter import ScalarAnalysis

from workgroups.lib.partialdate import PartialDate, PartialDateError
from workgroups.sources.records import SourceError
from workgroups.sources.render_records import (
    Cite,
    ClaimRow,
    GroupRow,
    LinkRow,
    MailingListRow,
    MembershipRow,
    PageRow,
    PersonRow,
    ResolutionRow,
    RosterApprovalRow,
    Snapshot,
    SourceRow,
)

FORMAT = "workgroups-registry"
FORMAT_VERSION = 1

# ---------------------------------------------------------------------------------------------
# Writing


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line strings as literal blocks whenever that is lossless.

    PyYAML refuses block style for text with trailing spaces on a line (common in the wiki's
    headings); YAML itself keeps them, so allow it. Text that a block cannot hold exactly
    (carriage returns and the other YAML 1.1 line breaks, control characters) is written as a
    double-quoted string with escapes instead.
    """

    def analyze_scalar(self, scalar):
        if "\n" in scalar and _block_is_lossless(scalar):
            # The whole-string character scan of PyYAML is the slow part of a dump; a
            # literal block needs none of its answers.
            return ScalarAnalysis(
                scalar=scalar,
                empty=False,
                multiline=True,
                allow_flow_plain=False,
                allow_block_plain=False,
                allow_single_quoted=False,
                allow_double_quoted=True,
                allow_block=True,
            )
        return super().analyze_scalar(scalar)


_ODD_BREAKS = "\r\x85\u2028\u2029\ufeff"
# What a literal block cannot carry as it is: other line breaks, control characters,
# non-characters.
_NOT_IN_BLOCK = re.compile(
    "[\r\x85\u2028\u2029\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)


def _block_is_lossless(text: str) -> bool:
    # A first line opening with a tab cannot show the block's indentation.
    return not text.startswith("\t") and _NOT_IN_BLOCK.search(text) is None


def _represent_str(dumper: yaml.SafeDumper, value: str):
    if "\n" in value and _block_is_lossless(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if any(ch in value for ch in _ODD_BREAKS):
        # Line breaks YAML 1.1 knows besides \n: only escapes keep them as they are.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


class _Flow(list):
    """A short list written on one line: `lines: [8, 29]`."""


class _Quoted(str):
    """A string always written in quotes (partial dates: '2018' would otherwise read as a year)."""


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", list(v), flow_style=True)
)
_Dumper.add_representer(
    _Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style="'")
)

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _date(value: PartialDate | None) -> str | None:
    return _Quoted(value.iso()) if value is not None else None


def _put(out: dict, key: str, value: Any, default: Any = None) -> None:
    """Set key unless the value is empty or the default."""
    if value is None or value == default or value in ("", [], {}):
        return
    out[key] = value


def _provenance(out: dict, cite: Cite | None) -> None:
    if cite is None:
        return
    out["source"] = cite.path
    if cite.start is not None or cite.end is not None:
        out["lines"] = _Flow([cite.start, cite.end])


def _page(p: PageRow) -> dict:
    out: dict[str, Any] = {}
    _put(out, "path", p.path)
    out["slug"] = p.slug
    out["kind"] = p.kind
    out["title"] = p.title
    _put(out, "date", _date(p.date))
    _put(out, "position", p.position, 0)
    _provenance(out, p.cite)
    _put(out, "body", p.body)
    return out


def _group(g: GroupRow) -> dict:
    out: dict[str, Any] = {"slug": g.slug, "name": g.name, "status": g.status}
    _put(out, "formed", _date(g.formed))
    _put(out, "dissolved", _date(g.dissolved))
    _put(out, "position", g.position, 0)
    _put(out, "summary", g.summary)
    _provenance(out, g.cite)
    _put(out, "aliases", [name for kind, name in g.aliases if kind == "name"])
    _put(out, "alias_paths", [name for kind, name in g.aliases if kind == "path"])
    _put(out, "purpose", g.purpose)
    lists = []
    for m in g.mailing_lists:
        item: dict[str, Any] = {"address": m.address}
        _put(item, "url", m.url)
        _put(item, "position", m.position, 0)
        _provenance(item, m.cite)
        lists.append(item)
    _put(out, "mailing_lists", lists)
    links = []
    for link in g.links:
        item = {"label": link.label, "url": link.url}
        _put(item, "position", link.position, 0)
        _provenance(item, link.cite)
        links.append(item)
    _put(out, "links", links)
    members = []
    for m in g.members:
        item = {"person": m.person, "role": m.role}
        _put(item, "voting", m.voting, True)
        _put(item, "start", _date(m.start))
        _put(item, "end", _date(m.end))
        _put(item, "note", m.note)
        _provenance(item, m.cite)
        members.append(item)
    _put(out, "members", members)
    resolutions = []
    for r in g.resolutions:
        item = {"kind": r.kind}
        _put(item, "title", r.title)
        _put(item, "date", _date(r.date))
        _put(item, "date_inferred", r.date_inferred, False)
        if (r.vote_yes, r.vote_no, r.vote_abstain) != (None, None, None):
            item["vote"] = {"yes": r.vote_yes, "no": r.vote_no, "abstain": r.vote_abstain}
        _put(item, "medium", r.medium)
        _put(item, "position", r.position, 0)
        _provenance(item, r.cite)
        item["text"] = r.text
        resolutions.append(item)
    _put(out, "resolutions", resolutions)
    approvals = []
    for a in g.roster_approvals:
        item = {"date": _date(a.date)}
        if a.resolution is not None:
            slug, index = a.resolution
            item["resolution"] = index if slug == g.slug else {"group": slug, "index": index}
        _put(item, "note", a.note)
        approvals.append(item)
    _put(out, "roster_approvals", approvals)
    claims = []
    for c in g.claims:
        item = {"field": c.field, "value": c.value}
        _provenance(item, c.cite)
        claims.append(item)
    _put(out, "claims", claims)
    _put(out, "pages", [_page(p) for p in g.pages])
    return out


def to_document(snapshot: Snapshot) -> dict:
    """The snapshot as plain data, in the document's key order."""
    doc: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION}
    doc["sources"] = []
    for s in snapshot.sources:
        item = {"path": s.path, "kind": s.kind}
        _put(item, "sha256", s.sha256)
        doc["sources"].append(item)
    doc["people"] = []
    for p in snapshot.people:
        item = {"slug": p.slug, "name": p.name}
        _put(item, "aliases", list(p.aliases))
        doc["people"].append(item)
    doc["groups"] = [_group(g) for g in snapshot.groups]
    doc["pages"] = [_page(p) for p in snapshot.pages]
    doc["legacy_paths"] = dict(snapshot.legacy_paths)
    return doc


def render_yaml(snapshot: Snapshot) -> str:
    """The registry dump; the same snapshot always gives the same text."""
    return yaml.dump(
        to_document(snapshot),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1 << 30,
        indent=2,
        explicit_start=True,
    )


# ---------------------------------------------------------------------------------------------
# Reading


class _Map(dict):
    """A mapping that remembers its line and the line of each of its values (1-based)."""

    line: int = 1
    lines: dict

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _LocatingLoader(_SafeLoader):
    pass


def _construct_map(loader, node):
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise _located(key_node, f"a key must be text, not {key!r}")
        if key in out:
            raise _located(key_node, f"duplicate key {key!r}")
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = value_node.start_mark.line + 1
    return out


class _LocatedError(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


def _located(node, message: str) -> _LocatedError:
    return _LocatedError(node.start_mark.line + 1, message)


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)


@dataclass
class Lines:
    """The line of each parsed row (by `id()` of the record), for errors found later."""

    of: dict[int, int] = field(default_factory=dict)

    def __call__(self, row: Any) -> int | None:
        return self.of.get(id(row))


class _Reader:
    def __init__(self, path: str):
        self.path = path
        self.lines = Lines()

    def error(self, line: int | None, message: str) -> SourceError:
        return SourceError(self.path, line, message)

    # -- typed fields ------------------------------------------------------------------------

    def mapping(self, value: Any, line: int, what: str, keys: set[str], required=()) -> _Map:
        if not isinstance(value, _Map):
            raise self.error(line, f"{what} must be a mapping")
        unknown = sorted(set(value) - keys)
        if unknown:
            raise self.error(value.line_of(unknown[0]), f"unknown key {unknown[0]!r} in {what}")
        for key in required:
            if key not in value:
                raise self.error(value.line, f"{what} has no {key!r}")
        return value

    def seq(self, m: _Map, key: str) -> list:
        value = m.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(m.line_of(key), f"{key!r} must be a list")
        return value

    def text(self, m: _Map, key: str, default: str = "") -> str:
        value = m.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(m.line_of(key), f"{key!r} must be text")
        return str(value) if not isinstance(value, str) else value

    def required_text(self, m: _Map, key: str) -> str:
        value = self.text(m, key)
        if not value.strip():
            raise self.error(m.line_of(key), f"{key!r} must not be empty")
        return value

    def integer(self, m: _Map, key: str, default: int | None = 0) -> int | None:
        value = m.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.error(m.line_of(key), f"{key!r} must be a whole number, not {value!r}")
        return value

    def boolean(self, m: _Map, key: str, default: bool) -> bool:
        value = m.get(key, default)
        if not isinstance(value, bool):
            raise self.error(m.line_of(key), f"{key!r} must be true or false")
        return value

    def date(self, m: _Map, key: str) -> PartialDate | None:
        value = m.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        try:
            if isinstance(value, int) and not isinstance(value, bool):
                return PartialDate(value)
            if isinstance(value, str | datetime.date):
                return PartialDate.parse(value)
        except PartialDateError as exc:
            raise self.error(m.line_of(key), f"{key!r}: {exc}") from None
        raise self.error(m.line_of(key), f"{key!r} must be a date like '2018-05'")

    def cite(self, m: _Map, sources: set[str]) -> Cite | None:
        if "source" not in m:
            if "lines" in m:
                raise self.error(m.line_of("lines"), "'lines' without a 'source'")
            return None
        path = self.required_text(m, "source")
        if path not in sources:
            raise self.error(m.line_of("source"), f"source {path!r} is not in 'sources'")
        lines = m.get("lines")
        if lines is None:
            return Cite(path)
        if (
            not isinstance(lines, list)
            or len(lines) != 2
            or any(x is not None and (isinstance(x, bool) or not isinstance(x, int)) for x in lines)
        ):
            raise self.error(m.line_of("lines"), "'lines' must be [first, last]")
        return Cite(path, lines[0], lines[1])

    # -- rows --------------------------------------------------------------------------------

    PAGE_KEYS = {"path", "slug", "kind", "title", "date", "position", "source", "lines", "body"}

    def page(self, value, line, sources, group: str | None) -> PageRow:
        m = self.mapping(value, line, "a page", self.PAGE_KEYS, ("slug", "title"))
        row = PageRow(
            title=self.text(m, "title"),
            slug=self.required_text(m, "slug"),
            kind=self.text(m, "kind", "page"),
            date=self.date(m, "date"),
            path=self.text(m, "path") or None,
            body=self.text(m, "body"),
            position=self.integer(m, "position"),
            cite=self.cite(m, sources),
            group=group,
        )
        self.lines.of[id(row)] = m.line
        return row

    GROUP_KEYS = {
        "slug",
        "name",
        "status",
        "formed",
        "dissolved",
        "position",
        "summary",
        "source",
        "lines",
        "aliases",
        "alias_paths",
        "purpose",
        "mailing_lists",
        "links",
        "members",
        "resolutions",
        "roster_approvals",
        "claims",
        "pages",
    }

    def group(self, value, line, sources: set[str], people: dict[str, str]) -> GroupRow:
        m = self.mapping(value, line, "a group", self.GROUP_KEYS, ("slug", "name", "status"))
        g = GroupRow(
            slug=self.required_text(m, "slug"),
            name=self.required_text(m, "name"),
            status=self.required_text(m, "status"),
            formed=self.date(m, "formed"),
            dissolved=self.date(m, "dissolved"),
            summary=self.text(m, "summary"),
            purpose=self.text(m, "purpose"),
            position=self.integer(m, "position"),
            cite=self.cite(m, sources),
        )
        self.lines.of[id(g)] = m.line
        for kind, key in (("name", "aliases"), ("path", "alias_paths")):
            for name in self.seq(m, key):
                if not isinstance(name, str) or not name.strip():
                    raise self.error(m.line_of(key), f"{key!r} must list names")
                g.aliases.append((kind, name))
        for item in self.seq(m, "mailing_lists"):
            x = self.mapping(
                item,
                m.line_of("mailing_lists"),
                "a mailing list",
                {"address", "url", "position", "source", "lines"},
                ("address",),
            )
            g.mailing_lists.append(
                MailingListRow(
                    self.text(x, "address"),
                    self.text(x, "url"),
                    self.integer(x, "position"),
                    self.cite(x, sources),
                )
            )
            self.lines.of[id(g.mailing_lists[-1])] = x.line
        for item in self.seq(m, "links"):
            x = self.mapping(
                item,
                m.line_of("links"),
                "a link",
                {"label", "url", "position", "source", "lines"},
                ("label", "url"),
            )
            g.links.append(
                LinkRow(
                    self.text(x, "label"),
                    self.required_text(x, "url"),
                    self.integer(x, "position"),
                    self.cite(x, sources),
                )
            )
            self.lines.of[id(g.links[-1])] = x.line
        for item in self.seq(m, "members"):
            x = self.mapping(
                item,
                m.line_of("members"),
                "a member",
                {"person", "role", "voting", "start", "end", "note", "source", "lines"},
                ("person",),
            )
            slug = self.required_text(x, "person")
            if slug not in people:
                raise self.error(x.line_of("person"), f"person {slug!r} is not in 'people'")
            row = MembershipRow(
                person=slug,
                name=people[slug],
                role=self.text(x, "role", "member"),
                voting=self.boolean(x, "voting", True),
                start=self.date(x, "start"),
                end=self.date(x, "end"),
                note=self.text(x, "note"),
                cite=self.cite(x, sources),
            )
            if row.start and row.end and row.end < row.start:
                raise self.error(x.line_of("end"), f"end {row.end} is before start {row.start}")
            g.members.append(row)
            self.lines.of[id(row)] = x.line
        for item in self.seq(m, "resolutions"):
            x = self.mapping(
                item,
                m.line_of("resolutions"),
                "a resolution",
                {
                    "kind",
                    "title",
                    "date",
                    "date_inferred",
                    "vote",
                    "medium",
                    "position",
                    "source",
                    "lines",
                    "text",
                },
                ("kind", "text"),
            )
            row = ResolutionRow(
                kind=self.required_text(x, "kind"),
                text=self.text(x, "text"),
                title=self.text(x, "title"),
                date=self.date(x, "date"),
                date_inferred=self.boolean(x, "date_inferred", False),
                medium=self.text(x, "medium"),
                position=self.integer(x, "position"),
                cite=self.cite(x, sources),
            )
            if "vote" in x and x["vote"] is not None:
                v = self.mapping(
                    x["vote"], x.line_of("vote"), "a vote", {"yes", "no", "abstain"}, ("yes",)
                )
                row.vote_yes = self.integer(v, "yes", None)
                row.vote_no = self.integer(v, "no", None)
                row.vote_abstain = self.integer(v, "abstain", None)
            g.resolutions.append(row)
            self.lines.of[id(row)] = x.line
        for item in self.seq(m, "roster_approvals"):
            x = self.mapping(
                item,
                m.line_of("roster_approvals"),
                "a roster approval",
                {"date", "resolution", "note"},
                ("date",),
            )
            ref = x.get("resolution")
            if ref is None:
                resolution = None
            elif isinstance(ref, int) and not isinstance(ref, bool):
                resolution = (g.slug, ref)
            elif isinstance(ref, _Map):
                r = self.mapping(ref, x.line_of("resolution"), "a resolution reference",
                                 {"group", "index"}, ("group", "index"))  # fmt: skip
                resolution = (self.required_text(r, "group"), self.integer(r, "index"))
            else:
                raise self.error(x.line_of("resolution"), "'resolution' must be an index")
            row = RosterApprovalRow(self.date(x, "date"), self.text(x, "note"), resolution)
            g.roster_approvals.append(row)
            self.lines.of[id(row)] = x.line
        for item in self.seq(m, "claims"):
            x = self.mapping(
                item,
                m.line_of("claims"),
                "a claim",
                {"field", "value", "source", "lines"},
                ("field", "value"),
            )
            row = ClaimRow(
                self.required_text(x, "field"), _plain(x["value"]), self.cite(x, sources)
            )
            g.claims.append(row)
            self.lines.of[id(row)] = x.line
        for item in self.seq(m, "pages"):
            g.pages.append(self.page(item, m.line_of("pages"), sources, g.slug))
        return g

    def document(self, doc: Any) -> Snapshot:
        top = {"format", "version", "sources", "people", "groups", "pages", "legacy_paths"}
        m = self.mapping(doc, 1, "the document", top, ("format",))
        if m["format"] != FORMAT:
            raise self.error(m.line_of("format"), f"format must be {FORMAT!r}")
        if m.get("version", FORMAT_VERSION) != FORMAT_VERSION:
            raise self.error(m.line_of("version"), f"unknown version {m.get('version')!r}")
        snap = Snapshot()
        for item in self.seq(m, "sources"):
            x = self.mapping(
                item, m.line_of("sources"), "a source", {"path", "kind", "sha256"}, ("path", "kind")
            )
            row = SourceRow(
                self.required_text(x, "path"), self.required_text(x, "kind"), self.text(x, "sha256")
            )
            snap.sources.append(row)
            self.lines.of[id(row)] = x.line
        sources = {s.path for s in snap.sources}
        for item in self.seq(m, "people"):
            x = self.mapping(
                item, m.line_of("people"), "a person", {"slug", "name", "aliases"}, ("slug", "name")
            )
            row = PersonRow(self.required_text(x, "slug"), self.required_text(x, "name"))
            for name in self.seq(x, "aliases"):
                if not isinstance(name, str) or not name.strip():
                    raise self.error(x.line_of("aliases"), "'aliases' must list names")
                row.aliases.append(name)
            snap.people.append(row)
            self.lines.of[id(row)] = x.line
        people = {p.slug: p.name for p in snap.people}
        kinds = {s.path: s.kind for s in snap.sources}
        for item in self.seq(m, "groups"):
            group = self.group(item, m.line_of("groups"), sources, people)
            group.source_kind = kinds[group.cite.path] if group.cite else ""
            snap.groups.append(group)
        for item in self.seq(m, "pages"):
            snap.pages.append(self.page(item, m.line_of("pages"), sources, None))
        legacy = m.get("legacy_paths") or {}
        if not isinstance(legacy, dict):
            raise self.error(m.line_of("legacy_paths"), "'legacy_paths' must map old to new")
        for old, new in legacy.items():
            if not isinstance(new, str) or not new:
                raise self.error(legacy.line_of(old), f"legacy path {old!r} needs a new path")
            snap.legacy_paths.append((old, new))
        return snap


def _plain(value: Any) -> Any:
    """Located containers back to plain dicts and lists (for JSON values)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def parse_yaml(text: str, path: str) -> tuple[Snapshot, Lines]:
    """Read a registry dump; SourceError(path, line, message) on anything malformed.

    Checks the shape, types, dates and references within the document; what needs the
    registry's vocabulary (statuses, roles, kinds) is checked by the loader.
    """
    reader = _Reader(path)
    try:
        doc = yaml.load(text, Loader=_LocatingLoader)
    except _LocatedError as exc:
        raise reader.error(exc.line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
        raise reader.error(mark.line + 1 if mark else None, message) from None
    except yaml.YAMLError as exc:
        raise reader.error(None, f"invalid YAML: {exc}") from None
    return reader.document(doc), reader.lines
