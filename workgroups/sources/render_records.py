"""Plain records of the whole registry, for the exports (no ORM here).

`workgroups.registry.snapshot.take()` builds a `Snapshot` from the database; the renderers
(`render_psf_page`, `render_wiki`, `render_yaml`, `render_json`) turn one into text. Tests build
small snapshots by hand. Lists are already in their stable order when a snapshot is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workgroups.lib.partialdate import PartialDate


@dataclass(frozen=True)
class Cite:
    """Where a row was imported from: a source path and its lines (either may be unknown)."""

    path: str
    start: int | None = None
    end: int | None = None


@dataclass
class SourceRow:
    path: str
    kind: str
    sha256: str = ""


@dataclass
class PersonRow:
    slug: str
    name: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class MailingListRow:
    address: str
    url: str = ""
    position: int = 0
    cite: Cite | None = None


@dataclass
class LinkRow:
    label: str
    url: str
    position: int = 0
    cite: Cite | None = None


@dataclass
class MembershipRow:
    person: str  # slug
    name: str  # the person's display name
    role: str = "member"
    voting: bool = True
    start: PartialDate | None = None
    end: PartialDate | None = None
    note: str = ""
    cite: Cite | None = None

    @property
    def current(self) -> bool:
        return self.end is None


@dataclass
class ResolutionRow:
    kind: str
    text: str
    title: str = ""
    date: PartialDate | None = None
    date_inferred: bool = False
    vote_yes: int | None = None
    vote_no: int | None = None
    vote_abstain: int | None = None
    medium: str = ""
    position: int = 0
    cite: Cite | None = None

    @property
    def vote(self) -> dict | None:
        if self.vote_yes is None:
            return None
        return {"yes": self.vote_yes, "no": self.vote_no or 0, "abstain": self.vote_abstain or 0}


@dataclass
class PageRow:
    title: str
    slug: str
    kind: str = "page"
    date: PartialDate | None = None
    path: str | None = None  # wiki path without ".md"
    body: str = ""
    position: int = 0
    cite: Cite | None = None
    group: str | None = None  # the group's slug, None for pages of no group (templates)


@dataclass
class ClaimRow:
    field: str
    value: Any
    cite: Cite | None = None


@dataclass
class RosterApprovalRow:
    date: PartialDate
    note: str = ""
    # The resolution it rests on: (group slug, index in that group's `resolutions`).
    resolution: tuple[str, int] | None = None


@dataclass
class GroupRow:
    slug: str
    name: str
    status: str = "active"
    formed: PartialDate | None = None
    dissolved: PartialDate | None = None
    summary: str = ""
    purpose: str = ""
    position: int = 0
    version: int = 1
    cite: Cite | None = None
    source_kind: str = ""  # the kind of the source the group was imported from ("" if by hand)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (kind, name)
    mailing_lists: list[MailingListRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    members: list[MembershipRow] = field(default_factory=list)
    resolutions: list[ResolutionRow] = field(default_factory=list)
    pages: list[PageRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    roster_approvals: list[RosterApprovalRow] = field(default_factory=list)


@dataclass
class Snapshot:
    """The registry at one moment, every list in its stable order."""

    sources: list[SourceRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    groups: list[GroupRow] = field(default_factory=list)
    pages: list[PageRow] = field(default_factory=list)  # pages of no group
    legacy_paths: list[tuple[str, str]] = field(default_factory=list)  # (old, new)


# Stable orders, shared by the snapshot builder and by tests that build snapshots by hand.

ROLE_RANK = {"chair": 0, "co-chair": 1, "vice-chair": 2, "secretary": 3, "moderator": 4}


def _iso(value: PartialDate | None) -> str:
    return value.iso() if value is not None else ""


def _cite_key(cite: Cite | None) -> tuple:
    if cite is None:
        return ("", -1, -1)
    return (cite.path, cite.start or 0, cite.end or 0)


def membership_key(m: MembershipRow) -> tuple:
    return (
        ROLE_RANK.get(m.role, 9),
        m.role,
        m.name,
        m.person,
        _iso(m.start),
        _iso(m.end),
        not m.voting,
        m.note,
        _cite_key(m.cite),
    )


def resolution_key(r: ResolutionRow) -> tuple:
    return (r.position, _iso(r.date), r.kind, r.title, r.text, _cite_key(r.cite))


def page_key(p: PageRow) -> tuple:
    return (p.path or "", p.slug)


def claim_key(c: ClaimRow) -> tuple:
    import json

    return (c.field, _cite_key(c.cite), json.dumps(c.value, sort_keys=True, ensure_ascii=False))


def sort_snapshot(snapshot: Snapshot) -> Snapshot:
    """Put every list of a snapshot in its stable order (in place; returns it)."""
    snapshot.sources.sort(key=lambda s: s.path)
    snapshot.people.sort(key=lambda p: p.slug)
    for person in snapshot.people:
        person.aliases.sort()
    snapshot.groups.sort(key=lambda g: (g.position, g.name, g.slug))
    snapshot.pages.sort(key=page_key)
    snapshot.legacy_paths.sort()
    for g in snapshot.groups:
        g.aliases.sort()
        g.mailing_lists.sort(key=lambda m: (m.position, m.address, m.url))
        g.links.sort(key=lambda link: (link.position, link.label, link.url))
        g.members.sort(key=membership_key)
        g.resolutions.sort(key=resolution_key)
        g.pages.sort(key=page_key)
        g.claims.sort(key=claim_key)
        g.roster_approvals.sort(key=lambda a: (a.date.iso(), a.note, a.resolution or ("", -1)))
    return snapshot
