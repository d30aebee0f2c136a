"""The rules: each a small function of the registry that yields findings.

Adding a rule is adding one function here, its name in RULES, and a test in
tests/test_<code>.py. Severity: `error` when sources contradict each other, `warning` when
the record is stale or missing something, `info` for what a person should look at.
Messages name the groups in words and say what each source says.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from operator import attrgetter, itemgetter

from workgroups.checks.findings import Finding, SourceRef, finding
from workgroups.checks.links import wiki_links, wiki_targets
from workgroups.checks.registry import Registry
from workgroups.lib.names import fold, is_placeholder, person_key
from workgroups.lib.partialdate import PartialDate, parse_or_none
from workgroups.lib.text import normal_text as _normal_text
from workgroups.lib.vocabulary import (
    LEADS,
    ClaimField,
    FindingCode,
    GroupStatus,
    PageKind,
    ResolutionKind,
    Role,
    Severity,
    SourceKind,
)
from workgroups.registry.approvals import yearly_roster_approval

# --- wording helpers -------------------------------------------------------------------------


def and_list(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _source_path(row_or_path) -> str:
    source = getattr(row_or_path, "source", None)
    return source.path if source is not None else str(row_or_path)


def source_kind(row_or_path) -> SourceKind:
    """The kind of document a row comes from (from its path, when that is all there is)."""
    path = _source_path(row_or_path)
    kind = getattr(getattr(row_or_path, "source", None), "kind", "")
    if kind == SourceKind.PSF_PAGE or "python-org" in path:
        return SourceKind.PSF_PAGE
    if kind == SourceKind.WIKI_INDEX or path.endswith(
        ("working-groups-index.md", "working-groups/index.md")
    ):
        return SourceKind.WIKI_INDEX
    return SourceKind(kind) if kind in SourceKind.values else SourceKind.WIKI_PAGE


def source_name(row_or_path) -> str:
    """How a message names a document: 'the python.org page', 'the wiki page “Grants/Charter”'."""
    kind = source_kind(row_or_path)
    if kind in (SourceKind.PSF_PAGE, SourceKind.WIKI_INDEX):
        return kind.label
    if kind in (SourceKind.YAML, SourceKind.MANUAL):
        return "the registry"
    return f"the wiki page “{wiki_page_name(_source_path(row_or_path))}”"


def wiki_page_name(path: str) -> str:
    """'data/psf-wiki/psf/working-groups/Grants/Charter.md' -> 'Grants/Charter'."""
    path = path.removesuffix(".md")
    for root in ("psf/working-groups/", "psf/"):
        if root in path:
            return path.split(root, 1)[1]
    return path


def where(row) -> str:
    """'(line 20)' for a row with lines, else ''."""
    if getattr(row, "line_start", None) is None:
        return ""
    return f" (line {row.line_start})"


pdate = parse_or_none


def human(value) -> str:
    d = pdate(value)
    return d.human() if d else str(value)


def agree(a: PartialDate, b: PartialDate) -> bool:
    """Two dates at any precision that may be the same day (2018-05 and 2018-05-31 agree)."""
    return a.contains(b) or b.contains(a)


def is_active(group) -> bool:
    return group.status == GroupStatus.ACTIVE


def latest_per_source(claims) -> list:
    """One claim per source document: the last it states (later lines supersede)."""
    by_source = {}
    for claim in sorted(claims, key=lambda c: (c.source_id or 0, c.line_start or 0)):
        by_source[claim.source_id] = claim
    return list(by_source.values())


# --- status ----------------------------------------------------------------------------------

# Words in a wiki page that contradict a group being active, as the importer records them.
HINTS_AGAINST_ACTIVE = {
    "not active": "calls it not active",
    "dormant": "describes it as dormant",
    "historical": "describes it as historical",
    "disbanded": "says it has disbanded",
}


def status_conflict(reg: Registry) -> Iterator[Finding]:
    """The sources disagree on whether a group is active."""
    for group in reg.groups:
        claims = reg.claims_of(group, ClaimField.STATUS)
        values = {c.value for c in claims}
        hints = [
            c
            for c in reg.claims_of(group, ClaimField.STATUS_HINT)
            if isinstance(c.value, dict) and c.value.get("hint") in HINTS_AGAINST_ACTIVE
        ]
        said = list(
            dict.fromkeys(f"{source_name(c)}{where(c)} lists it as {c.value}" for c in claims)
        )
        hinted = list(
            dict.fromkeys(
                f"{source_name(c)}{where(c)} {HINTS_AGAINST_ACTIVE[c.value['hint']]}" for c in hints
            )
        )
        if len(values) > 1:
            message = f"{group.name}: {and_list(said + hinted)}."
            yield finding(
                FindingCode.STATUS_CONFLICT, Severity.ERROR, [group], message, claims + hints
            )
        elif hints and (values == {GroupStatus.ACTIVE} or (not values and is_active(group))):
            listed = said or [f"the registry lists it as {group.status}"]
            message = f"{group.name}: {and_list(listed)}, but {and_list(hinted)}."
            yield finding(
                FindingCode.STATUS_CONFLICT, Severity.WARNING, [group], message, claims + hints
            )


# --- rosters and chairs ----------------------------------------------------------------------


def _superseded_sources(reg: Registry, group) -> set[str]:
    """Source paths of a group's charters that a later charter version replaced."""
    charters = [p for p in reg.pages_by_group.get(group.pk, ()) if p.kind == PageKind.CHARTER]
    if len(charters) < 2:
        return set()
    latest = max(charters, key=lambda p: (p.position, p.date or ""))
    return {p.source.path for p in charters if p is not latest and p.source_id}


def _people(members, voting_only: bool = False) -> dict[str, str]:
    """key -> name of the people a list names (placeholders left out)."""
    people = {}
    for m in members or ():
        name = (m.get("name") or "").strip()
        if not name or is_placeholder(name) or (voting_only and m.get("voting") is False):
            continue
        people[m.get("key") or person_key(name)] = name
    return people


