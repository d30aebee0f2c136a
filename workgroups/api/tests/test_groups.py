import pytest

pytestmark = pytest.mark.django_db


def slugs(response):
    return [item["slug"] for item in response.json()["items"]]


def test_it_lists_groups_in_page_order_with_the_item_shape(client, registry):
    response = client.get("/api/v1/groups")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["count"] == 4
    assert data["items"][0] == {
        "slug": "code-of-conduct",
        "name": "Code of Conduct Work Group",
        "status": "active",
        "formed": "2018-05",
        "dissolved": None,
    }
    assert data["items"][2] == {
        "slug": "psc",
        "name": "Public Support Committee",
        "status": "dissolved",
        "formed": "2002-08-13",
        "dissolved": "2007-02-25",
    }
    assert slugs(response) == ["code-of-conduct", "packaging", "psc", "education"]


def test_it_filters_groups_by_status(client, registry):
    assert slugs(client.get("/api/v1/groups?status=active")) == ["code-of-conduct", "packaging"]
    assert slugs(client.get("/api/v1/groups?status=inactive")) == ["education"]
    assert client.get("/api/v1/groups?status=asleep").status_code == 422


def test_it_pages_groups_with_limit_and_offset(client, registry):
    data = client.get("/api/v1/groups?limit=2&offset=1").json()
    assert data["count"] == 4
    assert [g["slug"] for g in data["items"]] == ["packaging", "psc"]
    past = client.get("/api/v1/groups?offset=10").json()
    assert past == {"count": 4, "items": []}


@pytest.mark.parametrize("limit", ["0", "1001", "x"])
def test_it_refuses_a_bad_limit_naming_it(client, registry, limit):
    response = client.get(f"/api/v1/groups?limit={limit}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"
    assert response.json()["detail"].startswith("limit: ")


@pytest.mark.parametrize(
    "search, expected",
    [
        ("conduct", ["code-of-conduct"]),  # the name
        ("CONDUCT wg", ["code-of-conduct"]),  # every word, any case, name or alias
        ("python edu", ["education"]),  # an alias only
        ("outreach & education", ["education"]),
        ("work group", ["code-of-conduct", "packaging", "education"]),
        ("conduct packaging", []),  # every word must match
        ("psf/working-groups", []),  # legacy paths are not names
        ("   ", ["code-of-conduct", "packaging", "psc", "education"]),
    ],
)
def test_it_searches_groups_by_name_and_alias(client, registry, search, expected):
    assert slugs(client.get("/api/v1/groups", {"search": search})) == expected


def test_it_shows_a_group_with_every_part(client, registry):
    response = client.get("/api/v1/groups/code-of-conduct")
    assert response.status_code == 200
    data = response.json()
    assert list(data) == [
        "slug",
        "name",
        "status",
        "formed",
        "dissolved",
        "version",
        "aliases",
        "purpose",
        "confirmed",
        "confirmed_by",
        "mailing_lists",
        "links",
        "members",
        "resolutions",
        "pages",
        "sources",
    ]
    assert data["slug"] == "code-of-conduct"
    assert data["formed"] == "2018-05"
    assert isinstance(data["version"], int)
    assert data["aliases"] == ["Conduct WG"]
    assert data["purpose"] == "Enforce the *code of conduct*."
    assert data["mailing_lists"] == [
        {"address": "conduct-wg@python.org", "url": "https://mail.python.org/conduct-wg/"},
        {"address": "conduct-private@python.org", "url": None},
    ]
    assert data["links"] == [{"label": "Notes", "url": "https://example.org/notes"}]


def test_it_lists_current_members_chairs_first_then_past_ones(client, registry):
    members = client.get("/api/v1/groups/code-of-conduct").json()["members"]
    assert members == [
        {
            "person": {"slug": "lukasz-langa", "name": "Łukasz Langa"},
            "role": "chair",
            "voting": True,
            "start": "2018-05-31",
            "end": None,
            "current": True,
        },
        {
            "person": {"slug": "brett-cannon", "name": "Brett Cannon"},
            "role": "member",
            "voting": True,
            "start": "2018-05-31",
            "end": None,
            "current": True,
        },
        {
            "person": {"slug": "marc-andre-lemburg", "name": "Marc-André Lemburg"},
            "role": "member",
            "voting": True,
            "start": "2018-05-31",
            "end": "2020",
            "current": False,
        },
    ]


def test_it_shows_resolutions_with_votes(client, registry):
    resolutions = client.get("/api/v1/groups/code-of-conduct").json()["resolutions"]
    assert resolutions == [
        {
            "kind": "establishing",
            "title": "Establishing resolution",
            "date": "2018-05-31",
            "date_inferred": False,
            "text": "**RESOLVED**, that the code of conduct work group be created.",
            "vote": {"yes": 8, "no": 0, "abstain": 1},
            "medium": "IRC vote",
        },
        {
            "kind": "amending",
            "title": "Amended",
            "date": "2020",
            "date_inferred": False,
            "text": "RESOLVED.",
            "vote": None,
            "medium": "",
        },
    ]
    packaging = client.get("/api/v1/groups/packaging").json()["resolutions"]
    assert packaging[0]["date_inferred"] is True


def test_it_lists_pages_with_their_site_address(client, registry):
    pages = client.get("/api/v1/groups/code-of-conduct").json()["pages"]
    assert pages == [
        {
            "title": "Conduct Charter",
            "kind": "charter",
            "date": None,
            "path": "psf/working-groups/Conduct/Charter",
            "url": "/groups/code-of-conduct/pages/charter/",
        },
        {
            "title": "2019-06-07",
            "kind": "minutes",
            "date": "2019-06-07",
            "path": None,
            "url": "/groups/code-of-conduct/pages/2019-06-07/",
        },
    ]


def test_it_names_the_sources_and_lines_of_the_facts(client, registry):
    sources = client.get("/api/v1/groups/code-of-conduct").json()["sources"]
    # Group 10-24 with its list (14), member (20-22) and resolution (16-18) inside; the
    # charter page 1-40 and the claim 41-45 touch, so they merge.
    assert sources == [
        {"path": "psf/working-groups/Conduct.md", "kind": "wiki-page", "lines": ["1-45"]},
        {"path": "seeds/python-org-psf-workgroups.md", "kind": "psf-page", "lines": ["10-24"]},
    ]
    assert client.get("/api/v1/groups/psc").json()["sources"] == []


def test_it_answers_404_json_for_an_unknown_group(client, registry):
    response = client.get("/api/v1/groups/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "No group with the slug 'nope'."}


def test_it_answers_404_json_for_an_unknown_api_address(client, db):
    response = client.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert "detail" in response.json()
