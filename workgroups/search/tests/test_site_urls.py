"""Search entries' addresses, built from one reverse() per route, are get_absolute_url()'s."""

import pytest

from workgroups.registry.models import Group, Person, Resolution
from workgroups.search import index
from workgroups.search.models import SearchEntry
from workgroups.tests.factories import make_group, make_person, make_resolution

pytestmark = pytest.mark.django_db


def test_group_and_person_urls_are_get_absolute_urls(db):
    urls = index.SiteUrls()
    group = make_group(name="Conduct Work Group", slug="conduct_wg-2")
    person = make_person("Ada Lovelace")
    assert urls.group(group) == group.get_absolute_url() == "/groups/conduct_wg-2/"
    assert urls.person(person) == person.get_absolute_url()


def test_a_slug_the_route_refuses_is_reversed_as_before(db):
    urls = index.SiteUrls()
    # Not saved: the slug converter refuses it, so reverse() does, as get_absolute_url would.
    group, person = Group(slug="café"), Person(slug="a b")
    with pytest.raises(Exception) as by_reverse:
        group.get_absolute_url()
    with pytest.raises(by_reverse.type):
        urls.group(group)
    with pytest.raises(by_reverse.type):
        urls.person(person)


def test_new_rows_are_indexed_as_a_rebuild_indexes_them(db):
    group = make_group(name="Tea Work Group", slug="tea", purpose="Minds the *tea*.")
    person = make_person("Zebra Smith")
    resolution = make_resolution(group, title="Adopting resolution", text="RESOLVED, tea.")
    fields = [f.name for f in SearchEntry._meta.concrete_fields if f.name != "id"]
    index.rebuild_index()
    rebuilt = sorted(SearchEntry.objects.values_list(*fields))
    SearchEntry.objects.all().delete()
    index.index_new({Group: [group.pk], Person: [person.pk], Resolution: [resolution.pk]})
    assert sorted(SearchEntry.objects.values_list(*fields)) == rebuilt
    assert (
        "/groups/tea/#resolution-"
        in dict(SearchEntry.objects.values_list("kind", "url"))["resolution"]
    )
