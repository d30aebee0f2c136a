"""The python.org "Work Groups of the PSF" page, regenerated from registry records.

The output keeps the page's own Markdown shape, blank lines included: front matter, the Active
section, a Proposed one when groups await their establishing resolution (the page has none
today), then the Inactive one (dissolved groups are inactive on the page), each group as
`### [Name](#idN)` with its meta table, its purpose, its resolutions and, when the resolutions
do not say who is in the group now, the page's roster sentence ("As of 2024, the current list
of voting members is; ..."). Resolution texts and purposes are stored as the page's Markdown
source and written back verbatim. Groups of the live page take the label style (label line,
block quote, "Approved 7-0-1 by IRC vote, 16 August, 2013." line); dissolved committees take
the page's older style (an H4 heading per resolution, plain text).

Which groups: those the python.org page lists (imported from it) and those entered on the
site; groups that only the wiki knows are left out, as a reader of the page expects the
page's groups (`page_groups`). What of a group: what the page itself stated or the site
entered, never what the wiki added to the record (lists, resolutions, seats, a purpose the
page lacks) nor the board acts the page's prose tells ("Stated in the description"), which
the prose written back already carries: the page exported from the whole record is the
page exported from python.org's record alone. Plain Python rather than a template: the
page's exact blank lines matter to keep diffs against the published page small.
"""

from __future__ import annotations

import calendar
import re

from markdown_it import MarkdownIt

from workgroups.lib.names import fold
from workgroups.lib.partialdate import PartialDate
from workgroups.lib.textdates import TextDateError, parse_date
from workgroups.sources.shapes import Group, Membership, Resolution, Snapshot

TITLE = "Work Groups of the Python Software Foundation"
ACTIVE = "Active Work Groups"
PROPOSED = "Proposed Work Groups"  # awaiting their establishing resolution; only when there are
INACTIVE = "Inactive Committees & Work Groups"
WIKI_KINDS = {"wiki-index", "wiki-page", "wiki-redirects"}
PROSE_TITLE = "Stated in the description"  # a board act the page's prose tells

_LABEL_KIND = {
    "establishing": "Establishing resolution",
    "amending": "Amending resolution",
    "charter": "Charter",
    "current": "Current resolution",
    "work-group": "Work group resolution",
    "roster": "Roster resolution",
    "dissolving": "Dissolving resolution",
    "other": "Other resolution",
}
_LABEL = re.compile(r"^(?:[^\W\d_][\w-]*\s+){0,3}?(?i:resolution|charter)(?:\s+(?P<rest>.+))?$")
_APPROVED_AT_END = re.compile(r"\bApproved\s+(?P<date>[^.;!?]+?)\s*\.?\s*$")
_MD = MarkdownIt("commonmark").enable("table")


# -- which groups ------------------------------------------------------------------------------


def on_python_org(group: Group) -> bool:
    """Imported from the python.org page, or entered on the site (not a wiki-only group)."""
    if group.source_kind == "psf-page":
        return True
    if group.source_kind in WIKI_KINDS:
        return False
    # Entered on the site (its pages have no wiki path), unless the wiki describes it.
    return not any(p.path for p in group.pages) and not group.alias_paths


def page_groups(snapshot: Snapshot) -> list[Group]:
    return [g for g in snapshot.groups if on_python_org(g)]


def from_page(group: Group, row) -> bool:
    """A row (list, link, seat, resolution) the python.org page stated or the site entered:
    for a group imported from the page, not one another source (the wiki) gave."""
    if group.source_kind != "psf-page":
        return True
    return row.source is None or row.source == group.source


def page_resolutions(group: Group) -> list[Resolution]:
    """The resolutions the page quotes: not the wiki's, not the acts its prose tells."""
    return [
        r
        for r in group.resolutions
        if from_page(group, r) and not (r.source is not None and r.title == PROSE_TITLE)
    ]


def page_members(group: Group) -> list[Membership]:
    return [m for m in group.members if from_page(group, m)]


_GOALS = re.compile(r"\bwith the goals? of\s+(?P<goals>[^.]+\.)", re.IGNORECASE)


def goals(group: Group) -> str:
    """The goals the establishing resolution gives: what the page's reader takes as the
    purpose of a group the page does not describe (so it is not written as a purpose)."""
    for r in page_resolutions(group):
        if r.kind == "establishing" and (match := _GOALS.search(" ".join(r.text.split()))):
            text = match.group("goals")
            return text[0].upper() + text[1:]
    return ""


