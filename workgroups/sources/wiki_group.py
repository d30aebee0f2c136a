"""What the wiki says about one group, read across all its pages: pages in, one reading out.

Each page is parsed alone (`wiki.parse_wiki_page`); this module decides which of them speak
for the group now:

- A page that says it is no longer valid, or a charter that a later version replaces
  (Charter -> Charter_v2 -> Charter_v3), is *superseded*: it never supplies current facts.
  The people it names that no current page keeps are seats that ended on or before the date
  the successor was adopted (or at an unknown date).
- Of the current pages, the one that states the membership is the latest charter, else the
  group's page, else a legacy page. The other current pages' lists stay claims.
- "Past members:" lists are seats that ended at an unknown date.
- Officers (chair, co-chair, vice-chair, secretary, moderator) come from the current pages
  (a page's "Chair: X" counts even when its charter names only members).
- The purpose is the latest current charter's purpose section, else the page's.
- Mailing lists, formed dates and quoted board resolutions come from the current pages.

No ORM here: the registry applies the reading under its precedence rules (python.org first).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from workgroups.lib.names import person_key
from workgroups.lib.partialdate import PartialDate
from workgroups.lib.vocabulary import OFFICERS, PageKind, ResolutionKind, Role
from workgroups.sources.records import (
    MailingListRecord,
    PersonRef,
    ResolutionRecord,
    RosterRecord,
    Span,
    WikiPage,
)

# The pages that speak for their group (minutes, indexes and ACL lists do not).
_SPEAKING = (PageKind.CHARTER, PageKind.PAGE)
# Stated dates that say when the board approved or founded the group.
_FORMED_LABELS = ("approved", "established")
# Stated dates that say when a new charter was adopted.
_ADOPTED_LABELS = ("adopted",)


@dataclass
class EndedSeat:
    """A seat a page shows as over: a past member, or someone a later document dropped."""

    ref: PersonRef
    end: PartialDate
    past: bool = False  # listed as a past member (not dropped by a later document)


@dataclass
class WikiGroupReading:
    roster: RosterRecord | None = None  # the current membership, from the page that states it
    members: list[PersonRef] = field(default_factory=list)  # its seats, officers' roles applied
    ended: list[EndedSeat] = field(default_factory=list)
    officers: list[PersonRef] = field(default_factory=list)
    purpose: str = ""
    purpose_span: Span | None = None
    mailing_lists: list[MailingListRecord] = field(default_factory=list)
    formed: PartialDate | None = None
    formed_span: Span | None = None
    resolutions: list[ResolutionRecord] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)  # wiki paths


def read_wiki_group(pages: list[WikiPage], canon=person_key) -> WikiGroupReading:
    """One reading of a group's wiki pages; `canon` maps a name to its person identity."""
    reading = WikiGroupReading()
    speaking = [p for p in pages if p.kind in _SPEAKING]
    superseded = _superseded(speaking)
    current = [p for p in speaking if p.path not in superseded]
    reading.superseded = sorted(superseded)
    reading.resolutions = [r for p in current for r in p.resolutions]
    _read_seats(reading, current, [p for p in speaking if p.path in superseded], canon)
    _read_purpose_and_lists(reading, current)
    _read_formation(reading, current)
    return reading


def _read_seats(reading, current, superseded, canon) -> None:
    """Current seats from the newest roster and the officers; ended seats from past lists,
    older rosters and superseded pages."""
    newest = _newest(current)
    if newest is not None:
        reading.roster = newest.roster
    reading.officers = _officers(current, newest, canon)
    now = _seats(reading, canon)
    quiet = _non_voting(current, canon)
    reading.members = [
        replace(ref, voting=False) if (canon(ref.name), ref.role) in quiet else ref
        for ref in reading.members
    ]
    people = {person for person, _ in now}

    def end(ref: PersonRef, when: PartialDate, past: bool = False) -> None:
        key = (canon(ref.name), ref.role)
        if key not in now:
            now[key] = ref
            reading.ended.append(EndedSeat(ref, when, past))

    for page in sorted(current, key=_recency, reverse=True):
        for ref in page.roster.past if page.roster else ():
            if canon(ref.name) not in people:
                end(ref, PartialDate.unknown(), past=True)
    for ref in _former_officers(current, newest):
        end(ref, PartialDate.unknown())
    older = [p for p in current if p is not newest and _states_roster(p)]
    for page in sorted(older, key=_recency, reverse=True):
        for ref in page.roster.members:
            end(ref, PartialDate.unknown())
    successor = _successor_date(current, reading.resolutions)
    gone = PartialDate.unknown() if successor is None else successor.or_before()
    for page in superseded:
        for ref in [*page.roster.members, *page.roster.past] if page.roster else ():
            end(ref, gone)


def _read_purpose_and_lists(reading: WikiGroupReading, current: list[WikiPage]) -> None:
    """The most authoritative page's purpose; every page's lists, each address once."""
    ordered = sorted(current, key=_authority, reverse=True)
    described = next((p for p in ordered if p.purpose), None)
    if described is not None:
        reading.purpose, reading.purpose_span = described.purpose, described.purpose_span
    addresses: set[str] = set()
    for ml in (ml for page in ordered for ml in page.mailing_lists):
        if ml.address not in addresses:
            addresses.add(ml.address)
            reading.mailing_lists.append(ml)
        elif ml.url:
            _fill_url(reading.mailing_lists, ml)


