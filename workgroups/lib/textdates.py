"""Dates as people write them in prose: "May 2018", "February 25, 2007", "16 August, 2013".

Two readers share one month table:

- `parse_date(text)` reads a whole string as one date, strictly: anything else is an error a
  reader can act on, and an impossible date ("31 Febtember", "February 30, 2018") is an error,
  never a guess.
- `find_dates(text, ref)` finds the full dates written inside a line of prose ("met on 12
  March 2019", "3/12/2019", "24Sep19", "June 3rd"), skipping what is not a real date.
- `impossible_dates(text)` finds those written in a real date's shape on a day their month
  lacks ("February 30th, 2025"), which a source that states them must not import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from workgroups.lib.partialdate import PartialDate, PartialDateError

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_NUMBER = re.compile(r"^(\d+)(?:st|nd|rd|th)?$", re.IGNORECASE)
_WORD = re.compile(r"^([^\W\d_]+)\.?$")
# The shape of a written date, used to spot one at the end of a sentence.
DATE_SHAPE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[^\W\d_]+\.?,?\s+\d{4}"
    r"|[^\W\d_]+\.?,?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{4}"
    r"|\(?\d{4}(?:-\d{1,2}){0,2}\)?)"
)
# What parse_date accepts after the ISO forms, as a sequence of (n)umbers and (m)onths:
# "2024", "May 2018", "February 25, 2007", "16 August, 2013".
_SHAPES = ("n", "mn", "mnn", "nmn")


class TextDateError(ValueError):
    """Text that is not a date, or names a date that does not exist."""


def parse_date(text: str) -> PartialDate:
    """Read a whole string as a date at the precision it states.

    Accepts "2024", "May 2018", "Oct 14, 2003", "February 25, 2007", "16 August, 2013",
    "March 24 2005", "2004-04-13" and "(2004-04-13)", with Markdown escapes or a final
    period. Raises TextDateError otherwise.
    """
    cleaned = _clean(text)
    if not cleaned:
        raise TextDateError("no date given")
    iso = _ISO.match(cleaned)
    if iso:
        year, month, day = (int(part) if part else None for part in iso.groups())
        return _make(text, year, month, day)

    numbers, months, shape = _words(cleaned, text)
    if shape not in _SHAPES:
        if shape in ("m", "nm"):
            raise TextDateError(f"{text.strip()!r} gives no year")
        raise TextDateError(f"cannot read {text.strip()!r} as a date")
    year_text = numbers[-1]
    if len(year_text) != 4:
        raise TextDateError(f"{text.strip()!r} gives no four-digit year")
    year = int(year_text)
    if shape == "n":
        return _make(text, year, None, None)
    if shape == "mn":
        return _make(text, year, months[0], None)
    day_text = numbers[0]
    if len(day_text) > 2:
        raise TextDateError(f"cannot read {text.strip()!r} as a date")
    return _make(text, year, months[0], int(day_text))


def _clean(text: str) -> str:
    """The text without Markdown escapes, extra spaces, final periods or enclosing parens."""
    cleaned = " ".join(text.replace("\\", "").split()).strip()
    while cleaned.endswith("."):
        cleaned = cleaned[:-1].rstrip()
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = cleaned[1:-1].strip()
    return cleaned


def _words(cleaned: str, text: str) -> tuple[list[str], list[int], str]:
    """The numbers, the months and their order ("mnn") of a date written in words."""
    numbers: list[str] = []
    months: list[int] = []
    order: list[str] = []
    for token in re.split(r"[\s,]+", cleaned):
        if not token:
            continue
        number = _NUMBER.match(token)
        if number:
            numbers.append(number.group(1))
            order.append("n")
            continue
        word = _WORD.match(token)
        if not word:
            raise TextDateError(f"cannot read {text.strip()!r} as a date")
        month = MONTHS.get(word.group(1).casefold())
        if month is None:
            raise TextDateError(f"{word.group(1)!r} is not a month (in {text.strip()!r})")
        months.append(month)
        order.append("m")
    return numbers, months, "".join(order)


def _make(text: str, year: int, month: int | None, day: int | None) -> PartialDate:
    try:
        return PartialDate(year, month, day)
    except PartialDateError as error:
        raise TextDateError(f"{text.strip()!r} is not a real date: {error}") from None


# --------------------------------------------------------------------------- dates in prose


@dataclass
class DateHit:
    """A full date found in a line: where it is written and the day it names."""

    start: int
    end: int
    date: PartialDate


def find_dates(text: str, ref: PartialDate | None = None) -> list[DateHit]:
    """The full dates written in a line, in order.

    `ref` is the date the text is expected to give (a minutes file's name): a date without a
    year ("June 3rd") takes its year, and "3/12/2019" is read day/month only when that gives
    `ref` and month/day does not (the corpus is US-centric). Dates marked uncertain ("(June
    3rd?)") and impossible ones are skipped (`impossible_dates` finds those); weekdays are
    ignored (the corpus has many wrong ones).
    """
    return [
        DateHit(hit.start, hit.end, hit.date)
        for hit in _scan(text, ref)
        if isinstance(hit.date, PartialDate)
    ]


def impossible_dates(text: str) -> list[str]:
    """The dates written in a line in a real date's shape that name a day their month lacks
    ("February 30th, 2025", "31/04/2020", "2021-02-29", "April 31"), as written.

    A date without a year counts only when no year has that day (February 29 does not); one
    marked uncertain ("(June 31st?)") does not count; "3/31/2019" read either way is real.
    """
    return [text[hit.start : hit.end] for hit in _scan(text, None) if hit.date is IMPOSSIBLE]


def _scan(text: str, ref: PartialDate | None) -> list[_Found]:
    """Every date-shaped span of a line with its day, or IMPOSSIBLE; not real dates left out."""
    hits: list[_Found] = []
    taken = bytearray(len(text))  # characters already part of a date
    for pattern, read in _PROSE_DATES:
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            date = read(match.groups(), ref)
            if date is None or text[match.end() : match.end() + 1] == "?":
                continue
            taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
            hits.append(_Found(match.start(), match.end(), date))
    hits.sort(key=lambda hit: hit.start)
    return hits


class _Impossible:
    """A date in a real shape (month 1-12, day 1-31) on a day its month lacks."""

    def __repr__(self):
        return "IMPOSSIBLE"


IMPOSSIBLE = _Impossible()


@dataclass
class _Found:
    start: int
    end: int
    date: PartialDate | _Impossible


_LEAP_YEAR = 2000  # a year that has every day any year has


def _real(year: int, month: int, day: int) -> PartialDate | _Impossible | None:
    """The day, IMPOSSIBLE for a day its month lacks, None for what is not a date's shape."""
    try:
        return PartialDate(year, month, day)
    except PartialDateError:
        pass
    if not 1 <= day <= 31:
        return None
    try:
        PartialDate(year, month)  # a real month: the day is what it lacks
    except PartialDateError:
        return None
    return IMPOSSIBLE


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _month(name: str) -> int:
    return MONTHS[name.casefold()]


def _in_year(year: str | None, month: int, day: int, ref: PartialDate | None):
    if year:
        return _real(int(year), month, day)
    if _real(_LEAP_YEAR, month, day) is IMPOSSIBLE:
        return IMPOSSIBLE  # "June 31st": no year has it
    return _real(ref.year, month, day) if ref is not None else None


def _iso_date(groups, ref):
    return _real(int(groups[0]), int(groups[1]), int(groups[2]))


def _slashed_date(groups, ref):
    first, second, year = int(groups[0]), int(groups[2]), _year(groups[3])
    us = _real(year, first, second)
    eu = _real(year, second, first)
    if isinstance(us, PartialDate) and isinstance(eu, PartialDate):
        return eu if ref is not None and eu == ref and us != ref else us
    for date in (us, eu):
        if isinstance(date, PartialDate):
            return date
    return IMPOSSIBLE if IMPOSSIBLE in (us, eu) else None


def _compact_date(groups, ref):
    return _real(_year(groups[2]), _month(groups[1]), int(groups[0]))


def _day_month_date(groups, ref):
    return _in_year(groups[2], _month(groups[1]), _day(groups[0]), ref)


def _month_day_date(groups, ref):
    return _in_year(groups[2], _month(groups[0]), _day(groups[1]), ref)


# Month names as prose capitalises them, longest first so that "Sept" is not read as "Sep".
_MONTH_NAME = (
    "(?:" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + ")"
)
_MONTH_WORD = _MONTH_NAME + r"(?![a-z])"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?![\d])"
_Reader = Callable[[tuple, PartialDate | None], PartialDate | _Impossible | None]
# Tried in this order; a later pattern never reads characters an earlier one took.
_PROSE_DATES: list[tuple[re.Pattern, _Reader]] = [
    (re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), _iso_date),  # 2019-03-12
    (  # 3/12/2019, 12-3-19
        re.compile(r"(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-])"),
        _slashed_date,
    ),
    (re.compile(rf"(?<![\w])([0-3]?\d)({_MONTH_NAME})(\d{{2}})(?!\w)"), _compact_date),  # 24Sep19
    (  # 12 March 2019, 3rd of June
        re.compile(
            rf"(?<![\w/])({_DAY})\s+(?:of\s+)?({_MONTH_WORD})\.?,?(?:\s+((?:19|20)\d\d))?(?!\d)"
        ),
        _day_month_date,
    ),
    (  # March 12, 2019; June 3rd
        re.compile(rf"(?<![\w])({_MONTH_WORD})\.?\s+({_DAY}),?(?:\s+((?:19|20)\d\d))?(?!\d)"),
        _month_day_date,
    ),
]
