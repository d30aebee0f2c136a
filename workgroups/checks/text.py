"""Findings as text for a terminal: grouped, aligned, wrapped, counted; colour on request."""

from __future__ import annotations

import textwrap
from collections import Counter

from workgroups.checks.findings import SEVERITIES, Finding
from workgroups.lib.vocabulary import Severity

_COLOURS = {
    Severity.ERROR: "31",
    Severity.WARNING: "33",
    Severity.INFO: "36",
    "dim": "2",
    "bold": "1",
    "ok": "32",
}
_HEADINGS = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Info"}
_MARKS = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "●"}
# What textwrap breaks or rewrites besides one space between words: hyphens, runs of space,
# other whitespace.
_NOT_PLAIN = ("-", "  ", "\t", "\n", "\x0b", "\x0c", "\r")


def wrap(text: str, width: int) -> list[str]:
    """`textwrap.wrap(text, width)`, its lines the same: words separated by single spaces
    are filled greedily here (textwrap's regular expression took 0.4 s for 7,000 findings),
    anything else is left to textwrap."""
    words = text.split(" ")
    if (
        any(mark in text for mark in _NOT_PLAIN)
        or not words[0]
        or not words[-1]
        or max(map(len, words)) > width
    ):
        return textwrap.wrap(text, width)
    lines, line = [], words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def counts(findings: list[Finding]) -> str:
    """'3 errors, 1 warning, 2 info' (only the severities present; info has no plural)."""
    tally = Counter(f.severity for f in findings)
    parts = []
    for severity in SEVERITIES:
        if n := tally[severity]:
            plural = "" if n == 1 or severity == Severity.INFO else "s"
            parts.append(f"{n} {severity}{plural}")
    return ", ".join(parts)


def render(
    findings: list[Finding],
    *,
    by: str = "severity",
    width: int = 100,
    colour: bool = False,
    group_names: dict[str, str] | None = None,
) -> str:
    """The findings as a report. `by` is "severity" or "group"."""

    def paint(text: str, what: str) -> str:
        return f"\033[{_COLOURS[what]}m{text}\033[0m" if colour else text

    if not findings:
        return paint("No findings: the record is consistent.", "ok") + "\n"
    names = group_names or {}
    code_width = max(len(f.code) for f in findings)
    indent = 2 + 2 + code_width + 2  # "  ▲ code  "
    wrap_width = max(width - indent, 40)
    out: list[str] = []

    def entry(f: Finding) -> None:
        lines = wrap(f.message, wrap_width) or [""]
        mark = paint(_MARKS.get(f.severity, "-"), f.severity)
        out.append(f"  {mark} {f.code.ljust(code_width)}  {lines[0]}")
        out.extend(" " * indent + line for line in lines[1:])
        for ref in f.sources:
            out.append(" " * indent + paint(ref.cite, "dim"))

    if by == "group":
        sections: dict[str, list[Finding]] = {}
        for f in findings:
            for slug in f.groups or ("",):
                sections.setdefault(slug, []).append(f)
        ordered = sorted(sections, key=lambda s: (s == "", names.get(s, s).casefold()))
        for slug in ordered:
            items = sections[slug]
            worst = min(items, key=Finding.sort_key).severity
            title = names.get(slug, slug) if slug else "Not about one group"
            out.append(
                paint(f"{_MARKS[worst]} {title}", worst) + paint(f"  ({counts(items)})", "dim")
            )
            for f in items:
                entry(f)
            out.append("")
    else:
        for severity in SEVERITIES:
            items = [f for f in findings if f.severity == severity]
            if not items:
                continue
            out.append(paint(f"{_HEADINGS[severity]} ({len(items)})", severity))
            for f in items:
                entry(f)
            out.append("")
    total = len(findings)
    out.append(paint(f"{total} finding{'' if total == 1 else 's'}: {counts(findings)}.", "bold"))
    return "\n".join(out) + "\n"
