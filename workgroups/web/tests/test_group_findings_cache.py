"""A group page's ready answer follows the groups its findings compared it with."""

import pytest

from workgroups.registry import services
from workgroups.registry.models import Group
from workgroups.tests.factories import make_group, make_resolution

pytestmark = pytest.mark.django_db

TEXT = "RESOLVED, that the Python Software Foundation forms the Testing Work Group to test."


@pytest.fixture
def same_text(group):
    other = make_group(name="Other Work Group", slug="other")
    make_group(name="Third Work Group", slug="third")
    make_resolution(group, text=TEXT, date="2019-03")
    make_resolution(other, text=TEXT, date="2020-01")
    return group, other


def test_a_write_to_a_group_compared_with_drops_the_page_and_others_do_not(
    cached, client, same_text, django_capture_on_commit_callbacks
):
    first = client.get("/groups/testing/")
    assert b"Other Work Group&#x27;s establishing resolution" in first.content
    assert client.get("/groups/testing/")["X-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.update_group(
            group=Group.objects.get(slug="third"), name="Renamed Third Work Group"
        )
    assert client.get("/groups/testing/")["X-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.update_group(group=same_text[1], name="Renamed Work Group")
    answer = client.get("/groups/testing/")
    assert answer["X-Cache"] == "miss"
    assert b"Renamed Work Group&#x27;s establishing resolution" in answer.content
