"""Parsers of the PSF wiki's working-groups section: text in, records out (no ORM).

Built on markdown-it-py tokens and their `.map` line ranges; regular expressions only ever
look at one line or one list item. Every parser returns records or raises `SourceError`
(`SourceErrors`: every bad value of the file at once, such as an impossible date in the text).

- `parse_wiki_index(text, path)`: the working-groups index (entries, active/legacy, toctree).
- `parse_wiki_page(text, path, wiki_path)`: any page of the tree (charter, minutes, member
  list, legacy page, template, index) with its roster, chairs, mailing lists, status hints,
  stated dates, wiki links and toctree.
- `parse_redirects(text, path)`: the old-name -> new-path JSON map.
- `wiki_path_info(wiki_path)`: (section, kind, legacy, version, date) from the path alone.

How the pages are read (see data/psf-wiki/NOTES.md for the hazards):
- Rosters come from charters, "X Group" ACL pages and legacy pages, never from minutes or
  other group pages. People are list items and label values under a roster heading
  ("List of Participants/Who we are", "Members", "Administration", ...) or after a label
  ("Participants:", "Past members:", "Moderator(s):", "Chairs: A and B", ...); officer
  labels ("Chair: X", a pandoc table's "**Chair**  X") count anywhere on those pages.
- `roster.full` is True when the page states a member list (a members/participants
  heading with a list, or a members label, even an empty one); officer-only statements
  ("Chair: Van Lindberg"), prose ("David Mertz are the moderators.") and lists that say
  "(other members)" are not full. ACL pages are `origin="acl"`, never full.
- A role written next to a name ("(co-chair)", "co-chair") beats the label above it;
  a bare name under an "Administration" heading is noted "admin".
- Mailing lists skip an address that sits on a roster line or whose local part is the
  first name of someone the page names (donald@, georgi@, "ewa at python dot org"), and
  anything under an FAQ heading (another group's list, as in Python Edu's FAQ).
- Link targets are kept as written (no percent-decoding), for the broken-link check.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from workgroups.lib.names import fold, is_placeholder, person_key, split_camel
from workgroups.lib.partialdate import PartialDate, PartialDateError
from workgroups.lib.text import bad_line
from workgroups.lib.textdates import find_dates, impossible_dates
from workgroups.lib.vocabulary import LEADS, OFFICERS, Role
from workgroups.sources.records import (
    MailingListRecord,
    PersonRef,
    ResolutionRecord,
    RosterRecord,
    SourceError,
    SourceErrors,
    Span,
    Vote,
    WikiIndex,
    WikiIndexEntry,
    WikiLink,
    WikiPage,
)

__all__ = [
    "parse_redirects",
    "parse_wiki_index",
    "parse_wiki_page",
    "wiki_path_info",
]

WG_ROOT = "psf/working-groups"
ABOUT = "psf/about"
TEMPLATE_SECTION = "Example"
# Legacy pages that are themselves the group's charter.
CHARTER_PAGES = frozenset({"Infrastructure"})


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # No colon fences: the corpus' `::: {}` pandoc divs wrap content that must stay visible
    # (Infrastructure's chair infobox, Example/Charter's whole body).
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    # Keep link targets as written (no percent-encoding): the broken-link check and the
    # redirects compare them with wiki paths such as "Project Funding/index".
    md.normalizeLink = lambda url: url
    md.normalizeLinkText = lambda text: text
    return md


# --------------------------------------------------------------------------- paths


_MINUTES = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:-|$)")
_CHARTER_STEM = re.compile(r"^Charter(?:_v(\d+))?$", re.IGNORECASE)


_PathInfo = tuple[str, str, bool, int, PartialDate | None]
# Legacy pages directly under the working groups named after their group: (suffix, kind, version).
_LEGACY_SUFFIXES = ((" Group", "members", 0), (" Charter", "charter", 1))


def wiki_path_info(wiki_path: str) -> _PathInfo:
    """(section, kind, legacy, version, date) of a wiki path, decided from the path alone.

    'psf/working-groups/Packaging/2018-02-20-Warehouse' -> ('Packaging', 'minutes', False,
    0, 2018-02-20); 'psf/working-groups/Conduct Group' -> ('Conduct', 'members', True, 0,
    None). A minutes file name with an impossible date raises SourceError.
    """
    wiki_path = _clean_wiki_path(wiki_path)
    parts = [part for part in wiki_path.split("/") if part]
    stem = parts[-1] if parts else ""
    if wiki_path.startswith(ABOUT + "/"):
        return _about_info(wiki_path[len(ABOUT) + 1 :], stem)
    if not wiki_path.startswith(WG_ROOT + "/"):
        return "", _index_or_page(stem), False, 0, None
    inner = [part for part in wiki_path[len(WG_ROOT) + 1 :].split("/") if part]
    if len(inner) <= 1:
        return _top_level_info(inner[0] if inner else "")
    return _section_info(wiki_path, inner[0], stem)


def _clean_wiki_path(wiki_path: str) -> str:
    """'/psf/working-groups/Conduct/Charter.md' -> 'psf/working-groups/Conduct/Charter'."""
    wiki_path = wiki_path.strip().strip("/")
    return wiki_path[:-3] if wiki_path.endswith(".md") else wiki_path


def _index_or_page(stem: str) -> str:
    return "index" if stem == "index" else "page"


def _about_info(rest: str, stem: str) -> _PathInfo:
    """A page under psf/about: the group charter template, or any other page."""
    if rest.startswith("Example PSF Workgroup"):
        version = 1 if rest.endswith("Charter") else 0
        return TEMPLATE_SECTION, "template", False, version, None
    return "", _index_or_page(stem), False, 0, None


def _top_level_info(name: str) -> _PathInfo:
    """The working-groups index, or a legacy page from before group folders."""
    if name in ("", "index"):
        return "", "index", False, 0, None
    for suffix, kind, version in _LEGACY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], kind, True, version, None
    if name in CHARTER_PAGES:
        return name, "charter", True, 1, None
    return name, "page", True, 0, None


def _section_info(wiki_path: str, section: str, stem: str) -> _PathInfo:
    """A page in a group's folder: its index, a charter version, minutes or another page."""
    charter = _CHARTER_STEM.match(stem)
    version = int(charter.group(1) or 1) if charter else 0
    if section == TEMPLATE_SECTION:
        return section, "template", False, version, None
    if stem == "index":
        return section, "index", False, 0, None
    if charter:
        return section, "charter", False, version, None
    minutes = _MINUTES.match(stem)
    if not minutes:
        return section, "page", False, 0, None
    year, month, day = (int(g) for g in minutes.groups())
    try:
        date = PartialDate(year, month, day)
    except PartialDateError as exc:
        raise SourceError(wiki_path, None, f"file name date: {exc}") from None
    return section, "minutes", False, 0, date


# --------------------------------------------------------------------------- blocks


@dataclass
class _Seg:
    """A piece of a rendered line: plain text, a link (with its target) or inline code."""

    kind: str  # text, link, code
    text: str
    href: str = ""


@dataclass
class _Line:
    no: int  # 1-based line number in the file
    segs: list[_Seg]

    @property
    def text(self) -> str:
        return "".join(seg.text for seg in self.segs)

    @property
    def bare(self) -> str:
        """The line without link texts (for dates: a URL as link text must not count)."""
        return "".join(seg.text if seg.kind != "link" else " " for seg in self.segs)


