"""The public pages on made-up rows: what each shows, accessibility basics, strict CSP."""

import re

import pytest
from django.test import Client

from workgroups.registry.models import Group, Membership, Page, Person, Resolution
from workgroups.tests.factories import made_up_group

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def assert_accessible_basics(html: str) -> None:
    assert '<html lang="en">' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1, "exactly one h1"
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert 'name="viewport"' in html
    # The Content-Security-Policy forbids inline script and style: none anywhere.
    assert "<script" not in html
    assert " style=" not in html and "<style" not in html
    # Every image says what it is (or that it is decoration).
    for tag in re.findall(r"<img\b[^>]*>", html):
        assert " alt=" in tag, tag


def test_it_lists_groups_by_status_with_summary_dates_chair_and_contact(client, registry):
    registry(3, 2)
    Group.objects.filter(slug="made-up-1").update(summary="Keeps one line.")
    html = get(client, "/")
    assert_accessible_basics(html)
    active, inactive, dissolved = (
        html.index(f'id="section-{s}"') for s in ("active", "inactive", "dissolved")
    )
    assert active < inactive < dissolved
    assert "Made Up Group 0" in html[active:inactive]
    assert "Made Up Group 1" in html[inactive:dissolved]
    assert "Keeps one line." in html
    assert "The group 0 looks after things." in html  # first sentence when no summary
    assert "It meets monthly" not in html
    assert "Pérson 0-0" in html  # the chair
    assert "Pérson 0-1" not in html  # a member is not listed
    assert "mu0-0@python.org" in html
    assert 'href="/groups/made-up-2/"' in html
    assert "March 2001" in html or "January 2001" in html


def test_it_filters_the_directory_by_status_and_counts(client, registry):
    registry(6, 1)
    html = get(client, "/?status=dissolved")
    assert "Made Up Group 2" in html and "Made Up Group 5" in html
    assert "Made Up Group 0" not in html
    assert re.search(r'aria-current="page">Dissolved <span class="count">2</span>', html)
    assert re.search(r'All <span class="count">6</span>', html)
    html = get(client, "/?status=bogus")
    assert "Made Up Group 0" in html and "Made Up Group 2" in html


def test_it_says_so_when_there_are_no_groups(client, db):
    assert "No groups are recorded yet" in get(client, "/")


def test_it_shows_a_group_in_full(client, registry):
    registry(1, 3)
    html = get(client, "/groups/made-up-0/")
    assert_accessible_basics(html)
    assert "<h1>Made Up Group 0</h1>" in html
    assert "<strong>0</strong> looks after things" in html  # purpose rendered
    assert "Also known as" in html and "MU0 WG" in html
    assert "psf/working-groups/MU0" not in html.split("Sources")[0]  # path aliases are not names
    assert "mu0-2@python.org" in html and "https://example.org/0/1" in html
    # Current roster, chair first; past members apart, with their dates.
    members = html[html.index('id="members"') : html.index('id="resolutions"')]
    assert members.index("Pérson 0-0") < members.index("Pérson 0-1")
    assert "Chair" in members
    past = members[members.index("Past members") :]
    assert "Pérson 0-2" in past and "March 2019" in past
    # Resolutions as a dated timeline with text and votes.
    resolutions = html[html.index('id="resolutions"') :]
    assert resolutions.index("1 June 2010") < resolutions.index("2 June 2011")
    assert "RESOLVED, that group 0 does thing 1." in resolutions
    assert "Vote: 5 yes, 0 no, 1 abstaining" in resolutions and "IRC vote" in resolutions
    # Latest charter first, older ones reachable; minutes by date.
    charter = html[html.index('id="charter"') : html.index('id="minutes"')]
    assert charter.index("MU0 Charter v2") < charter.index("MU0 Charter v1")
    assert "Earlier versions" in charter
    assert 'href="/groups/made-up-0/pages/2020-03-12-meeting/"' in html
    # Provenance, discreetly.
    assert '<span class="cite">' in html and "made-up/groups.md:1-9" in html
    assert "made-up/groups.md:21-22" in html
    assert "Roster approved by the board 15 January 2024" in html


def test_it_answers_404_for_an_unknown_group(client, db):
    html = get(client, "/groups/nope/", 404)
    assert_accessible_basics(html)
    assert "We could not find that page" in html


