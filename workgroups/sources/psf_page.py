"""The python.org "PSF Work Groups" page, read into records.

`parse_psf_page(text, path)` is pure: text in, a PsfPage out, or a SourceError naming the line
that cannot be read. The document structure comes from markdown-it tokens and their line maps
(H2 = status section, H3 = group, meta table, label + blockquote or H4 + body = resolution);
small regular expressions only ever look at one cell, one paragraph or one resolution's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from workgroups.lib.names import fold, is_placeholder, person_key
from workgroups.lib.partialdate import PartialDate
from workgroups.lib.text import bad_line
from workgroups.lib.textdates import DATE_SHAPE, MONTHS, TextDateError, parse_date
from workgroups.lib.vocabulary import GroupStatus, ResolutionKind, Role
from workgroups.sources.records import (
    GroupRecord,
    LinkRecord,
    MailingListRecord,
    PersonRef,
    PsfPage,
    ResolutionRecord,
    RosterRecord,
    SourceError,
    SourceErrors,
    Span,
    Vote,
)

__all__ = ["parse_psf_page"]

_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)

_ROLE_WORDS = {
    "chair": Role.CHAIR,
    "chairman": Role.CHAIR,
    "chairwoman": Role.CHAIR,
    "chairperson": Role.CHAIR,
    "co-chair": Role.CO_CHAIR,
    "cochair": Role.CO_CHAIR,
    "co chair": Role.CO_CHAIR,
    "vice-chair": Role.VICE_CHAIR,
    "vice chair": Role.VICE_CHAIR,
    "secretary": Role.SECRETARY,
    "moderator": Role.MODERATOR,
}
_META_KEYS = {
    "formed": "formed",
    "dissolved": "dissolved",
    "mailing list": "mailing list",
    "notes": "notes",
    "chairman": "chairman",
    "members": "members",
    "moderator": "moderator",
}
_SINGLE_KEYS = {"formed", "dissolved", "chairman", "members", "moderator"}
_KINDS = {
    "establishing": "establishing",
    "current": "current",
    "work-group": "work-group",
    "working-group": "work-group",
    "workgroup": "work-group",
    "amending": "amending",
    "amended": "amending",
    "dissolving": "dissolving",
}
_INFERRED_KINDS = {"establishing", "charter"}

_LABEL = re.compile(
    r"^(?P<prefix>(?:[^\W\d_][\w-]*\s+){0,3}?)(?P<word>(?i:resolution|charter))(?:\s+(?P<rest>.+))?$"
)
_APPROVAL = re.compile(
    r"^(?:(?P<yes>\d+)\s*-\s*(?P<no>\d+)\s*-\s*(?P<abstain>\d+))?\s*,?\s*"
    r"(?:(?i:by)\s+(?P<medium>[^,]+?)\s*(?:,\s*|$))?(?:(?i:on)\s+)?(?P<date>.*)$",
    re.DOTALL,
)
_ADDRESS = re.compile(r"^([\w.+-]+)\s*(?:\s(?i:at)\s|@)\s*([\w-]+(?:\.[\w-]+)+)$")
_URL = re.compile(r"^(?:https?|mailto):\S+$", re.IGNORECASE)

# Where a list of people ends inside a resolution's sentence.
_LIST_END = re.compile(
    r"(?<![\s(][A-Z])(?<!^[A-Z])\.(?=\s|$)|[;:]|\n\n|,\s*(?:and\s+)?(?i:that|with|who|whose)\b"
    r"|(?<!\s)\s+(?i:as\s+(?:the\s+|its\s+)?initial\s+members?)\b"
)
_SEPARATOR = re.compile(r"(?<!\s)\s*,\s*(?:(?:and|&)\s+)?|(?<!\s)\s+(?:and|&)\s+")
_NAME = r"[A-Z][\w'’-]*(?:[ \t]+(?:[A-Z][\w'’-]*|[A-Z]\.|van|von|de|da|der|del|la|le|du|dos)){0,5}"
_PARTICLES = {"van", "von", "de", "da", "der", "del", "la", "le", "du", "dos", "di", "y", "bin"}

# Statements of who is in the group. Each gives where the list starts; the list runs to the
# next _LIST_END unless the pattern captures it as `list`.
_FULL_LISTS = [
    re.compile(
        r"(?i:membership\s+shall\s+consist\s+of)\s+"
        r"(?:(?i:(?:the\s+)?co-?chairs)\s*,?\s*"
        r"(?i:and\s+additionally|in\s+addition\s+to|and\s+also|and|plus)\s+)?"
    ),
    re.compile(
        r"(?i:(?:the\s+)?membership\s+of\s+(?:the\s+|this\s+)?[\w ]{0,80}?(?:committee|group)"
        r"\s+(?:will|shall)\s+be)\s+"
    ),
    re.compile(
        r"(?i:\bwith)\s+(?P<list>(?:(?!\b(?i:with)\b)[^.;]){1,2000}?)\s+"
        r"(?i:as\s+(?:the\s+)?initial\s+members)\b"
    ),
    re.compile(
        r"(?i:initial\s+membership\s+(?:will|shall)\s+be)\s+"
        r"(?i:the\s+following(?:\s+(?:individuals|people|persons|members))?\s*:?\s*)?"
    ),
    re.compile(r"(?i:initial\s+members\s+of\s+the\s+[\w ]{1,80}?\s+(?:shall|will)\s+be)\s+"),
    re.compile(
        r"(?i:(?:made\s+up|consist)\s+of\s+the\s+following\s+(?:initial\s+)?members)\s*:?\s*"
    ),
]
_ADD_LISTS = [
    re.compile(r"(?i:\badd\s+the\s+following\s+(?:new\s+)?members?)(?:\s+[^:.]{0,120})?\s*:\s*"),
]
_CHAIRS = [
    (re.compile(r"(?i:co-?chaired\s+by)\s+"), Role.CO_CHAIR),
    (re.compile(r"(?<![\w-])(?i:chaired\s+by)\s+"), Role.CHAIR),
    (
        re.compile(
            rf"(?i:\b(?:with|and))\s+(?P<list>{_NAME})\s+"
            r"(?i:as\s+(?:the\s+|its\s+)?initial\s+chair(?:man|person|woman)?)\b"
        ),
        Role.CHAIR,
    ),
    (
        re.compile(
            rf"(?P<list>{_NAME})\s+(?i:(?:will|shall)\s+be\s+(?:the\s+|its\s+)?"
            r"(?:initial\s+|new\s+)?chair(?:man|person|woman)?)\b"
        ),
        Role.CHAIR,
    ),
]
_STATEMENT = re.compile(
    r"^(?i:as\s+of)\s+(?P<date>[^,]+),\s*(?i:the\s+current\s+(?:list\s+of\s+)?)"
    r"(?P<voting>(?i:(?:non-)?voting)\s+)?(?i:members?(?:\s+list)?\s+(?:is|are))\s*[;:,]?\s*",
    re.DOTALL,
)


def parse_psf_page(text: str, path: str) -> PsfPage:
    """Read the python.org work groups page; raise SourceError with a line for bad input
    (SourceErrors for several: every bad block and table row of the page at once)."""
    if found := bad_line(text):
        line, problem = found
        raise SourceError(path, line, f"the text holds {problem}")
    return _PageParser(text, path).parse()


# -- plain text with line numbers -------------------------------------------------------------


@dataclass
class _Plain:
    """Rendered text (Markdown escapes and emphasis gone) with the source line of each char."""

    text: str = ""
    lines: list[int] = field(default_factory=list)

    def extend(self, other: _Plain, sep: str = "\n\n") -> None:
        if self.text and other.text:
            self.text += sep
            self.lines.extend([self.lines[-1]] * len(sep))
        self.text += other.text
        self.lines.extend(other.lines)

    def cut(self, start: int, end: int) -> _Plain:
        return _Plain(self.text[start:end], self.lines[start:end])

    def strip(self) -> _Plain:
        text = self.text
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        return self.cut(start, max(start, end))

    def span(self, path: str) -> Span:
        return Span(path, self.lines[0], self.lines[-1])


def _plain(inline: Token) -> _Plain:
    """The text an inline token renders to, spaces squeezed, each char with its line."""
    line = inline.map[0] + 1 if inline.map else 1
    text: list[str] = []
    lines: list[int] = []
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            content = "\n"
        elif child.type in ("text", "code_inline", "html_inline", "image"):
            content = child.content
        else:
            continue
        for char in content:
            if char in " \t\n":
                if not (text and text[-1] == " "):
                    text.append(" ")
                    lines.append(line)
                if char == "\n":
                    line += 1
                continue
            text.append(char)
            lines.append(line)
    return _Plain("".join(text), lines)


def _plain_of(tokens: list[Token]) -> _Plain:
    text: list[str] = []
    lines: list[int] = []
    for token in tokens:
        if token.type != "inline":
            continue
        part = _plain(token)
        if text and part.text:
            text.append("\n\n")
            lines.extend([lines[-1]] * 2)
        text.append(part.text)
        lines.extend(part.lines)
    return _Plain("".join(text), lines)


# -- blocks ------------------------------------------------------------------------------------


@dataclass
class _Block:
    """A top-level block: its tokens and its 1-based inclusive line range."""

    tokens: list[Token]
    start: int
    end: int

    @property
    def type(self) -> str:
        return self.tokens[0].type.removesuffix("_open")

    @property
    def tag(self) -> str:
        return self.tokens[0].tag

    def inlines(self) -> list[Token]:
        return [token for token in self.tokens if token.type == "inline"]


def _blocks(tokens: list[Token]) -> list[_Block]:
    blocks = []
    i = 0
    while i < len(tokens):
        j, depth = i, 0
        while j < len(tokens):
            depth += tokens[j].nesting
            if depth <= 0:
                break
            j += 1
        chunk = tokens[i : j + 1]
        first = chunk[0]
        if first.map:
            start, end = first.map[0] + 1, max(first.map[0] + 1, first.map[1])
        else:
            start = end = blocks[-1].end if blocks else 1
        blocks.append(_Block(chunk, start, end))
        i = j + 1
    return blocks


# -- the page ----------------------------------------------------------------------------------


@dataclass
class _Group:
    record: GroupRecord
    purpose: list[str] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)
    heading_res: ResolutionRecord | None = None
    heading_blocks: list[_Block] = field(default_factory=list)


class _PageParser:
    def __init__(self, text: str, path: str):
        # The same normalisation markdown-it applies, so token maps index these lines.
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.path = path
        self.lines = self.text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        # where the walk over the page's blocks is
        self.title = ""
        self.status: str | None = None  # of the H2 section the walk is in
        self.groups: list[GroupRecord] = []
        self.group: _Group | None = None  # the H3 group the walk is in
        self.pending_label: tuple[_Block, ResolutionRecord] | None = None  # wants a quote next
        self.last_quote: ResolutionRecord | None = None  # an "Approved ..." line may follow
        self.errors: list[SourceError] = []  # every bad block or table row, reported together

    # errors and spans

    def error(self, line: int | None, message: str) -> SourceError:
        return SourceError(self.path, line, message)

    def span(self, start: int, end: int) -> Span:
        return Span(self.path, start, max(start, end))

    def source(self, start: int, end: int) -> list[str]:
        """Lines start..end (1-based, inclusive) as written, blank edges trimmed."""
        chunk = self.lines[start - 1 : end]
        while chunk and not chunk[-1].strip():
            chunk.pop()
        while chunk and not chunk[0].strip():
            chunk.pop(0)
        return chunk

    def date(self, text: str, line: int, what: str) -> PartialDate:
        try:
            return parse_date(text)
        except TextDateError as error:
            raise self.error(line, f"{what}: {error}") from None

    # the walk

    def parse(self) -> PsfPage:
        for block in _blocks(_MD.parse(self.text)):
            try:
                self.read_block(block)
            except SourceError as error:
                self.errors.append(error)  # the block is skipped; the walk goes on
        if self.pending_label is not None:
            self.errors.append(self.unquoted_label(*self.pending_label))
        if self.group is not None:
            self.close_group(self.group, len(self.lines))
        if self.errors:
            errors = sorted(self.errors, key=lambda error: error.line or 0)
            raise SourceErrors(errors) if len(errors) > 1 else errors[0]
        return PsfPage(path=self.path, title=self.title, groups=self.groups)

    def read_block(self, block: _Block) -> None:
        if block.type == "front_matter":
            self.title = self.title or _front_matter_title(block.tokens[0].content)
        elif self.pending_label is not None:
            self.read_quote(block)
        elif block.type == "heading":
            self.read_heading(block)
            self.last_quote = None
        elif self.group is None:
            return  # text outside any group (page intro): not part of the record
        elif self.group.heading_res is not None:
            self.group.heading_blocks.append(block)
        else:
            self.read_group_block(self.group, block)

    def unquoted_label(self, label_block: _Block, resolution: ResolutionRecord) -> SourceError:
        return self.error(
            label_block.start,
            f"the label {resolution.title!r} is not followed by a quoted resolution",
        )

    def read_quote(self, block: _Block) -> None:
        """The blockquote a resolution label ('Current resolution July 2018:') announced."""
        label_block, resolution = self.pending_label
        self.pending_label = None
        if block.type != "blockquote":
            raise self.unquoted_label(label_block, resolution)
        self.fill_quoted(self.group, resolution, label_block, block)
        self.last_quote = resolution

    def read_heading(self, block: _Block) -> None:
        """H1 the title, H2 a status section, H3 a group, deeper a resolution of the group."""
        heading = _plain_of(block.tokens).text.strip()
        level = int(block.tag[1:]) if block.tag[1:].isdigit() else 6
        if level <= 3 and self.group is not None:
            self.close_group(self.group, block.start - 1)
            self.group = None
        if level == 1:
            self.title = self.title or heading
            self.status = None
        elif level == 2:
            self.status = _section_status(heading)
        elif level == 3:
            self.group = self.open_group(block, heading, self.status, len(self.groups))
            self.groups.append(self.group.record)
        elif self.group is not None:
            self.close_heading_resolution(self.group)
            self.open_heading_resolution(self.group, block, heading)

    def read_group_block(self, group: _Group, block: _Block) -> None:
        """A block in a group: its meta table, a resolution, a member list or its purpose."""
        if block.type == "table":
            self.read_table(group, block)
        elif block.type != "paragraph" or not self.read_paragraph(group, block):
            group.purpose.append("\n".join(self.source(block.start, block.end)))
            if block.type == "paragraph":
                self.read_prose_acts(group, _plain_of(block.tokens).strip(), block)
        self.last_quote = None  # after a label, the quote it announces sets it again

    def read_paragraph(self, group: _Group, block: _Block) -> bool:
        """A resolution label, the approval of the quote above, or a member list statement."""
        plain = _plain_of(block.tokens).strip()
        label = self.label(plain.text, block) if block.end - block.start < 2 else None
        if label is not None:
            self.pending_label = (block, label)
            return True
        if self.last_quote is not None and plain.text.startswith("Approved"):
            self.read_approval_paragraph(self.last_quote, plain, block)
            return True
        return self.read_statement(group, plain, block)

    # groups

    def open_group(self, block: _Block, name: str, status: str | None, position: int) -> _Group:
        if status is None:
            raise self.error(
                block.start, f"the group {name!r} is outside the Active and Inactive sections"
            )
        if not name:
            raise self.error(block.start, "a group heading without a name")
        anchor = ""
        for inline in block.inlines():
            for child in inline.children or []:
                if child.type == "link_open":
                    anchor = str(child.attrs.get("href", ""))
                    break
        record = GroupRecord(
            name=" ".join(name.split()),
            span=self.span(block.start, block.start),
            status=status,
            anchor=anchor,
            position=position,
        )
        return _Group(record)

    def close_group(self, group: _Group, end: int) -> None:
        self.close_heading_resolution(group)
        record = group.record
        record.span = self.span(record.span.start, end)
        record.purpose = "\n\n".join(part for part in group.purpose if part) or _goals(record)
        for resolution in record.resolutions:
            if resolution.date is None and resolution.kind in _INFERRED_KINDS and record.formed:
                resolution.date = record.formed
                resolution.date_inferred = True
            if resolution.roster is not None:
                resolution.roster.date = resolution.date

    # the meta table

    def read_table(self, group: _Group, block: _Block) -> None:
        """A group's meta table: one 'Key:' and its value per row."""
        roster_people: list[PersonRef] = []
        roster_lines: list[int] = []
        has_members = False
        for line, cells in _table_rows(block):
            try:
                key = self.table_key(group, line, cells)
                cell = cells[1]
                plain = _plain(cell).strip()
                if not plain.text and not _links(cell):
                    continue
                if key in ("chairman", "members"):
                    # one roster for both rows: the chairman is one of the members
                    has_members = has_members or key == "members"
                    role = Role.CHAIR if key == "chairman" else Role.MEMBER
                    roster_people.extend(self.people(plain, role))
                    roster_lines.append(line)
                else:
                    self._META_READERS[key](self, group.record, cell, plain, line)
            except SourceError as error:
                self.errors.append(error)  # the row is skipped; the table goes on
        people = _merge(roster_people, self.path)
        if people:
            group.record.rosters.append(
                RosterRecord(
                    members=people,
                    span=self.span(min(roster_lines), max(roster_lines)),
                    full=has_members,
                    origin="meta table",
                )
            )

    def table_key(self, group: _Group, line: int, cells: list[Token]) -> str:
        """A row's key, known and (for single-valued keys) not given before in the group."""
        if len(cells) != 2:
            raise self.error(line, f"a table row needs a key and a value, found {len(cells)}")
        key_text = _plain(cells[0]).text.strip()
        if not key_text.endswith(":"):
            raise self.error(line, f"unknown table key {key_text!r} (expected 'Key:')")
        key = _META_KEYS.get(" ".join(key_text[:-1].split()).casefold())
        if key is None:
            raise self.error(line, f"unknown table key {key_text!r}")
        if key in _SINGLE_KEYS:
            if key in group.keys:
                raise self.error(
                    line, f"{key_text!r} given twice (first on line {group.keys[key]})"
                )
            group.keys[key] = line
        return key

    def read_formed(self, record: GroupRecord, cell: Token, plain: _Plain, line: int) -> None:
        record.formed = self.date(plain.text, line, "Formed")
        record.formed_span = self.span(line, line)

    def read_dissolved(self, record: GroupRecord, cell: Token, plain: _Plain, line: int) -> None:
        record.dissolved = self.date(plain.text, line, "Dissolved")
        record.status = GroupStatus.DISSOLVED.value

    def read_lists(self, record: GroupRecord, cell: Token, plain: _Plain, line: int) -> None:
        record.mailing_lists.extend(self.mailing_lists(cell, plain.text, line))

    def read_notes(self, record: GroupRecord, cell: Token, plain: _Plain, line: int) -> None:
        url = self.link_url(cell, plain.text, line, "Notes")
        record.links.append(LinkRecord("Notes", url, self.span(line, line)))

    def read_moderator(self, record: GroupRecord, cell: Token, plain: _Plain, line: int) -> None:
        people = _merge(self.people(plain, Role.MODERATOR), self.path)
        if people:
            record.rosters.append(
                RosterRecord(
                    members=people,
                    span=self.span(line, line),
                    full=False,
                    origin="meta table",
                )
            )

    _META_READERS = {
        "formed": read_formed,
        "dissolved": read_dissolved,
        "mailing list": read_lists,
        "notes": read_notes,
        "moderator": read_moderator,
    }

    def mailing_lists(self, cell: Token, text: str, line: int) -> list[MailingListRecord]:
        found = []
        links = _links(cell) or [(text, text)]
        for href, label in links:
            address = _address(label) or _address_from_url(label) or _address_from_url(href)
            if not address:
                raise self.error(line, f"cannot read a mailing list address from {text!r}")
            url = href if _URL.match(href) and not href.lower().startswith("mailto:") else ""
            found.append(MailingListRecord(address, url, self.span(line, line)))
        return found

    def link_url(self, cell: Token, text: str, line: int, what: str) -> str:
        links = _links(cell)
        if links:
            return links[0][0]
        if _URL.match(text):
            return text
        raise self.error(line, f"{what}: expected a link, found {text!r}")

    # resolutions

    def label(self, text: str, block: _Block) -> ResolutionRecord | None:
        """A one-line paragraph such as 'Current resolution July 2018:'."""
        if not text.endswith(":"):
            return None
        return self.resolution_heading(text[:-1].strip(), block.start)

    def resolution_heading(self, title: str, line: int) -> ResolutionRecord | None:
        match = _LABEL.match(title)
        if not match:
            return None
        prefix = "-".join(fold(match.group("prefix")).replace("-", " ").split())
        # One vocabulary: an "Amended Charter" amends as an "Amending Resolution" does.
        if match.group("word").casefold() == "charter" and not prefix:
            kind = ResolutionKind.CHARTER.value
        else:
            kind = _KINDS.get(prefix, ResolutionKind.OTHER.value)
        date = None
        rest = match.group("rest")
        if rest and not _dateish(rest):
            return None  # "Charter and bylaws are here:" is prose, not a label
        if rest:
            date = self.date(rest, line, f"the date of {title!r}")
        return ResolutionRecord(
            kind=kind, title=title, text="", span=self.span(line, line), date=date
        )

    def fill_quoted(
        self, group: _Group, resolution: ResolutionRecord, label: _Block, quote: _Block
    ) -> None:
        lines = [re.sub(r"^ {0,3}> ?", "", line) for line in self.source(quote.start, quote.end)]
        resolution.text = "\n".join(lines)
        resolution.span = self.span(label.start, quote.end)
        plain = _plain_of(quote.tokens)
        self.finish_resolution(group, resolution, plain, self.span(quote.start, quote.end))

    def open_heading_resolution(self, group: _Group, block: _Block, heading: str) -> None:
        resolution = self.resolution_heading(heading, block.start)
        if resolution is None:
            raise self.error(block.start, f"unknown heading {heading!r} in a group")
        group.heading_res = resolution
        group.heading_blocks = []

    def close_heading_resolution(self, group: _Group) -> None:
        resolution, blocks = group.heading_res, group.heading_blocks
        if resolution is None:
            return
        group.heading_res, group.heading_blocks = None, []
        start = resolution.span.start
        if not blocks:
            message = f"the heading {resolution.title!r} has no resolution text"
            self.errors.append(self.error(start, message))
            return
        body_start, body_end = blocks[0].start, blocks[-1].end
        lines = self.source(body_start, body_end)
        resolution.text = "\n".join(lines)
        while body_end > body_start and not self.lines[body_end - 1].strip():
            body_end -= 1
        resolution.span = self.span(start, body_end)
        plain = _Plain()
        for block in blocks:
            plain.extend(_plain_of(block.tokens))
        try:
            self.finish_resolution(group, resolution, plain, self.span(body_start, body_end))
        except SourceError as error:
            self.errors.append(error)  # the group and the next heading are still read

    def finish_resolution(
        self, group: _Group, resolution: ResolutionRecord, plain: _Plain, body: Span
    ) -> None:
        if not resolution.text.strip():
            raise self.error(resolution.span.start, f"{resolution.title!r} has no text")
        self.read_final_approval(resolution, plain)
        resolution.roster = self.resolution_roster(plain, body)
        group.record.resolutions.append(resolution)

    def read_approval_paragraph(
        self, resolution: ResolutionRecord, plain: _Plain, block: _Block
    ) -> None:
        rest = plain.text[len("Approved") :].strip().rstrip(".").strip()
        approval = _APPROVAL.match(rest)
        if not approval or (approval.group("yes") is None and not approval.group("date")):
            raise self.error(block.start, f"cannot read the approval {plain.text!r}")
        date_text = approval.group("date").strip()
        if date_text:
            resolution.date = self.date(date_text, block.start, "the approval date")
        self.set_vote(resolution, approval)
        resolution.span = self.span(resolution.span.start, block.end)

    def read_final_approval(self, resolution: ResolutionRecord, plain: _Plain) -> None:
        """'... Approved May 31, 2018' closing a resolution's own text."""
        text = plain.text.rstrip()
        at = text.rfind("Approved")
        if at < 0 or (at > 0 and text[at - 1].isalnum()):
            return
        rest = text[at + len("Approved") :].strip().rstrip(".").strip()
        if re.search(r"[.;!?]\s+[A-Z]", rest):
            return
        approval = _APPROVAL.match(rest)
        if not approval:
            return
        date_text = approval.group("date").strip()
        if date_text and not re.fullmatch(DATE_SHAPE, date_text):
            return
        if date_text:  # the day of the vote says more than a label's month
            resolution.date = self.date(date_text, plain.lines[at], "the approval date")
        self.set_vote(resolution, approval)

    @staticmethod
    def set_vote(resolution: ResolutionRecord, approval: re.Match) -> None:
        if approval.group("yes") is not None:
            resolution.vote = Vote(
                int(approval.group("yes")),
                int(approval.group("no")),
                int(approval.group("abstain")),
            )
        if approval.group("medium"):
            resolution.medium = " ".join(approval.group("medium").split())

    # rosters in prose

    def resolution_roster(self, plain: _Plain, body: Span) -> RosterRecord | None:
        mentions: list[tuple[int, PersonRef]] = []
        chairs: list[tuple[int, PersonRef]] = []
        partial = False
        for pattern in _FULL_LISTS:
            for at, people in self.lists(pattern, plain, Role.MEMBER):
                mentions.extend((at, person) for person in people)
        for pattern in _ADD_LISTS:
            for at, people in self.lists(pattern, plain, Role.MEMBER):
                mentions.extend((at, person) for person in people)
                partial = True
        for pattern, role in _CHAIRS:
            for at, people in self.lists(pattern, plain, role):
                chairs.extend((at, person) for person in people)
        if not mentions and not chairs:
            return None
        listed = [person for _, person in mentions]
        for at, chair in chairs:
            known = _find(listed, chair.name)
            if known is not None:
                _promote(known, chair.role)
                if chair.note and not known.note:
                    known.note = chair.note
            else:
                mentions.append((at, chair))
        mentions.sort(key=lambda item: item[0])
        people = _merge([person for _, person in mentions], self.path)
        if not people:
            return None
        return RosterRecord(
            members=people,
            span=body,
            full=not partial,
            origin="resolution",
        )

    def lists(self, pattern: re.Pattern, plain: _Plain, role: str):
        """Each match of `pattern` in the text: its position and the people it lists."""
        seen_ends: set[int] = set()
        for match in pattern.finditer(plain.text):
            if "list" in pattern.groupindex and match.group("list") is not None:
                start, end = match.span("list")
            else:
                start = match.end()
                stop = _LIST_END.search(plain.text, start)
                end = stop.start() if stop else len(plain.text)
            if end in seen_ends or end <= start:
                continue
            seen_ends.add(end)
            yield start, self.people(plain.cut(start, end), role)

    def read_prose_acts(self, group: _Group, plain: _Plain, block: _Block) -> None:
        """Board acts the description tells ("The board created this committee at a special
        meeting on March 24 2005."): resolutions whose text is not quoted."""
        text = " ".join(plain.text.split())
        for kind, pattern in _PROSE_ACTS:
            for match in pattern.finditer(text):
                try:
                    date = parse_date(match.group("date"))
                except TextDateError:
                    continue
                group.record.resolutions.append(
                    ResolutionRecord(
                        kind=kind,
                        title="Stated in the description",
                        text=match.group(0).strip(),
                        span=self.span(block.start, block.end),
                        date=date,
                    )
                )

    def read_statement(self, group: _Group, plain: _Plain, block: _Block) -> bool:
        """'As of 2024, the current list of voting members is; A, B, ...'."""
        match = _STATEMENT.match(plain.text)
        if not match:
            return False
        date = self.date(match.group("date"), block.start, "the date of the member list")
        stop = _LIST_END.search(plain.text, match.end())
        end = stop.start() if stop else len(plain.text)
        voting = not (match.group("voting") or "").strip().casefold().startswith("non")
        people = _merge(self.people(plain.cut(match.end(), end), Role.MEMBER), self.path)
        for person in people:
            person.voting = person.voting and voting
        group.record.rosters.append(
            RosterRecord(
                members=people,
                span=self.span(block.start, block.end),
                date=date,
                full=True,
                origin="statement",
            )
        )
        return True

    def people(self, plain: _Plain, role: str) -> list[PersonRef]:
        """'A, B (secretary), C (PSF Director) and D' -> PersonRefs, placeholders dropped."""
        text = plain.text
        masked = re.sub(r"\([^()]*\)", lambda m: "(" + "x" * (len(m.group()) - 2) + ")", text)
        found = []
        start = 0
        for sep in [*_SEPARATOR.finditer(masked), None]:
            end = sep.start() if sep else len(text)
            item = plain.cut(start, end).strip()
            start = sep.end() if sep else len(text)
            person = self.person(item, role)
            if person is not None:
                found.append(person)
        return found

    def person(self, item: _Plain, role: str) -> PersonRef | None:
        item = _trim(item)
        if not item.text:
            return None
        raw = " ".join(item.text.split())
        notes = []
        for inner in re.findall(r"\(([^()]*)\)", raw):
            for part in inner.split(","):
                part = " ".join(part.split())
                word = _ROLE_WORDS.get(part.casefold())
                if word is not None:
                    role = _stronger(role, word)
                elif part:
                    notes.append(part)
        name = " ".join(re.sub(r"\([^()]*\)", " ", raw).split()).strip(" ,.;:")
        name = name.replace("\\", "")
        if not _looks_like_name(name):
            return None
        note = ", ".join(notes)
        return PersonRef(
            name=name,
            raw=raw,
            span=item.span(self.path),
            role=Role(role).value,  # a plain string: records are dumped to YAML and JSON
            voting="non-voting" not in note.casefold(),
            note=note,
        )


