"""The timeline of all groups, formed to dissolved, drawn as SVG on the server.

A pure function of the groups and today's date. Dates are EDTF: a group formed at an unknown
date is not drawn (it is listed beside the timeline); one formed on or before a date is drawn
from that date, one formed about a year from its first day; a group dissolved at an unknown date
is drawn as a stub, and its label says so. An inactive group's bar is drawn to its last dated sign
(the latest date the record has for it) and fades out from there to today: it is not known to
have stopped, nor seen to go on. No inline styles (the Content-Security-Policy
forbids them): the look comes from classes styled in site.css, the geometry from attributes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from workgroups.lib.partialdate import PartialDate, parse_or_none
from workgroups.lib.vocabulary import ClaimField, GroupStatus
from workgroups.registry.models import Claim, Group, Membership, Page, Resolution, RosterApproval

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
    last_sign: PartialDate | None = None  # an inactive group's latest dated sign


def _year_fraction(d: date) -> float:
    start = date(d.year, 1, 1)
    days = (date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / days


def _start(formed: PartialDate) -> date:
    """Where a bar starts: the first day the date can be, or for an on-or-before date (whose
    earliest is date.min) the date it is on or before."""
    if formed.before:
        return PartialDate(formed.year, formed.month, formed.day).earliest()
    return formed.earliest()


def _end(dissolved: PartialDate | None, start: date, today: date) -> date:
    """Where a bar ends: today while the group lives; the last day its dissolution can be; for
    an unknown date (whose latest is date.max), its start (drawn as a stub)."""
    if dissolved is None:
        return today
    if not dissolved.known:
        return start
    return max(start, dissolved.latest())


def last_signs(groups: Iterable) -> dict[str, PartialDate]:
    """The latest dated sign of each inactive group, by slug: its record confirmed current, a
    resolution (not one whose date was inferred), a dated page, a seat's start or end, a
    roster approval, a date a source states (formed is added by bars_of)."""
    slugs = {g.pk: g.slug for g in groups if g.status == GroupStatus.INACTIVE}
    if not slugs:
        return {}
    dated: dict[int, list] = defaultdict(list)

    def add(rows):
        for pk, *values in rows:
            dated[pk] += [parse_or_none(v) for v in values]

    add(Group.objects.filter(pk__in=slugs).values_list("pk", "confirmed"))
    of = {"group__in": slugs}
    add(Resolution.objects.filter(**of, date_inferred=False).values_list("group", "date"))
    add(Page.objects.filter(**of).values_list("group", "date"))
    add(Membership.objects.filter(**of).values_list("group", "start", "end"))
    add(RosterApproval.objects.filter(**of).values_list("group", "date"))
    stated = Claim.objects.filter(**of, field__in=[ClaimField.ROSTER, ClaimField.STATED_DATE])
    add(
        (pk, v.get("date")) for pk, v in stated.values_list("group", "value") if isinstance(v, dict)
    )
    signs = {}
    for pk, dates in dated.items():
        known = [d for d in dates if d is not None and d.known]
        if known:
            signs[slugs[pk]] = max(known, key=PartialDate.latest)
    return signs


def bars_of(
    groups: Iterable, signs: Mapping[str, PartialDate] | None = None
) -> tuple[list[Bar], list]:
    """The groups that can be drawn (a known formed date), by date; and the others. An
    inactive group's bar carries its last dated sign (from `signs`, else looked up)."""
    groups = list(groups)
    if signs is None:
        signs = last_signs(groups)
    bars, undated = [], []
    for g in groups:
        if g.formed is None or not g.formed.known:
            undated.append(g)
            continue
        last = None
        if g.status == GroupStatus.INACTIVE:
            known = [d for d in (signs.get(g.slug), g.formed) if d is not None]
            last = max(known, key=PartialDate.latest)
        bars.append(Bar(g.name, g.get_absolute_url(), g.status, g.formed, g.dissolved, last))
    bars.sort(key=lambda b: (_start(b.formed), b.formed, b.name))
    return bars, undated


def _label(bar: Bar) -> str:
    if bar.dissolved is None:
        until = "today"
    else:
        until = bar.dissolved.human() if bar.dissolved.known else "an unknown date"
    state = {"active": "active", "inactive": "inactive", "dissolved": "dissolved"}.get(
        bar.status, bar.status
    )
    if bar.last_sign is not None:
        state += f"; nothing dated after {bar.last_sign.human()}"
    return f"{bar.name}: {bar.formed.human()} to {until} ({state})"


def render_svg(bars: list[Bar], today: date) -> SafeString:
    """The SVG element, with a link per group and a title for screen readers and tooltips."""
    if not bars:
        return mark_safe("")
    bars = [b for b in bars if b.formed.known]  # an unknown start cannot be drawn
    if not bars:
        return mark_safe("")
    first = min(_start(b.formed).year for b in bars)
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
        '<line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern>'
        '<linearGradient id="fade"><stop offset="0" class="fade-from"/>'
        '<stop offset="1" class="fade-to"/></linearGradient></defs>',
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
        begins = _start(bar.formed)
        start = x(_year_fraction(begins))
        end = x(_year_fraction(_end(bar.dissolved, begins, today)) if bar.dissolved else now)
        end = max(start + 4, end)
        fade = ""
        if bar.last_sign is not None and bar.dissolved is None:
            # Drawn to the last dated sign, then fading to today.
            last = min(max(start + 4, x(_year_fraction(min(bar.last_sign.latest(), today)))), end)
            if end - last >= 1:
                fade = (
                    f'<rect x="{last}" y="{y + (ROW - BAR) / 2}" width="{round(end - last, 1)}" '
                    f'height="{BAR}" class="fade"/>'
                )
            end = last
        label = escape(_label(bar))
        out.append(
            f'<a href="{escape(bar.url)}" class="row status-{escape(bar.status)}">'
            f"<title>{label}</title>"
            f'<rect x="0" y="{y}" width="{WIDTH}" height="{ROW}" class="hit"/>'
            f'<text x="{LABEL - 10}" y="{y + ROW / 2 + 4}" class="name">'
            f"{escape(_short(bar.name))}</text>"
            f'<rect x="{start}" y="{y + (ROW - BAR) / 2}" width="{round(end - start, 1)}" '
            f'height="{BAR}" rx="3" class="bar"/>{fade}</a>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text escaped


def _short(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