def test_it_shows_a_page_cleaned_with_its_neighbours(client, registry):
    registry(1, 3)
    html = get(client, "/groups/made-up-0/pages/2020-02-11-meeting/")
    assert_accessible_basics(html)
    assert "<h1>meeting</h1>" in html and "11 February 2020" in html
    assert "<code>pip</code>" in html and "{.backtick}" not in html
    assert "MU0 meeting 1" not in html  # the body's own title is dropped
    assert 'rel="prev"' in html and "Older · 10 January 2020" in html
    assert 'rel="next"' in html and "Newer · 12 March 2020" in html
    assert "made-up/wiki/G0.md:1-4" in html
    assert 'href="/wiki/psf/working-groups/MU0/2020-02-11-meeting"' in html


def test_it_lists_other_charter_versions_on_a_charter(client, registry):
    registry(1, 2)
    html = get(client, "/groups/made-up-0/pages/charter-v1/")
    assert "Other versions of this charter" in html and "MU0 Charter v0" in html
    assert re.search(r"<h2[^>]*>Mission</h2>", html)


def test_it_shows_pages_of_no_group(client, db):
    Page.objects.create(kind="template", title="Example Charter", slug="example-charter", body="x")
    html = get(client, "/pages/example-charter/")
    assert_accessible_basics(html)
    assert "template for new working groups" in html
    get(client, "/pages/nope/", 404)


def test_it_shows_a_person_with_every_membership_over_time(client, registry):
    registry(2, 2)
    other = Group.objects.get(slug="made-up-1")
    person = Person.objects.get(slug="person-0-0")
    Membership.objects.create(person=person, group=other, role="co-chair", start="2021")
    html = get(client, "/people/person-0-0/")
    assert_accessible_basics(html)
    assert "<h1>Pérson 0-0</h1>" in html
    assert "Person 0-0 alias" in html
    assert 'href="/groups/made-up-0/"' in html and 'href="/groups/made-up-1/"' in html
    assert "Chair" in html and "Co-chair" in html
    assert "2015 – March 2019" in html


def test_it_lists_resolutions_by_year_newest_first(client, registry):
    registry(2, 3)
    Resolution.objects.create(group=Group.objects.first(), kind="other", text="Undated one.")
    html = get(client, "/resolutions/")
    assert_accessible_basics(html)
    assert html.index('id="y2012"') < html.index('id="y2011"') < html.index('id="y2010"')
    assert html.index('id="y2010"') < html.index('id="undated"')
    assert "Undated one." in html
    assert 'href="/groups/made-up-1/"' in html


def test_it_draws_the_timeline(client, registry):
    registry(3, 1)
    Group.objects.create(name="No Date Group", slug="no-date")
    html = get(client, "/timeline/")
    assert_accessible_basics(html)
    assert '<svg class="timeline"' in html
    assert html.count('<a href="/groups/made-up-') == 3
    assert "Not on the timeline" in html and "No Date Group" in html


def test_it_links_the_timeline_from_the_home_page(client, db):
    assert 'href="/timeline/"' in get(client, "/")


def test_it_advertises_the_feeds_on_every_page(client, registry):
    registry(1, 1)
    for url in ("/", "/groups/made-up-0/", "/resolutions/", "/search/?q=x"):
        html = get(client, url)
        assert 'rel="alternate" type="application/atom+xml"' in html
        assert 'href="/feeds/resolutions.atom"' in html and 'href="/feeds/pages.atom"' in html


def test_it_offers_a_sign_in_link_to_visitors_and_sign_out_to_members(client, chair):
    html = get(client, "/")
    assert "Sign in" in html and "Sign out" not in html
    client.force_login(chair)
    html = get(client, "/")
    assert "Sign out" in html and "chair" in html


def test_it_sends_a_strict_content_security_policy(client, db):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_it_serves_its_own_stylesheet(client, db):
    html = get(client, "/")
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    assert href.startswith("/static/")
    response = client.get(href)
    assert response.status_code == 200
    css = b"".join(response.streaming_content) if response.streaming else response.content
    assert b":focus-visible" in css and b"@media (max-width" in css


def test_it_renders_a_friendly_500_without_the_database(rf):
    from workgroups.web.views import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html and '<html lang="en">' in html


def test_it_escapes_names_everywhere(client, db):
    evil = '<script>alert("x")</script>'
    group = made_up_group(0, 1)
    group.name = evil
    group.save()
    Person.objects.filter(slug="person-0-0").update(name=evil)
    for url in ("/", "/groups/made-up-0/", "/people/person-0-0/", "/timeline/", "/resolutions/"):
        html = get(client, url)
        assert "<script>" not in html, url
        assert "&lt;script&gt;" in html, url


def test_it_refuses_writes_to_public_pages(client, db):
    assert client.post("/").status_code == 405
