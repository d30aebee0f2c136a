"""A person's page: their names and memberships, read by queries compiled once per process."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workgroups.tests.factories import make_group, make_person, seat

pytestmark = pytest.mark.django_db


def test_each_person_gets_their_own_names_and_groups(client):
    tea, chess = (
        make_group(name="Tea Group", slug="tea"),
        make_group(name="Chess Group", slug="chess"),
    )
    ann = make_person("Ann Example", aliases=["A. Example"])
    bo = make_person("Bo Example", aliases=["B. Example"])
    seat(tea, ann)
    seat(chess, ann, end="2020")
    seat(chess, bo)
    first = client.get(ann.get_absolute_url()).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(bo.get_absolute_url()).content.decode()
    assert len(queries) == 3
    assert "A. Example" in first and "Tea Group" in first and "Chess Group" in first
    assert "B. Example" in second and "Chess Group" in second
    assert "A. Example" not in second and "Tea Group" not in second
    # Now in one group of two, the current one first.
    assert "In 1 group now; 2 in all." in first
    assert first.index("Tea Group") < first.index("Chess Group")


def test_an_unknown_person_is_not_found(client):
    make_person("Ann Example")
    assert client.get("/people/nobody-here/").status_code == 404
