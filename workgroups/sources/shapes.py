"""The one declared shape of each entity of the registry (pydantic models; no ORM here).

A `Snapshot` is the whole registry in these shapes. Everything that shows the record outside
the database is made from them: the registry dump (`render_yaml`: a shape's fields are the
document's keys, in declaration order, and a YAML import is validated against them), the JSON
export and the API's group answers (`render_json`), the python.org page and the wiki
(`render_psf_page`, `render_wiki`), and the snapshot behind the history. A new field of an
entity is one line here (plus its column in `registry/models.py` and `registry/snapshot.py`).

Conventions: a field without a default is always written; one with a default is left out of
the dump while it holds the default (no date, `voting: true`, position 0, ""). Dates are
`PartialDate`s, written as quoted ISO strings. `source` and `lines` say where a row was
imported from.
"""

from __future__ import annotations

import datetime
import json
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    SerializationInfo,
    field_validator,
    model_validator,
)

from workgroups.lib.partialdate import PartialDate
from workgroups.lib.text import bad_character
from workgroups.lib.vocabulary import (
    ClaimField,
    GroupStatus,
    PageKind,
    ResolutionKind,
    Role,
    SourceKind,
)

FORMAT = "workgroups-registry"
FORMAT_VERSION = 1


class QuotedDate(str):
    """A date as the dump writes it: always in quotes ('2018' would read back as a number)."""


def _read_date(value: Any) -> PartialDate | None:
    if value is None or value == "":
        return None
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, int) and not isinstance(value, bool):
        return PartialDate(value)
    if isinstance(value, str | datetime.date):
        return PartialDate.parse(value)  # PartialDateError is a ValueError: a field error
    raise ValueError("must be a date like '2018-05'")


def _write_date(value: PartialDate | None, info: SerializationInfo) -> str | None:
    if value is None:
        return None
    if info.context and info.context.get("quote_dates"):
        return QuotedDate(value.iso())
    return value.iso()