def _near(key: str, keys) -> str | None:
    """A key in `keys` equal to `key` or a letter away from it (Jon Clement/Clements)."""
    if key in keys:
        return key
    for other in keys:
        if _one_edit(key, other):
            return other
    return None


def _diff(left: dict[str, str], right: dict[str, str], right_extra=None):
    """(names only in left, names only in right); `right_extra` also counts as in right."""
    right_all = {**right, **(right_extra or {})}
    only_left = [n for k, n in left.items() if _near(k, right_all) is None]
    only_right = [n for k, n in right.items() if _near(k, left) is None]
    return sorted(only_left), sorted(only_right)


def _roster_sets(reg: Registry, group) -> list[tuple[object, dict[str, str], dict[str, str]]]:
    """(claim, voting people, non-voting people) for each source's latest full roster, the
    chairs that source names included."""
    skip = _superseded_sources(reg, group)
    chairs_by_source = {
        c.source_id: c for c in latest_per_source(reg.claims_of(group, ClaimField.CHAIRS))
    }
    rosters = []
    for claim in latest_per_source(reg.claims_of(group, ClaimField.ROSTER)):
        if not isinstance(claim.value, dict) or (claim.source and claim.source.path in skip):
            continue
        members = list(claim.value.get("members") or [])
        chairs = chairs_by_source.get(claim.source_id)
        if chairs is not None and isinstance(chairs.value, list):
            members += chairs.value
        voting = _people(members, voting_only=True)
        others = {k: n for k, n in _people(members).items() if k not in voting}
        if voting or others:
            rosters.append((claim, voting, others))
    return rosters


def roster_conflict(reg: Registry) -> Iterator[Finding]:
    """A wiki member list or charter disagrees with the python.org roster, or the wiki's
    lists disagree with the latest charter's where the python.org page has none."""
    for group in reg.groups:
        rosters = _roster_sets(reg, group)
        if len(rosters) < 2:
            continue
        official = [r for r in rosters if source_kind(r[0]) == SourceKind.PSF_PAGE]
        if official:
            reference, severity = official[-1], Severity.ERROR
        else:
            charters = [r for r in rosters if r[0].value.get("origin") == "charter"]
            reference, severity = (charters or rosters)[-1], Severity.WARNING
        ref_claim, ref_people, ref_others = reference
        for claim, people, others in rosters:
            if claim is ref_claim or source_name(claim) == source_name(ref_claim):
                continue
            # Voting members are compared; a non-voting mention still counts as present.
            missing, _ = _diff(ref_people, people, others)
            _, extra = _diff({**ref_people, **ref_others}, people)
            if not missing and not extra:
                continue
            parts = []
            if extra:
                parts.append(f"{source_name(claim)} also names {and_list(extra)}")
            if missing:
                parts.append(f"it leaves out {and_list(missing)}")
            dated = ref_claim.value.get("date")
            as_of = f" as of {human(dated)}" if dated else ""
            message = (
                f"{group.name}: the members listed in {source_name(claim)}{where(claim)} differ "
                f"from those in {source_name(ref_claim)}{as_of}{where(ref_claim)}: "
                f"{'; '.join(parts).replace(source_name(claim) + ' also', 'it also')}."
            )
            yield finding(
                FindingCode.ROSTER_CONFLICT, severity, [group], message, [ref_claim, claim]
            )


# Which of _leaders' lists a role goes to: those who lead, their vices, moderators.
_LEADER_LISTS = {**dict.fromkeys(LEADS, 0), Role.VICE_CHAIR: 1, Role.MODERATOR: 2}


