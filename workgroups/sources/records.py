"""Plain records that parsers produce and the registry's reconcile step consumes.

No ORM here. Line numbers are 1-based and inclusive, in the file as given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workgroups.lib.partialdate import PartialDate


class SourceError(ValueError):
    """Bad input, located: prints as 'path:line: message'."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class SourceErrors(SourceError):
    """Several located errors, reported together: one 'path:line: message' a line."""

    def __init__(self, errors: list[SourceError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.path, first.line, first.message)

    def __str__(self):
        return "\n".join(str(e) for e in self.errors)


@dataclass(frozen=True)
class Span:
    """Where a fact stands: a document (path relative to its import root) and its lines."""

    path: str
    start: int
    end: int

    def __str__(self):
        if self.start == self.end:
            return f"{self.path}:{self.start}"
        return f"{self.path}:{self.start}-{self.end}"


@dataclass
class PersonRef:
    """A person as one source names them, with the role that source gives.

    `name` is cleaned for display (titles such as "(PSF Director)" and regions stripped,
    CamelCase wiki names split); `raw` is the text as written; `note` keeps what was
    stripped that a reader may want ("US - non-voting", "PSF Director").
    """

    name: str
    raw: str
    span: Span
    role: str = "member"  # chair, co-chair, vice-chair, secretary, moderator, member
    voting: bool = True
    note: str = ""


@dataclass
class RosterRecord:
    """A statement of who is in a group.

    full=True: the statement gives the whole membership ("Membership shall consist of",
    "the current list of voting members is", a "Members:" row, a charter's participants
    list): whoever is not on it has left by `date`. full=False: it only adds people.
    `past` lists people the source names as former members.
    """

    members: list[PersonRef]
    span: Span
    date: PartialDate | None = None
    full: bool = True
    past: list[PersonRef] = field(default_factory=list)
    origin: str = ""  # what stated it, e.g. "meta table", "resolution", "charter"


@dataclass
class Vote:
    yes: int
    no: int
    abstain: int


@dataclass
class ResolutionRecord:
    """A board resolution as printed, with its text verbatim (Markdown)."""

    kind: str  # a ResolutionKind: establishing, amending, charter, current, ...
    title: str  # the label as the page prints it, e.g. "Current resolution June 2015"
    text: str
    span: Span
    date: PartialDate | None = None
    date_inferred: bool = False
    vote: Vote | None = None
    medium: str = ""  # "IRC vote"
    roster: RosterRecord | None = None  # the membership the resolution states, if any


@dataclass
class MailingListRecord:
    address: str  # "conduct-wg@python.org"
    url: str
    span: Span


@dataclass
class LinkRecord:
    label: str
    url: str
    span: Span


@dataclass
class GroupRecord:
    """One group's section of the python.org page."""

    name: str
    span: Span
    status: str  # active, inactive, dissolved (dissolved when a Dissolved: date is given)
    anchor: str = ""  # "#id3"
    formed: PartialDate | None = None
    formed_span: Span | None = None
    dissolved: PartialDate | None = None
    purpose: str = ""  # Markdown paragraphs that describe the group
    mailing_lists: list[MailingListRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    resolutions: list[ResolutionRecord] = field(default_factory=list)
    rosters: list[RosterRecord] = field(default_factory=list)  # meta table and prose statements
    position: int = 0


@dataclass
class PsfPage:
    """The python.org page: its groups in page order."""

    path: str
    title: str
    groups: list[GroupRecord]


@dataclass
class WikiIndexEntry:
    """A bullet of the wiki index: `[Conduct WG](Conduct/index) -- Handles ...`."""

    title: str
    target: str  # "Conduct/index", relative to psf/working-groups/
    summary: str
    section: str  # "active" or "legacy"
    span: Span


@dataclass
class WikiIndex:
    path: str
    entries: list[WikiIndexEntry]
    toctree: list[str]


@dataclass
class WikiLink:
    """A link inside a wiki page to another wiki page (for broken-link checks)."""

    target: str
    text: str
    span: Span


@dataclass
class WikiPage:
    """One wiki file of the working-groups tree.

    `path` is the wiki path without ".md" ("psf/working-groups/Conduct/Charter");
    `section` is the group key it belongs to as the wiki names it: the folder for files in
    a group folder ("Conduct"), the stem for legacy pages ("Conduct Group" -> "Conduct",
    "Python Edu Charter" -> "Python Edu"), "" for the working-groups index.
    """

    path: str
    section: str
    kind: str  # charter, minutes, members, page, template, index
    title: str
    text: str  # the file as it is (lossless; cleaning happens on display)
    span: Span
    date: PartialDate | None = None
    date_in_text: PartialDate | None = None  # the date the text itself states, if any
    version: int = 0  # charter version (Charter_v2 -> 2)
    legacy: bool = False  # a standalone page from before group folders
    chairs: list[PersonRef] = field(default_factory=list)
    roster: RosterRecord | None = None
    mailing_lists: list[MailingListRecord] = field(default_factory=list)
    status_hints: list[tuple[str, Span]] = field(default_factory=list)  # ("forming", span)
    stated_dates: list[tuple[str, PartialDate, Span]] = field(default_factory=list)
    links: list[WikiLink] = field(default_factory=list)
    toctree: list[str] = field(default_factory=list)
    purpose: str = ""  # Markdown: the purpose section's first block, else the opening paragraph
    purpose_span: Span | None = None
    invalid: bool = False  # the page says it is no longer valid
    writers: list[PersonRef] = field(default_factory=list)  # "I (Ewa) am the chair" in a letter
    latest_year: int | None = None  # the latest year its text mentions (how recent it is)
    # The earliest and latest full dates its text mentions (signs of when the group was active).
    mentioned: list[tuple[PartialDate, Span]] = field(default_factory=list)
    resolutions: list[ResolutionRecord] = field(default_factory=list)  # board resolutions quoted
