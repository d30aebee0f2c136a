import pytest

from workgroups.checks.engine import Finding, SourceRef

pytestmark = pytest.mark.django_db

FINDINGS = [
    Finding(
        code="no-chair",
        severity="warning",
        groups=("packaging",),
        message="Packaging Work Group has no chair.",
        sources=(SourceRef("seeds/page.md", 3, 5),),
    ),
    Finding(
        code="status-conflict",
        severity="error",
        groups=("code-of-conduct", "packaging"),
        message="Code of Conduct Work Group and Packaging Work Group disagree.",
    ),
    Finding(code="stale", severity="info", groups=("psc",), message="PSC is stale."),
]


@pytest.fixture
def findings(monkeypatch):
    monkeypatch.setattr("workgroups.checks.engine.compute_findings", lambda: list(FINDINGS))


def test_it_lists_findings_in_their_json_shape(client, findings):
    data = client.get("/api/v1/findings").json()
    assert data["count"] == 3
    assert data["items"] == [f.as_dict() for f in FINDINGS]
    assert data["items"][0] == {
        "code": "no-chair",
        "severity": "warning",
        "groups": ["packaging"],
        "message": "Packaging Work Group has no chair.",
        "sources": [{"path": "seeds/page.md", "line_start": 3, "line_end": 5}],
    }


def test_it_filters_and_pages_findings(client, findings):
    codes = lambda url: [f["code"] for f in client.get(url).json()["items"]]  # noqa: E731
    assert codes("/api/v1/findings?group=packaging") == ["no-chair", "status-conflict"]
    assert codes("/api/v1/findings?severity=error") == ["status-conflict"]
    assert codes("/api/v1/findings?limit=1&offset=1") == ["status-conflict"]
    assert client.get("/api/v1/findings?limit=1").json()["count"] == 3
    assert client.get("/api/v1/findings?severity=bad").status_code == 422


def test_it_lists_the_findings_of_a_real_registry(client, registry):
    from workgroups.checks.engine import compute_findings

    data = client.get("/api/v1/findings?limit=1000").json()
    assert data["items"] == [f.as_dict() for f in compute_findings()]