def _leaders(value) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(chairs and co-chairs, vice-chairs, moderators) a chairs claim names."""
    lists: tuple[dict[str, str], dict[str, str], dict[str, str]] = ({}, {}, {})
    for p in value if isinstance(value, list) else ():
        name = (p.get("name") or "").strip()
        index = _LEADER_LISTS.get(p.get("role") or Role.CHAIR)
        if not name or is_placeholder(name) or index is None:
            continue
        lists[index][p.get("key") or person_key(name)] = name
    return lists


def chair_conflict(reg: Registry) -> Iterator[Finding]:
    """Two sources name different chairs of a group."""
    for group in reg.groups:
        skip = _superseded_sources(reg, group)
        claims = [
            c
            for c in latest_per_source(reg.claims_of(group, ClaimField.CHAIRS))
            if not (c.source and c.source.path in skip)
        ]
        stated = [(c, *_leaders(c.value)) for c in claims]
        stated = [s for s in stated if s[1] or s[3]]
        for i, a in enumerate(stated):
            for b in stated[i + 1 :]:
                a_says, b_says, differ = _leaders_differ(a, b)
                if differ:
                    message = _chair_conflict_message(group, a, a_says, b, b_says)
                    yield finding(
                        FindingCode.CHAIR_CONFLICT, Severity.ERROR, [group], message, [a[0], b[0]]
                    )


def _leaders_differ(a, b) -> tuple[dict[str, str], dict[str, str], bool]:
    """(whom source a names to lead, whom b names, whether they differ), from two
    (claim, chairs, vices, moderators)."""
    a_claim, a_chairs, a_vices, a_mods = a
    b_claim, b_chairs, b_vices, b_mods = b
    if a_chairs and b_chairs:
        only_a, only_b = _diff(a_chairs, b_chairs)
        return a_chairs, b_chairs, bool(only_a or only_b)
    a_says, b_says = a_chairs or a_mods, b_chairs or b_mods
    # A wiki page's chair beside another page's moderator: two offices, no disagreement. The
    # python.org page speaks for the group: a wiki page naming other leaders disagrees with it.
    kinds = {source_kind(a_claim), source_kind(b_claim)}
    if SourceKind.PSF_PAGE not in kinds or len(kinds) == 1:
        return a_says, b_says, False
    python_org, wiki = (a, b) if source_kind(a_claim) == SourceKind.PSF_PAGE else (b, a)
    # Each chair or vice-chair the wiki names must hold that office on python.org too.
    differ = any(
        _near(key, python_org[1 + office]) is None
        for office, people in enumerate(wiki[1:3])
        for key in people
    )
    return a_says, b_says, differ


def _chair_conflict_message(group, a, a_says, b, b_says) -> str:
    a_claim, a_chairs, a_vices, _ = a
    b_claim, b_chairs, b_vices, _ = b
    message = (
        f"{group.name}: {source_name(a_claim)}{where(a_claim)} names "
        f"{_leaders_words(a_says, a_chairs, a_vices)} as its "
        f"{'chairs' if len(a_says) > 1 else 'chair'}"
        f"{'' if a_chairs else ' (moderators)'}, but {source_name(b_claim)}{where(b_claim)} "
        f"names {_leaders_words(b_says, b_chairs, b_vices)}"
        f"{'' if b_chairs else ' (moderators)'}."
    )
    message = message.replace("as its chairs (moderators)", "as its moderators")
    return message.replace("as its chair (moderators)", "as its moderator")


def _leaders_words(says, chairs, vices) -> str:
    words = and_list(sorted(says.values()))
    if chairs and vices:
        words += f" (vice: {and_list(sorted(vices.values()))})"
    return words


# --- resolutions -----------------------------------------------------------------------------


def duplicate_resolution_text(reg: Registry) -> Iterator[Finding]:
    """The same resolution text stands under two groups: one was pasted under the wrong group."""
    # Grouped by the stored digest of the normalised text (Resolution.text_key, which every
    # write keeps in step with the text): only a text under two groups is normalised here.
    by_key = defaultdict(list)
    for group in reg.groups:
        for resolution in reg.resolutions.get(group.pk, ()):
            by_key[resolution.text_key].append((group, resolution))
    for found in by_key.values():
        groups = list(dict.fromkeys(g for g, _ in found))
        if len(groups) < 2:
            continue
        text = _normal_text(found[0][1].text)
        if len(text) < 40:
            continue
        # Which group does the text itself name? That one is where it belongs.
        named = [g for g in groups if _names_group(reg, g, text)]
        owner = named[0] if len(named) == 1 else None
        items = [
            f"{g.name}'s {r.get_kind_display().lower()} resolution{where(r)}" for g, r in found
        ]
        quote = found[0][1].text.strip().replace("**", "").replace("\\", "")
        quote = re.sub(r"\s+", " ", quote.lstrip("> "))
        if len(quote) > 160:
            quote = quote[:160].rsplit(" ", 1)[0].rstrip(",;:") + " ..."
        message = f"The same resolution text stands as {and_list(items)}: “{quote}”"
        if owner is not None:
            others = [g.name for g in groups if g is not owner]
            message += (
                f" The text names the {owner.name.removeprefix('The ')}, so it was probably "
                f"pasted under the {and_list(others)} by mistake."
            )
            groups = [g for g in groups if g is not owner] + [owner]
        yield finding(
            FindingCode.DUPLICATE_RESOLUTION_TEXT,
            Severity.ERROR,
            groups,
            message,
            [r for _, r in found],
        )


def _group_names(reg: Registry, group) -> list[str]:
    names = [group.name]
    names += [c.value for c in reg.claims_of(group, ClaimField.NAME) if isinstance(c.value, str)]
    names += reg.group_aliases.get(group.pk, [])
    return names


_GENERIC = {"work", "working", "group", "workgroup", "wg", "psf", "the", "committee", "and"}


def _names_group(reg: Registry, group, text: str) -> bool:
    """True when a normalised text names the group (by a distinctive name or alias)."""
    for name in _group_names(reg, group):
        words = _normal_text(name).split()
        if not [w for w in words if w not in _GENERIC]:
            continue
        if re.search(rf"\b{re.escape(' '.join(words))}\b", text):
            return True
    return False


# --- dates -----------------------------------------------------------------------------------

# Labels of stated dates that say when a group began (others: updated, adopted, ...).
# "approved" is left out: charters and rosters are approved long after a group begins.
FORMATION_LABELS = {"created", "formed", "established", "founded", "started"}
_FORMATION_VERB = re.compile(r"\b(created|formed|established|founded|started)\b", re.IGNORECASE)
_DATE_IN_PROSE = re.compile(
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?,?\s+\d{4}"
    r"|[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|[A-Z][a-z]+\.?,?\s+\d{4}|\d{4}-\d{2}(?:-\d{2})?)"
)


def dates_in_purpose(text: str) -> list[tuple[str, PartialDate]]:
    """(verb, date) for each sentence of a group's description that dates its start.

    "The board created this committee ... on March 24 2005." -> ("created", 2005-03-24).
    Used where the importer records no stated_date claims for the python.org prose.
    """
    from workgroups.lib.textdates import parse_date

    found = []
    if "\\" not in text and not _FORMATION_VERB.search(text):
        # Without a backslash, spacing the text as below neither joins nor parts a word: no
        # verb now is none after (most descriptions; the two substitutions took 0.1 s).
        return found
    text = re.sub(r"\\(.)", r"\1", re.sub(r"\s+", " ", text))
    if not _FORMATION_VERB.search(text):
        return found  # no sentence has the verb: most descriptions, not worth splitting
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        verb = _FORMATION_VERB.search(sentence)
        if not verb:
            continue
        for match in _DATE_IN_PROSE.finditer(sentence):
            try:
                found.append((verb.group(1).lower(), parse_date(match.group(0))))
            except ValueError:
                continue
    return found


def _stated_starts(reg: Registry, group) -> list[tuple[object, str, PartialDate]]:
    """(row, what it says, date) for each date a group's sources give for its start."""
    stated = []
    for claim in reg.claims_of(group, ClaimField.STATED_DATE):
        value = claim.value if isinstance(claim.value, dict) else {}
        when = pdate(value.get("date"))
        if when is not None and value.get("label") in FORMATION_LABELS:
            stated.append((claim, value["label"], when))
    if not any(source_kind(row) == SourceKind.PSF_PAGE for row, _, _ in stated):
        stated += [(group, label, when) for label, when in dates_in_purpose(group.purpose)]
    for resolution in reg.resolutions.get(group.pk, ()):
        when = pdate(resolution.date)
        if resolution.kind == ResolutionKind.ESTABLISHING and when and not resolution.date_inferred:
            if when not in {date for _, _, date in stated}:  # the description said it already
                stated.append((resolution, "established by resolution", when))
    return stated


