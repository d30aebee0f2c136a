"""The API over the real PSF record (the bundled python.org page and wiki)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workgroups.lib.vocabulary import GROUP_PAGE_KINDS, PageKind, SourceKind

pytestmark = pytest.mark.django_db

CONDUCT = "code-of-conduct-work-group"


@pytest.fixture(autouse=True)
def _psf(psf_data):
    pass


def test_it_lists_the_psf_groups(client):
    data = client.get("/api/v1/groups?limit=1000").json()
    slugs = [g["slug"] for g in data["items"]]
    assert data["count"] == len(slugs) >= 20
    assert {CONDUCT, "packaging-work-group", "public-support-committee-psc"} <= set(slugs)
    assert "example-wg" not in slugs and "example-work-group" not in slugs
    dissolved = client.get("/api/v1/groups?status=dissolved").json()["items"]
    assert all(g["dissolved"] for g in dissolved) and len(dissolved) >= 3


def conduct(client) -> dict:
    return client.get(f"/api/v1/groups/{CONDUCT}").json()


def test_it_shows_the_code_of_conduct_work_group(client):
    group = conduct(client)
    assert group["name"] == "Code of Conduct Work Group"
    assert (group["status"], group["formed"], group["dissolved"]) == ("active", "2018-05", None)
    assert "Conduct WG" in group["aliases"]
    assert not any(alias.startswith("psf/") for alias in group["aliases"])
    assert {"address": "conduct-wg@python.org"}.items() <= group["mailing_lists"][0].items()


def test_it_shows_the_resolution_establishing_it(client):
    [establishing] = [r for r in conduct(client)["resolutions"] if r["kind"] == "establishing"]
    assert establishing["date"] == "2018-05-31"
    assert establishing["text"].startswith("**RESOLVED**")
    assert "Brett Cannon" in establishing["text"]


def test_it_shows_its_current_and_past_members(client):
    members = conduct(client)["members"]
    current = {m["person"]["name"] for m in members if m["current"]}
    past = {m["person"]["name"] for m in members if not m["current"]}
    assert {"Jeremy Hylton", "Brett Cannon", "Jeff Triplett"} <= current
    # Gone by python.org's 2024 list, and a past member by the newer charter's.
    assert {"Anwesha Das", "Łukasz Langa"} <= past
    langa = next(m for m in members if m["person"]["name"] == "Łukasz Langa")
    assert (langa["start"], langa["end"]) == ("2024", "XXXX")
    assert all(m["end"] is None for m in members if m["current"])


def test_it_shows_its_pages_and_sources(client):
    group = conduct(client)
    assert {p["kind"] for p in group["pages"]} <= set(GROUP_PAGE_KINDS)
    charter = [p for p in group["pages"] if p["kind"] == PageKind.CHARTER]
    assert charter and charter[0]["path"].startswith("psf/working-groups/")

    paths = {s["path"]: s for s in group["sources"]}
    page = paths["python-org-psf-workgroups.md"]
    assert page["kind"] == SourceKind.PSF_PAGE and page["lines"]


@pytest.mark.parametrize(
    "search, slug",
    [("conduct", CONDUCT), ("CONDUCT wg", CONDUCT), ("packaging", "packaging-work-group")],
)
def test_it_finds_psf_groups_by_name_or_alias(client, search, slug):
    items = client.get("/api/v1/groups", {"search": search}).json()["items"]
    assert slug in [g["slug"] for g in items]


@pytest.mark.parametrize(
    "search, slug",
    [
        ("lukasz", "lukasz-langa"),
        ("Łukasz", "lukasz-langa"),
        ("łUKASZ LANGA", "lukasz-langa"),
        ("andre lemburg", "marc-andre-lemburg"),
        ("Marc-André", "marc-andre-lemburg"),
    ],
)
def test_it_finds_psf_people_ignoring_accents(client, search, slug):
    items = client.get("/api/v1/people", {"search": search}).json()["items"]
    assert [p["slug"] for p in items] == [slug]


def test_it_shows_a_psf_person(client):
    person = client.get("/api/v1/people/marc-andre-lemburg").json()
    assert person["name"] == "Marc-André Lemburg"
    assert "Marc-Andre Lemburg" in person["aliases"]
    groups = {m["group"]["slug"] for m in person["memberships"]}
    assert "public-support-committee-psc" in groups
    assert any(not m["current"] for m in person["memberships"])


def test_it_lists_psf_resolutions_by_group_and_year(client):
    items = client.get(f"/api/v1/resolutions?group={CONDUCT}").json()["items"]
    assert items and all(r["group"]["slug"] == CONDUCT for r in items)
    in_2018 = client.get("/api/v1/resolutions?year=2018").json()["items"]
    assert CONDUCT in {r["group"]["slug"] for r in in_2018}
    assert all(r["date"].startswith("2018") for r in in_2018)


def test_it_lists_psf_findings(client):
    data = client.get("/api/v1/findings?limit=1000").json()
    assert data["count"] == len(data["items"])
    for finding in data["items"]:
        assert finding["severity"] in {"error", "warning", "info"}


def test_it_searches_the_psf_full_text(client):
    items = client.get("/api/v1/search", {"q": "conduct"}).json()["items"]
    assert any(hit["url"] == f"/groups/{CONDUCT}/" for hit in items)


def test_it_shows_every_psf_group_and_person_in_the_same_number_of_queries(client):
    counts = set()
    for group in client.get("/api/v1/groups?limit=1000").json()["items"]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/groups/{group['slug']}").status_code == 200
        counts.add(len(captured))
    assert counts == {12}  # one query per table of the group's snapshot
    counts = set()
    for person in client.get("/api/v1/people?limit=1000").json()["items"]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/people/{person['slug']}").status_code == 200
        counts.add(len(captured))
    assert counts == {3}