@dataclass
class _Block:
    kind: str  # heading, para, cell, fence, code
    start: int  # 1-based inclusive
    end: int
    lines: list[_Line] = field(default_factory=list)
    level: int = 0  # heading level
    heading: str = ""  # the nearest heading above (for para/cell blocks)
    headings: tuple[str, ...] = ()  # all open headings, outermost first
    item: tuple[int, int] | None = None  # (list id, item start line) when inside a list item
    depth: int = 0  # list nesting depth
    first_in_item: bool = False
    info: str = ""  # fence info
    content: str = ""  # fence / code content
    markup: str = ""

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


# A link whose destination has raw spaces is not a CommonMark link: `[X](Project Funding/index)`.
_RAW_LINK = re.compile(r"\[([^\[\]\n]*)\]\(([^()\n]*(?:\([^()\n]*\)[^()\n]*)*)\)")


def _split_raw_links(text: str) -> list[_Seg]:
    segs: list[_Seg] = []
    pos = 0
    for match in _RAW_LINK.finditer(text):
        if match.start() > pos:
            segs.append(_Seg("text", text[pos : match.start()]))
        segs.append(_Seg("link", match.group(1), match.group(2).strip()))
        pos = match.end()
    if pos < len(text):
        segs.append(_Seg("text", text[pos:]))
    return segs


def _render_inline(token, first_line: int) -> list[_Line]:
    """An inline token as lines of segments (link targets kept, images dropped)."""
    lines = [_Line(first_line, [])]
    pending: list[str] = []  # consecutive plain text, split for raw links when flushed
    link: _Seg | None = None

    def flush():
        if pending:
            lines[-1].segs.extend(_split_raw_links("".join(pending)))
            pending.clear()

    for child in token.children or []:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            if link is not None:
                link.text += " "
                continue
            flush()
            lines.append(_Line(lines[-1].no + 1, []))
        elif kind == "image":
            continue  # images (Moin smileys) carry no text for us
        elif kind == "link_open":
            flush()
            link = _Seg("link", "", child.attrGet("href") or "")
        elif kind == "link_close":
            if link is not None:
                lines[-1].segs.append(link)
            link = None
        elif kind in ("text", "html_inline"):
            if link is not None:
                link.text += child.content
            else:
                pending.append(child.content)
        elif kind == "code_inline":
            if link is not None:
                link.text += child.content
            else:
                flush()
                lines[-1].segs.append(_Seg("code", child.content))
    if link is not None:  # pragma: no cover - markdown-it always closes links
        lines[-1].segs.append(link)
    flush()
    return lines


def _blocks(text: str) -> list[_Block]:
    return _BlockReader().read(_markdown().parse(text))


class _BlockReader:
    """One walk over markdown-it tokens, keeping the open headings, lists and list items."""

    def __init__(self):
        self.blocks: list[_Block] = []
        self.headings: list[tuple[int, str]] = []
        self.lists: list[int] = []  # open list ids
        self.items: list[list] = []  # open list items: [list id, start line, paragraphs seen]
        self.list_count = 0
        self.pending: _Block | None = None  # a heading/para/cell waiting for its inline token

    def read(self, tokens) -> list[_Block]:
        for token in tokens:
            step = self._STEPS.get(token.type)
            if step is not None:
                step(self, token)
        return self.blocks

    def open_list(self, token) -> None:
        self.list_count += 1
        self.lists.append(self.list_count)

    def close_list(self, token) -> None:
        if self.lists:
            self.lists.pop()

    def open_item(self, token) -> None:
        start = token.map[0] + 1 if token.map else 0
        self.items.append([self.lists[-1] if self.lists else 0, start, 0])

    def close_item(self, token) -> None:
        if self.items:
            self.items.pop()

    def open_heading(self, token) -> None:
        level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
        self.pending = _Block("heading", *_lines_of(token), level=level)

    def open_paragraph(self, token) -> None:
        self.pending = _Block("para", *_lines_of(token))

    def open_cell(self, token) -> None:
        self.pending = _Block("cell", *_lines_of(token))

    def inline(self, token) -> None:
        block, self.pending = self.pending, None
        if block is None:
            return
        if block.start == 0 and token.map:
            block.start, block.end = _lines_of(token)
        block.lines = _render_inline(token, block.start or 1)
        if block.kind == "heading":
            self.enter_heading(block)
        else:
            self.place(block)
        self.blocks.append(block)

    def code(self, token) -> None:
        block = _Block(
            "fence" if token.type == "fence" else "code",
            *_lines_of(token),
            info=token.info or "",
            content=token.content,
            markup=token.markup or "",
        )
        self.place(block)
        self.blocks.append(block)

    def enter_heading(self, block: _Block) -> None:
        title = _clean_heading(block.text)
        while self.headings and self.headings[-1][0] >= block.level:
            self.headings.pop()
        self.headings.append((block.level, title))
        block.heading = title
        block.headings = tuple(h for _, h in self.headings)

    def place(self, block: _Block) -> None:
        """Note the heading a block is under and, for a paragraph, the list item it is in."""
        block.heading = self.headings[-1][1] if self.headings else ""
        block.headings = tuple(h for _, h in self.headings)
        if self.items and block.kind == "para":
            item = self.items[-1]
            block.item = (item[0], item[1])
            block.depth = len(self.items)
            block.first_in_item = item[2] == 0
            item[2] += 1

    _STEPS = {
        "bullet_list_open": open_list,
        "ordered_list_open": open_list,
        "bullet_list_close": close_list,
        "ordered_list_close": close_list,
        "list_item_open": open_item,
        "list_item_close": close_item,
        "heading_open": open_heading,
        "paragraph_open": open_paragraph,
        "th_open": open_cell,
        "td_open": open_cell,
        "inline": inline,
        "fence": code,
        "code_block": code,
    }


def _lines_of(token) -> tuple[int, int]:
    if not token.map:
        return 0, 0
    start, end = token.map
    return start + 1, max(start + 1, end)