def formed_date_conflict(reg: Registry) -> Iterator[Finding]:
    """The formed date disagrees with every date the group's own text gives for its start."""
    for group in reg.groups:
        formed = pdate(group.formed)
        if formed is None:
            continue
        stated = _stated_starts(reg, group)
        if not stated or any(agree(formed, when) for _, _, when in stated):
            continue
        formed_claims = reg.claims_of(group, ClaimField.FORMED)
        origin = source_name(formed_claims[0]) if formed_claims else "the record"
        message = (
            f"{group.name}: {origin} gives Formed: {formed.human()}, but "
            f"{_said_by_source(stated, origin)}."
        )
        yield finding(
            FindingCode.FORMED_DATE_CONFLICT,
            Severity.ERROR,
            [group],
            message,
            [*formed_claims, *(row for row, _, _ in stated)],
        )


def _said_by_source(stated, origin: str) -> str:
    """'its own text (line 20) says created on 1 May 2018; the wiki index says formed in 2017'."""
    by_source: dict[str, tuple[list[str], list[int]]] = {}
    for row, label, when in stated:
        name = source_name(row)
        items, lines = by_source.setdefault("its own text" if name == origin else name, ([], []))
        items.append(f"{label} {_on(when)}")
        if getattr(row, "line_start", None) and row.line_start not in lines:
            lines.append(row.line_start)
    return "; ".join(
        f"{name}{_lines(lines)} says {and_list(items)}"
        for name, (items, lines) in by_source.items()
    )


def _lines(lines: list[int]) -> str:
    if not lines:
        return ""
    return f" (line{'s' if len(lines) > 1 else ''} {and_list(lines)})"


def _on(when: PartialDate) -> str:
    return f"on {when.human()}" if when.day else f"in {when.human()}"


def roster_approval_overdue(reg: Registry) -> Iterator[Finding]:
    """An active group whose resolutions require a yearly roster approval has none this year."""
    for group in reg.groups:
        state = yearly_roster_approval(
            reg.resolutions.get(group.pk, ()),
            reg.roster_approvals.get(group.pk, ()),
            reg.today,
            active=is_active(group),
        )
        if not state.overdue:
            continue
        resolution = state.resolution
        what = f"{resolution.get_kind_display().lower()} resolution"
        if state.since:
            what += f" of {state.since.human()}"
        due = f"; an approval was due by {state.due.day} {state.due:%B %Y}" if state.due else ""
        last_words = (
            f"the last recorded approval is of {state.last_approval.human()}"
            if state.last_approval
            else "no approval is recorded"
        )
        message = (
            f"{group.name}: its {what}{where(resolution)} requires the board to approve its "
            f"roster at least once a year; {last_words}{due}."
        )
        yield finding(
            FindingCode.ROSTER_APPROVAL_OVERDUE, Severity.WARNING, [group], message, [resolution]
        )


# --- what an active group lacks -------------------------------------------------------------


def no_chair(reg: Registry) -> Iterator[Finding]:
    """An active group with no current chair or co-chair."""
    for group in reg.groups:
        if not is_active(group):
            continue
        current = [m for m in reg.memberships.get(group.pk, ()) if m.end is None]
        if any(m.role in LEADS for m in current):
            continue
        detail = ""
        moderators = sorted(m.person.name for m in current if m.role == Role.MODERATOR)
        if moderators:
            detail = f" (only moderators: {and_list(moderators)})"
        by_names: dict[str, list] = {}
        sources = [group]
        for claim in latest_per_source(reg.claims_of(group, ClaimField.CHAIRS)):
            chairs, _, _ = _leaders(claim.value)
            if chairs:
                by_names.setdefault(and_list(sorted(chairs.values())), []).append(claim)
                sources.append(claim)
        named = [_naming(names, claims) for names, claims in by_names.items()]
        if named:
            # The sources know a chair the record lacks: a gap in the record, not in the group.
            message = (
                f"{group.name} has no current chair in the record{detail}, though "
                f"{and_list(named)}."
            )
            yield finding(FindingCode.NO_CHAIR, Severity.INFO, [group], message, sources)
        else:
            message = f"{group.name} is active, but no source names a chair{detail}."
            yield finding(FindingCode.NO_CHAIR, Severity.WARNING, [group], message, sources)


def _naming(names: str, claims: list) -> str:
    """'the python.org page names X', 'the wiki pages “A” and “B” name X'."""
    if len(claims) == 1:
        return f"{source_name(claims[0])} names {names}"
    if all(source_kind(c) == SourceKind.WIKI_PAGE for c in claims):
        pages = and_list(f"“{wiki_page_name(_source_path(c))}”" for c in claims)
        return f"the wiki pages {pages} name {names}"
    return f"{and_list(source_name(c) for c in claims)} name {names}"


def no_contact(reg: Registry) -> Iterator[Finding]:
    """An active group without a mailing list."""
    for group in reg.groups:
        if not is_active(group) or reg.mailing_lists.get(group.pk):
            continue
        stated = reg.claims_of(group, ClaimField.MAILING_LIST)
        also = ""
        if stated:
            addresses = sorted({str(c.value) for c in stated})
            also = f" ({source_name(stated[0])} gives {and_list(addresses)})"
        message = f"{group.name} is active but has no mailing list in the record{also}."
        yield finding(FindingCode.NO_CONTACT, Severity.WARNING, [group], message, [group, *stated])


