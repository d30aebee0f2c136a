"""The website on the bundled PSF record: every old address, every page, search, query counts."""

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workgroups.registry.models import Group, Page, Person
from workgroups.search.index import search

pytestmark = pytest.mark.usefixtures("psf_data", "db")

WIKI = Path(settings.BUNDLED_DATA[1])
REDIRECTS = json.loads((WIKI / "redirects-wg.json").read_text())
LEFTOVERS = ["{.backtick}", "Legacy Wiki Page", "[BR]", ".html)", "\\'", '\\"', "::: {}"]


def corpus_paths() -> list[str]:
    """Every wiki page path of the corpus (toctree-only index files are group folders)."""
    paths = []
    for file in sorted((WIKI / "psf").rglob("*.md")):
        path = file.relative_to(WIKI).with_suffix("").as_posix()
        if path.startswith("psf/about/") and "Example" not in path:
            continue  # not part of the working-groups record
        paths.append(path)
    return paths


def wiki_url(path: str) -> str:
    return "/wiki/" + quote(path, safe="/()")


def test_it_redirects_every_page_path_of_the_corpus(client):
    missing = []
    for path in corpus_paths():
        response = client.get(wiki_url(path))
        if response.status_code != 301:
            missing.append((path, response.status_code))
            continue
        target = client.get(response.headers["Location"])
        assert target.status_code == 200, (path, response.headers["Location"])
    assert missing == []


def test_it_redirects_every_old_moin_name(client):
    wrong = []
    for old in REDIRECTS:
        response = client.get(wiki_url(old))
        if response.status_code != 301:
            wrong.append((old, response.status_code))
    assert wrong == []


@pytest.mark.parametrize(
    "old, new",
    [
        ("psf/working-groups/Packaging/2019-06-07-Warehouse", "/pages/2019-06-07-warehouse/"),
        ("moin/PackagingWG(2f)2019(2d)06(2d)07(2d)Warehouse", "/pages/2019-06-07-warehouse/"),
        ("psf/working-groups/Conduct Group", "/pages/conduct-group/"),
        ("psf/working-groups/Conduct/index", "/groups/"),
        ("psf/working-groups/index", "/"),
        ("psf/PackagingWG", "/groups/"),
    ],
)
def test_it_redirects_the_documented_examples(client, old, new):
    response = client.get(wiki_url(old))
    assert response.status_code == 301
    assert new in response.headers["Location"] or response.headers["Location"] == new


def test_it_answers_404_for_an_unknown_old_address(client):
    assert client.get("/wiki/psf/working-groups/NoSuchGroup").status_code == 404
    assert client.get("/wiki/moin/NoSuchPage").status_code == 404


def test_it_shows_every_group_person_and_page(client):
    groups = list(Group.objects.all())
    assert len(groups) > 15
    directory = client.get("/").content.decode()
    for group in groups:
        assert f'href="{group.get_absolute_url()}"' in directory
        html = client.get(group.get_absolute_url()).content.decode()
        assert html.count("<h1") == 1, group
    for person in Person.objects.all():
        assert client.get(person.get_absolute_url()).status_code == 200, person
    for page in Page.objects.select_related("group"):
        response = client.get(page.get_absolute_url())
        assert response.status_code == 200, page.path
        body = response.content.decode()
        article = body[body.index("<article") : body.index("</article>")]
        for leftover in LEFTOVERS:
            assert leftover not in article, (page.path, leftover)
        assert len(re.findall(r"<h1[\s>]", body)) == 1, page.path


def test_it_lists_active_groups_first_with_their_purposes(client):
    html = client.get("/").content.decode()
    assert html.index('id="section-active"') < html.index('id="section-dissolved"')
    assert "Code of Conduct Work Group" in html
    for group in Group.objects.exclude(summary="").exclude(purpose=""):
        assert group.summary in html


def test_it_shows_the_packaging_minutes_cleaned(client):
    page = Page.objects.get(path="psf/working-groups/Packaging/2019-06-07-Warehouse")
    html = client.get(page.get_absolute_url()).content.decode()
    assert "it's ok to switch tasks" in html
    assert "GitHub issues" in html and "GitHub.html" not in html
    assert "Legacy Wiki Page" not in html
    assert "made the most" not in html  # sanity: nothing invented


def test_it_searches_the_real_record(client):
    count, hits = search("conduct", 10, 0)
    assert count > 3 and hits[0].kind == "group" and "Conduct" in hits[0].title
    _, hits = search("lukasz", 10, 0)
    assert hits[0].kind == "person" and hits[0].title == "Łukasz Langa"
    _, hits = search("Marc-Andre Lemburg", 10, 0)
    assert hits[0].kind == "person" and hits[0].title.startswith("Marc-Andr")
    count, _ = search("warehouse", 10, 0)
    assert count > 20
    html = client.get("/search/?q=%C5%81ukasz").content.decode()
    assert "Łukasz Langa" in html


def test_it_finds_groups_by_their_other_names():
    _, hits = search("ConductWG", 10, 0)
    assert hits and hits[0].kind == "group" and hits[0].title == "Code of Conduct Work Group"


def test_it_renders_the_real_pages_in_the_same_number_of_queries(client):
    from workgroups.web.tests.test_query_counts import PAGES

    group = Group.objects.get(name="Packaging Work Group")
    minutes = group.pages.filter(kind="minutes").exclude(date=None).order_by("date")[5]
    with CaptureQueriesContext(connection) as q:
        client.get(group.get_absolute_url())
    assert len(q) == PAGES["/groups/made-up-0/"]
    with CaptureQueriesContext(connection) as q:
        client.get(minutes.get_absolute_url())
    assert len(q) == PAGES["/groups/made-up-0/pages/2020-01-10-meeting/"]
    with CaptureQueriesContext(connection) as q:
        client.get("/")
    assert len(q) == PAGES["/"]


def test_it_takes_the_chairs_the_wiki_names_when_python_org_names_none(client):
    html = client.get("/groups/code-of-conduct-work-group/").content.decode()
    assert "No chair is on record" not in html
    assert "Tania Allard" in html and "Jessica Greene" in html
    trademarks = client.get("/groups/trademarks-work-group/").content.decode()
    assert "No chair is on record" not in trademarks