def _source_lines(text: str) -> list[str]:
    """The lines as markdown-it numbers them (only \\n, \\r\\n and \\r end a line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _clean_heading(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- toctree


_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*$")
_OPTION = re.compile(r"^:[\w-]+:")


def _toctree(blocks: list[_Block], text: str, path: str, errors: list[SourceError]) -> list[str]:
    """Entries of every {toctree} fence; what is malformed goes to `errors`."""
    source = _source_lines(text)
    entries: list[str] = []
    for block in blocks:
        if block.kind != "fence":
            continue
        info = block.info.strip()
        body = block.content.split("\n")
        offset = 1  # line of the first content line, relative to the opening fence
        if info.startswith("{toctree}"):
            pass
        elif info in ("plain", "") and body and body[0].strip() == "{toctree}":
            body, offset = body[1:], 2  # psf/about/index.md wraps the directive in ```plain
        else:
            continue
        last = block.end - 1
        closing = source[last] if 0 <= last < len(source) else ""
        fence = _FENCE_LINE.match(closing)
        if (
            block.end <= block.start
            or not fence
            or fence.group(1)[0] != block.markup[:1]
            or len(fence.group(1)) < len(block.markup)
        ):
            errors.append(SourceError(path, block.start, "unterminated ```{toctree} fence"))
            continue
        seen_entry = False
        for index, raw in enumerate(body):
            line = raw.strip()
            lineno = block.start + offset + index
            if not line:
                continue
            if _OPTION.match(line):
                if seen_entry:
                    message = f"toctree option {line!r} after the entries"
                    errors.append(SourceError(path, lineno, message))
                continue
            if line.startswith(":"):
                errors.append(SourceError(path, lineno, f"malformed toctree option {line!r}"))
                continue
            seen_entry = True
            entries.append(line)
    return entries


# --------------------------------------------------------------------------- index


_LEGACY_HEADING = re.compile(r"legacy|historical|former|inactive|old", re.IGNORECASE)
_SUMMARY_SEP = re.compile(r"^\s*(?:--|—|–|-|:)\s*")


def parse_wiki_index(text: str, path: str) -> WikiIndex:
    """The working-groups index: its bulleted entries and its (hidden) toctree."""
    text = _check_text(text, path)
    blocks = _blocks(text)
    errors = _impossible_dates(blocks, path)
    entries: list[WikiIndexEntry] = []
    for block in blocks:
        if block.kind != "para" or block.item is None or block.depth != 1:
            continue
        if not block.first_in_item:
            continue
        line = block.lines[0]
        links = [(i, seg) for i, seg in enumerate(line.segs) if seg.kind == "link"]
        if not links:
            continue
        index, link = links[0]
        if link.href.startswith(("mailto:", "#")):
            continue
        summary = "".join(seg.text for seg in line.segs[index + 1 :])
        summary = " ".join([summary] + [ln.text for ln in block.lines[1:]])
        summary = _SUMMARY_SEP.sub("", summary.strip(), count=1).strip()
        heading = block.heading
        section = "legacy" if _LEGACY_HEADING.search(heading) else "active"
        entries.append(
            WikiIndexEntry(
                title=_squash(link.text),
                target=link.href,
                summary=_squash(summary),
                section=section,
                span=Span(path, block.start, block.end),
            )
        )
    index = WikiIndex(path=path, entries=entries, toctree=_toctree(blocks, text, path, errors))
    _raise(errors)
    return index


# --------------------------------------------------------------------------- redirects


def parse_redirects(text: str, path: str) -> dict[str, str]:
    """`redirects-wg.json`: {old wiki name: new wiki path}."""
    text = _check_text(text, path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(path, exc.lineno, f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise SourceError(path, None, "invalid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise SourceError(path, 1, "expected a JSON object of old name -> new path")
    redirects: dict[str, str] = {}
    for old, new in data.items():
        if not isinstance(new, str) or not old.strip() or not new.strip():
            raise SourceError(
                path, _line_of(text, json.dumps(old)), f"redirect {old!r} needs a path"
            )
        redirects[old] = new
    return redirects


def _raise(errors: list[SourceError]) -> None:
    """Every error of a file at once, in line order."""
    if errors:
        errors.sort(key=lambda error: error.line or 0)
        raise SourceErrors(errors) if len(errors) > 1 else errors[0]


def _impossible_dates(blocks: list[_Block], path: str) -> list[SourceError]:
    """A date the text states that names a day its month lacks ("February 30th, 2025")."""
    return [
        SourceError(path, line.no, f"{date!r} is not a real date")
        for block in blocks
        if block.kind in ("heading", "para", "cell")
        for line in block.lines
        for date in impossible_dates(line.bare)
    ]


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _check_text(text, path: str) -> str:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = text.count(b"\n", 0, exc.start) + 1
            raise SourceError(path, line, "not valid UTF-8") from None
    if not isinstance(text, str):
        raise SourceError(path, None, "expected text")
    if found := bad_line(text):
        line, problem = found
        raise SourceError(path, line, f"the text holds {problem}")
    return text


# --------------------------------------------------------------------------- dates


def _date_in_text(blocks: list[_Block], ref: PartialDate | None) -> PartialDate | None:
    """The meeting date the minutes state near the top (first blocks after the title)."""
    seen = 0
    for block in blocks:
        if block.kind == "heading" and block.level == 1 and seen == 0:
            continue
        if block.kind in ("fence",) and seen == 0:
            continue  # the "Legacy Wiki Page" admonition
        if block.kind not in ("heading", "para", "cell"):
            continue
        seen += 1
        if seen > 4:
            return None
        hits = [hit for line in block.lines for hit in find_dates(line.bare, ref)]
        if hits:
            for hit in hits:
                if hit.date == ref:
                    return hit.date
            return hits[0].date
    return None


# --------------------------------------------------------------------------- people

# A wiki page's chairs are whoever runs the group: wider than LEADS, since moderators run the
# Bylaws, Meta and Pydotorg groups in a chair's place; a secretary (an officer) is not one.
_WIKI_CHAIRS = (Role.CHAIR, Role.CO_CHAIR, Role.VICE_CHAIR, Role.MODERATOR)
# The role a person keeps when a page names them twice: the vocabulary's order but for a
# moderator, who outranks a secretary here for the same reason.
_PRECEDENCE = (
    Role.CHAIR,
    Role.CO_CHAIR,
    Role.VICE_CHAIR,
    Role.MODERATOR,
    Role.SECRETARY,
    Role.MEMBER,
)

# label vocabulary: (pattern, role, note, voting, past)
_LABELS = [
    (r"co-?chairs?|co-?chair\(s\)", Role.CO_CHAIR, "", True, False),
    (r"vice[- ]?chairs?|vice[- ]?chair\(s\)", Role.VICE_CHAIR, "", True, False),
    (r"chairs?|chair\(s\)|chairman|chairperson|chairpersons", Role.CHAIR, "", True, False),
    (r"moderators?|moderator\(s\)", Role.MODERATOR, "", True, False),
    (r"secretary|secretaries", Role.SECRETARY, "", True, False),
    (r"admins?|admin\(s\)|administrators?", Role.MEMBER, "admin", True, False),
    (r"appointed board directors?", Role.MEMBER, "Appointed Board Director", True, False),
    (r"non-voting (?:members|participants)|observers", Role.MEMBER, "non-voting", False, False),
    (
        r"(?:past|former|previous) (?:members|participants)",
        Role.MEMBER,
        "",
        True,
        True,
    ),
    (
        r"(?:current |voting )?(?:members|participants)|list of (?:members|participants)",
        Role.MEMBER,
        "",
        True,
        False,
    ),
]
_LABEL_WORDS = "|".join(f"(?:{pattern})" for pattern, *_ in _LABELS)
_LABEL_LINE = re.compile(rf"^\s*({_LABEL_WORDS})\s*:?\s*$", re.IGNORECASE)
# "Chair: X", "Chair - TBD", "**Chair**   Ee Durbin" at the start of a line ...
_LABEL_START = re.compile(rf"^\s*({_LABEL_WORDS})\s*(?::|\s-\s|\s{{2,}})\s*", re.IGNORECASE)
# ... and "Chair: TBD Participants:" further on.
_LABEL_MID = re.compile(rf"(?<=\s)({_LABEL_WORDS})\s*:", re.IGNORECASE)

_PROSE_ROLE = re.compile(
    r"^(?P<names>[^.:;]{2,120}?)\s+(?:is|are)\s+the\s+(?:(?:list|group|wg)\s+)?"
    r"(?P<role>co-?chairs?|vice[- ]chairs?|chairs?|moderators?|secretary)\b",
    re.IGNORECASE,
)
_ROSTER_HEADING = re.compile(
    r"^(?:list of (?:participants|members)(?:\s*/\s*who we are)?|who we are|participants"
    r"|(?:current |voting )?members|membership list|officers"
    r"|administration(?:\s*(?:&|and)\s*(?:membership|contact))?)$",
    re.IGNORECASE,
)
_ADMIN_HEADING = re.compile(r"^(?:administration|officers)$", re.IGNORECASE)
_OTHERS_PLACEHOLDER = re.compile(
    r"^\(?\s*(?:and\s+)?(?:other members|others|more members)\s*\)?\.?$", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ROLE_WORD = re.compile(
    r"^(?:(co)-?\s?chair(?:man|person)?|(vice)[- ]?chair|(chair)(?:man|person)?|"
    r"(moderator)|(secretary)|(admin(?:istrator)?))$",
    re.IGNORECASE,
)
_TRAILING_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")
_TRAILING_ROLE = re.compile(
    r"\s*[-,]?\s+(co-?chair|vice[- ]chair|chair(?:man|person)?|moderator|secretary)\s*$",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(
    r"\b(?:charter|wg|work ?group|working group|workgroup|mailing|list|page|meeting|"
    r"please|refer|https?|www|python\.org)\b|[:/=@]",
    re.IGNORECASE,
)
_PEOPLE_LINK = re.compile(r"^(?:\./)?[A-Z][A-Za-z0-9]*\.html$|(?:^|/)people/[^/]+$")
_CAMEL_WORD = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]*)+$")


@dataclass
class _Label:
    role: Role = Role.MEMBER
    note: str = ""
    voting: bool = True
    past: bool = False
    default: bool = False  # implied by a heading, not written next to the names

    @property
    def officer(self) -> bool:
        return self.role in OFFICERS


def _label_of(word: str) -> _Label:
    for pattern, role, note, voting, past in _LABELS:
        if re.fullmatch(pattern, word.strip(), re.IGNORECASE):
            return _Label(role, note, voting, past)
    return _Label()  # pragma: no cover - every label word comes from _LABELS


def _role_of(word: str) -> tuple[Role, str] | None:
    """A role word ("Co-Chair", "admin") as (role, note), or None."""
    match = _ROLE_WORD.match(word.strip())
    if not match:
        return None
    co, vice, chair, moderator, secretary, admin = match.groups()
    if co:
        return Role.CO_CHAIR, ""
    if vice:
        return Role.VICE_CHAIR, ""
    if chair:
        return Role.CHAIR, ""
    if moderator:
        return Role.MODERATOR, ""
    if secretary:
        return Role.SECRETARY, ""
    return Role.MEMBER, "admin"


@dataclass
class _Person:
    name: str
    raw: str
    line: int
    role: Role = Role.MEMBER
    voting: bool = True
    notes: list[str] = field(default_factory=list)
    placeholder_role: str = ""  # the role a placeholder stood for ("TBD (chair)")
    placeholder: str = ""


_NAME_SEP = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*|;\s*")


def _split_names(value: str) -> list[str]:
    """'A and B', 'A & B', 'A, B, C' -> names (commas inside parentheses kept)."""
    parts: list[str] = []
    depth = 0
    start = i = 0
    while i < len(value):
        char = value[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            sep = _NAME_SEP.match(value, i)
            if sep and sep.end() > i:
                parts.append(value[start:i])
                start = i = sep.end()
                continue
        i += 1
    parts.append(value[start:])
    return [part.strip() for part in parts if part.strip()]


@dataclass
class _Written:
    """A person as an item writes them: the name, and the role and remarks next to it."""

    name: str
    role: Role | None = None  # "(Co-Chair)", "Ryan Birmingham co-chair"
    role_notes: list[str] = field(default_factory=list)  # what a role word adds ("admin")
    notes: list[str] = field(default_factory=list)  # "(US - non-voting)", "(Africa, Ghana)"
    non_voting: bool = False

    def read_remark(self, content: str) -> None:
        """One trailing parenthesis: role words, and the rest kept as one note."""
        kept = []
        for part in [p.strip() for p in content.split(",")]:
            found = _role_of(part)
            if found:
                self.role = found[0]
                self.role_notes.append(found[1])
            elif part:
                kept.append(part)
        if any("non-voting" in part.lower() or "nonvoting" in part.lower() for part in kept):
            self.non_voting = True
        if kept:
            self.notes.append(", ".join(kept))


def _written(name: str) -> _Written:
    """Peel trailing "(Co-Chair)", "(chair, PSF Director)" and "co-chair" off a name."""
    written = _Written(name)
    while True:
        match = _TRAILING_PAREN.search(written.name)
        if not match or match.start() == 0:
            break
        written.name = written.name[: match.start()].strip()
        written.read_remark(_squash(match.group(1)))
    match = _TRAILING_ROLE.search(written.name)
    if match and match.start() > 0:
        written.role = _role_of(match.group(1))[0]
        written.name = written.name[: match.start()].strip()
    return written


def _without_addresses(raw: str) -> str:
    name = re.sub(r"<\s*" + _EMAIL.pattern + r"\s*>", " ", raw)
    name = _EMAIL.sub(" ", name)
    name = re.sub(r"<\s*>", " ", name)
    return _squash(name).strip(" -,;:")


def _person(text: str, line: int, label: _Label, camel_words: set[str]) -> _Person | None:
    """One person as a list item or label value writes them; None for placeholders."""
    raw = _squash(text)
    written = _written(_without_addresses(raw))
    role = label.role
    if written.role and written.role != Role.MEMBER:
        role = written.role  # "Ryan Birmingham co-chair" under a "Chair:" label
    name = written.name.strip(" -,;:.")
    if not name:
        return None
    if is_placeholder(name) or _OTHERS_PLACEHOLDER.match(name):
        return _Person("", raw, line, placeholder_role=role, placeholder=name)
    if _NOT_A_NAME.search(name) or len(name.split()) > 6 or not name[0].isalpha():
        return None
    words = name.split()
    if words[0] in camel_words and _CAMEL_WORD.match(words[0]):
        words[0] = split_camel(words[0])  # [MarcAndre](./MarcAndre.html) Lemburg
    voting = label.voting and not written.non_voting
    return _Person(" ".join(words), raw, line, role, voting, _notes(label, written))


def _notes(label: _Label, written: _Written) -> list[str]:
    """The label's note, then what the item writes next to the name."""
    notes = ([label.note] if label.note else []) + written.notes
    if written.role and label.default:
        notes = [note for note in notes if note != label.note]  # the item says its role
    return _dedupe([note for note in notes + written.role_notes if note])


