"""How registry rows read on the site and in the search index: small pure helpers for titles
and dates."""

from __future__ import annotations

import re

from workgroups.lib.partialdate import PartialDate, PartialDateError
from workgroups.lib.vocabulary import PageKind

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_ ]*")


def page_title(page) -> str:
    """A page's title for lists and headings.

    Meeting notes imported from the wiki are titled by their file path
    ("Packaging/2020-12-23-pip-team-meeting"); with the group and the date shown beside them,
    what is left says what the meeting was: "pip team meeting". Other titles stay as they are.
    """
    title = (page.title or "").strip()
    if page.kind != PageKind.MINUTES:
        return title
    last = title.rsplit("/", 1)[-1].strip()
    rest = _DATE_PREFIX.sub("", last)
    if rest == last:
        # A wiki h1 "Bylaws / Bylaws Agenda" names the group beside it; "Bug triage/prioritization
        # call" is one title.
        return title.rsplit(" / ", 1)[-1]
    if rest and " " not in rest:
        rest = rest.replace("-", " ").replace("_", " ")
    return rest.strip() or "Meeting notes"


def date_words(value) -> str:
    """A date (a PartialDate, or its EDTF string) in words: '2018', 'May 2018', '31 May 2018',
    'about 2005', 'before 25 February 2007' or 'date unknown'; '' for none. A string that is
    no date reads as it is (never an error on a page)."""
    if value is None or value == "":
        return ""
    try:
        return PartialDate.parse(value).human()
    except (PartialDateError, TypeError, ValueError):
        return str(value)


def start_words(value) -> str:
    """When a seat or a span began, in words: the date, or 'start unknown' when no source
    says (never a bare '?' or dash)."""
    words = date_words(value)
    return "start unknown" if words in ("", "date unknown") else words


def end_words(value) -> str:
    """When a seat or a span ended, in words: the date, or 'end unknown' for one that ended at
    a date no source gives; '' for none (it has not ended)."""
    if value is None or value == "":
        return ""
    words = date_words(value)
    return "end unknown" if words == "date unknown" else words


def date_phrase(value) -> str:
    """A date as the end of a sentence ("Confirmed current ..."): 'on 31 May 2018',
    'in May 2018', 'in 2018', 'about 2005', 'before 25 February 2007', 'at an unknown date';
    '' for none."""
    try:
        parsed = PartialDate.parse(value) if value not in (None, "") else None
    except (PartialDateError, TypeError, ValueError):
        return f"on {value}"
    if parsed is None:
        return ""
    if not parsed.known:
        return "at an unknown date"
    if not parsed.exact:
        return parsed.human()
    return ("on " if parsed.day else "in ") + parsed.human()


def html_datetime(value) -> str:
    """The value of an HTML `datetime` attribute for a plain date ('2018', '2018-05',
    '2018-05-31'); '' for an about, on-or-before or unknown date, which HTML cannot state."""
    if value is None or value == "":
        return ""
    try:
        parsed = PartialDate.parse(value)
    except (PartialDateError, TypeError, ValueError):
        return ""
    return parsed.iso() if parsed.exact else ""
