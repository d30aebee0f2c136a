"""The timeline of all groups, formed to dissolved, drawn as SVG on the server.

A pure function of the groups and today's date. No inline styles (the Content-Security-Policy
forbids them): the look comes from classes styled in site.css, the geometry from attributes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from workgroups.lib.partialdate import PartialDate

WIDTH = 960
LABEL = 250  # the names column
PAD_RIGHT = 16
TOP = 34  # room for the year axis
ROW = 24
BAR = 14


@dataclass(frozen=True)
class Bar:
    name: str
    url: str
    status: str
    formed: PartialDate
    dissolved: PartialDate | None


def _year_fraction(d: date) -> float:
    start = date(d.year, 1, 1)
    days = (date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / days


def bars_of(groups: Iterable) -> tuple[list[Bar], list]:
    """The groups that can be drawn (they have a formed date), by date; and the others."""
    bars, undated = [], []
    for g in groups:
        if g.formed is None:
            undated.append(g)
            continue
        bars.append(Bar(g.name, g.get_absolute_url(), g.status, g.formed, g.dissolved))
    bars.sort(key=lambda b: (b.formed, b.name))
    return bars, undated


def _label(bar: Bar) -> str:
    until = bar.dissolved.human() if bar.dissolved else "today"
    state = {"active": "active", "inactive": "inactive", "dissolved": "dissolved"}.get(
        bar.status, bar.status
    )
    return f"{bar.name}: {bar.formed.human()} to {until} ({state})"


def render_svg(bars: list[Bar], today: date) -> SafeString:
    """The SVG element, with a link per group and a title for screen readers and tooltips."""
    if not bars:
        return mark_safe("")
    first = min(b.formed.earliest().year for b in bars)
    last = today.year + 1
    span = max(1, last - first)
    plot = WIDTH - LABEL - PAD_RIGHT
    now = _year_fraction(today)

    def x(year: float) -> float:
        return round(LABEL + (year - first) / span * plot, 1)

    height = TOP + ROW * len(bars) + 8
    step = 1 if span <= 16 else 2 if span <= 32 else 5
    # A group, not an image: an image's content is presentational, so its links (one per bar,
    # each named by its title) would be hidden from assistive technology yet still focusable.
    out = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" role="group" aria-labelledby="timeline-title">',
        f'<title id="timeline-title">When each of the {len(bars)} groups was formed and, if '
        "it was, dissolved</title>",
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>',
        '<g class="axis" aria-hidden="true">',
    ]
    for year in range(first, last + 1):
        if (year - first) % step:
            continue
        xx = x(year)
        out.append(f'<line x1="{xx}" y1="{TOP - 6}" x2="{xx}" y2="{height - 8}" class="grid"/>')
        out.append(f'<text x="{xx}" y="{TOP - 12}" class="year">{year}</text>')
    out.append(
        f'<line x1="{x(now)}" y1="{TOP - 6}" x2="{x(now)}" y2="{height - 8}" class="now"/></g>'
    )
    for i, bar in enumerate(bars):
        y = TOP + i * ROW
        start = x(_year_fraction(bar.formed.earliest()))
        end_year = _year_fraction(bar.dissolved.latest()) if bar.dissolved else now
        end = max(start + 4, x(end_year))
        label = escape(_label(bar))
        out.append(
            f'<a href="{escape(bar.url)}" class="row status-{escape(bar.status)}">'
            f"<title>{label}</title>"
            f'<rect x="0" y="{y}" width="{WIDTH}" height="{ROW}" class="hit"/>'
            f'<text x="{LABEL - 10}" y="{y + ROW / 2 + 4}" class="name">'
            f"{escape(_short(bar.name))}</text>"
            f'<rect x="{start}" y="{y + (ROW - BAR) / 2}" width="{round(end - start, 1)}" '
            f'height="{BAR}" rx="3" class="bar"/></a>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text escaped


def _short(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