def _camel_words(line: _Line) -> set[str]:
    return {
        seg.text.strip()
        for seg in line.segs
        if seg.kind == "link" and _PEOPLE_LINK.search(seg.href) and " " not in seg.text.strip()
    }


def _only_link(line: _Line) -> _Seg | None:
    """The link when a line is nothing but one link."""
    segs = [seg for seg in line.segs if seg.kind == "link" or seg.text.strip()]
    if len(segs) == 1 and segs[0].kind == "link":
        return segs[0]
    return None


@dataclass
class _RosterState:
    current: list[_Person] = field(default_factory=list)
    past: list[_Person] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    member_list: bool = False
    others: bool = False
    placeholders: list[tuple[str, str, int]] = field(default_factory=list)  # (role, text, line)

    def note_label(self, label: _Label, line: int) -> None:
        self.lines.append(line)
        if not label.officer and not label.past:
            self.member_list = True  # "Participants:", even with no names after it

    def add(self, person: _Person | None, past: bool = False):
        if person is None:
            return
        self.lines.append(person.line)
        if not person.name:
            if _OTHERS_PLACEHOLDER.match(person.placeholder):
                self.others = True
            self.placeholders.append((person.placeholder_role, person.placeholder, person.line))
            return
        (self.past if past else self.current).append(person)


