"""Search's order (name tiers, kind, name length, age) and its counts, page by page."""

import pytest

from workgroups.lib.vocabulary import PageKind
from workgroups.search import index
from workgroups.search.index import search
from workgroups.tests.factories import make_group, make_page, make_person, make_resolution

pytestmark = pytest.mark.django_db


@pytest.fixture
def zebras(db):
    crossing = make_group(
        name="Zebra Crossing Work Group", slug="crossing", purpose="Reports to the council."
    )
    council = make_group(name="Zebra Council", slug="council")
    tea = make_group(name="Tea Work Group", slug="tea", purpose="Minds the zebra council.")
    make_person("Zebra Smith")
    make_person("Zebra Jones")
    make_resolution(council, title="Establishing resolution")
    make_resolution(tea, text="RESOLVED, that a zebra be adopted.", title="Adopting resolution")
    make_page(tea, PageKind.MINUTES, "Zebra Notes", "zebra-notes", body="Hay.")
    return {"crossing": crossing, "council": council, "tea": tea}


def titles(hits):
    return [(hit.kind, hit.title) for hit in hits]


def test_names_holding_the_word_come_first_by_kind_then_shorter_then_older(zebras):
    count, hits = search("zebra", 20, 0)
    assert count == 8
    assert titles(hits) == [
        ("group", "Zebra Council"),  # a shorter name than the crossing's, made later
        ("group", "Zebra Crossing Work Group"),
        ("person", "Zebra Smith"),  # as long as Jones's name, made first
        ("person", "Zebra Jones"),
        ("resolution", "Establishing resolution"),  # its name holds the group's
        ("page", "Zebra Notes"),
        ("group", "Tea Work Group"),  # the word in the text only
        ("resolution", "Adopting resolution"),
    ]


def test_names_holding_every_word_then_some_then_none(zebras):
    count, hits = search("council zebra", 20, 0)
    assert count == 4
    assert titles(hits) == [
        ("group", "Zebra Council"),
        ("resolution", "Establishing resolution"),
        ("group", "Zebra Crossing Work Group"),  # "zebra" in the name, "council" in the text
        ("group", "Tea Work Group"),
    ]


@pytest.mark.parametrize("query", ["zebra", "council zebra", "z", "work", "nothing"])
def test_every_page_is_its_slice_of_the_whole_order_with_the_same_count(zebras, query):
    count, everything = search(query, 200, 0)
    assert count == len(everything)
    for limit in (1, 2, 3):
        for offset in range(count + 2):
            assert search(query, limit, offset) == (count, everything[offset : offset + limit])


@pytest.mark.parametrize("sort_up_to", [0, 10_000])
@pytest.mark.parametrize("query", ["zebra", "council zebra"])
def test_postgresql_pages_are_the_same_read_in_key_order_or_sorted(
    zebras, monkeypatch, query, sort_up_to
):
    count, everything = search(query, 200, 0)
    monkeypatch.setattr(index, "SORT_MATCHES_UP_TO", sort_up_to)
    for offset in range(count + 1):
        assert search(query, 2, offset) == (count, everything[offset : offset + 2])


def test_a_renamed_entry_moves_to_its_new_place_once(zebras):
    zebras["council"].name = "Zebra Council of the Savanna Region"
    zebras["council"].save()
    count, hits = search("zebra", 3, 0)
    assert count == 8
    assert titles(hits) == [
        ("group", "Zebra Crossing Work Group"),
        ("group", "Zebra Council of the Savanna Region"),
        ("person", "Zebra Smith"),
    ]
    zebras["crossing"].delete()
    assert search("zebra", 1, 0) == (7, search("council savanna", 1, 0)[1])


def test_a_page_is_a_count_and_one_read_wherever_it_starts(zebras, django_assert_num_queries):
    for offset in (0, 3, 7):
        with django_assert_num_queries(2):
            search("zebra", 2, offset)