def _norm(text: str) -> str:
    return " ".join(text.replace("\\", "").split())


def purpose_of_the_page(group: Group, adjust: int = 0) -> str:
    """The group's purpose as the page states it; "" when the page gives none.

    The record fills a purpose the page lacks from the establishing resolution's goals or
    from the wiki; neither is written as the page's description. The wiki's purpose is
    told apart by the group's lines on the page: a purpose also found on the wiki is the
    page's only when the page's section has room for it (python.org and the wiki sometimes
    say the same words, as Packaging's do). `adjust`: the lines the group's place on the
    page adds to its section (fewer blank lines after the first heading, more after the
    last group of a section).
    """
    purpose = group.purpose
    if not purpose or group.source_kind != "psf-page":
        return purpose
    if purpose == goals(group):
        return ""
    head = _norm(blocks(purpose)[0])[:80]
    on_wiki = any(p.path and head in _norm(p.body) for p in group.pages)
    if on_wiki and group.lines is not None:
        start, end = group.lines
        without = _line_count(render_group(group, "#id0", purpose=""))
        if without + adjust == end - start + 1:
            return ""
    return purpose


def _line_count(out: list[tuple[str, int]]) -> int:
    return sum(block.count("\n") + 1 + blanks for block, blanks in out)


# -- Markdown text -----------------------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]<>&|-])|(?<=\d)([.)])(?=\s|$)")


def escape(text: str) -> str:
    """Generated text (names, dates, votes) escaped the way the page escapes it."""
    return _ESCAPE.sub(lambda m: "\\" + (m.group(1) or m.group(2)), text)


def table_date(date: PartialDate) -> str:
    """'May 2018', 'February 25, 2007' or '2018', as the meta table writes dates."""
    if date.month is None:
        return str(date.year)
    month = calendar.month_name[date.month]
    if date.day is None:
        return f"{month} {date.year}"
    return f"{month} {date.day}, {date.year}"


def approval_date(date: PartialDate) -> str:
    """'16 August, 2013', as the page's approval lines write dates."""
    if date.month is None:
        return str(date.year)
    month = calendar.month_name[date.month]
    if date.day is None:
        return f"{month} {date.year}"
    return f"{date.day} {month}, {date.year}"


def surname_key(name: str) -> tuple[str, str]:
    words = name.split()
    return (fold(words[-1]) if words else "", fold(name))


def blocks(markdown: str) -> list[str]:
    """The top-level blocks of a Markdown text, each as its source lines."""
    lines = markdown.split("\n")
    out = []
    for token in _MD.parse(markdown):
        if token.level == 0 and token.map and token.nesting in (0, 1):
            start, end = token.map
            out.append("\n".join(lines[start:end]).rstrip("\n"))
    return out or ([markdown] if markdown.strip() else [])


def _reads_as_date(text: str, date: PartialDate) -> bool:
    try:
        return parse_date(text) == date
    except TextDateError:
        return False


def title_date(title: str) -> str | None:
    match = _LABEL.match(title)
    return match.group("rest") if match else None


# -- rosters -----------------------------------------------------------------------------------


def person_text(name: str, role: str, note: str = "", *, chair_plain: bool = False) -> str:
    parts = []
    if role != "member" and not (chair_plain and role == "chair"):
        parts.append(role)
    if note:
        parts.append(note)
    return escape(name) + (f" ({', '.join(escape(p) for p in parts)})" if parts else "")


def final_roster(group: Group) -> list[tuple[str, str, str]]:
    """(name, role, note) of a dissolved group's members when it ended.

    The page's own meta-table list, as kept in the group's claims, when there is one (the
    memberships alone cannot say who left before the end: the page does not date it); else
    the memberships that ran to the dissolution.
    """
    tables = [
        c
        for c in group.claims
        if c.field == "roster"
        and isinstance(c.value, dict)
        and c.value.get("origin") == "meta table"
        and group.cite is not None
        and c.cite is not None
        and c.cite.path == group.cite.path
    ]
    if tables:
        members = tables[-1].value.get("members") or []
        return [(m["name"], m.get("role", "member"), "") for m in members if m.get("name")]
    return [
        (m.name, m.role, m.note)
        for m in page_members(group)
        if m.end is None or (group.dissolved is not None and m.end == group.dissolved)
    ]


