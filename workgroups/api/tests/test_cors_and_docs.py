import pytest
from openapi_spec_validator import validate

from workgroups.web.middleware import CSP

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/api/v1/groups", "/api/v1/groups/code-of-conduct", "/api/v1/people", "/api/v1/openapi.json"],
)
def test_it_opens_get_answers_to_every_origin(client, registry, url):
    response = client.get(url, HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_it_opens_error_answers_too(client, registry):
    for url in ["/api/v1/groups/nope", "/api/v1/groups?limit=0", "/api/v1/nowhere"]:
        assert client.get(url)["Access-Control-Allow-Origin"] == "*"


def test_it_answers_a_preflight_for_get(client, registry):
    response = client.options(
        "/api/v1/groups",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept, x-requested-with",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "accept, x-requested-with"
    assert int(response["Access-Control-Max-Age"]) > 0


def test_it_does_not_open_writes_to_other_sites(client, registry):
    preflight = client.options(
        "/api/v1/groups/code-of-conduct",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
    )
    assert "PATCH" not in preflight["Access-Control-Allow-Methods"]
    post = client.post("/api/v1/groups", {}, content_type="application/json")
    assert "Access-Control-Allow-Origin" not in post


def test_it_publishes_a_valid_openapi_document(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    paths = schema["paths"]
    for path in [
        "/api/v1/groups",
        "/api/v1/groups/{slug}",
        "/api/v1/people",
        "/api/v1/people/{slug}",
        "/api/v1/resolutions",
        "/api/v1/findings",
        "/api/v1/search",
    ]:
        assert "get" in paths[path], path
    detail = schema["components"]["schemas"]["GroupDetail"]["properties"]
    for field in ["version", "aliases", "members", "resolutions", "pages", "sources"]:
        assert field in detail


def test_it_serves_the_docs_page_from_this_site_only(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "http://" not in html and "https://" not in html
    assert "<script>" not in html  # no inline script: the strict CSP stays as it is
    assert response["Content-Security-Policy"] == CSP
    for asset in ["swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"]:
        assert f"/api/v1/docs/assets/{asset}" in html
        served = client.get(f"/api/v1/docs/assets/{asset}")
        assert served.status_code == 200
        assert "max-age" in served["Cache-Control"]
    assert client.get("/api/v1/docs/assets/..%2Fmain.py").status_code == 404


def test_it_points_at_the_description_and_docs_from_the_root(client, db):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.json() == {"openapi": "/api/v1/openapi.json", "docs": "/api/v1/docs"}
