"""Every public page runs the same number of queries whatever the amount of data.

Each page is measured on a small registry and on one several times larger; the counts must be
equal, and equal to the figure below (a change in either is a change to review).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workgroups.registry.models import Person
from workgroups.tests.factories import made_up_group, made_up_registry

pytestmark = pytest.mark.django_db

# url -> queries for an anonymous visitor
PAGES = {
    "/": 3,
    "/?status=active": 3,
    "/groups/made-up-0/": 11,
    "/groups/made-up-0/pages/2020-01-10-meeting/": 3,
    "/groups/made-up-0/pages/charter-v0/": 2,
    "/people/person-0-0/": 3,
    "/resolutions/": 1,
    "/timeline/": 7,  # the bars, then the last dated sign of inactive groups (one per kind)
    "/search/?q=made+up": 2,
    "/search/?q=zzzz": 1,
    "/feeds/resolutions.atom": 1,
    "/feeds/pages.atom": 1,
    "/wiki/psf/working-groups/MU0/2020-01-10-meeting": 1,
    "/wiki/psf/working-groups/MU0": 2,
    "/wiki/psf/MU0WG": 5,
    "/wiki/psf/nothing-here": 3,
}


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (200, 301, 404), (url, response.status_code)
    return len(queries)


def measure(client) -> dict[str, int]:
    return {url: count(client, url) for url in PAGES}


def test_it_runs_a_constant_number_of_queries_per_page(client):
    made_up_registry(2, 1)
    small = measure(client)
    # Four more groups, with six of everything each (memberships, resolutions, pages...),
    for i in range(2, 6):
        made_up_group(i, 6)
    # and the first person in more groups.
    big_first = made_up_group(99, 6)
    big_first.slug, big_first.name = "made-up-0-big", "Big"
    big_first.save()
    person = Person.objects.get(slug="person-0-0")
    for n in range(5):
        person.memberships.create(group=big_first, role="member", start=f"{2000 + n}")
    large = measure(client)
    assert small == large
    assert small == PAGES


def test_it_keeps_the_group_page_and_directory_constant_as_groups_grow(
    client, django_assert_num_queries
):
    made_up_registry(1, 1)
    with django_assert_num_queries(PAGES["/groups/made-up-0/"]):
        client.get("/groups/made-up-0/")
    for i in range(1, 8):
        made_up_group(i, 5)
    with django_assert_num_queries(PAGES["/groups/made-up-0/"]):
        client.get("/groups/made-up-0/")
    with django_assert_num_queries(PAGES["/"]):
        client.get("/")