def _statement_claim(group: Group) -> dict | None:
    """The page's own roster sentence, as kept in the group's claims."""
    for c in reversed(group.claims):
        if (
            c.field == "roster"
            and isinstance(c.value, dict)
            and c.value.get("origin") == "statement"
            and group.source is not None
            and c.source == group.source
        ):
            return c.value
    return None


def roster_statement(group: Group, current: list[Membership]) -> str | None:
    """'As of 2024, the current list of voting members is; A, B, C' when the resolutions do
    not already state the latest membership (no resolution carries the latest start date).

    The people the page's own sentence named as of that date stay in it, as the page named
    them (their role then), though a seat has ended since at a date the page does not know
    or another source named an officer among them.
    """
    dated = [m.start for m in current if m.start is not None]
    if not dated:
        return None
    latest = max(dated)
    if any(r.date == latest for r in page_resolutions(group)):
        return None
    claim = _statement_claim(group)
    stated: dict[str, dict] = {}
    if claim is not None and str(claim.get("date")) == latest.iso():
        stated = {p["name"]: p for p in claim.get("members") or [] if p.get("name")}
    people = list(current)
    people += [
        m
        for m in page_members(group)
        if m.name in stated
        and m.start == latest
        and m.end is not None
        and not m.end.exact
        and all(c.name != m.name for c in people)
    ]
    names = []
    for m in sorted(people, key=lambda m: (surname_key(m.name), m.role)):
        role, note = stated[m.name].get("role", "member") if m.name in stated else m.role, m.note
        if not m.voting and "non-voting" not in note.casefold():
            note = ", ".join(x for x in (note, "non-voting") if x)
        names.append(person_text(m.name, role, note))
    return f"As of {latest.human()}, the current list of voting members is; {', '.join(names)}"


# -- one group ---------------------------------------------------------------------------------


def mailing_list_cell(group: Group, *, old_style: bool) -> str:
    cells = []
    for ml in group.mailing_lists:
        if not from_page(group, ml):
            continue
        local, at, domain = ml.address.partition("@")
        shown = f"{escape(local)} at {escape(domain)}" if at else escape(ml.address)
        if old_style and ml.url:
            cells.append(f"<{ml.url}>")
        elif ml.url:
            cells.append(f"[{shown}]({ml.url})")
        else:
            cells.append(shown)
    return ", ".join(cells)


def meta_rows(group: Group) -> list[tuple[str, str]]:
    old_style = group.status == "dissolved"
    rows: list[tuple[str, str]] = []
    if group.dissolved is not None:
        rows.append(("Dissolved:", table_date(group.dissolved)))
    if group.formed is not None:
        rows.append(("Formed:", table_date(group.formed)))
    if old_style:
        roster = final_roster(group)
        chairs = [n for n, role, _ in roster if role == "chair"]
        if chairs:
            rows.append(("Chairman:", ", ".join(escape(n) for n in chairs)))
        if roster:
            people = sorted(roster, key=lambda x: surname_key(x[0]))
            # The page marks the chairman in the Members row too when other officers are
            # marked there (PCC's "(secretary)", "(chair)"); a lone chairman is named in the
            # Chairman row only (PSC, PRC).
            plain = not any(r not in ("member", "chair") for _, r, _ in roster)
            cell = ", ".join(person_text(n, r, note, chair_plain=plain) for n, r, note in people)
            rows.append(("Members:", cell))
    moderators = [
        m
        for m in page_members(group)
        if m.role == "moderator" and m.end is None and m.start is None and not old_style
    ]
    if moderators:
        rows.append(
            ("Moderator:", ", ".join(person_text(m.name, "member", m.note) for m in moderators))
        )
    for link in group.links:
        if link.label.casefold() == "notes" and from_page(group, link):
            rows.append(("Notes:", f"<{link.url}>"))
    if cell := mailing_list_cell(group, old_style=old_style):
        rows.append(("Mailing List:", cell))
    return rows


def _pipes(text: str) -> str:
    return re.sub(r"(?<!\\)\|", r"\\|", text)


def table(rows: list[tuple[str, str]]) -> str:
    lines = [f"| {key} | {_pipes(value)} |" for key, value in rows]
    lines.insert(1, "| --- | --- |")
    return "\n".join(lines)


def resolution_title(r: Resolution, *, heading: bool) -> str:
    """The label; a date is added when nothing else on the page would carry it."""
    title = " ".join(r.title.split()) or _LABEL_KIND.get(r.kind, "Resolution")
    if r.date is None or r.date_inferred:
        return title
    rest = title_date(title)
    if rest is not None and _reads_as_date(rest, r.date):
        return title
    if rest is not None:
        return title  # the title names another date: keep it as written
    if has_approval_line(r) or text_approval_date(r):
        return title
    if heading:
        return f"{title} ({r.date.iso()})"
    return f"{title} {r.date.human()}"


