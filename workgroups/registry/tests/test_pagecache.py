import pytest

from workgroups.registry.models import Group


@pytest.fixture
def cached(settings, tmp_path):
    settings.PAGE_CACHE = True
    settings.DATA_DIR = tmp_path
    from workgroups import pagecache

    pagecache._local.clear()
    return pagecache


def test_it_serves_an_anonymous_read_from_ready_bytes(cached, client, group):
    first = client.get("/")
    second = client.get("/")
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_committed_write_is_visible_on_the_next_request(
    cached, client, group, django_capture_on_commit_callbacks
):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        Group.objects.create(name="Brand New Work Group", slug="brand-new")
    response = client.get("/")
    assert response["X-Cache"] == "miss"
    assert b"Brand New Work Group" in response.content


def test_it_never_caches_signed_in_reads_or_writes(cached, client, staff, group):
    client.force_login(staff)
    assert "X-Cache" not in client.get("/")
    client.logout()
    assert "X-Cache" not in client.post("/", {})


def test_it_is_off_unless_enabled(client, group):
    assert "X-Cache" not in client.get("/")
