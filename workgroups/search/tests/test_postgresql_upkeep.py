"""PostgreSQL: a rebuilt index leaves the planner its statistics and the heap all-visible."""

import pytest
from django.db import connection

from workgroups.search.index import rebuild_index, search
from workgroups.tests.factories import make_group, make_person

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner and VACUUM"
)


def _table_state(table: str) -> tuple[float, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples, relallvisible FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_outside_a_transaction_vacuums_and_analyzes():
    make_group(name="Zebra Council", slug="council")
    make_person("Zebra Smith")
    assert rebuild_index() == 2
    # VACUUM alone sets pages all-visible; ANALYZE alone counts the rows.
    assert _table_state("web_searchentry") == (2, 1)
    assert search("zebra", 20, 0)[0] == 2


@pytest.mark.django_db
def test_a_rebuild_inside_a_transaction_analyzes():
    make_group(name="Zebra Council", slug="council")
    assert rebuild_index() == 1
    assert _table_state("web_searchentry")[0] == 1