# -- helpers -----------------------------------------------------------------------------------


_DATE_WORDS = (
    r"[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+,?\s+\d{4}|[A-Z][a-z]+\s+\d{4}"
)
# Board acts told in a group's description, not quoted as resolutions.
_PROSE_ACTS = [
    (
        ResolutionKind.ESTABLISHING.value,
        re.compile(
            r"[^.]*\b(?i:the\s+board)\s+(?:created|established|formed)\s+this\s+"
            r"(?:committee|work(?:ing)?\s*group)\b[^.]*?\b(?:on|in)\s+(?P<date>"
            + _DATE_WORDS
            + r")"
            r"[^.]*\.?"
        ),
    ),
    (
        ResolutionKind.WORK_GROUP.value,
        re.compile(
            r"\bIn\s+(?P<date>" + _DATE_WORDS + r"),\s+this\s+committee\s+was\s+(?:formed|made)"
            r"\s+into\s+an?\s+(?:PSF\s+)?Work(?:ing)?\s*Group\b[^.]*\.?"
        ),
    ),
]
_GOALS = re.compile(r"\bwith the goals? of\s+(?P<goals>[^.]+\.)", re.IGNORECASE)


def _goals(record: GroupRecord) -> str:
    """A group the page does not describe: the goals its establishing resolution gives."""
    for resolution in record.resolutions:
        if resolution.kind == ResolutionKind.ESTABLISHING and (
            match := _GOALS.search(" ".join(resolution.text.split()))
        ):
            goals = match.group("goals")
            return goals[0].upper() + goals[1:]
    return ""


