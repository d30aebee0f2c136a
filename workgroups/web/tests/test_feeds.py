"""Atom feeds of resolutions and page changes."""

import xml.etree.ElementTree as ET

import pytest

from workgroups.registry.models import Page

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return feed, feed.findall(f"{ATOM}entry")


def test_it_publishes_resolutions_newest_first(client, registry):
    registry(2, 3)
    feed, items = entries(client, "/feeds/resolutions.atom")
    assert feed.find(f"{ATOM}title").text == "PSF working groups: resolutions"
    assert len(items) == 6
    titles = [e.find(f"{ATOM}title").text for e in items]
    assert titles[0].endswith("Resolution 2") and titles[-1].endswith("Resolution 0")
    first = items[0]
    assert "/groups/made-up-" in first.find(f"{ATOM}link").get("href")
    assert "#resolution-" in first.find(f"{ATOM}link").get("href")
    assert "RESOLVED" in first.find(f"{ATOM}summary").text
    assert first.find(f"{ATOM}updated").text.startswith("2012-06-03")


def test_it_publishes_page_changes_latest_first(client, registry):
    registry(1, 2)
    page = Page.objects.get(slug="2020-01-10-meeting")
    page.body = "Changed <script>alert(1)</script> text"
    page.save()
    _, items = entries(client, "/feeds/pages.atom")
    assert len(items) == 4
    assert items[0].find(f"{ATOM}title").text == "Made Up Group 0: meeting"
    summary = items[0].find(f"{ATOM}summary").text
    assert "Changed" in summary and "<script" not in summary


def test_it_leaves_templates_out_of_the_page_feed(client, db):
    Page.objects.create(kind="template", title="Template", slug="template", body="x")
    _, items = entries(client, "/feeds/pages.atom")
    assert items == []
