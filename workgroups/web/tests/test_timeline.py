"""The timeline SVG: a pure function of the groups and today's date."""

import re
from datetime import date
from types import SimpleNamespace

from workgroups.lib.partialdate import PartialDate
from workgroups.web.timeline import bars_of, render_svg


def group(name, status, formed, dissolved=None):
    return SimpleNamespace(
        name=name,
        slug=name.lower(),
        status=status,
        formed=PartialDate.parse(formed) if formed else None,
        dissolved=PartialDate.parse(dissolved) if dissolved else None,
        get_absolute_url=lambda: f"/groups/{name.lower()}/",
    )


GROUPS = [
    group("Later", "active", "2018-05"),
    group("Early", "dissolved", "2002-08-13", "2007-02-25"),
    group("Sleepy", "inactive", "2011"),
    group("Undated", "active", None),
]


def test_it_orders_bars_by_formed_date_and_sets_aside_undated_groups():
    bars, undated = bars_of(GROUPS)
    assert [b.name for b in bars] == ["Early", "Sleepy", "Later"]
    assert [g.name for g in undated] == ["Undated"]


def test_it_draws_one_linked_bar_per_group_with_an_accessible_title():
    bars, _ = bars_of(GROUPS)
    svg = render_svg(bars, date(2025, 6, 30))
    assert svg.startswith('<svg class="timeline"')
    # a group, not an image: it holds links, which an image may not (axe: nested-interactive)
    assert 'role="group"' in svg and 'aria-labelledby="timeline-title"' in svg
    assert svg.count('<rect x="0"') == 3  # one row per group
    assert '<a href="/groups/early/" class="row status-dissolved">' in svg
    assert "<title>Early: 13 August 2002 to 25 February 2007 (dissolved)</title>" in svg
    assert "<title>Later: May 2018 to today (active)</title>" in svg
    assert ">2002<" in svg and ">2026<" in svg
    assert "style=" not in svg  # the CSP forbids inline styles


def test_it_sizes_bars_by_their_dates():
    bars, _ = bars_of(GROUPS)
    svg = render_svg(bars, date(2025, 6, 30))
    pattern = r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="14"'
    widths = [float(w) for w in re.findall(pattern, svg)]
    early, sleepy, later = widths
    assert sleepy > later > early


def test_it_draws_nothing_without_dated_groups():
    assert render_svg([], date(2025, 1, 1)) == ""


def test_it_escapes_names():
    bars, _ = bars_of([group("<b>&", "active", "2020")])
    svg = render_svg(bars, date(2025, 1, 1))
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg
