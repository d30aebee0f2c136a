"""Dates as sources state them, in EDTF (the Library of Congress' Extended Date/Time Format).

The registry keeps the forms a record needs, each a valid EDTF string (ISO 8601-2):

- a year, month or day: ``2018``, ``2018-05``, ``2018-05-31``;
- about then: ``2005~``;
- on or before: ``[..2007-02-25]`` (a seat that ended at an unknown date before a row);
- unknown: ``XXXX``.

Plain dates are checked here (they are most of the rows, and the `edtf` parser takes
milliseconds each); every other form is validated by the `edtf` package.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, total_ordering

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_QUALIFIED = re.compile(r"^(?:\[\.\.(?P<before>[^\]]+)\]|(?P<about>[^~]+)~)$")
UNKNOWN = "XXXX"
# English whatever the process's locale (calendar.month_name follows it, and rebuilds its list
# on every lookup).
MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FORMS = "2018, 2018-05, 2018-05-31, 2005~ (about), [..2007-02-25] (on or before) or XXXX (unknown)"


class PartialDateError(ValueError):
    """A string that is not a date in one of the EDTF forms the registry keeps."""


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A year, year-month or full date, maybe about or on-or-before it, or an unknown date."""

    year: int | None
    month: int | None = None
    day: int | None = None
    about: bool = False
    before: bool = False

    def __post_init__(self):
        if self.year is None:
            if self.month is not None or self.day is not None or self.about or self.before:
                raise PartialDateError("an unknown date has no month, day or qualifier")
            return
        if self.about and self.before:
            raise PartialDateError("a date is about or on-or-before, not both")
        if not 1 <= self.year <= 9999:
            raise PartialDateError(f"year {self.year} is out of range")
        if self.month is None:
            if self.day is not None:
                raise PartialDateError("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise PartialDateError(f"month {self.month} does not exist")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                month = MONTHS[self.month]
                raise PartialDateError(f"{month} {self.year} has no day {self.day}")

    @classmethod
    def parse(cls, value: str | PartialDate | date) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, date):
            return cls(value.year, value.month, value.day)
        return _parse(str(value).strip())

    @classmethod
    def unknown(cls) -> PartialDate:
        return cls(None)

    def or_before(self) -> PartialDate:
        """On or before this date ("[..2007-02-25]"); an unknown date stays unknown."""
        if not self.known:
            return self
        return PartialDate(self.year, self.month, self.day, before=True)

    @property
    def known(self) -> bool:
        return self.year is not None

    @property
    def exact(self) -> bool:
        """A plain year, month or day: neither unknown, about nor on-or-before."""
        return self.known and not self.about and not self.before

    @property
    def precision(self) -> str:
        if not self.known:
            return "unknown"
        return "day" if self.day else "month" if self.month else "year"

    def _plain(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def iso(self) -> str:
        """The EDTF string."""
        if not self.known:
            return UNKNOWN
        if self.before:
            return f"[..{self._plain()}]"
        return self._plain() + ("~" if self.about else "")

    __str__ = iso

    @property
    def sort_key(self) -> tuple:
        """Date order for any form: unknown first, on-or-before just ahead of its date."""
        return self._key()

    def _key(self) -> tuple:
        # Unknown sorts first, then by the plain date (a less precise date before the more
        # precise ones inside it, as ISO strings do); on-or-before sorts before the date itself.
        if not self.known:
            return (0, "", 0)
        return (1, self._plain(), 0 if self.before else 1 if self.about else 2)

    def __lt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def human(self) -> str:
        """'2018', 'May 2018', '31 May 2018', 'about 2005', 'before 25 February 2007' or
        'date unknown'."""
        if not self.known:
            return "date unknown"
        if self.month is None:
            words = str(self.year)
        elif self.day is None:
            words = f"{MONTHS[self.month]} {self.year}"
        else:
            words = f"{self.day} {MONTHS[self.month]} {self.year}"
        if self.before:
            return f"before {words}"
        return f"about {words}" if self.about else words

    def earliest(self) -> date:
        """The first day it can be (the earliest date for an unknown or on-or-before one)."""
        if not self.known or self.before:
            return date.min
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day it can be (the latest date for an unknown one)."""
        if not self.known:
            return date.max
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def precedes(self, other: PartialDate) -> bool:
        """Certainly before `other` (a seat's end before its start is an error only then:
        '[..2024]' or 'XXXX' may end a seat that started in 2024)."""
        return self.latest() < other.earliest()

    def contains(self, other: PartialDate) -> bool:
        """True when `other` falls within this date's precision (2018 contains 2018-05-31)."""
        return self.earliest() <= other.earliest() and other.latest() <= self.latest()


@lru_cache(maxsize=65536)
def _parse(text: str) -> PartialDate:
    # Cached: a registry holds a few thousand distinct dates across many rows, and values
    # are immutable.
    if match := _ISO.match(text):
        year, month, day = (int(part) if part else None for part in match.groups())
        return PartialDate(year, month, day)
    _validate_edtf(text)
    if text == UNKNOWN:
        return PartialDate.unknown()
    match = _QUALIFIED.match(text)
    plain = match and (match["before"] or match["about"])
    if not plain or not _ISO.match(plain):
        raise PartialDateError(f"{text!r} is EDTF, but not a form the registry keeps: {FORMS}")
    base = _parse(plain)
    return PartialDate(
        base.year, base.month, base.day, about=bool(match["about"]), before=bool(match["before"])
    )


def _validate_edtf(text: str) -> None:
    from edtf import parse_edtf
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parse_edtf(text)
    except EDTFParseException:
        raise PartialDateError(f"{text!r} is not a date like {FORMS}") from None


def parse_or_none(value) -> PartialDate | None:
    """A date read from stored or stated data, or None when there is none or it is not one."""
    if value in (None, ""):
        return None
    try:
        return PartialDate.parse(value)
    except (PartialDateError, TypeError, ValueError):
        return None