def has_approval_line(r: Resolution) -> bool:
    return _yes(r) is not None or bool(r.medium and r.date is not None)


def _yes(r: Resolution) -> int | None:
    return r.vote.yes if r.vote is not None else None


def text_approval_date(r: Resolution) -> bool:
    """The resolution's own text ends with 'Approved <its date>'."""
    match = _APPROVED_AT_END.search(r.text.replace("\\", ""))
    return bool(match and r.date is not None and _reads_as_date(match.group("date"), r.date))


def approval_line(r: Resolution) -> str:
    parts = []
    if _yes(r) is not None:
        parts.append(f"{r.vote.yes}-{r.vote.no or 0}-{r.vote.abstain or 0}")
    if r.medium:
        parts.append(f"by {r.medium}")
    text = "Approved " + " ".join(parts)
    if r.date is not None:
        text += ("," if parts else "") + " " + approval_date(r.date)
    return escape(text.rstrip()) + "\\."


def quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.split("\n"))


def render_group(
    group: Group, anchor: str, *, purpose: str | None = None, adjust: int = 0
) -> list[tuple[str, int]]:
    """The group's blocks, each with the number of blank lines that follow it on the page
    (`purpose`: write this one; `adjust`: see `purpose_of_the_page`)."""
    old_style = group.status == "dissolved"
    if purpose is None:
        purpose = purpose_of_the_page(group, adjust)
    resolutions = page_resolutions(group)
    out: list[tuple[str, int]] = [(f"### [{escape(group.name)}]({anchor})", 5)]
    rows = meta_rows(group)
    if rows:
        out.append((table(rows), 2))
    for block in blocks(purpose):
        out.append((block, 2))
    if old_style:
        if out and len(out) > 1:
            out[-1] = (out[-1][0], 3)
        for r in resolutions:
            out.append((f"#### {escape(resolution_title(r, heading=True))}", 2))
            out.append((r.text.strip("\n"), 4))
        out[-1] = (out[-1][0], 5)
        return out
    for r in resolutions:
        out.append((f"{escape(resolution_title(r, heading=False))}:", 3))
        out.append((quote(r.text.strip("\n")), 2))
        if has_approval_line(r):
            out.append((approval_line(r), 2))
    current = [m for m in page_members(group) if m.end is None and not _in_meta_table(m)]
    statement = roster_statement(group, current)
    if statement:
        out.append((statement, 2))
    out[-1] = (out[-1][0], 4)
    return out


def _in_meta_table(m: Membership) -> bool:
    return m.role == "moderator" and m.start is None


# -- the page ----------------------------------------------------------------------------------


def render_psf_page(groups: list[Group], title: str = TITLE) -> str:
    """The page for these groups, in their order (`position`), split by status."""
    active = [g for g in groups if g.status == "active"]
    proposed = [g for g in groups if g.status == "proposed"]
    inactive = [g for g in groups if g.status not in ("active", "proposed")]
    out: list[tuple[str, int]] = [(f"---\ntitle: {title}\ndescription: ...\n---", 1)]
    counter = 2
    out.append((f"## {escape(ACTIVE)}", 1))
    for i, group in enumerate(active):
        counter += 1
        adjust = (-4 if i == 0 else 0) + (1 if i == len(active) - 1 else 0)
        blocks_ = render_group(group, f"#id{counter}", adjust=adjust)
        if i == 0:
            blocks_[0] = (blocks_[0][0], 1)  # as on the page
        out.extend(blocks_)
    if out[-1][1] == 4:
        out[-1] = (out[-1][0], 5)
    if proposed:
        counter += 1
        out.append((f"## {escape(PROPOSED)}", 3))
        for group in proposed:
            counter += 1
            out.extend(render_group(group, f"#id{counter}"))
        out[-1] = (out[-1][0], 5)
    counter += 1
    out.append((f"## {escape(INACTIVE)}", 3))
    for i, group in enumerate(inactive):
        counter += 1
        adjust = 1 if i == len(inactive) - 1 else 0
        out.extend(render_group(group, f"#id{counter}", adjust=adjust))
    out[-1] = (out[-1][0], 5)
    return "".join(block + "\n" * (blanks + 1) for block, blanks in out)
