"""The timeline SVG: a pure function of the groups and today's date."""

import re
from datetime import date
from types import SimpleNamespace

import pytest

from workgroups.lib.partialdate import PartialDate
from workgroups.lib.vocabulary import ClaimField, Role
from workgroups.registry.models import Group
from workgroups.tests.factories import (
    make_claim,
    make_group,
    make_page,
    make_person,
    make_resolution,
    make_source,
    seat,
)
from workgroups.web.timeline import bars_of, last_signs, render_svg


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
    bars, undated = bars_of(GROUPS, {})
    assert [b.name for b in bars] == ["Early", "Sleepy", "Later"]
    assert [g.name for g in undated] == ["Undated"]


def test_it_draws_one_linked_bar_per_group_with_an_accessible_title():
    bars, _ = bars_of(GROUPS, {})
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
    bars, _ = bars_of(GROUPS, {})
    svg = render_svg(bars, date(2025, 6, 30))
    pattern = r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="14" rx="3" class="bar"'
    widths = [float(w) for w in re.findall(pattern, svg)]
    early, sleepy, later = widths
    assert later > early > sleepy  # Sleepy: nothing dated after 2011, then a fade to today


def test_it_draws_nothing_without_dated_groups():
    assert render_svg([], date(2025, 1, 1)) == ""


def test_it_escapes_names():
    bars, _ = bars_of([group("<b>&", "active", "2020")], {})
    svg = render_svg(bars, date(2025, 1, 1))
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg


def bar_and_fade(svg, slug):
    """(x, width) of a group's solid bar and of its fading tail (None without one)."""
    row = re.search(rf'<a href="/groups/{slug}/".*?</a>', svg).group(0)
    rect = r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="14"[^>]* class="{}"/>'
    bar = tuple(map(float, re.search(rect.format("bar"), row).groups()))
    fade = re.search(rect.format("fade"), row)
    return bar, fade and tuple(map(float, fade.groups()))


def test_it_ends_an_inactive_groups_bar_at_its_last_dated_sign_and_fades_it_to_today():
    groups = [group("Sleepy", "inactive", "2011"), group("Later", "active", "2011")]
    signs = {"sleepy": PartialDate.parse("2015-06")}
    svg = render_svg(bars_of(groups, signs)[0], date(2025, 6, 30))
    (x, width), (fade_x, fade_width) = bar_and_fade(svg, "sleepy")
    (later_x, later_width), later_fade = bar_and_fade(svg, "later")
    assert later_fade is None  # an active group runs to today
    assert x == later_x and fade_x == round(x + width, 1)
    assert fade_x + fade_width == pytest.approx(later_x + later_width, abs=0.2)  # to today
    # 2011 to June 2015 of 2011 to June 2025: under a third of the way
    assert 0.25 < width / later_width < 0.35
    assert "<title>Sleepy: 2011 to today (inactive; nothing dated after June 2015)</title>" in svg
    assert 'class="fade-from"' in svg and "style=" not in svg


def test_it_fades_an_inactive_group_with_nothing_dated_after_it_was_formed():
    bars, _ = bars_of([group("Sleepy", "inactive", "2011-05")], {})
    assert bars[0].last_sign == PartialDate.parse("2011-05")
    svg = render_svg(bars, date(2025, 6, 30))
    (x, width), fade = bar_and_fade(svg, "sleepy")
    assert width < 8 and fade is not None
    assert "(inactive; nothing dated after May 2011)" in svg


def test_it_never_fades_a_dissolved_group():
    bars, _ = bars_of([group("Early", "dissolved", "2002", "2007")], {"early": PartialDate(2005)})
    assert bars[0].last_sign is None
    assert bar_and_fade(render_svg(bars, date(2025, 1, 1)), "early")[1] is None


@pytest.mark.django_db
def test_it_finds_an_inactive_groups_latest_dated_sign_in_the_record():
    sleepy = make_group(name="Sleepy Work Group", slug="sleepy", status="inactive", formed="2011")
    busy = make_group(name="Busy Work Group", slug="busy", status="active", formed="2011")
    ada = make_person("Ada Lovelace")
    seat(sleepy, ada, Role.CHAIR, "2011-03", end="2014-02")
    seat(busy, ada, Role.MEMBER, "2020-01")
    make_resolution(sleepy, date="2013-07-26")
    make_resolution(sleepy, kind="other", date="2019", date_inferred=True)  # not a sign
    make_page(sleepy, date="2012-11-02")
    source = make_source("psf/SleepyWG.md")
    make_claim(sleepy, ClaimField.STATED_DATE, {"label": "updated", "date": "2014-03"}, source)
    assert last_signs(Group.objects.all()) == {"sleepy": PartialDate.parse("2014-03")}
    make_page(sleepy, kind="minutes", title="Notes", slug="notes", date="2016-09-01")
    assert last_signs(Group.objects.all()) == {"sleepy": PartialDate.parse("2016-09-01")}
    bars, _ = bars_of(Group.objects.all())
    assert [b.last_sign for b in bars] == [None, PartialDate.parse("2016-09-01")]
