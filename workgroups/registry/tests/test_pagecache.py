import os
import subprocess
import sys
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from workgroups.lib.vocabulary import Role
from workgroups.registry import services
from workgroups.registry.models import Group
from workgroups.tests.factories import make_group, make_person, seat


@pytest.fixture
def two_groups(group):
    other = make_group(name="Other Work Group", slug="other", formed="2020-01")
    seat(group, make_person("Ann Alpha"), Role.CHAIR, "2019-03")
    seat(other, make_person("Bo Beta"), Role.CHAIR, "2020-01")
    return group, other


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


def test_a_roster_edit_drops_that_groups_answers_and_no_others(
    cached, client, two_groups, django_capture_on_commit_callbacks
):
    paths = ["/groups/testing/", "/api/v1/groups/testing", "/groups/other/", "/api/v1/groups/other"]
    for path in paths:
        client.get(path)
    assert [client.get(path)["X-Cache"] for path in paths] == ["hit"] * 4

    with django_capture_on_commit_callbacks(execute=True):
        services.add_membership(group=two_groups[0], person="Cy Newcomer")

    answers = [client.get(path) for path in paths]
    assert [a["X-Cache"] for a in answers] == ["miss", "miss", "hit", "hit"]
    assert b"Cy Newcomer" in answers[0].content and b"Cy Newcomer" in answers[1].content
    assert client.get("/")["X-Cache"] == "miss"  # the directory counts members


def test_a_rename_drops_the_pages_that_show_the_name(
    cached, client, two_groups, django_capture_on_commit_callbacks
):
    paths = ["/groups/testing/", "/groups/other/", "/people/ann-alpha/"]
    for path in paths:
        client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        ann = two_groups[0].memberships.get().person
        ann.name = "Ann Renamed"
        ann.save()
    answers = [client.get(path) for path in paths]
    assert [a["X-Cache"] for a in answers] == ["miss", "hit", "miss"]
    assert b"Ann Renamed" in answers[0].content


def test_a_group_rename_drops_its_peoples_pages(
    cached, client, two_groups, django_capture_on_commit_callbacks
):
    client.get("/people/ann-alpha/")
    client.get("/people/bo-beta/")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_group(group=two_groups[0], name="Tested Work Group")
    ann, bo = client.get("/people/ann-alpha/"), client.get("/people/bo-beta/")
    assert (ann["X-Cache"], bo["X-Cache"]) == ("miss", "hit")
    assert b"Tested Work Group" in ann.content


def test_the_generation_changes_with_every_committed_write(
    cached, group, django_capture_on_commit_callbacks
):
    before = cached.generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_group(group=group, purpose="Testing things.")
    assert cached.generation() != before


def test_it_never_caches_signed_in_reads_or_writes(cached, client, staff, group):
    client.force_login(staff)
    assert "X-Cache" not in client.get("/")
    client.logout()
    assert "X-Cache" not in client.post("/", {})


def test_it_is_off_unless_enabled(client, group):
    assert "X-Cache" not in client.get("/")


# -- served before Django (workgroups/wsgi.py) ----------------------------------------------------


class Counting:
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self):
        self.django, self.calls = WSGIHandler(), 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.django(environ, start_response)


@pytest.fixture
def front(cached):
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        django = Counting()
        yield cached.ReadyAnswers(django), django
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(app, path, method="GET", **extra):
    environ = {}
    setup_testing_defaults(environ)
    path, _, query = path.partition("?")
    environ.update(REQUEST_METHOD=method, PATH_INFO=path, QUERY_STRING=query, **extra)
    said = {}

    def start_response(status, headers, exc_info=None):
        said.update(status=status, headers=headers)

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return said["status"], said["headers"], body


def without_x_cache(headers):
    return [(k, v) for k, v in headers if k != "X-Cache"]