def _table_rows(block: _Block) -> list[tuple[int, list[Token]]]:
    """(line, cells) of each row of a table block."""
    rows: list[tuple[int, list[Token]]] = []
    current: list[Token] | None = None
    line = block.start
    for token in block.tokens:
        if token.type == "tr_open":
            current = []
            line = token.map[0] + 1 if token.map else line
            rows.append((line, current))
        elif token.type == "inline" and current is not None:
            current.append(token)
    return rows


def _front_matter_title(content: str) -> str:
    for line in content.split("\n"):
        key, _, value = line.partition(":")
        if key.strip() == "title" and value.strip():
            return value.strip().strip("\"'")
    return ""


def _dateish(text: str) -> bool:
    """Whether text after a label tries to be a date (then it must be a real one)."""
    words = re.findall(r"[^\W\d_]+", text)
    return any(c.isdigit() for c in text) or bool(words and words[0].casefold() in MONTHS)


def _section_status(heading: str) -> str | None:
    words = set(re.findall(r"[a-z]+", fold(heading)))
    if "proposed" in words:
        return GroupStatus.PROPOSED.value
    if "inactive" in words or "former" in words or "past" in words:
        return GroupStatus.INACTIVE.value
    if "active" in words or "current" in words:
        return GroupStatus.ACTIVE.value
    return None


