"""Every read answers in the same number of queries whatever the size of the registry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workgroups.registry.models import (
    Claim,
    Group,
    GroupAlias,
    Link,
    MailingList,
    Membership,
    Page,
    Person,
    PersonAlias,
    Resolution,
    Source,
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
    source = Source.objects.create(path=f"seed-{n}.md", kind="psf-page")
    for g in range(n):
        group = Group.objects.create(
            name=f"Grüp {g}", slug=f"group-{g}", position=g, source=source, line_start=g + 1
        )
        for i in range(n):
            GroupAlias.objects.create(group=group, name=f"Grüp {g} alias {i}")
            MailingList.objects.create(group=group, address=f"l{i}@g{g}.org", source=source)
            Link.objects.create(group=group, label=f"L{i}", url=f"https://g{g}.org/{i}")
            person = Person.objects.create(name=f"Pérson {g} {i}", slug=f"person-{g}-{i}")
            PersonAlias.objects.create(person=person, name=f"Person {g} {i} alias")
            Membership.objects.create(
                person=person,
                group=group,
                role="chair" if i == 0 else "member",
                start="2019",
                end="2020" if i == 1 else None,
                source=source,
                line_start=100 + i,
            )
            Resolution.objects.create(
                group=group, kind="amending", date=f"2019-0{1 + i % 9}", text=f"R {i}", position=i
            )
            Page.objects.create(
                group=group, kind="minutes", title=f"P{i}", slug=f"p{i}", source=source
            )
            Claim.objects.create(group=group, field="status", value="active", source=source)


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
    extra = Source.objects.create(path="more.md", kind="wiki-page")
    for g in range(3, 3 + more):
        Group.objects.create(name=f"Grüp {g}", slug=f"group-{g}", position=g, source=extra)
    group = Group.objects.get(slug="group-1")
    for i in range(3, 3 + more):
        person = Person.objects.create(name=f"Pérson 1 {i}", slug=f"person-1-{i}")
        Membership.objects.create(person=person, group=group, start="2019", source=extra)
        Membership.objects.create(
            person=Person.objects.get(slug="person-1-1"), group=Group.objects.get(slug=f"group-{i}")
        )
        Resolution.objects.create(group=group, kind="other", date="2019", text=f"More {i}")
        Page.objects.create(group=group, kind="page", title=f"Q{i}", slug=f"q{i}", source=extra)
        GroupAlias.objects.create(group=group, name=f"Grüp 1 more {i}")
        Claim.objects.create(group=group, field="x", value=i, source=extra, line_start=i)
    large = queries(client, url)
    assert small == large == EXPECTED[url]