def _roster_lines(block: _Block, state: _RosterState, label: _Label | None, *, anywhere: bool):
    """People in a paragraph or list item: label lines, names, or prose.

    `anywhere`: the block is outside a roster heading, where only officer labels count.
    Returns the label that a following list inherits (a trailing 'Participants:'), or None.
    """
    trailing: _Label | None = None
    for line in block.lines:
        text = line.text.strip()
        if not text:
            continue
        camel = _camel_words(line)
        whole = _LABEL_LINE.match(text)
        if whole:
            found = _label_of(whole.group(1))
            if found.officer or not anywhere:
                trailing = found
                state.note_label(found, line.no)
            continue
        segments = _label_segments(text)
        if segments and (not anywhere or segments[0][0].officer):
            trailing = _label_values(segments, line.no, state, camel)
            continue
        if anywhere:
            continue
        if block.item is None:
            _prose_people(text, line.no, state, camel)
        elif _item_person(line, state, label, camel):
            break  # an item's continuation lines are not more people
    return trailing


def _label_values(
    segments: list[tuple[_Label, str]], line: int, state: _RosterState, camel: set[str]
) -> _Label | None:
    """The people of 'Chair: A and B Participants:'; returns a final label without names."""
    for found, value in segments:
        state.note_label(found, line)
        for name in _split_names(value):
            state.add(_person(name, line, found, camel), past=found.past)
    last, value = segments[-1]
    return None if value else last


def _prose_people(text: str, line: int, state: _RosterState, camel: set[str]) -> None:
    """'David Mertz are the moderators.', or a line that says there are others."""
    prose = _PROSE_ROLE.match(text)
    if prose:
        role = (_role_of(prose.group("role").rstrip("sS")) or (Role.MEMBER, ""))[0]
        for name in _split_names(prose.group("names")):
            state.add(_person(name, line, _Label(role=role), camel))
    elif _OTHERS_PLACEHOLDER.match(text):
        state.others = True
        state.lines.append(line)


def _item_person(line: _Line, state: _RosterState, label: _Label | None, camel: set[str]) -> bool:
    """A list item's line as one person; False when it is a link to something else."""
    link = _only_link(line)
    if link is not None and not _PEOPLE_LINK.search(link.href):
        return False  # "[PSF Bylaws WG Charter](Bylaws/Charter)", a mailto link
    target = label or _Label()
    state.add(_person(line.text.strip(), line.no, target, camel), past=target.past)
    return True


def _label_segments(text: str) -> list[tuple[_Label, str]]:
    """'Chair: TBD Participants:' -> [(chair, 'TBD'), (member, '')]."""
    start = _LABEL_START.match(text)
    if not start:
        return []
    marks = [(start.start(1), start.end(), start.group(1))]
    for match in _LABEL_MID.finditer(text, start.end()):
        marks.append((match.start(1), match.end(), match.group(1)))
    segments = []
    for index, (_, value_start, word) in enumerate(marks):
        value_end = marks[index + 1][0] if index + 1 < len(marks) else len(text)
        segments.append((_label_of(word), text[value_start:value_end].strip()))
    return segments


def _merge(people: list[_Person]) -> list[_Person]:
    merged: dict[str, _Person] = {}
    for person in people:
        key = person_key(person.name) or person.name
        known = merged.get(key)
        if known is None:
            merged[key] = _Person(
                person.name, person.raw, person.line, person.role, person.voting, list(person.notes)
            )
            continue
        if _PRECEDENCE.index(person.role) < _PRECEDENCE.index(known.role):
            known.role = person.role
        known.voting = known.voting and person.voting
        for note in person.notes:
            if note not in known.notes:
                known.notes.append(note)
    return list(merged.values())


def _refs(people: list[_Person], path: str) -> list[PersonRef]:
    return [
        PersonRef(
            name=p.name,
            raw=p.raw,
            span=Span(path, p.line, p.line),
            role=Role(p.role).value,  # a plain string: records are dumped to YAML and JSON
            voting=p.voting,
            note="; ".join(p.notes),
        )
        for p in people
    ]


def _roster(blocks: list[_Block], path: str, kind: str, hints: list) -> RosterRecord | None:
    if kind == "members":
        return _acl_roster(blocks, path)
    state = _read_roster(blocks)
    hints.extend(_placeholder_hints(state.placeholders, path))
    current, past = _merge(state.current), _merge(state.past)
    if not current and not past:
        return None
    lines = state.lines or [p.line for p in current + past]
    return RosterRecord(
        members=_refs(current, path),
        span=Span(path, min(lines), max(lines)),
        date=None,
        full=state.member_list and not state.others,
        past=_refs(past, path),
        origin="charter" if kind == "charter" else "page",
    )


def _read_roster(blocks: list[_Block]) -> _RosterState:
    """Everyone a page names, each under the heading or label that gives their role."""
    state = _RosterState()
    label: _Label | None = None  # a label line whose list follows ("Participants:")
    label_list: int | None = None  # the list it applies to: the next top-level one
    in_roster = member_heading = False
    for block in blocks:
        if block.kind == "heading":
            in_roster, member_heading = _roster_heading(block, state)
            label, label_list = None, None
        elif block.kind == "para" and block.item is None:
            label = _roster_lines(block, state, None, anywhere=not in_roster)
            label_list = None
        elif block.item is not None and block.first_in_item:
            if label is not None and label_list is None and block.depth == 1:
                label_list = block.item[0]
            applies = label if (label is not None and block.item[0] == label_list) else None
            _roster_item(block, state, applies, in_roster=in_roster, member_heading=member_heading)
    return state


def _roster_heading(block: _Block, state: _RosterState) -> tuple[bool, bool]:
    """(a roster heading, one that states the membership) for a heading block."""
    cleaned = _clean_label(block.heading)
    in_roster = bool(_ROSTER_HEADING.match(cleaned))
    if in_roster:
        state.lines.append(block.start)
    # a list under "Members"/"List of Participants" states the membership;
    # one under "Administration" only names officers
    return in_roster, in_roster and not re.match(r"administration|officers", cleaned, re.I)