DORMANT_AFTER = timedelta(days=2 * 365)


def _activity_by_latest(reg: Registry, group) -> list[tuple[date, PartialDate, object, object]]:
    """(the last day it can be, date, what, row) of each dated thing a group did or that was
    stated about it.

    `what` says what it was in words, or is a function of the row that does: a group has
    hundreds of these, and a message names one. Worked out once a group for the two rules that
    read them all (560,000 at 10,000 groups), and each distinct date's last day once (rows
    share their date objects).
    """
    by_group = reg.memo.setdefault("activity", {})
    if group.pk in by_group:
        return by_group[group.pk]
    last_days = reg.memo.setdefault("last_days", {})  # id -> (date, last day): kept alive
    dated = by_group[group.pk] = []
    known, append = last_days.get, dated.append

    def add(when, what, row) -> None:
        day = known(id(when))
        if day is None:
            day = last_days[id(when)] = (when, when.latest())
        append((day[1], when, what, row))

    if when := _dated(group.formed):
        add(when, "its formation", None)
    if when := _dated(group.confirmed):
        add(when, "its record being confirmed current", None)
    for r in reg.resolutions.get(group.pk, ()):
        if (when := _dated(r.date)) and not r.date_inferred:
            add(when, "a resolution", r)
    for p in reg.pages_by_group.get(group.pk, ()):
        if when := _dated(p.date):
            add(when, _the_page, p)
    # Most of the 560,000: `add` written out, without a call each.
    for m in reg.memberships.get(group.pk, ()):
        when = m.start
        if when.__class__ is not PartialDate:
            when = _dated(when)
        if when:
            day = known(id(when))
            if day is None:
                day = last_days[id(when)] = (when, when.latest())
            append((day[1], when, _joining, m))
    for a in reg.roster_approvals.get(group.pk, ()):
        if when := _dated(a.date):
            add(when, "a roster approval", None)
    for c in reg.claims.get(group.pk, ()):
        value = c.value if isinstance(c.value, dict) else {}
        if c.field in (ClaimField.ROSTER, ClaimField.STATED_DATE) and (
            when := pdate(value.get("date"))
        ):
            add(when, _stated_in, c)
    return dated


def _dated(value) -> PartialDate | None:
    """`pdate` of a date field's value, which is a PartialDate (or None) already."""
    return value if isinstance(value, PartialDate) else pdate(value)


def _the_page(page) -> str:
    return f"the page “{page.title}”"


def _joining(membership) -> str:
    return f"{membership.person.name} joining"


def _stated_in(claim) -> str:
    return f"a date stated in {source_name(claim)}"


def _what(what, row) -> str:
    """What `_activity_by_latest` says a dated thing was, in words."""
    return what(row) if callable(what) else what


def dormant(reg: Registry) -> Iterator[Finding]:
    """An active group with nothing dated in the last two years.

    A group with no date at all cannot be judged: that is said, as info.
    """
    cutoff = reg.today - DORMANT_AFTER
    for group in reg.groups:
        if not is_active(group):
            continue
        listed = [
            c for c in reg.claims_of(group, ClaimField.STATUS) if c.value == GroupStatus.ACTIVE
        ][:1]
        dated = _activity_by_latest(reg, group)
        if not dated:
            message = (
                f"{group.name} is listed as active, but nothing in the record about it is "
                "dated (no formation date, resolution, dated page or membership start), so "
                "whether it is still active cannot be told."
            )
            yield finding(FindingCode.DORMANT, Severity.INFO, [group], message, listed or [group])
            continue
        latest, when, what, row = max(dated, key=itemgetter(0))
        if latest >= cutoff:
            continue
        message = (
            f"{group.name} is listed as active, but the latest dated sign of activity is "
            f"{_what(what, row)}, {when.human()}."
        )
        yield finding(
            FindingCode.DORMANT, Severity.WARNING, [group], message, [*(listed or [group]), row]
        )


# --- people ----------------------------------------------------------------------------------


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one letter added, dropped, changed or swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = sorted((a, b), key=len)
    i = next((i for i in range(len(short)) if short[i] != long[i]), len(short))
    return short[i:] == long[i + 1 :]


def _keys_a_letter_apart(keys) -> Iterator[tuple[str, str]]:
    """Pairs of keys (six letters or more) a letter added, dropped, changed or swapped apart.

    Keys are read a length at a time. A key a letter longer than another gives it when that
    letter is dropped (looked up among the keys a letter shorter); two keys of one length a
    letter changed or swapped apart give one same string when a letter is dropped from each,
    so only keys of one length that do are compared. The dropped-letter strings are kept one
    length at a time (~190,000 at most, not 1.7 million at 10,000 groups: a third less time).
    """
    by_length: dict[int, list[str]] = defaultdict(list)
    for key in keys:
        if len(key) >= 6:
            by_length[len(key)].append(key)
    for length, same_length in by_length.items():
        shorter = set(by_length.get(length - 1, ()))
        first: dict[str, str] = {}  # variant -> the first key that has it
        shared: dict[str, list[str]] = {}  # variant -> every key that has it, if more than one
        for key in same_length:
            variants = {key[:i] + key[i + 1 :] for i in range(length)}
            for other in variants & shorter:
                yield other, key
            new = variants.difference(first)  # set operations: a loop in C, not in Python
            for variant in variants - new if len(new) < len(variants) else ():
                shared.setdefault(variant, [first[variant]]).append(key)
            first.update(dict.fromkeys(new, key))
        for apart in shared.values():
            for a in apart:
                for b in apart:
                    if a < b and _one_edit(a, b):
                        yield a, b


