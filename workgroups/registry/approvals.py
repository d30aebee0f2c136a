"""The yearly roster approval: which resolutions require it, and when a group's is due.

Some resolutions make a group's roster subject to the board's approval every year ("with the
current membership roster to be approved by the Python Software Foundation Board of Directors
at least once per year"). The findings (`roster-approval-overdue`), `workgroups remind` and the
group page all ask this module, so that they never disagree about a group.

Pure logic on rows already loaded: `yearly_roster_approval()` takes a group's resolutions and
roster approvals (anything with `.text`/`.date` and `.date`), so a caller that preloaded every
group's rows asks nothing more of the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from workgroups.lib.partialdate import PartialDate, parse_or_none
from workgroups.lib.vocabulary import GroupStatus

# What the board approves: the roster, the membership, the list of members (not "members":
# "additional members as needed ... approved by the board" admits people, it keeps no roster).
_ROSTER = re.compile(r"\b(?:roster|membership|list of (?:its |the )?members|members? list)\b")
_APPROVAL = re.compile(r"\b(?:re-?)?approv(?:e|es|ed|al|ing)\b")
_BOARD = re.compile(r"\b(?:board|directors)\b")
# Who approves, when the text says "approved ... by <agent>": the words up to the next
# clause, conjunction or time phrase.
_AGENT = re.compile(
    r"^(?:\s+[\w'-]+){0,4}?\s+by\s+(?P<agent>.+?)"
    r"(?=\s+(?:and|or|at|once|twice|every|each|annually|yearly|per|within|in|on|to)\b|[,;]|$)"
)
_OF_BOARD = re.compile(r"^\s+(?:of|from)\s+(?:the\s+)?(?:[\w'-]+\s+){0,5}?(?:board|directors)\b")
_EVERY_YEAR = re.compile(
    r"\b(?:(?:at least )?(?:once|twice) (?:per|a|each|every) (?:calendar )?year"
    r"|(?:every|each) (?:calendar )?year|annually|per annum"
    r"|(?:yearly|annual) (?:re-?)?(?:approv|review)\w*"
    r"|(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bits )(?<!\btheir )yearly)\b"
)
# A clause that negates its requirement ("need not be approved every year", "once, not
# yearly", "no longer approved annually") requires nothing.
_NEGATION = re.compile(r"\b(?:not|never|no longer|rather than|instead of)\b")
_MARKUP = re.compile(r"[\\*_`>]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_PARAGRAPH = re.compile(r"\n\s*\n")
_INC = re.compile(r",?\s+inc\.?(?=\s)")  # "the Python Software Foundation, Inc. Board"
# Clauses: sentences and semicolon clauses ("e.g." ends none), and main clauses
# joined by ", and" / ", but" (the board approved the roster, and the group reports yearly).
_CLAUSE_END = re.compile(
    r"(?:(?<!\be\.g)(?<!\bi\.e)\.|[;!?])\s+"
    r"|,\s+(?:and|but|while|whereas)\s+"
)

SOON = timedelta(days=30)


def requires_yearly_roster_approval(text: str) -> bool:
    """Does a resolution's text require the board to approve the group's roster every year?

    True when one clause names the roster, its approval by the board and a yearly
    frequency, and negates none of it.
    """
    plain = _plain(text or "")
    # Each of the clause tests needs one of these words: a text with none of one kind is
    # not split into clauses (most texts are not about the roster).
    if not (_has(plain, _ROSTER_WORDS) and _has(plain, _YEAR_WORDS) and "approv" in plain):
        return False
    return any(_requires(clause) for clause in _clauses(plain))


_ROSTER_WORDS = ("roster", "member")  # what _ROSTER matches contains one of them
_YEAR_WORDS = ("year", "annu")  # and what _EVERY_YEAR matches


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(word in text for word in words)


def _plain(text: str) -> str:
    """Lower case, links' text only, no markup: what the clause patterns read."""
    return _INC.sub("", _MARKUP.sub("", _LINK.sub(r"\1", text)).lower())


def _clauses(plain: str) -> Iterable[str]:
    for paragraph in _PARAGRAPH.split(plain):
        yield from _CLAUSE_END.split(" ".join(paragraph.split()))


def _requires(clause: str) -> bool:
    return bool(
        _ROSTER.search(clause)
        and _EVERY_YEAR.search(clause)
        and not _NEGATION.search(clause)
        and _board_approves(clause)
    )


def _board_approves(clause: str) -> bool:
    """An approval in the clause is the board's: named as its agent, or as its subject."""
    for match in _APPROVAL.finditer(clause):
        before, after = clause[: match.start()], clause[match.end() :]
        agent = _AGENT.match(after)
        if agent is not None:
            if _BOARD.search(agent.group("agent")):
                return True
        elif _BOARD.search(before) or _OF_BOARD.match(after):
            return True
    return False


@dataclass(frozen=True)
class YearlyRosterApproval:
    """Where a group stands with the board's yearly approval of its roster, on `today`."""

    required: bool
    # The requiring resolution the duty counts from (the latest dated one, else the last).
    resolution: object | None = None
    last_approval: PartialDate | None = None
    # The last day an approval is or was due by; None when required but nothing is dated.
    due: date | None = None
    overdue: bool = False
    due_soon: bool = False  # not overdue, but due within the `soon` the caller gave

    @property
    def since(self) -> PartialDate | None:
        """The requiring resolution's date."""
        return _date(self.resolution.date) if self.resolution is not None else None


NOT_REQUIRED = YearlyRosterApproval(required=False)


def yearly_roster_approval(
    resolutions: Iterable,
    approvals: Iterable,
    today: date,
    *,
    active: bool = True,
    soon: timedelta = SOON,
) -> YearlyRosterApproval:
    """Whether a group's roster approval is required, when it is due, and if it is overdue.

    Only an active group is required to have one. An approval is due a year after the later
    of the last approval and the requiring resolution (a partial date counts from its last
    day), and is overdue the day after; never approved with nothing dated, it is overdue.
    """
    if not active:
        return NOT_REQUIRED
    requiring = [r for r in resolutions if requires_yearly_roster_approval(r.text)]
    if not requiring:
        return NOT_REQUIRED
    dated = [r for r in requiring if _date(r.date) is not None]
    resolution = max(dated, key=lambda r: _date(r.date).latest()) if dated else requiring[-1]
    approved = [d for d in (_date(a.date) for a in approvals) if d is not None]
    last = max(approved, key=PartialDate.latest, default=None)
    starts = [d.latest() for d in (last, _date(resolution.date)) if d is not None]
    due = _a_year_after(max(starts)) if starts else None
    overdue = due is None or today > due
    return YearlyRosterApproval(
        required=True,
        resolution=resolution,
        last_approval=last,
        due=due,
        overdue=overdue,
        due_soon=not overdue and due <= today + soon,
    )


def group_yearly_roster_approval(
    group, today: date | None = None, *, soon: timedelta = SOON
) -> YearlyRosterApproval:
    """The same for one group, read from the database (a group page)."""
    return yearly_roster_approval(
        group.resolutions.all(),
        group.roster_approvals.all(),
        today or date.today(),
        active=group.status == GroupStatus.ACTIVE,
        soon=soon,
    )


_date = parse_or_none


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
