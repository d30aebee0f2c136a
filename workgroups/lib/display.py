"""How registry rows read on the site and in the search index: small pure helpers for titles."""

from __future__ import annotations

import re

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
    if rest == last and not last.startswith(tuple("0123456789")):
        return title if "/" not in title else last
    if rest and " " not in rest:
        rest = rest.replace("-", " ").replace("_", " ")
    return rest.strip() or "Meeting notes"
