"""Querysets compiled once and run again with new values (checks/prepared.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workgroups.checks import prepared
from workgroups.checks.tests.make import group, member
from workgroups.registry.models import Group, Membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_afresh")]


def memberships_of(g, params=None):
    return prepared.rows(
        ("test", "memberships"),
        lambda: Membership.objects.select_related("person").filter(group_id=g.pk).order_by("pk"),
        [g.pk] if params is None else params,
    )


def test_a_second_use_runs_the_same_sql_with_its_own_values():
    a, b = group("A", "a"), group("B", "b")
    member(a, "Ann Example")
    member(b, "Bob Example")
    member(b, "Cy Example")
    assert [m.person.name for m in memberships_of(a)] == ["Ann Example"]
    assert ("test", "memberships") in prepared._compiled
    with CaptureQueriesContext(connection) as queries:
        rows = memberships_of(b)
        # The related rows came with them, converted as the queryset converts them.
        names = [m.person.name for m in rows]
    assert names == ["Bob Example", "Cy Example"]
    assert len(queries) == 1
    assert [m.pk for m in rows] == list(
        Membership.objects.filter(group=b).order_by("pk").values_list("pk", flat=True)
    )
    assert not rows[0]._state.adding


def test_parameters_unlike_the_compiled_ones_are_not_kept():
    a = group("A", "a")
    member(a, "Ann Example")
    # Wrong parameters: the queryset's own rows, and nothing kept to be run with them.
    assert [m.person.name for m in memberships_of(a, params=["nonsense"])] == ["Ann Example"]
    assert ("test", "memberships") not in prepared._compiled


def test_values_list_rows_are_tuples():
    a, b = group("A", "a"), group("B", "b")

    def slugs(ids):
        return prepared.rows(
            ("test", "slugs", len(ids)),
            lambda: Group.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "slug"),
            ids,
        )

    assert slugs([a.pk]) == [(a.pk, "a")]
    assert slugs([b.pk]) == [(b.pk, "b")]
    assert slugs([a.pk, b.pk]) == [(a.pk, "a"), (b.pk, "b")]


def test_rows_are_the_instances_django_makes_and_init_signals_are_sent_when_listened_to():
    from django.db.models.signals import post_init

    a = group("A", "a", formed="2018-05")
    member(a, "Ann Example", start="2019")

    def made():
        return prepared.rows(
            ("test", "memberships of groups"),
            lambda: Membership.objects.select_related("person", "group").filter(group_id=a.pk),
            [a.pk],
        )

    django_made = list(Membership.objects.select_related("person", "group").filter(group=a))
    for rows in (made(), made()):
        (row,) = rows
        assert row.__dict__.keys() == django_made[0].__dict__.keys()
        assert (row.start, row.group.formed, row.person.name) == (
            django_made[0].start,
            django_made[0].group.formed,
            "Ann Example",
        )
        assert str(row.group.formed) == "2018-05"  # the date field's descriptor made it a date
        assert (row._state.adding, row._state.db) == (False, "default")
        assert row.group._state.fields_cache == django_made[0].group._state.fields_cache

    heard = []

    def listen(sender, instance, **kwargs):
        heard.append(type(instance).__name__)

    post_init.connect(listen, sender=Membership)
    try:
        made()
    finally:
        post_init.disconnect(listen, sender=Membership)
    assert heard == ["Membership"]


def test_the_registrys_rows_are_prepared_once_and_read_afresh_by_each_registry():
    from datetime import date

    from workgroups.checks.registry import Registry
    from workgroups.registry.models import Page

    a = group("A", "a")
    Page.objects.create(group=a, path="A/Minutes", title="Minutes", kind="minutes")
    first = Registry(date(2026, 3, 10))
    assert [g.slug for g in first.groups] == ["a"]
    assert [p.title for p in first.pages] == ["Minutes"]
    assert {
        ("registry", "registry.Group"),
        ("registry", "registry.Page"),
    } <= prepared._compiled.keys()
    group("B", "b")
    again = Registry(date(2026, 3, 10))
    assert [g.slug for g in again.groups] == ["a", "b"]
    assert [(p.group.slug, p.source) for p in again.pages] == [("a", None)]