@pytest.mark.parametrize(
    "path", ["/", "/groups/testing/", "/api/v1/groups/testing", "/groups/nowhere/"]
)
def test_a_hit_before_django_answers_what_the_miss_said(front, two_groups, path):
    app, django = front
    status, headers, body = call(app, path)
    assert ("X-Cache", "miss") in headers
    assert django.calls == 1

    hit_status, hit_headers, hit_body = call(app, path)
    assert django.calls == 1
    assert ("X-Cache", "hit") in hit_headers
    assert (hit_status, without_x_cache(hit_headers), hit_body) == (
        status,
        without_x_cache(headers),
        body,
    )
    names = {k for k, _ in hit_headers}
    assert {"Content-Security-Policy", "X-Content-Type-Options", "Content-Length"} <= names


def test_head_is_answered_ready_without_a_body(front, group):
    app, django = front
    _, headers, body = call(app, "/groups/testing/")
    status, head_headers, head_body = call(app, "/groups/testing/", method="HEAD")
    assert (status, head_body, django.calls) == ("200 OK", b"", 1)
    assert without_x_cache(head_headers) == without_x_cache(headers)
    assert ("X-Cache", "hit") in head_headers


def test_signed_in_readers_and_writes_pass_through_to_django(front, group):
    app, django = front
    call(app, "/groups/testing/")
    signed_in = call(app, "/groups/testing/", HTTP_COOKIE="csrftoken=x; sessionid=abc")
    with_token = call(app, "/api/v1/groups/testing", HTTP_AUTHORIZATION="Bearer nope")
    posted = call(app, "/groups/testing/", method="POST")
    assert django.calls == 4
    for _, headers, _ in (signed_in, with_token, posted):
        assert ("X-Cache", "hit") not in headers
    assert signed_in[2] and ("X-Cache", "miss") not in signed_in[1]


def test_a_write_is_seen_before_django_too(front, two_groups, django_capture_on_commit_callbacks):
    app, django = front
    call(app, "/groups/testing/")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_group(group=two_groups[0], purpose="Fresh purpose.")
    _, headers, body = call(app, "/groups/testing/")
    assert ("X-Cache", "miss") in headers and b"Fresh purpose." in body
    assert django.calls == 2


def test_workers_on_one_host_share_the_versions(cached, tmp_path):
    before = cached.generation()
    bump = "from pathlib import Path; from workgroups.pagecache import _FileVersions; "
    bump += f"_FileVersions(Path({str(tmp_path / 'pagecache-versions')!r})).bump(['lists'])"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "workgroups.settings"}
    subprocess.run([sys.executable, "-c", bump], check=True, env=env, timeout=60)
    assert cached.generation() != before


def test_another_workers_bump_drops_an_answer_already_found_fresh(cached, client, two_groups):
    # The second hit is answered from the remembered check; a bump moves the clock it rests on.
    paths = ["/groups/testing/", "/groups/other/"]
    for path in paths:
        client.get(path)
    assert [client.get(path)["X-Cache"] for path in paths] == ["hit", "hit"]
    bump = "from pathlib import Path; from workgroups.pagecache import _FileVersions; "
    bump += f"_FileVersions(Path({str(cached.settings.DATA_DIR / 'pagecache-versions')!r}))"
    bump += f".bump(['group:{two_groups[0].pk}'])"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "workgroups.settings"}
    subprocess.run([sys.executable, "-c", bump], check=True, env=env, timeout=60)
    assert [client.get(path)["X-Cache"] for path in paths] == ["miss", "hit"]


class Trickle:
    """A socket that hands over a reply a byte at a time."""

    def __init__(self, data):
        self.data = data

    def recv(self, size):
        byte, self.data = self.data[:1], self.data[1:]
        return byte


def test_it_reads_the_clock_however_the_reply_arrives(cached):
    assert cached._reply(Trickle(b"*2\r\n$2\r\n17\r\n$-1\r\n")) == (b"17", None)
    assert cached._reply(Trickle(b"*2\r\n$-1\r\n$3\r\n\r\n1\r\n")) == (None, b"\r\n1")
    with pytest.raises(ValueError):
        cached._reply(Trickle(b"-ERR wrong\r\n"))
    with pytest.raises(ValueError):
        cached._reply(Trickle(b"*2\r\n$2\r\n1"))  # the connection closed midway
