import pytest

pytestmark = pytest.mark.django_db


def names(client, search):
    return [p["name"] for p in client.get("/api/v1/people", {"search": search}).json()["items"]]


def test_it_lists_people_by_name_ignoring_accents(client, registry):
    data = client.get("/api/v1/people").json()
    assert data["count"] == 4
    assert data["items"][0] == {"slug": "brett-cannon", "name": "Brett Cannon"}
    assert [p["slug"] for p in data["items"]] == [
        "brett-cannon",
        "ewa-jodlowska",
        "lukasz-langa",
        "marc-andre-lemburg",
    ]


def test_it_pages_people(client, registry):
    data = client.get("/api/v1/people?limit=1&offset=1").json()
    assert data == {"count": 4, "items": [{"slug": "ewa-jodlowska", "name": "Ewa Jodlowska"}]}


@pytest.mark.parametrize(
    "search, expected",
    [
        ("lukasz", ["Łukasz Langa"]),
        ("Łukasz", ["Łukasz Langa"]),
        ("ŁUKASZ langa", ["Łukasz Langa"]),
        ("andre lemburg", ["Marc-André Lemburg"]),
        ("André", ["Marc-André Lemburg"]),
        ("marc-andre", ["Marc-André Lemburg"]),
        ("marc andre", ["Marc-André Lemburg"]),
        ("lemburg langa", []),
        ("an", ["Brett Cannon", "Łukasz Langa", "Marc-André Lemburg"]),
    ],
)
def test_it_searches_people_ignoring_case_and_accents(client, registry, search, expected):
    assert names(client, search) == expected


def test_it_finds_a_person_by_an_alias_only(client, registry):
    from workgroups.registry.models import Person, PersonAlias

    PersonAlias.objects.create(person=Person.objects.get(slug="ewa-jodlowska"), name="EWA J.")
    assert names(client, "ewa j.") == ["Ewa Jodlowska"]


def test_it_finds_accented_names_from_decomposed_text(client, registry):
    from workgroups.registry.models import Person

    # "é" written as "e" + a combining accent, as some sources do.
    Person.objects.create(name="Ame\u0301lie Poulain", slug="amelie-poulain")
    assert names(client, "amélie") == ["Ame\u0301lie Poulain"]
    assert names(client, "amelie poulain") == ["Ame\u0301lie Poulain"]


def test_it_shows_a_person_with_memberships(client, registry):
    data = client.get("/api/v1/people/marc-andre-lemburg").json()
    assert data == {
        "slug": "marc-andre-lemburg",
        "name": "Marc-André Lemburg",
        "aliases": ["Marc-Andre Lemburg"],
        "memberships": [
            {
                "group": {"slug": "packaging", "name": "Packaging Work Group"},
                "role": "co-chair",
                "start": "2016-05",
                "end": None,
                "current": True,
            },
            {
                "group": {"slug": "code-of-conduct", "name": "Code of Conduct Work Group"},
                "role": "member",
                "start": "2018-05-31",
                "end": "2020",
                "current": False,
            },
        ],
    }


def test_it_answers_404_json_for_an_unknown_person(client, registry):
    response = client.get("/api/v1/people/nobody")
    assert response.status_code == 404
    assert response.json() == {"detail": "No person with the slug 'nobody'."}


def test_it_counts_search_results_past_the_last_page(client, registry):
    assert client.get("/api/v1/people?search=an&offset=10").json() == {"count": 3, "items": []}
    data = client.get("/api/v1/people?search=an&limit=1&offset=1").json()
    assert data == {"count": 3, "items": [{"slug": "lukasz-langa", "name": "Łukasz Langa"}]}