class _Someone:
    """A person as the findings see them: a Person row, or a name only sources give."""

    def __init__(self, name: str, person=None):
        self.name, self.person = name, person
        self.groups: list = []
        self.rows: list = []  # memberships or claims, for the sources

    def named(self, group, claim) -> None:
        """A source names this someone in a group."""
        if group not in self.groups:
            self.groups.append(group)
        if claim not in self.rows:
            self.rows.append(claim)

    @cached_property
    def words(self) -> str:
        """How a message names them: asked for once all their groups are known."""
        where_ = and_list(g.name for g in self.groups)
        if self.person is None:
            docs = and_list(dict.fromkeys(source_name(r) for r in self.rows))
            return f"{self.name} (named by {docs}{' for the ' + where_ if where_ else ''})"
        return f"{self.name} (in {where_})" if where_ else f"{self.name} (in no group)"

    @cached_property
    def order(self) -> tuple:
        # Folded names first (the report's order); the rest only breaks ties, so that the order
        # never follows the pairing's or the memory's.
        return (fold(self.name), self.name, self.words)


def _everyone(reg: Registry) -> tuple[dict, dict]:
    """(identity key -> who bears it, person pk -> the earlier person who holds the key of
    their name, for those whose key another holds).

    Who bears a key: a person in the registry (a `PersonRow`: by their name, or one of the
    other names they go by; the first by name holds a key two share), or a `_Someone` for a
    name that only claims give. A person's own someone is made by `_Someones` when a pair names
    them: a few thousand of a hundred thousand at 10,000 groups.
    """
    by_key: dict = {}
    moved: dict[int, object] = {}  # person pk -> an earlier person holding their name's key
    for person in reg.people:
        key = person_key(person.name)
        holder = by_key.setdefault(key, person)
        for name in person.alias_names:
            by_key.setdefault(person_key(name), person)
        if holder is not person:
            moved[person.pk] = holder
    for group in reg.groups:
        for claim in reg.claims.get(group.pk, ()):
            for name, key in _named_in(claim):
                someone = by_key.setdefault(key, _Someone(name))
                if isinstance(someone, _Someone):
                    someone.named(group, claim)
    return by_key, moved


_ORDER = attrgetter("order")


class _Someones(dict):
    """Bearer of a key (`_everyone`) -> their someone, a person's made on first lookup."""

    def __missing__(self, person) -> _Someone:
        someone = self[person] = _Someone(person.name, person)
        return someone

    def of(self, bearer) -> _Someone:
        return bearer if isinstance(bearer, _Someone) else self[bearer]

    def join_groups(self, reg: Registry, moved: dict) -> None:
        """Each person's someone the groups they are in (by the memberships of the people whose
        name keys to that person), with the first membership in each."""
        joins = {person.pk: s for person, s in self.items() if person.pk not in moved}
        for pk, holder in moved.items():
            if holder in self:
                joins[pk] = self[holder]
        groups = reg.groups_by_id
        for m in reg.memberships_of(joins):
            someone, group = joins[m.person_id], groups[m.group_id]
            # Groups come one after another: one this someone is in is their last so far.
            if not someone.groups or someone.groups[-1] is not group:
                someone.groups.append(group)
                someone.rows.append(m)


def _named_in(claim) -> Iterator[tuple[str, str]]:
    """(name, identity key) of each person a roster or chairs claim names."""
    if claim.field == ClaimField.ROSTER and isinstance(claim.value, dict):
        entries = claim.value.get("members") or []
    elif claim.field == ClaimField.CHAIRS and isinstance(claim.value, list):
        entries = claim.value
    else:
        return
    for entry in entries:
        name = (entry.get("name") or "").strip()
        if name and not is_placeholder(name):
            yield name, entry.get("key") or person_key(name)


def person_near_duplicate(reg: Registry) -> Iterator[Finding]:
    """Two people whose names differ by a letter or a spelling (a likely duplicate).

    Names are compared as identity keys (accents, case, spaces and hyphens off), so
    'Marc-Andre Lemberg' and 'Marc-André Lemburg' meet, and 'Jackie' and 'Jacqueline'
    do not. People in the registry are compared with each other and with the names the
    sources give (a roster line the import did not make a person of). Candidates are found
    by single-letter deletions, not by comparing every pair.
    """
    by_key, moved = _everyone(reg)
    someones = _Someones()
    pairs = {}
    for a, b in _keys_a_letter_apart(by_key):
        one, two = someones.of(by_key[a]), someones.of(by_key[b])
        if one is two:
            continue
        if one.person is None and two.person is None and not (set(one.groups) & set(two.groups)):
            continue  # two names no registry person bears, far apart: leave
        pairs[(id(one), id(two))] = (one, two)
    someones.join_groups(reg, moved)
    pairs = {
        (id(pair[0]), id(pair[1])): pair
        for pair in (tuple(sorted(p, key=_ORDER)) for p in pairs.values())
    }
    for one, two in sorted(pairs.values(), key=lambda p: (*p[0].order, *p[1].order)):
        message = (
            f"{one.name} and {two.name} may be one person (names a letter apart): "
            f"{one.words}; {two.words}."
        )
        yield finding(
            FindingCode.PERSON_NEAR_DUPLICATE,
            Severity.INFO,
            one.groups + two.groups,
            message,
            one.rows[:2] + two.rows[:2],
        )


# --- pages -----------------------------------------------------------------------------------

# MoinMoin's own pages, linked from boilerplate; never part of a foundation's wiki.
_MOIN_SYSTEM = re.compile(
    r"^(?:HelpOn\w*|Category\w*|RecentChanges|FindPage|TitleIndex|WordIndex|WikiSandBox)$"
)