def _links(cell: Token) -> list[tuple[str, str]]:
    """(href, text) of each link in an inline token."""
    links = []
    href, label = None, ""
    for child in cell.children or []:
        if child.type == "link_open":
            href, label = str(child.attrs.get("href", "")), ""
        elif child.type == "link_close" and href is not None:
            links.append((href, label.strip()))
            href = None
        elif href is not None and child.type in ("text", "code_inline"):
            label += child.content
    return links


def _address(text: str) -> str:
    text = " ".join(text.replace("\\", "").split())
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :].split("?")[0]
    match = _ADDRESS.match(text)
    return f"{match.group(1)}@{match.group(2)}" if match else ""


def _address_from_url(url: str) -> str:
    """A list address from its archive or listinfo URL (mailman 2 and 3)."""
    if url.lower().startswith("mailto:"):
        return _address(url)
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    if not host or parts.scheme.lower() not in ("http", "https"):
        return ""
    segments = [segment for segment in parts.path.split("/") if segment]
    domain = host.removeprefix("mail.").removeprefix("lists.")
    for before, segment in zip(segments, segments[1:], strict=False):
        if before == "listinfo" and re.fullmatch(r"[\w.+-]+", segment):
            return f"{segment}@{domain}"
        if before == "lists" and re.fullmatch(r"[\w+-]+(?:\.[\w-]+)+", segment):
            name, _, list_domain = segment.partition(".")
            return f"{name}@{list_domain}"
    return ""


