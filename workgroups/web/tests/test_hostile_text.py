"""What is stored can never break what is published: rows holding the worst characters (written
around the operations, as rows from before the rule or a hand-edited database would be) still
give valid pages, feeds, API answers and exports. And the feeds' ids are tag: URIs."""

import json
import xml.etree.ElementTree as ET
from xml.dom import minidom

import pytest
import yaml
from django.db import DataError, connection, transaction

from workgroups.api.tests.test_writes import bearer, call
from workgroups.lib.text import bad_character
from workgroups.registry.management.commands.export import render as export
from workgroups.registry.models import Group, Link, MailingList, Page, Person, Resolution
from workgroups.search.index import rebuild_index
from workgroups.web.markdown import render as render_markdown

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"

CONTROLS = "".join(chr(c) for c in [*range(1, 0x20), *range(0x7F, 0xA0)])
NONCHARACTERS = "\ufffe\uffff\ufdd0\U0010ffff"


def hostile() -> str:
    """Every character the rule refuses that this database can hold (PostgreSQL refuses NUL)."""
    nul = "\x00" if connection.vendor == "sqlite" else ""
    return f"Budget{nul}{CONTROLS}{NONCHARACTERS}2026 <b>&amp;"


def _store(queryset, **fields) -> None:
    assert queryset.update(**fields)


def _store_a_lone_surrogate(queryset, field: str) -> None:
    """Where the database and its driver take one (neither SQLite's nor psycopg's does)."""
    try:
        with transaction.atomic():
            queryset.update(**{field: "lone \ud800 surrogate"})
    except (UnicodeEncodeError, DataError, ValueError):
        pass


@pytest.fixture
def worst(registry):
    registry(1, 1)
    text = hostile()
    group = Group.objects.get(slug="made-up-0")
    groups = Group.objects.filter(pk=group.pk)
    _store(groups, name=f"Group {text}", summary=text, purpose=text)
    _store(Resolution.objects.filter(group=group), title=text, text=f"RESOLVED, {text}")
    _store(Page.objects.filter(group=group), title=text, body=f"# {text}\n\n{text}\n")
    _store(Person.objects.all(), name=f"Ada {text}")
    _store(MailingList.objects.filter(group=group), address=f"list{text}@python.org", url=text)
    _store(Link.objects.filter(group=group), label=text)
    _store_a_lone_surrogate(Resolution.objects.filter(group=group), "medium")
    rebuild_index()
    return group


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode("utf-8")
    assert bad_character(body) is None, f"{url}: {bad_character(body)}"
    return body


def _pages(group: Group) -> list[str]:
    page = Page.objects.filter(group=group).first()
    person = Person.objects.first()
    return [
        "/",
        group.get_absolute_url(),
        person.get_absolute_url(),
        page.get_absolute_url(),
        "/resolutions/",
        "/timeline/",
        "/search/?q=Budget",
        "/health/",
    ]


def test_rendered_markdown_holds_no_forbidden_character():
    text = hostile() + " &#11; &#xFFFE;"
    html = render_markdown(f"# {text}\n\n{text}\n\n`{text}`\n\n[{text}](https://example.org)\n")
    assert "Budget" in html and bad_character(html) is None


def test_every_html_page_answers(client, worst):
    for url in _pages(worst):
        assert client.get(url).status_code == 200, url


def test_every_html_page_stays_valid(client, worst):
    for url in _pages(worst):
        _html(client, url)


@pytest.mark.parametrize("url", ["/feeds/resolutions.atom", "/feeds/pages.atom"])
def test_the_feeds_stay_xml(client, worst, url):
    response = client.get(url)
    assert response.status_code == 200
    minidom.parseString(response.content)
    feed = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert any("Budget" in title and "2026" in title for title in titles)


def test_the_api_answers_json(client, worst):
    for url in ["/api/v1/groups", f"/api/v1/groups/{worst.slug}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        json.loads(response.content)


@pytest.mark.parametrize("fmt", ["yaml", "json", "psf-page", "wiki"])
def test_every_export_is_made(worst, fmt):
    out = export(fmt)
    texts = out.values() if isinstance(out, dict) else [out]
    assert all(isinstance(text, str) for text in texts)
    if fmt == "yaml":
        assert yaml.safe_load(out)["groups"][0]["name"].startswith("Group Budget")
    if fmt == "json":
        json.loads(out)


# --- Text in: the API and the forms refuse it, naming the field -------------------------------


def test_the_api_answers_422_naming_the_field(client, group, staff):
    headers = bearer(staff)
    body = {"kind": "other", "date": "2024", "text": "R.", "title": "Budget\u000b2026"}
    response = call(client, "post", "/api/v1/groups/testing/resolutions", body, headers)
    assert response.status_code == 422, response.content
    (error,) = response.json()["errors"]
    assert error["field"] == "title" and "U+000B" in error["message"]
    body = {"mailing_lists": [{"address": "a\u0008@python.org"}]}
    response = call(client, "patch", "/api/v1/groups/testing", body, headers)
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["mailing_lists.0.address"]
    assert not Resolution.objects.exists() and not MailingList.objects.exists()


def test_a_form_shows_it_on_the_field(client, group, staff):
    client.force_login(staff)
    response = client.post(
        "/groups/testing/edit/resolutions/new/",
        {
            "kind": "other",
            "date": "2024",
            "title": "Budget\u000b2026",
            "text": "R.",
            "version": "1",
        },
    )
    assert response.status_code == 200
    assert (
        "U+000B (a control character) at position 7" in response.context["form"].errors["title"][0]
    )
    assert not Resolution.objects.exists()


# --- Atom ids ---------------------------------------------------------------------------------


def _ids(client, url: str, host: str) -> list[str]:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    return [feed.findtext(f"{ATOM}id")] + [
        e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")
    ]


@pytest.mark.parametrize("url", ["/feeds/resolutions.atom", "/feeds/pages.atom"])
def test_atom_ids_are_tag_uris_whatever_the_host(client, registry, settings, url):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    registry(2, 2)
    ids = _ids(client, url, "testserver")
    assert len(ids) > 1
    assert all(i.startswith("tag:workgroups.python.org,2026:") for i in ids)
    assert len(set(ids)) == len(ids)
    assert _ids(client, url, "mirror.example") == ids


def test_a_changed_page_is_a_new_entry_and_its_resolution_ids_stay(client, registry):
    registry(1, 1)
    resolutions = _ids(client, "/feeds/resolutions.atom", "testserver")
    pages = _ids(client, "/feeds/pages.atom", "testserver")
    page = Page.objects.filter(kind="minutes").first()
    page.body = "Changed."
    page.save()
    changed = _ids(client, "/feeds/pages.atom", "testserver")
    assert changed[0] == pages[0]  # the feed's own id
    assert changed[1] not in pages and f"page/{page.pk}/" in changed[1]
    assert _ids(client, "/feeds/resolutions.atom", "testserver") == resolutions


def test_the_tag_authority_is_a_setting(client, registry, settings):
    settings.WORKGROUPS_TAG_AUTHORITY = "example.org"
    registry(1, 1)
    ids = _ids(client, "/feeds/resolutions.atom", "testserver")
    assert ids[0] == "tag:example.org,2026:feeds/resolutions"
    resolution = Resolution.objects.order_by("pk").first()
    assert f"tag:example.org,2026:resolution/{resolution.pk}" in ids
