"""Through the API, a new group is proposed until its establishing resolution."""

import json

import pytest

from workgroups.api.models import ApiToken
from workgroups.registry.models import Group

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(staff):
    _, key = ApiToken.issue(staff)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, url, body, headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def test_it_creates_a_group_proposed(client, headers):
    response = post(client, "/api/v1/groups", {"name": "Docs Work Group"}, headers)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "proposed"
    listed = client.get("/api/v1/groups?status=proposed").json()
    assert [g["slug"] for g in listed["items"]] == ["docs-work-group"]
    assert client.get("/api/v1/groups?status=active").json()["count"] == 0


def test_its_establishing_resolution_makes_it_active(client, headers):
    post(client, "/api/v1/groups", {"name": "Docs Work Group"}, headers)
    body = {"kind": "establishing", "date": "2024-05-02", "text": "RESOLVED, docs."}
    response = post(client, "/api/v1/groups/docs-work-group/resolutions", body, headers)
    assert response.status_code == 201, response.content
    group = client.get("/api/v1/groups/docs-work-group").json()
    assert (group["status"], group["formed"]) == ("active", "2024-05-02")


def test_it_creates_a_group_active_with_its_establishing_resolution(client, headers):
    body = {
        "name": "Docs Work Group",
        "establishing": {
            "date": "2024-05-02",
            "text": "RESOLVED, docs.",
            "vote": {"yes": 7, "no": 0, "abstain": 1},
            "members": [{"person": "Ann Able", "role": "chair"}],
        },
    }
    response = post(client, "/api/v1/groups", body, headers)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["status"], data["formed"]) == ("active", "2024-05-02")
    assert [r["kind"] for r in data["resolutions"]] == ["establishing"]
    assert [(m["person"]["name"], m["role"]) for m in data["members"]] == [("Ann Able", "chair")]


@pytest.mark.parametrize(
    "establishing",
    [
        {"text": "RESOLVED."},
        {"date": "2024-02-30", "text": "RESOLVED."},
        {"date": "2024", "text": "RESOLVED.", "kind": "dissolving"},
    ],
)
def test_a_bad_establishing_resolution_is_a_422_and_creates_nothing(client, headers, establishing):
    body = {"name": "Docs Work Group", "establishing": establishing}
    response = post(client, "/api/v1/groups", body, headers)
    assert response.status_code == 422, response.content
    assert any(e["field"].startswith("establishing") for e in response.json()["errors"])
    assert not Group.objects.exists()


def test_the_openapi_document_names_the_proposed_status(client):
    schema = client.get("/api/v1/openapi.json").json()
    params = schema["paths"]["/api/v1/groups"]["get"]["parameters"]
    [status] = [p for p in params if p["name"] == "status"]
    assert "proposed" in json.dumps(status)
    assert "establishing" in json.dumps(schema["components"]["schemas"]["GroupIn"])


def test_a_proposed_group_has_no_findings_for_lacking_a_chair_or_activity(client, headers):
    post(client, "/api/v1/groups", {"name": "Docs Work Group"}, headers)
    findings = client.get("/api/v1/findings").json()
    items = findings["items"] if isinstance(findings, dict) else findings
    assert [f for f in items if "docs-work-group" in f["groups"]] == []