def _read_formation(reading: WikiGroupReading, current: list[WikiPage]) -> None:
    """The earliest date a page says the board approved or founded the group, as its formed
    date and, when no resolution of that date is quoted, as its establishing resolution."""
    stated = [
        (date, span, page)
        for page in current
        for label, date, span in page.stated_dates
        if label in _FORMED_LABELS
    ]
    if not stated:
        return
    date, span, page = min(stated, key=lambda s: s[0])
    reading.formed, reading.formed_span = date, span
    if date not in {r.date for r in reading.resolutions}:
        # "The Project Funding Working Group was approved by the PSF Board on 11 June 2020."
        reading.resolutions.append(
            ResolutionRecord(
                kind=ResolutionKind.ESTABLISHING.value,
                title="Approved by the board",
                text=_line(page, span.start),
                span=span,
                date=date,
            )
        )


def _line(page: WikiPage, number: int) -> str:
    lines = page.text.splitlines()
    return lines[number - 1].strip() if 0 < number <= len(lines) else ""


def _seats(reading: WikiGroupReading, canon) -> dict[tuple[str, str], PersonRef]:
    """(person, role) -> ref of every current seat: the roster, with officers' roles."""
    officers = {canon(ref.name): ref for ref in reading.officers}
    now = {}
    for ref in _refs(reading.roster):
        officer = officers.get(canon(ref.name))
        now[(canon(ref.name), officer.role if officer else ref.role)] = ref
    for key, ref in officers.items():
        now[(key, ref.role)] = ref
    reading.members = [
        replace(ref, role=role, voting=ref.voting and officers.get(key, ref).voting)
        for (key, role), ref in now.items()
    ]
    return now


def _non_voting(pages: list[WikiPage], canon) -> set[tuple[str, str]]:
    """(person, role) that some current page marks non-voting: a newer list that says nothing
    of it does not make them voting."""
    return {
        (canon(ref.name), ref.role)
        for page in pages
        if page.roster is not None
        for ref in page.roster.members
        if not ref.voting
    }


def _refs(roster: RosterRecord | None) -> list[PersonRef]:
    return list(roster.members) if roster is not None else []


def _superseded(pages: list[WikiPage]) -> set[str]:
    """Pages that say they are no longer valid, and charters a later version replaces."""
    gone = {p.path for p in pages if p.invalid}
    charters = [p for p in pages if p.kind == PageKind.CHARTER and not p.legacy]
    if charters:
        latest = max(p.version for p in charters)
        gone |= {p.path for p in charters if p.version < latest}
    return gone


def _successor_date(current: list[WikiPage], resolutions: list[ResolutionRecord]):
    """When a new charter replaced the old one: its adoption, as the pages date it."""
    dates = [d for p in current for label, d, _ in p.stated_dates if label in _ADOPTED_LABELS]
    dates += [r.date for r in resolutions if r.kind == ResolutionKind.AMENDING and r.date]
    return min(dates, default=None)


def _authority(page: WikiPage) -> tuple:
    """The page that speaks for the group now: the latest charter, then the group's page."""
    return (page.kind == PageKind.CHARTER, not page.legacy, page.version)


def _states_roster(page: WikiPage) -> bool:
    return page.roster is not None and page.roster.full and page.roster.origin != "acl"


def _recency(page: WikiPage) -> tuple:
    """How recent a page reads: the latest year it mentions, then the latest charter."""
    return (page.latest_year or 0, *_authority(page))


def _newest(current: list[WikiPage]) -> WikiPage | None:
    """The current page that states the membership and reads the most recent: the others'
    lists are older, and whoever they name that it does not has left."""
    return max((p for p in current if _states_roster(p)), key=_recency, default=None)


def _officers(current: list[WikiPage], newest: WikiPage | None, canon) -> list[PersonRef]:
    """Officers named by the newest roster and by pages that state no roster ("Chair: X" on
    a group's page); each person once, in their highest office. An office the newest roster
    gives someone else was held before it (see `_former_officers`)."""
    taken = {ref.role for ref in (newest.chairs if newest else ())}
    pages = [p for p in current if p is newest or not _states_roster(p)]
    found: dict[str, PersonRef] = {}
    for page in sorted(pages, key=_recency, reverse=True):
        for ref in page.chairs:
            key = canon(ref.name)
            if page is not newest and ref.role in taken:
                continue
            if ref.role in OFFICERS and (
                key not in found or Role.rank(ref.role) < Role.rank(found[key].role)
            ):
                found[key] = ref
    return list(found.values())


def _former_officers(current: list[WikiPage], newest: WikiPage | None) -> list[PersonRef]:
    """Officers a page without a roster names in an office the newest roster gives someone
    else: "I (Ewa) am the non-voting chair" in a letter older than the charter."""
    if newest is None:
        return []
    taken = {ref.role for ref in newest.chairs}
    return [
        ref
        for page in current
        if page is not newest and not _states_roster(page)
        for ref in [*page.chairs, *page.writers]
        if ref.role in taken
    ]


def _fill_url(lists: list[MailingListRecord], other: MailingListRecord) -> None:
    for i, ml in enumerate(lists):
        if ml.address == other.address and not ml.url:
            lists[i] = MailingListRecord(ml.address, other.url, ml.span)