@dataclass(frozen=True)
class _Wiki:
    """The wiki paths that exist here, and the imported tree that a link can be judged in."""

    known: set[str]  # pages, group addresses, old and new legacy paths
    folders: set[str]  # their folders
    tree: set[str]  # folders holding a group's pages, those pages, and their old names
    group_folders: set[str]  # the innermost such folders, and the group pages

    @classmethod
    def of(cls, reg: Registry) -> _Wiki:
        known = {p.path for p in reg.pages if p.path} | reg.group_paths
        known |= set(reg.legacy_paths) | set(reg.legacy_paths.values())
        group_pages = {p.path for p in reg.pages if p.path and p.group_id}
        tree = {posixpath.dirname(p) for p in group_pages}
        group_folders = (tree - {posixpath.dirname(f) for f in tree}) | group_pages
        tree |= group_pages | set(reg.legacy_paths) | reg.group_paths
        return cls(known, {posixpath.dirname(p) for p in known}, tree, group_folders)

    def exists(self, path: str) -> bool:
        if path in self.known or path in self.folders:
            return True
        return path.endswith("/index") and path.removesuffix("/index") in self.folders | self.known

    def is_broken(self, candidates: list[str]) -> bool:
        """Is a link to these candidate paths (most likely first) broken, as far as we know?

        No candidate at all is a link whose target was lost in conversion: broken.
        """
        if not candidates:
            return True
        if any(self.exists(c) for c in candidates):
            return False
        if _MOIN_SYSTEM.match(posixpath.basename(candidates[0])):
            return False
        # As written, the link must point into the tree; a fallback reading (a renamed URL,
        # a MoinMoin name) must point into one group's folder.
        primary, *fallbacks = candidates
        return posixpath.dirname(primary) in self.tree or any(
            posixpath.dirname(c) in self.group_folders for c in fallbacks
        )


def broken_link(reg: Registry) -> Iterator[Finding]:
    """A page links to a page of the imported wiki tree that does not exist here.

    Links into parts of the wiki that were not imported (people's pages, governance, ...)
    cannot be judged and are left alone, as are MoinMoin's automatic CamelCase links.
    """
    wiki = _Wiki.of(reg)
    for page in reg.pages:
        if not page.path or not page.body or page.kind == PageKind.TEMPLATE:
            continue
        broken: dict[tuple[str, str], list[int]] = {}
        for link in wiki_links(page.body):
            candidates = wiki_targets(page.path, link.target, link.text)
            if candidates is not None and wiki.is_broken(candidates):
                broken.setdefault((link.text, link.target), []).append(link.line)
        if broken:
            yield _broken_link_finding(page, reg.groups_by_id.get(page.group_id), broken)


def _broken_link_finding(page, group, broken: dict[tuple[str, str], list[int]]) -> Finding:
    owner = f"{group.name}'s page" if group else "The page"
    offset = (page.line_start or 1) - 1
    items = []
    for (text, target), lines in broken.items():
        at = [n + offset for n in lines]
        line_words = f"line{'s' if len(at) > 1 else ''} {and_list(at)}"
        if wiki_targets(page.path, target, text):
            items.append(f"“{text or target}” → {target} ({line_words})")
        else:
            items.append(f"“{text}” ({line_words}, its target was lost)")
    count = "a wiki page that does" if len(items) == 1 else "wiki pages that do"
    message = f"{owner} “{page.title}” links to {count} not exist here: {'; '.join(items)}."
    sources = [
        SourceRef(page.source.path, n + offset)
        for lines in broken.values()
        for n in lines
        if page.source_id
    ]
    return finding(
        FindingCode.BROKEN_LINK, Severity.WARNING, [group] if group else [], message, sources
    )


def unmatched_legacy_page(reg: Registry) -> Iterator[Finding]:
    """A page among the groups' wiki pages that is attached to no group (templates aside).

    Pages elsewhere on the wiki (an "about" contents page) are not expected to have a group.
    """
    from workgroups.registry.reconcile import AliasTable
    from workgroups.sources.wiki import wiki_path_info

    not_groups = AliasTable.load().not_groups  # reviewed: pages that are no group's
    tree = {posixpath.dirname(p.path) for p in reg.pages if p.path and p.group_id}
    for page in reg.pages:
        if page.group_id is not None or page.kind == PageKind.TEMPLATE:
            continue
        if page.path and wiki_path_info(page.path)[0] in not_groups:
            continue
        if page.path and posixpath.dirname(page.path) not in tree:
            continue
        where_ = f" ({page.path})" if page.path else ""
        message = (
            f"The page “{page.title}”{where_} stands among the working groups' pages but "
            "belongs to no group: attach it to its group, or mark it as not a group's page."
        )
        yield finding(FindingCode.UNMATCHED_LEGACY_PAGE, Severity.INFO, [], message, [page])


def minutes_date_mismatch(reg: Registry) -> Iterator[Finding]:
    """Meeting notes whose file name gives another date than their own text (unless they are
    a copy of other notes: duplicate-minutes says that)."""
    copies = {copy.path for copy, _ in _duplicate_minutes(reg)}
    for group in reg.groups:
        for claim in reg.claims_of(group, ClaimField.MINUTES_DATE):
            value = claim.value if isinstance(claim.value, dict) else {}
            if value.get("path") in copies:
                continue
            name = posixpath.basename(value.get("path", ""))
            message = (
                f"{group.name}: the meeting notes “{name}” are dated {human(value.get('file'))} "
                f"by their file name, but their text says {human(value.get('text'))}."
            )
            yield finding(
                FindingCode.MINUTES_DATE_MISMATCH, Severity.WARNING, [group], message, [claim]
            )


# Two meeting notes sharing this share of their lines are one meeting's notes filed twice.
SAME_MINUTES = 0.9


def _lines_of(page) -> frozenset[str]:
    """A page's distinct lines but its title (the file name's date is in the title)."""
    lines = (page.body or "").split("\n")[1:]
    return frozenset(" ".join(line.split()) for line in lines if line.strip())


def page_order(page) -> tuple:
    """The registry's order of pages (path, pk), pages added on the site (no path) first."""
    return (page.path is not None, page.path or "", page.pk)