Date = Annotated[PartialDate | None, BeforeValidator(_read_date), PlainSerializer(_write_date)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
Count = Annotated[int, Field(ge=0, le=32767)]
Lines = tuple[int | None, int | None]


def _plain_text(value: Any) -> Any:
    """`value`, refused when it (or text inside it: list items, mapping keys and values) holds
    a character that no output can carry (see lib/text.py)."""
    # Called for every field of every row (millions in a large dump): most are text, numbers,
    # dates or rows, told apart by their exact type before the slower isinstance() checks.
    kind = type(value)
    if kind is str:
        if problem := bad_character(value):
            raise ValueError(f"holds {problem}")
        return value
    if kind is int or kind is bool or value is None or isinstance(value, BaseModel):
        return value
    if isinstance(value, str):
        if problem := bad_character(value):
            raise ValueError(f"holds {problem}")
    elif isinstance(value, list | tuple):
        for item in value:
            if not isinstance(item, BaseModel):  # rows check their own fields
                _plain_text(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _plain_text(key)
            _plain_text(item)
    return value


class Shape(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        arbitrary_types_allowed=True,
        use_enum_values=True,
        coerce_numbers_to_str=True,
        validate_default=False,
    )

    # Every field of every shape: a document is checked as a whole, text in any field.
    _text_is_plain = field_validator("*")(_plain_text)


class Cite(BaseModel):
    """Where a row was imported from: a source path and its lines (either may be unknown)."""

    model_config = ConfigDict(frozen=True)

    path: str
    start: int | None = None
    end: int | None = None


class Sourced(Shape):
    """A shape that may say where it came from (`source`, `lines`)."""

    @model_validator(mode="after")
    def _lines_need_a_source(self):
        if self.lines is not None and self.source is None:
            raise ValueError("'lines' without a 'source'")
        return self

    @property
    def cite(self) -> Cite | None:
        if self.source is None:
            return None
        start, end = self.lines or (None, None)
        return Cite(path=self.source, start=start, end=end)


class Source(Shape):
    path: Text
    kind: SourceKind
    sha256: str = ""


class Person(Shape):
    slug: Text
    name: Text
    aliases: list[Text] = []


class MailingList(Sourced):
    address: str
    url: str = ""
    position: int = Field(0, ge=0)
    source: str | None = None
    lines: Lines | None = None


class Link(Sourced):
    label: str
    url: Text
    position: int = Field(0, ge=0)
    source: str | None = None
    lines: Lines | None = None


class Membership(Sourced):
    person: Text  # the person's slug
    role: Role  # always written; a document may leave it out for a plain member
    voting: bool = True
    start: Date = None
    end: Date = None
    note: str = ""
    source: str | None = None
    lines: Lines | None = None
    name: str = Field("", exclude=True)  # the person's name, for display

    @property
    def current(self) -> bool:
        return self.end is None

    def api(self) -> dict:
        """As the API and the JSON export show a seat."""
        return {
            "person": {"slug": self.person, "name": self.name},
            "role": self.role,
            "voting": self.voting,
            "start": iso(self.start),
            "end": iso(self.end),
            "current": self.current,
        }

    @model_validator(mode="before")
    @classmethod
    def _member_by_default(cls, data: Any) -> Any:
        if isinstance(data, dict) and "role" not in data:
            return {**data, "role": Role.MEMBER.value}
        return data

    @model_validator(mode="after")
    def _ends_after_start(self):
        if self.start is not None and self.end is not None and self.end.precedes(self.start):
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Vote(Shape):
    yes: Count | None
    no: Count | None
    abstain: Count | None

    @model_validator(mode="after")
    def _yes_first(self):
        if self.yes is None and (self.no is not None or self.abstain is not None):
            raise ValueError("a vote needs its 'yes' count")
        return self

    def counts(self) -> dict:
        return {"yes": self.yes, "no": self.no or 0, "abstain": self.abstain or 0}


# Kinds older dumps wrote that the vocabulary has since folded into another.
_FORMER_KINDS = {"amended-charter": ResolutionKind.AMENDING.value}


def _read_kind(value: Any) -> Any:
    return _FORMER_KINDS.get(value, value) if isinstance(value, str) else value


class Resolution(Sourced):
    kind: Annotated[ResolutionKind, BeforeValidator(_read_kind)]
    title: str = ""
    date: Date = None
    date_inferred: bool = False
    vote: Vote | None = None
    medium: str = ""
    position: int = Field(0, ge=0)
    source: str | None = None
    lines: Lines | None = None
    text: str

    def api(self) -> dict:
        """As the API and the JSON export show it."""
        return {
            "kind": self.kind,
            "title": self.title,
            "date": iso(self.date),
            "date_inferred": self.date_inferred,
            "text": self.text,
            "vote": self.vote.counts() if self.vote and self.vote.yes is not None else None,
            "medium": self.medium,
        }


class ResolutionRef(Shape):
    """A resolution of another group, by its index in that group's `resolutions`."""

    group: Text
    index: int = Field(ge=0)


class RosterApproval(Shape):
    date: Annotated[PartialDate, BeforeValidator(_read_date), PlainSerializer(_write_date)]
    # The resolution it rests on: an index in this group's resolutions, or another group's.
    resolution: int | ResolutionRef | None = None
    note: str = ""

    def ref(self, group: str) -> tuple[str, int] | None:
        """(group slug, index) of the resolution, or None."""
        if self.resolution is None:
            return None
        if isinstance(self.resolution, ResolutionRef):
            return self.resolution.group, self.resolution.index
        return group, self.resolution


class Claim(Sourced):
    field: ClaimField
    value: Any
    source: str | None = None
    lines: Lines | None = None


class Page(Sourced):
    path: str | None = None  # wiki path without ".md"
    slug: Text
    kind: PageKind
    title: str
    date: Date = None
    position: int = Field(0, ge=0)
    source: str | None = None
    lines: Lines | None = None
    body: str = ""
    group: str | None = Field(None, exclude=True)  # its group's slug; None: of no group

    def api(self, url: str) -> dict:
        """As the API and the JSON export list a page (`url`: its address on the site)."""
        return {
            "title": self.title,
            "kind": self.kind,
            "date": iso(self.date),
            "path": self.path,
            "url": url,
        }


class Group(Sourced):
    slug: Text
    name: Text
    status: GroupStatus
    formed: Date = None
    dissolved: Date = None
    position: int = Field(0, ge=0)
    summary: str = ""
    source: str | None = None
    lines: Lines | None = None
    aliases: list[Text] = []
    alias_paths: list[Text] = []
    purpose: str = ""
    # When the record (roster, contacts, purpose) was last confirmed current, and by whom.
    confirmed: Date = None
    confirmed_by: str = ""
    mailing_lists: list[MailingList] = []
    links: list[Link] = []
    members: list[Membership] = []
    resolutions: list[Resolution] = []
    roster_approvals: list[RosterApproval] = []
    claims: list[Claim] = []
    pages: list[Page] = []
    # Bookkeeping of the live registry, not part of the record's dump.
    version: int = Field(1, exclude=True)
    source_kind: str = Field("", exclude=True)  # the kind of `source` ("" if by hand)

    @model_validator(mode="after")
    def _dissolved_after_formed(self):
        if self.formed and self.dissolved and self.dissolved < self.formed:
            raise ValueError(f"dissolved {self.dissolved} is before formed {self.formed}")
        return self


class Snapshot(Shape):
    """The registry at one moment, every list in its stable order."""

    format: Literal["workgroups-registry"] = FORMAT
    version: Literal[1] = FORMAT_VERSION
    sources: list[Source] = []
    people: list[Person] = []
    groups: list[Group] = []
    pages: list[Page] = []  # pages of no group
    legacy_paths: dict[str, Text] = {}  # old wiki name -> current wiki path

    def kinds(self) -> dict[str, str]:
        return {s.path: s.kind for s in self.sources}

    def names(self) -> dict[str, str]:
        return {p.slug: p.name for p in self.people}

    def sort(self) -> Snapshot:
        """Put every list in its stable order (in place; returns the snapshot)."""
        self.sources.sort(key=lambda s: s.path)
        self.people.sort(key=lambda p: p.slug)
        for person in self.people:
            person.aliases.sort()
        self.groups.sort(key=lambda g: (g.position, g.name, g.slug))
        self.pages.sort(key=_page_key)
        self.legacy_paths = dict(sorted(self.legacy_paths.items()))
        for g in self.groups:
            g.aliases.sort()
            g.alias_paths.sort()
            g.mailing_lists.sort(key=lambda m: (m.position, m.address, m.url))
            g.links.sort(key=lambda link: (link.position, link.label, link.url))
            g.members.sort(key=_membership_key)
            g.resolutions.sort(key=_resolution_key)
            g.pages.sort(key=_page_key)
            g.claims.sort(key=_claim_key)
            g.roster_approvals.sort(key=lambda a: approval_key(a, g.slug))
        return self


# Stable orders (the database's collation and NULL order differ between SQLite and PostgreSQL).


def _iso_key(value: PartialDate | None) -> str:
    return value.iso() if value is not None else ""


def _cite_key(row: Sourced) -> tuple:
    if row.source is None:
        return ("", -1, -1)
    start, end = row.lines or (None, None)
    return (row.source, start or 0, end or 0)


def _membership_key(m: Membership) -> tuple:
    rank = Role.rank(m.role) if m.role != Role.MEMBER else 9
    return (
        rank,
        m.role,
        m.name,
        m.person,
        _iso_key(m.start),
        _iso_key(m.end),
        not m.voting,
        m.note,
        _cite_key(m),
    )


def _resolution_key(r: Resolution) -> tuple:
    return (r.position, _iso_key(r.date), r.kind, r.title, r.text, _cite_key(r))


def _page_key(p: Page) -> tuple:
    return (p.path or "", p.slug)


def _claim_key(c: Claim) -> tuple:
    return (c.field, _cite_key(c), json.dumps(c.value, sort_keys=True, ensure_ascii=False))


def approval_key(a: RosterApproval, group: str) -> tuple:
    return (a.date.iso(), a.note, a.ref(group) or ("", -1))


def iso(value: PartialDate | None) -> str | None:
    return None if value is None else value.iso()