def _roster_item(
    block: _Block,
    state: _RosterState,
    label: _Label | None,
    *,
    in_roster: bool,
    member_heading: bool,
) -> None:
    """The first paragraph of a list item: a person under a label or a roster heading."""
    if label is None and not in_roster:
        _roster_lines(block, state, None, anywhere=True)
        return
    if label is None and member_heading:
        state.member_list = True
    if (
        label is None
        and _ADMIN_HEADING.match(_clean_label(block.heading))
        and not _label_segments(block.text.strip())
    ):
        label = _Label(note="admin", default=True)
    _roster_lines(block, state, label, anywhere=False)


def _placeholder_hints(placeholders: list[tuple[str, str, int]], path: str) -> list:
    """'Chair: TBD' or 'Chair: ??' says the group has no chair (not that it is dormant)."""
    hints = []
    for role, text, line in placeholders:
        if role in LEADS and re.fullmatch(r"tb[dca]|\?+", text.strip(), re.IGNORECASE):
            hints.append(("no chair", Span(path, line, line)))
    return hints


def _acl_roster(blocks: list[_Block], path: str) -> RosterRecord | None:
    """A MoinMoin ACL group page: the wiki user names it lists (never the #acl line)."""
    people: list[_Person] = []
    for block in blocks:
        if block.kind != "para" or block.item is None or not block.first_in_item:
            continue
        line = block.lines[0]
        text = line.text.strip()
        if not text or text.startswith("#") or is_placeholder(text):
            continue
        link = _only_link(line)
        if link is not None and not _PEOPLE_LINK.search(link.href):
            continue
        name = split_camel(text) if link is not None or _CAMEL_WORD.match(text) else text
        if _NOT_A_NAME.search(name):
            continue
        people.append(_Person(name, text, line.no))
    people = _merge(people)
    if not people:
        return None
    lines = [p.line for p in people]
    return RosterRecord(
        members=_refs(people, path),
        span=Span(path, min(lines), max(lines)),
        date=None,
        full=False,
        origin="acl",
    )


def _clean_label(text: str) -> str:
    text = re.sub(r"\([^()]*\)", " ", text)
    return _squash(text).strip(" :")


# --------------------------------------------------------------------------- mailing lists

# "membership of the infrastructure-staff mailing list": a python.org list by its name.
_NAMED_LIST = re.compile(r"\bthe ([a-z0-9]+(?:-[a-z0-9]+)+) mailing list\b")
_LISTINFO = re.compile(r"mail\.python\.org/mailman/listinfo/([\w.+-]+)", re.IGNORECASE)
_MM3 = re.compile(r"/mailman3/lists/([\w.+-]+?)\.python\.org", re.IGNORECASE)
_AT_DOT = re.compile(
    r"\b([\w.+-]+)\s+(?:at|\[at\]|\(at\))\s+([\w-]+)\s+(?:dot|\[dot\]|\(dot\))\s+(org|com|net)\b",
    re.IGNORECASE,
)
_FAQ_HEADING = re.compile(r"^(?:faq\b|q:|frequently asked)", re.IGNORECASE)


def _mailing_lists(
    blocks: list[_Block], path: str, personal_names: set[str], personal_lines: set[int]
) -> list[MailingListRecord]:
    found: dict[str, MailingListRecord] = {}

    def add(address: str, url: str, line: int):
        address = address.strip().strip(".").lower()
        if not _EMAIL.fullmatch(address):
            return
        if line in personal_lines:
            return  # an officer's own address next to their name
        local = address.split("@")[0]
        if fold(local) in personal_names:
            return  # 'ewa at python dot org': a person, not a list
        known = found.get(address)
        if known is None:
            found[address] = MailingListRecord(address, url, Span(path, line, line))
        elif url and not known.url:
            known.url = url

    for block in blocks:
        if block.kind not in ("para", "cell", "heading"):
            continue
        if any(_FAQ_HEADING.match(heading) for heading in block.headings):
            continue
        for line in block.lines:
            for seg in line.segs:
                if seg.kind == "link":
                    href = seg.href.strip()
                    if href.lower().startswith("mailto:"):
                        add(unquote(href[7:].split("?")[0]), "", line.no)
                        continue
                    listinfo = _LISTINFO.search(href) or _MM3.search(href)
                    if listinfo:
                        add(f"{listinfo.group(1)}@python.org", href, line.no)
                    continue
                if "@" in seg.text:
                    for match in _EMAIL.finditer(seg.text):
                        add(match.group(), "", line.no)
                for match in _NAMED_LIST.finditer(seg.text):
                    add(f"{match.group(1)}@python.org", "", line.no)
                if "dot" not in seg.text.lower():
                    continue
                for match in _AT_DOT.finditer(seg.text):
                    add(f"{match.group(1)}@{match.group(2)}.{match.group(3)}", "", line.no)
    return list(found.values())


# --------------------------------------------------------------------------- hints and dates

_HINTS = [
    ("forming", re.compile(r"\bis forming\b|\bstill in (?:the )?process of being created\b", re.I)),
    (
        "not active",
        re.compile(
            r"\(not active\)|\b(?:group|wg|workgroup) is (?:currently )?"
            r"(?:not active|inactive|no longer active|dormant)\b",
            re.I,
        ),
    ),
    ("draft", re.compile(r"\bto be completed when the psf board approves\b", re.I)),
    (
        "disband",
        re.compile(r"\bwill (?:consider )?disband(?:ing)?\b|\bconsider disbanding\b", re.I),
    ),
    (
        "historical",
        re.compile(
            r"\bactive for (?:\d+|one|two|three|six) (?:days?|weeks?|months?|years?)\b", re.I
        ),
    ),
    ("no longer valid", re.compile(r"\bno longer valid\b", re.I)),
    ("active", re.compile(r"\b(?:is|are) up and running\b", re.I)),
]
_MEETINGS_NONE = re.compile(r"^(?:meetings?\s*:\s*)?none\.?$", re.IGNORECASE)

_STATED = [
    (
        "approved",
        re.compile(
            r"\bapproved by (?:the )?(?:psf )?board(?: of directors)?\s+(?:on|in)\s*$", re.I
        ),
    ),
    ("updated", re.compile(r"\b(?:last )?updated(?: on)?\s*$", re.I)),
    ("pledged", re.compile(r"\bboard meeting (?:on|of)\s*$", re.I)),
    ("policy vote", re.compile(r"\bcurrently voting on\s*\(?\s*$", re.I)),
    (
        "established",
        re.compile(
            r"\b(?:was |were )?(established|formed|founded|chartered|created)\s+(?:on|in)\s*$", re.I
        ),
    ),
    ("dissolved", re.compile(r"\b(?:was )?(?:dissolved|disbanded)\s+(?:on|in)\s*$", re.I)),
]
_PAREN_DATE = re.compile(r"\((?:approved\s*)?$", re.I)
_CHARTER_ACT = re.compile(
    r"^\)?[^.]{0,120}?\b(?:(adopts?)|(recogni[sz]es?|approves?))\b[^.]{0,20}?\bnew\b[^.]{0,60}?"
    r"\bcharter\b",
    re.I,
)