def _duplicate_minutes(reg: Registry) -> list[tuple[object, object]]:
    """(copy, original) pairs of a group's meeting notes with (almost) the same text; the
    copy is the one whose file name's date its text does not give."""
    if "duplicate_minutes" in reg.memo:
        return reg.memo["duplicate_minutes"]
    pairs = []
    mismatched = {
        c.value.get("path")
        for group in reg.groups
        for c in reg.claims_of(group, ClaimField.MINUTES_DATE)
        if isinstance(c.value, dict)
    }
    for pages in reg.pages_by_group.values():
        minutes = sorted((p for p in pages if p.kind == PageKind.MINUTES), key=page_order)
        lines = {p.pk: _lines_of(p) for p in minutes}
        for i, a in enumerate(minutes):
            for b in minutes[i + 1 :]:
                x, y = lines[a.pk], lines[b.pk]
                longer = max(len(x), len(y))
                # Lines in common, of the longer page's: a cheap measure, and a strict one.
                if not x or min(len(x), len(y)) < SAME_MINUTES * longer:
                    continue
                if len(x & y) < SAME_MINUTES * longer:
                    continue
                copy, original = (a, b) if a.path in mismatched else (b, a)
                pairs.append((copy, original))
    reg.memo["duplicate_minutes"] = pairs
    return pairs


def duplicate_minutes(reg: Registry) -> Iterator[Finding]:
    """Meeting notes filed twice under two dates: one of the two dates is wrong."""
    for copy, original in _duplicate_minutes(reg):
        group = reg.groups_by_id[copy.group_id]
        message = (
            f"{group.name}: the meeting notes “{posixpath.basename(copy.path)}” repeat "
            f"“{posixpath.basename(original.path)}” (the same text under another date): one "
            "meeting filed twice."
        )
        yield finding(
            FindingCode.DUPLICATE_MINUTES, Severity.WARNING, [group], message, [copy, original]
        )


def mailing_list_conflict(reg: Registry) -> Iterator[Finding]:
    """A group's page gives, as its list, an address that is another group's list."""
    owner = {
        ml.address: reg.groups_by_id[group_id]
        for group_id, lists in reg.mailing_lists.items()
        for ml in lists
    }
    for group in reg.groups:
        own = {ml.address for ml in reg.mailing_lists.get(group.pk, ())}
        for claim in reg.claims_of(group, ClaimField.MAILING_LIST):
            other = owner.get(claim.value)
            if other is None or other.pk == group.pk or claim.value in own:
                continue
            message = (
                f"{group.name}: {source_name(claim)}{where(claim)} gives {claim.value} as its "
                f"list, but that is the {other.name}'s list; the group's other sources give "
                f"{and_list(sorted(own)) or 'no list'}."
            )
            yield finding(
                FindingCode.MAILING_LIST_CONFLICT, Severity.ERROR, [group, other], message, [claim]
            )


def activity_before_formed(reg: Registry) -> Iterator[Finding]:
    """Something the group did is dated before the group was formed."""
    for group in reg.groups:
        formed = pdate(group.formed)
        if formed is None:
            continue
        start = formed.earliest()
        early = [
            (when, what, row)
            for latest, when, what, row in _activity_by_latest(reg, group)
            if latest < start
            and row is not None
            # an earlier establishing resolution is a formed-date conflict, said there
            and not (what == "a resolution" and row.kind == ResolutionKind.ESTABLISHING)
        ]
        if not early:
            continue
        when, what, row = min(early, key=lambda d: d[0].earliest())
        message = (
            f"{group.name} was formed {_on(formed)}, but {_what(what, row)} dates activity "
            f"{_on(when)}, before it was formed."
        )
        yield finding(FindingCode.ACTIVITY_BEFORE_FORMED, Severity.WARNING, [group], message, [row])


def not_on_python_org(reg: Registry) -> Iterator[Finding]:
    """A group the board approved that the wiki lists as active, missing from python.org."""
    for group in reg.groups:
        listed = [
            c
            for c in reg.claims_of(group, ClaimField.STATUS)
            if c.value == GroupStatus.ACTIVE and source_kind(c) == SourceKind.WIKI_INDEX
        ]
        if not is_active(group) or source_kind(group) == SourceKind.PSF_PAGE or not listed:
            continue
        approvals = [
            r
            for r in reg.resolutions.get(group.pk, ())
            if r.kind == ResolutionKind.ESTABLISHING and pdate(r.date)
        ]
        if not approvals:
            continue
        approval = approvals[0]
        message = (
            f"{group.name} was approved by the board {_on(pdate(approval.date))} "
            f"({source_name(approval)}{where(approval)}) and the wiki lists it as active, but "
            "the python.org page does not list it."
        )
        yield finding(FindingCode.NOT_ON_PYTHON_ORG, Severity.WARNING, [group], message, [approval])


RULES = [
    status_conflict,
    roster_conflict,
    chair_conflict,
    duplicate_resolution_text,
    formed_date_conflict,
    roster_approval_overdue,
    no_chair,
    no_contact,
    dormant,
    person_near_duplicate,
    broken_link,
    unmatched_legacy_page,
    minutes_date_mismatch,
    duplicate_minutes,
    mailing_list_conflict,
    activity_before_formed,
    not_on_python_org,
]

# Rules that share no work with the others and take about half the run, with the rows they
# read: `compute_findings(fork=True)` runs them in a second process once those are read, while
# the first reads the rest and runs the other rules. person-near-duplicate is most of it (its
# memberships, read last, are read by the first process meanwhile and sent); the others read
# little beyond its rows (resolutions, roster approvals, group aliases), and even the two
# processes' shares.
APART = {
    status_conflict: ("groups", "claims"),
    duplicate_resolution_text: ("groups", "resolutions", "claims", "group_aliases"),
    formed_date_conflict: ("groups", "claims", "resolutions"),
    roster_approval_overdue: ("groups", "resolutions", "roster_approvals"),
    person_near_duplicate: ("groups", "people", "claims", "memberships"),
    not_on_python_org: ("groups", "claims", "resolutions"),
}
