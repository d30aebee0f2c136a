import pytest

pytestmark = pytest.mark.django_db


def titles(response):
    return [(r["group"]["slug"], r["date"]) for r in response.json()["items"]]


def test_it_lists_resolutions_by_date_with_their_group(client, registry):
    response = client.get("/api/v1/resolutions")
    data = response.json()
    assert data["count"] == 3
    assert titles(response) == [
        ("packaging", "2016-05"),
        ("code-of-conduct", "2018-05-31"),
        ("code-of-conduct", "2020"),
    ]
    assert data["items"][1] == {
        "kind": "establishing",
        "title": "Establishing resolution",
        "date": "2018-05-31",
        "date_inferred": False,
        "text": "**RESOLVED**, that the code of conduct work group be created.",
        "vote": {"yes": 8, "no": 0, "abstain": 1},
        "medium": "IRC vote",
        "group": {"slug": "code-of-conduct", "name": "Code of Conduct Work Group"},
    }


def test_it_filters_resolutions_by_group_and_year(client, registry):
    assert titles(client.get("/api/v1/resolutions?group=packaging")) == [("packaging", "2016-05")]
    assert titles(client.get("/api/v1/resolutions?year=2018")) == [
        ("code-of-conduct", "2018-05-31")
    ]
    assert titles(client.get("/api/v1/resolutions?group=code-of-conduct&year=2020")) == [
        ("code-of-conduct", "2020")
    ]
    assert client.get("/api/v1/resolutions?year=1999").json() == {"count": 0, "items": []}


def test_it_puts_undated_resolutions_last(client, registry):
    from workgroups.registry.models import Resolution

    Resolution.objects.create(group=registry["edu"], kind="other", text="RESOLVED, sometime.")
    assert titles(client.get("/api/v1/resolutions"))[-1] == ("education", None)


def test_it_pages_resolutions(client, registry):
    data = client.get("/api/v1/resolutions?limit=1&offset=2").json()
    assert data["count"] == 3
    assert [r["date"] for r in data["items"]] == ["2020"]


def test_it_answers_404_for_resolutions_of_an_unknown_group(client, registry):
    response = client.get("/api/v1/resolutions?group=nope")
    assert response.status_code == 404
    assert response.json()["detail"] == "No group with the slug 'nope'."
    # A known group without resolutions is an empty list.
    assert client.get("/api/v1/resolutions?group=psc").json() == {"count": 0, "items": []}


def test_it_refuses_a_bad_year_naming_it(client, registry):
    response = client.get("/api/v1/resolutions?year=twenty")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "year"
