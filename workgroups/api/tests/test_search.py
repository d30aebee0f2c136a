import pytest

pytestmark = pytest.mark.django_db


def test_it_searches_the_full_text_ignoring_accents(client, registry):
    data = client.get("/api/v1/search", {"q": "lukasz"}).json()
    assert data["count"] >= 1
    hit = data["items"][0]
    assert set(hit) == {"kind", "title", "url", "context", "date", "snippet"}
    assert (hit["kind"], hit["title"], hit["url"]) == (
        "person",
        "Łukasz Langa",
        "/people/lukasz-langa/",
    )


def test_it_searches_resolution_text(client, registry):
    items = client.get("/api/v1/search", {"q": "RESOLVED packaging"}).json()["items"]
    assert {"kind": "resolution", "context": "Packaging Work Group"}.items() <= items[0].items()


def test_it_pages_search_results(client, registry):
    everything = client.get("/api/v1/search", {"q": "conduct"}).json()
    assert everything["count"] >= 2
    second = client.get("/api/v1/search", {"q": "conduct", "limit": 1, "offset": 1}).json()
    assert second["count"] == everything["count"]
    assert second["items"] == everything["items"][1:2]


def test_it_needs_a_query(client, registry):
    response = client.get("/api/v1/search")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"
    assert client.get("/api/v1/search?q=").json() == {"count": 0, "items": []}
