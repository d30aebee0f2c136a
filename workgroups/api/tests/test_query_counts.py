"""Every read answers in the same number of queries whatever the size of the registry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workgroups.lib.vocabulary import ClaimField, PageKind, ResolutionKind, Role, SourceKind
from workgroups.registry.models import Group, GroupAlias, Person
from workgroups.tests.factories import (
    make_claim,
    make_group,
    make_link,
    make_list,
    make_page,
    make_person,
    make_resolution,
    make_source,
    seat,
)

pytestmark = pytest.mark.django_db

# Endpoint -> queries: count + page for lists (one query with a name search); the group as its
# snapshot (one query per table: the group, memberships, people, sources, person and group
# aliases, lists, links, resolutions, pages, claims, approvals); the person, aliases and
# memberships.
EXPECTED = {
    "/api/v1/groups": 2,
    "/api/v1/groups?status=active&search=grüp 1&limit=5&offset=1": 1,  # counted by a window
    "/api/v1/groups/group-1": 12,
    "/api/v1/people": 2,
    "/api/v1/people?search=Pérson 1": 1,
    "/api/v1/people?search=Pérson&offset=5000": 2,  # past the end: a count on its own
    "/api/v1/people/person-1-1": 3,
    "/api/v1/resolutions": 2,
    "/api/v1/resolutions?group=group-1&year=2019": 2,
    "/api/v1/search?q=grup": 2,  # the full-text index (search.index)
}


def populate(n: int) -> None:
    """n groups, each with n aliases, lists, links, members (one ended), resolutions, pages."""
    source = make_source(f"seed-{n}.md", SourceKind.PSF_PAGE)
    for g in range(n):
        group = make_group(
            name=f"Grüp {g}",
            slug=f"group-{g}",
            position=g,
            source=source,
            line_start=g + 1,
            aliases=[f"Grüp {g} alias {i}" for i in range(n)],
        )
        for i in range(n):
            make_list(group, f"l{i}@g{g}.org", source=source)
            make_link(group, f"L{i}", f"https://g{g}.org/{i}")
            person = make_person(f"Pérson {g} {i}", aliases=[f"Person {g} {i} alias"])
            seat(
                group,
                person,
                Role.CHAIR if i == 0 else Role.MEMBER,
                "2019",
                end="2020" if i == 1 else None,
                source=source,
                line_start=100 + i,
            )
            make_resolution(
                group, ResolutionKind.AMENDING, f"R {i}", date=f"2019-0{1 + i % 9}", position=i
            )
            make_page(group, PageKind.MINUTES, f"P{i}", f"p{i}", source=source)
            make_claim(group, ClaimField.STATUS, "active", source)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    return len(captured)


@pytest.mark.parametrize("url", list(EXPECTED))
def test_it_answers_in_a_constant_number_of_queries(client, url):
    populate(3)
    small = queries(client, url)
    more = 12
    # Grow the same registry: more groups, and more of every row in group-1 and person-1-1.
    extra = make_source("more.md", SourceKind.WIKI_PAGE)
    others = [
        make_group(name=f"Grüp {g}", slug=f"group-{g}", position=g, source=extra)
        for g in range(3, 3 + more)
    ]
    group = Group.objects.get(slug="group-1")
    person_1_1 = Person.objects.get(slug="person-1-1")
    for i, other in enumerate(others, start=3):
        seat(group, make_person(f"Pérson 1 {i}"), start="2019", source=extra)
        seat(other, person_1_1)
        make_resolution(group, ResolutionKind.OTHER, f"More {i}", date="2019")
        make_page(group, PageKind.PAGE, f"Q{i}", f"q{i}", source=extra)
        GroupAlias.objects.create(group=group, name=f"Grüp 1 more {i}")
        make_claim(group, "x", i, extra, line_start=i)
    large = queries(client, url)
    assert small == large == EXPECTED[url]