def _trim(item: _Plain) -> _Plain:
    item = item.strip()
    while True:
        before = item.text
        match = re.match(r"^(?:(?:and|&)\s+)", item.text)
        if match:
            item = item.cut(match.end(), len(item.text)).strip()
        while item.text and item.text[-1] in ".,;:":
            item = item.cut(0, len(item.text) - 1).strip()
        if item.text == before:
            return item


def _looks_like_name(name: str) -> bool:
    if not name or is_placeholder(name) or "@" in name or "://" in name:
        return False
    words = name.split()
    if len(words) > 6 or not words[0][0].isupper():
        return False
    for word in words[1:]:
        if not word[0].isupper() and word.casefold() not in _PARTICLES:
            return False
    return any(c.isalpha() for c in name)


def _stronger(role: str, other: str) -> str:
    return other if Role.rank(other) < Role.rank(role) else role


def _promote(person: PersonRef, role: str) -> None:
    person.role = _stronger(person.role, role)


def _find(people: list[PersonRef], name: str) -> PersonRef | None:
    """The listed person a name refers to: same key, or a unique surname ('Ascher')."""
    key = person_key(name)
    for person in people:
        if person_key(person.name) == key:
            return person
    if len(name.split()) == 1:
        matches = {
            person_key(person.name): person
            for person in people
            if person_key(person.name.split()[-1]) == key
        }
        if len(matches) == 1:
            return next(iter(matches.values()))
    return None


def _merge(people: list[PersonRef], path: str) -> list[PersonRef]:
    """One PersonRef per person (by person_key), keeping the strongest role and all lines."""
    merged: dict[str, PersonRef] = {}
    for person in people:
        key = person_key(person.name)
        if not key:
            continue
        known = merged.get(key)
        if known is None:
            merged[key] = person
            continue
        _promote(known, person.role)
        known.note = known.note or person.note
        known.voting = known.voting and person.voting
        known.span = Span(
            path, min(known.span.start, person.span.start), max(known.span.end, person.span.end)
        )
    return list(merged.values())
