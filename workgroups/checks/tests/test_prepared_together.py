"""Prepared queries run together (checks/prepared.py: one round trip on PostgreSQL)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from workgroups.checks import prepared
from workgroups.checks.tests.make import claim, group, member
from workgroups.lib.vocabulary import ClaimField
from workgroups.registry import snapshot
from workgroups.registry.models import Claim, Group, Membership
from workgroups.tests.factories import tea_registry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_afresh")]


def members(g):
    return (
        ("test", "members"),
        lambda: Membership.objects.select_related("person").filter(group_id=g.pk).order_by("pk"),
        [g.pk],
    )


def slugs(ids):
    return (
        ("test", "slugs", len(ids)),
        lambda: Group.objects.filter(pk__in=ids).order_by("pk").values("slug"),
        ids,
    )


def test_each_querys_rows_in_order_and_each_query_counted():
    a, b = group("A", "a"), group("B", "b")
    member(a, "Ann Example")
    member(b, "Bob Example")
    for _ in range(2):  # compiled, then run again
        with CaptureQueriesContext(connection) as queries:
            of_a, of_b, both, none = prepared.together(
                members(a), members(b), slugs([a.pk, b.pk]), slugs([])
            )
        assert [m.person.name for m in of_a] == ["Ann Example"]
        assert [m.person.name for m in of_b] == ["Bob Example"]
        assert both == [{"slug": "a"}, {"slug": "b"}]
        assert none == []  # an empty IN: no query, as Django does it
        assert len(queries) == 3


def test_a_json_value_given_as_its_json_text_is_compiled_once():
    a, b = group("A", "a"), group("B", "b")
    claim(a, ClaimField.MAILING_LIST, "a@example.org")
    claim(b, ClaimField.MAILING_LIST, "b@example.org")

    def giving(address):
        return prepared.rows(
            ("test", "giving"),
            lambda: Claim.objects.filter(field=ClaimField.MAILING_LIST, value=address),
            [ClaimField.MAILING_LIST, f'"{address}"'],
        )

    assert [c.group_id for c in giving("a@example.org")] == [a.pk]
    assert ("test", "giving") in prepared._compiled
    assert [c.group_id for c in giving("b@example.org")] == [b.pk]
    assert giving("nobody@example.org") == []


def test_a_database_error_is_djangos_and_leaves_the_connection_usable():
    a = group("A", "a")

    def broken():
        return (
            ("test", "broken"),
            lambda: Group.objects.filter(pk=a.pk).extra(where=["no_such_column = 1"]),
            [a.pk],
        )

    for _ in range(2):
        with pytest.raises(DatabaseError) as raised, transaction.atomic():
            prepared.together(slugs([a.pk]), broken())
        assert type(raised.value).__module__ == "django.db.utils"
    assert Group.objects.get().slug == "a"


def test_a_groups_snapshot_read_together_is_the_one_read_query_by_query():
    tea = tea_registry()
    for slugs_ in ([tea.slug], [], ["no-such-group"]):
        one_by_one = snapshot.take(slugs_, bodies=False)
        together = snapshot.take(slugs_, bodies=False, run=prepared.together)
        again = snapshot.take(slugs_, bodies=False, run=prepared.together)
        assert together.model_dump() == one_by_one.model_dump() == again.model_dump()
    assert snapshot.take([tea.slug]).model_dump()["groups"][0]["members"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_on_postgresql_these_statements_are_prepared_on_the_server_and_no_other():
    a, b = group("A", "a"), group("B", "b")

    def statements() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [statement for (statement,) in cursor.fetchall()]

    assert Group.objects.get(slug="a") == a  # Django's own queries are not prepared
    assert prepared.together(slugs([a.pk]), slugs([b.pk, a.pk])) == [
        [{"slug": "a"}],
        [{"slug": "a"}, {"slug": "b"}],
    ]
    assert prepared.rows(*slugs([b.pk])) == [{"slug": "b"}]
    prepared_statements = statements()
    assert len(prepared_statements) == 2, prepared_statements
    assert all(
        'FROM "registry_group" WHERE "registry_group"."id" IN ($1' in s for s in prepared_statements
    )


# SQLite's connections are always usable to Django (and the tests' in-memory one cannot be
# opened again): the cursor there is Django's own.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own cursor")
@pytest.mark.django_db(transaction=True)
def test_a_broken_persistent_connection_is_replaced_as_djangos_cursor_replaces_it():
    a = group("A", "a")
    assert prepared.rows(*slugs([a.pk])) == [{"slug": "a"}]
    # CONN_HEALTH_CHECKS on, a new request, and the server dropped the connection.
    connection.health_check_enabled, connection.health_check_done = True, False
    connection.connection.close()
    try:
        assert prepared.together(slugs([a.pk]), slugs([a.pk])) == [[{"slug": "a"}]] * 2
    finally:
        connection.health_check_enabled = False
