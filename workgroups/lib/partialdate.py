"""Dates known to the year, the month or the day, as sources state them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, total_ordering

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDateError(ValueError):
    """A string that is not a valid partial date."""


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A year, year-month or full date; ISO strings of these sort in date order."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
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
                month = calendar.month_name[self.month]
                raise PartialDateError(f"{month} {self.year} has no day {self.day}")

    @classmethod
    def parse(cls, value: str | PartialDate | date) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, date):
            return cls(value.year, value.month, value.day)
        return _parse_iso(str(value).strip())

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    __str__ = iso

    def __lt__(self, other: PartialDate) -> bool:
        # A less precise date sorts before the more precise ones inside it, as ISO strings do.
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.iso() < other.iso()

    def human(self) -> str:
        """'2018', 'May 2018' or '31 May 2018'."""
        if self.month is None:
            return str(self.year)
        month = calendar.month_name[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def contains(self, other: PartialDate) -> bool:
        """True when `other` falls within this date's precision (2018 contains 2018-05-31)."""
        return self.earliest() <= other.earliest() and other.latest() <= self.latest()


@lru_cache(maxsize=65536)
def _parse_iso(text: str) -> PartialDate:
    # Cached: a registry holds a few thousand distinct dates across many rows, and values
    # are immutable.
    match = _ISO.match(text)
    if not match:
        raise PartialDateError(f"{text!r} is not a date like 2018, 2018-05 or 2018-05-31")
    year, month, day = (int(part) if part else None for part in match.groups())
    return PartialDate(year, month, day)


def parse_or_none(value) -> PartialDate | None:
    """A date read from stored or stated data, or None when there is none or it is not one."""
    if value in (None, ""):
        return None
    try:
        return PartialDate.parse(value)
    except (PartialDateError, TypeError, ValueError):
        return None