def _hints_and_dates(blocks: list[_Block], path: str, hints: list, stated: list):
    for block in blocks:
        if block.kind not in ("para", "cell", "heading"):
            continue
        for line in block.lines:
            text = line.text
            span = Span(path, line.no, line.no)
            for label, pattern in _HINTS:
                if pattern.search(text):
                    hints.append((label, span))
            if _MEETINGS_NONE.match(text.strip()) and (
                re.match(r"meetings?\b", block.heading, re.I) or text.lower().startswith("meeting")
            ):
                hints.append(("dormant", span))
            bare = line.bare
            if not any(char.isdigit() for char in bare):
                continue
            for hit in find_dates(bare):
                before = bare[max(0, hit.start - 80) : hit.start]
                after = bare[hit.end : hit.end + 240]
                for label, pattern in _STATED:
                    if pattern.search(before):
                        stated.append((label, hit.date, span))
                        break
                else:
                    # "(Approved 10/03/17) RESOLVED, that the ... WG adopts a new charter"
                    act = _CHARTER_ACT.search(after) if _PAREN_DATE.search(before) else None
                    if act:
                        stated.append(("adopted" if act.group(1) else "approved", hit.date, span))


# --------------------------------------------------------------------------- links


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _is_wiki_target(href: str) -> bool:
    href = href.strip()
    if href.startswith("#"):
        return False
    if _SCHEME.match(href) or href.startswith("//"):
        try:
            parts = urlsplit(href if not href.startswith("//") else "https:" + href)
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        return host == "wiki.python.org" and parts.path.startswith("/psf/")
    return True


def _links(blocks: list[_Block], path: str) -> list[WikiLink]:
    links = []
    for block in blocks:
        for line in block.lines:
            for seg in line.segs:
                if seg.kind == "link" and _is_wiki_target(seg.href):
                    links.append(
                        WikiLink(seg.href, _squash(seg.text), Span(path, line.no, line.no))
                    )
    return links


# --------------------------------------------------------------------------- pages


# The pages that speak for their group, where status hints and stated dates count (minutes,
# indexes and the template do not).
_GROUP_STATEMENT_KINDS = ("charter", "members", "page")


def parse_wiki_page(text: str, path: str, wiki_path: str) -> WikiPage:
    """One wiki file: kind, title and what its text states (see the module docstring)."""
    text = _check_text(text, path)
    errors: list[SourceError] = []
    try:
        section, kind, legacy, version, date = wiki_path_info(wiki_path)
    except SourceError as exc:
        errors.append(SourceError(path, exc.line, exc.message))
        section, kind, legacy, version, date = wiki_path_info("")
    blocks = _blocks(text)
    errors.extend(_impossible_dates(blocks, path))
    clean_path = _clean_wiki_path(wiki_path)
    page = WikiPage(
        path=clean_path,
        section=section,
        kind=kind,
        title=_minutes_title(blocks, clean_path, date)
        if kind == "minutes"
        else _title(blocks) or clean_path.rsplit("/", 1)[-1],
        text=text,
        span=Span(path, 1, _line_count(text)),
        date=date,
        version=version,
        legacy=legacy,
    )
    page.toctree = _toctree(blocks, text, path, errors)
    _raise(errors)
    page.links = _links(blocks, path)
    if kind == "minutes":
        page.date_in_text = _date_in_text(blocks, date)

    hints: list[tuple[str, Span]] = []
    stated: list[tuple[str, PartialDate, Span]] = []
    # rosters come from charters, ACL pages and legacy pages, never from a group's other pages
    if kind in _GROUP_STATEMENT_KINDS and (legacy or kind != "page"):
        page.roster = _roster(blocks, path, kind, hints)
    if page.roster is not None:
        page.chairs = [ref for ref in page.roster.members if ref.role in _WIKI_CHAIRS]
    page.writers = _first_person_officers(blocks, path)
    personal_names, personal_lines = _personal(page)
    page.mailing_lists = _mailing_lists(blocks, path, personal_names, personal_lines)
    if kind in _GROUP_STATEMENT_KINDS:
        _hints_and_dates(blocks, path, hints, stated)
    page.status_hints = _dedupe(hints)
    page.stated_dates = _dedupe(stated)
    page.invalid = any(hint == "no longer valid" for hint, _ in page.status_hints)
    page.latest_year = _latest_year(blocks)
    if kind in _GROUP_STATEMENT_KINDS:
        page.mentioned = _mentioned(blocks, path)
    if kind in _GROUP_STATEMENT_KINDS:
        page.purpose, page.purpose_span = _purpose(blocks, text, path)
        page.resolutions = _resolutions(blocks, text, path)
    return page


_YEAR = re.compile(r"(?<![\d/.-])(?:19[89]\d|20\d\d)(?![\d/])")


def _latest_year(blocks: list[_Block]) -> int | None:
    """The latest year the page's text mentions (link texts count, link targets do not); a year
    still to come ("PyCon Mars 2050") says nothing about when the page was written."""
    now = datetime.date.today().year
    years = [
        int(y)
        for block in blocks
        for line in block.lines
        for y in _YEAR.findall(unquote(line.text))
    ]
    return max((y for y in years if y <= now), default=None)


def _mentioned(blocks: list[_Block], path: str) -> list[tuple[PartialDate, Span]]:
    """The earliest and latest full dates the text mentions (none still to come)."""
    today = datetime.date.today()
    hits = [
        (hit.date, Span(path, line.no, line.no))
        for block in blocks
        if block.kind in ("para", "cell", "heading")
        for line in block.lines
        if any(char.isdigit() for char in line.bare)
        for hit in find_dates(line.bare)
        if hit.date.earliest() <= today
    ]
    if not hits:
        return []
    first, last = min(hits, key=lambda h: h[0]), max(hits, key=lambda h: h[0])
    return [first] if first == last else [first, last]


# "I (Ewa) am the non-voting chair of the work group": a letter's writer and their office.
_FIRST_PERSON = re.compile(
    r"\bI \((?P<name>[A-Z][\w-]+)\) am the (?P<non>non-voting )?"
    r"(?P<role>chair|co-chair|vice-chair|secretary|moderator)\b"
)


def _first_person_officers(blocks: list[_Block], path: str) -> list[PersonRef]:
    """Officers a letter's writer names themselves as; the name is often a first name only,
    which the registry resolves against the people it knows."""
    found = []
    for block in blocks:
        for line in block.lines if block.kind == "para" else ():
            for match in _FIRST_PERSON.finditer(line.text):
                found.append(
                    PersonRef(
                        name=match["name"],
                        raw=match.group(0),
                        span=Span(path, line.no, line.no),
                        role=Role(match["role"]).value,
                        voting=not match["non"],
                        note="first name only" if " " not in match["name"] else "",
                    )
                )
    return found


# --------------------------------------------------------------------------- purpose

# Headings whose first block says what the group is for ("Purpose & Common Goals", "Aims:",
# "Mission", a page's "Agenda" paragraph).
_PURPOSE_HEADING = re.compile(r"^(?:purpose|mission|aims?|agenda)\b", re.I)
# Paragraphs that are wiki furniture, not a description of the group.
_NOT_PURPOSE = re.compile(
    r"^(?:\*?note:|members of the|for help on|also see|please note|:::|effective until)", re.I
)


