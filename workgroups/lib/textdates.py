"""Dates as people write them in prose: "May 2018", "February 25, 2007", "16 August, 2013".

Pure and strict: a string is read whole as one date or rejected with a message a reader can
act on. An impossible date ("31 Febtember", "February 30, 2018") is an error, never a guess.
"""

from __future__ import annotations

import re

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


class TextDateError(ValueError):
    """Text that is not a date, or names a date that does not exist."""


def parse_date(text: str) -> PartialDate:
    """Read a whole string as a date at the precision it states.

    Accepts "2024", "May 2018", "Oct 14, 2003", "February 25, 2007", "16 August, 2013",
    "March 24 2005", "2004-04-13" and "(2004-04-13)", with Markdown escapes or a final
    period. Raises TextDateError otherwise.
    """
    cleaned = " ".join(text.replace("\\", "").split()).strip()
    while cleaned.endswith("."):
        cleaned = cleaned[:-1].rstrip()
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = cleaned[1:-1].strip()
    if not cleaned:
        raise TextDateError("no date given")
    iso = _ISO.match(cleaned)
    if iso:
        year, month, day = (int(part) if part else None for part in iso.groups())
        return _make(text, year, month, day)

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

    shape = "".join(order)
    if len(months) > 1 or shape not in ("n", "mn", "mnn", "nmn"):
        if months and len(numbers) < 2 and shape in ("m", "nm", "mn"):
            raise TextDateError(f"{text.strip()!r} gives no year")
        raise TextDateError(f"cannot read {text.strip()!r} as a date")
    year_text = numbers[-1]
    if len(year_text) != 4:
        raise TextDateError(f"{text.strip()!r} gives no four-digit year")
    year = int(year_text)
    if shape == "n":
        return _make(text, year, None, None)
    month = months[0]
    if shape == "mn":
        return _make(text, year, month, None)
    day_text = numbers[0]
    if len(day_text) > 2:
        raise TextDateError(f"cannot read {text.strip()!r} as a date")
    return _make(text, year, month, int(day_text))


def _make(text: str, year: int, month: int | None, day: int | None) -> PartialDate:
    try:
        return PartialDate(year, month, day)
    except PartialDateError as error:
        raise TextDateError(f"{text.strip()!r} is not a real date: {error}") from None
