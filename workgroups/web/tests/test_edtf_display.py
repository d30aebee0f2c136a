"""EDTF dates on the site: in words ('about 2005', 'before 25 February 2007', 'date unknown')
wherever a date is shown, a seat with an unknown end among the past ones, and a timeline that
draws (or sets aside) groups whose formed or dissolved date is approximate or unknown."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from workgroups.lib.display import date_phrase, date_words, html_datetime
from workgroups.lib.partialdate import PartialDate
from workgroups.lib.vocabulary import PageKind, ResolutionKind, Role
from workgroups.registry.models import Group
from workgroups.tests.factories import make_group, make_page, make_person, make_resolution, seat
from workgroups.web.timeline import bars_of, render_svg


@pytest.mark.parametrize(
    "value, words",
    [
        ("2018", "2018"),
        ("2018-05", "May 2018"),
        ("2018-05-31", "31 May 2018"),
        ("2005~", "about 2005"),
        ("2018-05~", "about May 2018"),
        ("[..2007-02-25]", "before 25 February 2007"),
        ("[..2007]", "before 2007"),
        ("XXXX", "date unknown"),
        (PartialDate.parse("[..2007-02-25]"), "before 25 February 2007"),
        (None, ""),
        ("", ""),
        ("not a date", "not a date"),
    ],
)
def test_it_says_every_edtf_form_in_words(value, words):
    assert date_words(value) == words
    assert Template("{% load wg %}{{ d|pdate }}").render(Context({"d": value})) == words


@pytest.mark.parametrize(
    "value, phrase",
    [
        ("2026-03-03", "on 3 March 2026"),
        ("2018-05", "in May 2018"),
        ("2018", "in 2018"),
        ("2005~", "about 2005"),
        ("[..2007-02-25]", "before 25 February 2007"),
        ("XXXX", "at an unknown date"),
        (None, ""),
    ],
)
def test_it_ends_a_sentence_with_a_date(value, phrase):
    assert date_phrase(value) == phrase


def test_it_says_when_a_record_was_confirmed_in_words(client, edtf_group):
    Group.objects.filter(pk=edtf_group.pk).update(confirmed="2024~")
    assert "Confirmed current about 2024" in html_of(client, "/groups/psc/")
    Group.objects.filter(pk=edtf_group.pk).update(confirmed="XXXX")
    assert "Confirmed current at an unknown date" in html_of(client, "/")


@pytest.mark.parametrize(
    "value, shown",
    [
        ("2018-05", '<time datetime="2018-05">May 2018</time>'),
        ("2018", '<time class="meta" datetime="2018">2018</time>'),
        ("2005~", '<span title="EDTF: 2005~">about 2005</span>'),
        ("[..2007-02-25]", '<span title="EDTF: [..2007-02-25]">before 25 February 2007</span>'),
        ("XXXX", '<span title="EDTF: XXXX">date unknown</span>'),
        (None, ""),
    ],
)
def test_it_gives_html_a_datetime_only_for_a_plain_date(value, shown):
    css = "meta" if value == "2018" else ""
    template = Template("{% load wg %}{{ d|when:css }}")
    assert (
        template.render(Context({"d": PartialDate.parse(value) if value else None, "css": css}))
        == shown
    )
    assert html_datetime(value) == (value if value in ("2018-05", "2018") else "")


@pytest.fixture
def edtf_group(db):
    group = make_group(
        name="Public Support Committee",
        slug="psc",
        status="dissolved",
        formed="2002~",
        dissolved="[..2007-02-25]",
        confirmed="2024-03-01",
    )
    seat(group, make_person("Aahz"), start="2002-08-13", end="[..2007-02-25]")
    seat(group, make_person("Ada Lovelace"), Role.CHAIR, start="XXXX", end="XXXX")
    seat(group, make_person("Grace Hopper"), start="2005~")
    make_resolution(group, ResolutionKind.ESTABLISHING, "RESOLVED, a group.", date="2002~")
    make_resolution(group, ResolutionKind.AMENDING, "RESOLVED, more.", date="[..2004-04-13]")
    make_page(group, PageKind.MINUTES, "Notes", "notes", date="[..2006-01]", body="Met.")
    return group


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def test_it_shows_the_group_page_dates_in_words(client, edtf_group):
    html = html_of(client, "/groups/psc/")
    assert "<dd>about 2002</dd>" in html and "<dd>before 25 February 2007</dd>" in html
    past = section(html, "Past members", "</details>")
    assert "before 25 February 2007" in past and "Aahz" in past
    assert "end unknown" in past and "Ada Lovelace" in past
    current = section(html, 'id="members-h"', "</table>")
    assert "Grace Hopper" in current and "about 2005" in current
    assert "Ada Lovelace" not in current and "Aahz" not in current
    assert '<span title="EDTF: 2002~">about 2002</span>' in html  # the resolution
    assert "before 13 April 2004" in html
    assert "before January 2006" in html  # the page
    # HTML's datetime takes no EDTF qualifier
    assert not re.search(r'datetime="[^"]*[~\[X]', html)
    assert "[..2007-02-25]" not in re.sub(r'title="EDTF: [^"]*"', "", html)


def test_it_shows_a_seat_with_an_unknown_end_as_past_on_the_person_page(client, edtf_group):
    html = html_of(client, "/people/ada-lovelace/")
    assert "start unknown – end unknown" in html
    assert "<strong>now</strong>" not in html
    assert "card-past" in html
    html = html_of(client, "/people/aahz/")
    assert "13 August 2002 – before 25 February 2007" in html
    html = html_of(client, "/people/grace-hopper/")
    assert "about 2005 – <strong>now</strong>" in html


def test_it_shows_directory_resolution_and_page_dates_in_words(client, edtf_group):
    html = html_of(client, "/")
    assert "<dd>about 2002</dd>" in html and "<dd>before 25 February 2007</dd>" in html
    html = html_of(client, "/resolutions/")
    assert "about 2002" in html and "before 13 April 2004" in html
    html = html_of(client, "/groups/psc/pages/notes/")
    assert '<span title="EDTF: [..2006-01]">before January 2006</span>' in html


def test_it_serves_the_feeds_of_edtf_dated_rows(client, edtf_group):
    for url in ("/feeds/resolutions.atom", "/feeds/pages.atom"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"RESOLVED" in response.content or b"Met." in response.content


def group(name, status, formed, dissolved=None):
    return SimpleNamespace(
        name=name,
        slug=name.lower(),
        status=status,
        formed=PartialDate.parse(formed) if formed else None,
        dissolved=PartialDate.parse(dissolved) if dissolved else None,
        get_absolute_url=lambda: f"/groups/{name.lower()}/",
    )


def test_it_draws_the_timeline_with_approximate_and_unknown_dates():
    groups = [
        group("About", "active", "2005~"),
        group("Before", "dissolved", "[..2007-02-25]", "2010"),
        group("Unknown", "active", "XXXX"),
        group("Vanished", "dissolved", "2002-08-13", "XXXX"),
        group("Ended", "dissolved", "2003", "[..2007-02-25]"),
    ]
    bars, undated = bars_of(groups)
    assert [g.name for g in undated] == ["Unknown"]
    assert [b.name for b in bars] == ["Vanished", "Ended", "About", "Before"]
    svg = render_svg(bars, date(2025, 6, 30))
    assert ">2002<" in svg and ">2026<" in svg and ">1<" not in svg
    assert "<title>About: about 2005 to today (active)</title>" in svg
    assert "<title>Before: before 25 February 2007 to 2010 (dissolved)</title>" in svg
    assert "<title>Vanished: 13 August 2002 to an unknown date (dissolved)</title>" in svg
    assert "<title>Ended: 2003 to before 25 February 2007 (dissolved)</title>" in svg
    pattern = r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="14"'
    bar = {
        b.name: tuple(map(float, xw)) for b, xw in zip(bars, re.findall(pattern, svg), strict=True)
    }
    assert all(250 <= x <= 960 and 0 < w <= 710 for x, w in bar.values())
    assert bar["Vanished"][1] == 4  # a stub: the end is unknown
    assert bar["Before"][0] > bar["About"][0]


def test_it_draws_nothing_when_every_formed_date_is_unknown():
    bars, undated = bars_of([group("Unknown", "active", "XXXX")])
    assert bars == [] and len(undated) == 1
    assert render_svg(bars, date(2025, 1, 1)) == ""


def test_it_lists_a_group_formed_at_an_unknown_date_beside_the_timeline(client, db):
    make_group(name="Mystery Group", slug="mystery", formed="XXXX")
    make_group(
        name="Roughly Group", slug="roughly", formed="2005~", dissolved="XXXX", status="dissolved"
    )
    html = html_of(client, "/timeline/")
    undated = section(html, 'id="undated-h"', "</section>")
    assert "Mystery Group" in undated and "Roughly Group" not in undated
    assert "Roughly Group: about 2005 to an unknown date (dissolved)" in html