def _purpose(blocks: list[_Block], text: str, path: str) -> tuple[str, Span | None]:
    """The purpose section's first block (a paragraph or a list), else the opening paragraph
    under the page's title, as Markdown with its lines."""
    lines = _source_lines(text)
    for i, block in enumerate(blocks):
        if block.kind == "heading" and _PURPOSE_HEADING.match(block.heading.strip(" *")):
            body = _section_body(blocks[i + 1 :], block.level)
            if body:
                start, end = body[0].start, body[-1].end
                return _squash_md(lines[start - 1 : end]), Span(path, start, end)
    for block in blocks:
        if block.kind == "heading" and block.level > 2:
            break
        if block.kind == "para" and block.item is None and not _NOT_PURPOSE.match(block.text):
            return _squash_md(lines[block.start - 1 : block.end]), Span(
                path, block.start, block.end
            )
    return "", None


# A board resolution about the group itself quoted on its page: its charter, creation or end.
_RESOLVED = re.compile(r"\bRESOLVED\b[,:]?")
_ABOUT_GROUP = [
    ("dissolving", re.compile(r"\b(?:dissolv|disband)", re.I)),
    ("amending", re.compile(r"\bnew\b[^.]{0,60}\bcharter\b", re.I)),
    (
        "establishing",
        re.compile(r"\b(?:establish|form|creat)\w*\b[^.]{0,60}\bwork(?:ing)? ?group", re.I),
    ),
]
_WIKI_APPROVAL = re.compile(
    r"\bApproved\s+(?P<yes>\d+)\s*-\s*(?P<no>\d+)\s*-\s*(?P<abstain>\d+)"
    r"(?:\s+(?:via|by)\s+(?P<medium>[\w -]+?\bvote))?(?:\s+on)?\s+(?P<date>[^.;()]+)",
    re.I,
)
_LEADING_DATE = re.compile(r"^\(\s*(?:approved\s+)?(?P<date>[\d/]+)\s*\)", re.I)


def _resolutions(blocks: list[_Block], text: str, path: str) -> list[ResolutionRecord]:
    """'(10/23/17) ...: RESOLVED, that the PSF recognizes the new ... charter ... Approved
    13-0-0 via email vote on October 23, 2017' -> a dated resolution with its vote."""
    lines = _source_lines(text)
    found = []
    for block in blocks:
        if block.kind != "para" or not _RESOLVED.search(block.text):
            continue
        plain = " ".join(_squash(block.text).split())
        kind = next((k for k, pattern in _ABOUT_GROUP if pattern.search(plain)), None)
        if kind is None:
            continue  # the group's own decisions (grants it made) are not about the group
        record = ResolutionRecord(
            kind=kind,
            title="Resolution",
            text=_squash_md(lines[block.start - 1 : block.end]).removeprefix("- "),
            span=Span(path, block.start, block.end),
        )
        if approval := _WIKI_APPROVAL.search(plain):
            record.vote = Vote(*(int(approval.group(k)) for k in ("yes", "no", "abstain")))
            record.medium = " ".join((approval.group("medium") or "").split())
            record.date = _first_date(approval.group("date"))
        if record.date is None and (lead := _LEADING_DATE.match(plain)):
            record.date = _first_date(lead.group("date"))
        found.append(record)
    return found


def _first_date(text: str) -> PartialDate | None:
    hits = find_dates(text)
    return hits[0].date if hits else None


def _section_body(blocks: list[_Block], level: int) -> list[_Block]:
    """The first paragraph under a heading, or the whole list it opens with."""
    body: list[_Block] = []
    for block in blocks:
        if block.kind == "heading":
            break
        if block.kind != "para":
            if body:
                break
            continue
        if body and (block.item is None or body[0].item is None):
            break
        body.append(block)
    return body


def _squash_md(lines: list[str]) -> str:
    """Source lines as one Markdown paragraph, or as list lines when they are a list."""
    if any(re.match(r"\s*(?:[-*+]|\d+[.)])\s", line) for line in lines):
        return "\n".join(line.rstrip() for line in lines if line.strip())
    return " ".join(line.strip() for line in lines if line.strip())


def _title(blocks: list[_Block]) -> str:
    """The first level-1 heading."""
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            return _squash(block.text)
    return ""


# Headings that open a part of the notes rather than name the meeting.
_SECTION_HEADING = re.compile(
    r"^(?:present|attendees|participants|agenda|news|notes|minutes|discussion|todos?|"
    r"action items)$",
    re.I,
)
# What a date line holds beside its date: "Tuesday 22 Dec 2020", "Nov 10th, 2020".
_DATE_LINE_REST = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|[\s,.;:()\-\u2013]",
    re.I,
)


def _minutes_title(blocks: list[_Block], path: str, date: PartialDate | None) -> str:
    """Meeting notes' title: their first heading when it opens the notes ("Warehouse Sync-up
    Meeting"), else their series and date ("pip team meeting, 23 December 2020"). The wiki's
    level-1 heading is the file's path ("Packaging/2020-12-23-pip-team-meeting"), not a title.
    """
    stem = path.rsplit("/", 1)[-1]
    seen = 0
    for block in blocks:
        text = _squash(block.text) if block.kind in ("heading", "para", "cell") else ""
        if seen == 0 and block.kind == "fence":
            continue  # the "Legacy Wiki Page" admonition
        if seen == 0 and block.kind == "heading" and block.level == 1 and text.endswith(stem):
            continue
        seen += 1
        if block.kind == "heading":
            heading = text.rstrip(":").strip()
            if heading and not _SECTION_HEADING.match(heading) and not _dated(heading, date):
                return heading
            break
        if block.kind not in ("para", "cell") or not _dated(text, date):
            break
    return _series_title(stem, date)


def _dated(text: str, ref: PartialDate | None) -> bool:
    """A line that is a date and nothing else (a weekday or punctuation aside)."""
    hits = find_dates(text, ref)
    for hit in reversed(hits):
        text = text[: hit.start] + text[hit.end :]
    return bool(hits) and not _DATE_LINE_REST.sub("", text)


def _series_title(stem: str, date: PartialDate | None) -> str:
    """'pip team meeting, 23 December 2020' of '2020-12-23-pip-team-meeting'."""
    series = " ".join(re.sub(r"^\d{4}-\d{2}-\d{2}", "", stem).replace("_", "-").split("-"))
    series = re.sub(r"(?<=[a-z])meeting\b", " meeting", series.strip(), flags=re.I)
    if not series:
        series = "Meeting"
    elif " " not in series:
        series += " meeting"  # a project's name: "pip", "Warehouse"
    return f"{series}, {date.human()}" if date is not None else series


def _line_count(text: str) -> int:
    lines = _source_lines(text)
    return max(1, len(lines) - (1 if lines and lines[-1] == "" else 0))


def _personal(page: WikiPage) -> tuple[set[str], set[int]]:
    """The first names of the people a page names, and its roster lines.

    An address on one of those lines, or whose local part is one of those names, is a
    person's, not a mailing list.
    """
    names: set[str] = set()
    lines: set[int] = set()
    if page.roster is not None:
        for ref in page.roster.members + page.roster.past:
            lines.add(ref.span.start)
            names.add(fold(ref.name.split()[0]))
    for link in page.links:
        if _PEOPLE_LINK.search(link.target) and link.text:
            names.add(fold(split_camel(link.text).split()[0]))
    return names, lines


def _dedupe(items: list) -> list:
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
