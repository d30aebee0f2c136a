"""PostgreSQL: `search_match` follows web_searchentry, and a rebuild leaves both tables
their planner statistics and all-visible pages."""

import pytest
from django.db import connection

from workgroups.search.index import rebuild_index, search
from workgroups.search.models import SearchEntry
from workgroups.tests.factories import make_group, make_person, make_resolution

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own table, planner and VACUUM"
)

TABLES = ("web_searchentry", "search_match")


def _table_state(table: str) -> tuple[float, bool]:
    """(rows the planner counts, whether VACUUM has set every page all-visible)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples, relallvisible = relpages FROM pg_class WHERE relname = %s",
            [table],
        )
        return cursor.fetchone()


def _matches() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rank_key, title::text, words::text FROM search_match ORDER BY 1")
        return cursor.fetchall()


def _expected() -> list[tuple]:
    """What the triggers should have written: each entry's key, its name's and all its words."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rank_key, strip(to_tsvector('simple', keys_title))::text, "
            "strip(to_tsvector('simple', keys_title || ' ' || keys_body))::text "
            "FROM web_searchentry ORDER BY 1"
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_outside_a_transaction_vacuums_and_analyzes():
    make_group(name="Zebra Council", slug="council")
    make_person("Zebra Smith")
    assert rebuild_index() == 2
    # ANALYZE counts the rows; only VACUUM sets pages all-visible.
    assert [_table_state(table) for table in TABLES] == [(2, True), (2, True)]
    assert search("zebra", 20, 0)[0] == 2


@pytest.mark.django_db
def test_a_rebuild_inside_a_transaction_analyzes():
    make_group(name="Zebra Council", slug="council")
    assert rebuild_index() == 1
    assert [_table_state(table)[0] for table in TABLES] == [1, 1]


@pytest.mark.django_db
def test_search_match_follows_inserts_updates_and_deletes():
    council = make_group(name="Zebra Council", slug="council", purpose="Stripes.")
    make_person("Zebra Smith")
    make_resolution(council, title="Establishing resolution", text="RESOLVED, zebras.")
    assert len(_matches()) == 3
    assert _matches() == _expected()
    council.name = "Zebra Council of the Savanna Region"  # a longer name: a new rank key
    council.purpose = "Grass."
    council.save()
    assert _matches() == _expected()
    assert search("grass", 20, 0)[0] == 1 and search("stripes", 20, 0)[0] == 0
    SearchEntry.objects.filter(kind="person").delete()
    assert len(_matches()) == 2
    assert _matches() == _expected()
    rebuild_index()
    assert _matches() == _expected()


@pytest.mark.django_db(transaction=True)
def test_a_truncated_index_leaves_no_matches():
    make_group(name="Zebra Council", slug="council")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE web_searchentry")
    assert _matches() == []
    assert search("zebra", 20, 0) == (0, [])


@pytest.mark.django_db
def test_the_gin_indexes_of_search_match_keep_a_short_pending_list():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN "
            "('search_match_words', 'search_match_title') ORDER BY relname"
        )
        assert cursor.fetchall() == [
            ("search_match_title", ["gin_pending_list_limit=64"]),
            ("search_match_words", ["gin_pending_list_limit=64"]),
        ]
