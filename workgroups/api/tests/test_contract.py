"""The API's edges, one case each of what fuzzing found: no input is a 5xx, errors are JSON in
one shape, a body that is not JSON is a 422, every status is documented, `Allow` agrees."""

import logging

import pytest

from workgroups.api import reads
from workgroups.api.tests.test_writes import bearer

pytestmark = pytest.mark.django_db

HUGE = 2**63  # past SQLite's largest integer


def is_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str)
    for error in body.get("errors", []):
        assert set(error) == {"field", "message", "location"}
    return body


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("board", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("path", ["/api/v1/groups", "/api/v1/people"])
@pytest.mark.parametrize("query", [f"search=a&offset={HUGE}", f"offset={HUGE}", "offset=-1"])
def test_an_offset_out_of_bounds_is_a_422_naming_it(client, registry, path, query):
    body = is_error(client.get(f"{path}?{query}"), 422)
    assert body["errors"][0]["field"] == "offset"
    assert body["errors"][0]["location"] == "query"


def test_the_largest_offset_answers_an_empty_page(client, registry):
    count = client.get("/api/v1/groups?search=a").json()["count"]
    response = client.get(f"/api/v1/groups?search=a&offset={reads.MAX_OFFSET}")
    assert response.json() == {"count": count, "items": []}


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/groups?search=a%00b", "search"),
        ("/api/v1/search?q=%1b", "q"),
        ("/api/v1/groups/a%00b", "slug"),
        ("/api/v1/resolutions?group=%C2%85", "group"),
    ],
)
def test_a_control_character_in_a_parameter_is_a_422_naming_it(client, registry, url, field):
    body = is_error(client.get(url), 422)
    assert body["errors"][0]["field"] == field


def test_an_unexpected_exception_is_a_logged_json_500(client, registry, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(reads, "page_of", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        body = is_error(client.get("/api/v1/people"), 500)
    assert body == {"detail": "Internal server error (it is logged).", "errors": []}
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.exc_info[0] is RuntimeError


@pytest.mark.parametrize("body", ["{not json", "", "\xff\xfe", "[1, 2"])
def test_a_body_that_is_not_json_is_a_422_of_the_body(client, registry, staff, body):
    response = client.generic(
        "PATCH",
        "/api/v1/groups/code-of-conduct",
        body.encode("latin-1"),
        content_type="application/json",
        **bearer(staff),
    )
    if body == "":  # no body at all: the payload is missing
        is_error(response, 422)
        return
    errors = is_error(response, 422)["errors"]
    assert errors[0]["location"] == "body"
    assert "JSON" in errors[0]["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/groups",
        "/api/v1/groups/code-of-conduct",
        "/api/v1/groups/code-of-conduct/members",
        "/api/v1/people",
        "/api/v1/",
    ],
)
def test_options_and_a_405_list_the_same_methods(client, registry, path):
    allowed = client.options(path)["Allow"]
    assert "OPTIONS" in allowed
    refused = client.put(path, "{}", content_type="application/json")
    is_error(refused, 405)
    assert refused["Allow"] == allowed
    for method in allowed.split(", "):
        if method != "OPTIONS":
            assert client.generic(method, path).status_code != 405


def test_every_answer_is_documented(client, db):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in statuses, (method, path)
            if method != "get":
                assert {"401", "403", "409"} <= statuses, (method, path)
            if "{slug}" in path:
                assert "404" in statuses, (method, path)


@pytest.mark.parametrize("text", ["Budget\\u00002026", "Budget\\ud8002026", "Budget\\u000b2026"])
def test_a_control_character_or_lone_surrogate_in_a_body_is_a_422_naming_it(
    client, registry, staff, text
):
    response = client.generic(
        "PATCH",
        "/api/v1/groups/code-of-conduct",
        f'{{"summary": "{text}"}}',
        content_type="application/json",
        **bearer(staff),
    )
    assert is_error(response, 422)["errors"][0]["field"] == "summary"


def test_an_id_past_the_database_integers_is_a_422_or_a_404(client, registry, staff):
    base = "/api/v1/groups/code-of-conduct"
    revert = client.post(
        f"{base}/reverts",
        {"model": "group", "history_id": HUGE},
        content_type="application/json",
        **bearer(staff),
    )
    assert is_error(revert, 422)["errors"][0]["field"] == "history_id"
    seat = client.patch(
        f"{base}/members/{HUGE}", {"end": "2024"}, content_type="application/json", **bearer(staff)
    )
    is_error(seat, 404)
