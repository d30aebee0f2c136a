"""Provenance, calmly: one "Sources" disclosure per section, each file:line once, and dates no
source gives said in words."""

import re

import pytest
from django.template import Context, Template

from workgroups.lib.display import end_words, start_words
from workgroups.lib.vocabulary import Role
from workgroups.tests.factories import make_group, make_person, make_source, seat

pytestmark = pytest.mark.django_db


def section(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def disclosures(html: str) -> list[list[str]]:
    """The cites each "Sources" disclosure lists."""
    found = re.findall(
        r'<details class="sources-note"><summary>Sources</summary>(.*?)</details>', html
    )
    return [re.findall(r'<li class="cite">([^<]*)</li>', d) for d in found]


@pytest.fixture
def roster():
    """Ten members from one roster list, two resolutions' worth of a group from other lines."""
    page = make_source("seeds/page.md")
    group = make_group(status="active", purpose="Tea.", source=page, line_start=7, line_end=30)
    for n in range(10):
        person = make_person(f"Member {n}")
        seat(group, person, Role.MEMBER, "2018", source=page, line_start=40, line_end=52)
    wiki = make_source("psf/working-groups/Tea.md")
    seat(group, make_person("Past One"), Role.MEMBER, None, end="XXXX", source=page, line_start=60)
    seat(group, make_person("Past Two"), Role.MEMBER, "2010", end="2012", source=wiki, line_start=3)
    return group


def test_it_lists_a_rosters_one_source_once_in_one_disclosure(client, roster):
    html = client.get(roster.get_absolute_url()).content.decode()
    members = section(html, 'id="members"', "Past members")
    assert disclosures(members) == [["seeds/page.md:40-52"]]
    assert members.count("seeds/page.md:40-52") == 1  # not on each of the ten rows
    assert '<span class="cite">' not in members


def test_it_cites_each_row_only_when_the_rows_of_a_section_differ(client, roster):
    html = client.get(roster.get_absolute_url()).content.decode()
    rows = section(html, "Past members", '<details class="sources-note">')
    assert rows.count('<span class="cite">') == 2
    past = section(html, "Past members", "</section>")
    assert disclosures(past) == [["psf/working-groups/Tea.md:3", "seeds/page.md:60"]]


def test_it_gives_every_section_of_a_group_page_at_most_one_disclosure(client, roster):
    html = client.get(roster.get_absolute_url()).content.decode()
    purpose = section(html, 'id="purpose"', "</section>")
    assert disclosures(purpose) == [["seeds/page.md:7-30"]]
    assert len(disclosures(html)) == 3  # purpose, current members, past members


def test_it_says_start_unknown_and_end_unknown_never_a_question_mark(client, roster):
    group_html = client.get(roster.get_absolute_url()).content.decode()
    past = section(group_html, "Past members", "</details>\n")
    assert "start unknown" in past and "end unknown" in past
    person_html = client.get("/people/past-one/").content.decode()
    assert "start unknown – end unknown" in person_html
    assert ">?<" not in person_html and ">?<" not in group_html


@pytest.mark.parametrize(
    "value, start, end",
    [
        (None, "start unknown", ""),
        ("", "start unknown", ""),
        ("XXXX", "start unknown", "end unknown"),
        ("2018-05", "May 2018", "May 2018"),
        ("[..2007-02-25]", "before 25 February 2007", "before 25 February 2007"),
    ],
)
def test_it_says_unknown_starts_and_ends_in_words(value, start, end):
    assert start_words(value) == start and end_words(value) == end
    rendered = Template("{% load wg %}{{ d|start_date }}|{{ d|end_date }}").render(
        Context({"d": value})
    )
    assert rendered == f"{start}|{end}"


def test_it_says_once_that_no_source_gives_when_the_members_joined(client):
    group = make_group(status="active")
    for n in range(3):
        seat(group, make_person(f"Member {n}"), Role.MEMBER, None)
    html = client.get(group.get_absolute_url()).content.decode()
    members = section(html, 'id="members"', "</section>")
    assert "No source gives when these members joined." in members
    assert "start unknown" not in members and ">Since<" not in members
