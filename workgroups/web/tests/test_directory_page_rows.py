"""The directory reads a page's groups with their contacts in one query, and picks the ids of a
page past the first, or across statuses, before reading their rows (web/directory.py)."""

import re

import pytest

from workgroups.registry.models import Group
from workgroups.tests.factories import make_group, make_list, make_person, seat

pytestmark = pytest.mark.django_db


def cards(client, url: str) -> list[str]:
    return re.findall(r'<li class="card">.*?</li>', client.get(url).content.decode(), re.S)


def test_the_contact_is_the_first_list_by_position_then_by_id(client):
    group = make_group(name="Listed Group", slug="listed")
    make_list(group, "second@example.org", position=1, url="https://example.org/second")
    make_list(group, "first@example.org", position=0)  # no url: the address is the link
    make_list(group, "later@example.org", position=0, url="https://example.org/later")
    make_group(name="Unlisted Group", slug="unlisted", position=1)
    listed, unlisted = cards(client, "/")
    assert '<dt>Contact</dt><dd><a href="mailto:first@example.org">first@example.org</a>' in listed
    assert "Contact" not in unlisted


def test_every_page_shows_the_cards_one_page_of_all_of_them_shows(client, monkeypatch):
    from workgroups.web import directory

    statuses = [Group.Status.ACTIVE, Group.Status.PROPOSED, Group.Status.INACTIVE]
    for i in range(11):
        group = make_group(
            name=f"Group {i}", slug=f"group-{i}", status=statuses[i % 3], position=10 - i
        )
        if i % 2:
            make_list(group, f"g{i}@example.org", url=f"https://example.org/{i}")
        seat(group, make_person(f"Chair {i}"), "chair" if i % 4 else "co-chair")
    every = cards(client, "/")
    active = cards(client, "/?status=active")
    assert len(every) == 11 and len(active) == 4
    # Pages of 3: the first page is all active groups, the second runs into the proposed ones.
    monkeypatch.setattr(directory, "DIRECTORY_PAGE_SIZE", 3)
    assert sum((cards(client, f"/?page={n}") for n in range(1, 5)), []) == every
    assert sum((cards(client, f"/?status=active&page={n}") for n in (1, 2)), []) == active


def test_the_index_of_current_leads_holds_the_roles_the_directory_shows():
    # The planner uses a partial index only for a query whose condition implies the index's.
    from workgroups.registry.models import Membership
    from workgroups.web.views import LEADS

    (index,) = [i for i in Membership._meta.indexes if i.name == "membership_current_lead"]
    assert dict(index.condition.children) == {"end__isnull": True, "role__in": LEADS}
