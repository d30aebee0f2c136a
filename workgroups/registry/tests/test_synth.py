"""`workgroups synth`: deterministic, in the ratios of DESIGN.md, and valid data."""

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from workgroups.lib.partialdate import PartialDate
from workgroups.registry import synth
from workgroups.registry.models import Group, Membership, Page, Person, PersonAlias, Resolution

PROJECT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def data():
    return synth.generate(200, seed=11)


def test_same_groups_and_seed_give_the_same_rows(data):
    assert synth.generate(200, seed=11) == data


def test_another_seed_gives_other_rows(data):
    other = synth.generate(200, seed=12)
    assert [g.name for g in other.groups] != [g.name for g in data.groups]


@pytest.mark.parametrize("n", [0, 1, 7, 200])
def test_ratios_are_ten_people_and_thirty_memberships_per_group(n):
    counts = synth.generate(n, seed=1).counts()
    assert counts["groups"] == n
    assert counts["people"] == 10 * n
    assert counts["memberships"] == 30 * n


def _dates(data):
    for g in data.groups:
        yield g.formed
        yield g.dissolved
    for m in data.memberships:
        yield m.start
        yield m.end
    for r in data.resolutions:
        yield r.date
    for p in data.pages:
        yield p.date
    for a in data.roster_approvals:
        yield a.date


def test_every_partial_date_parses_and_none_is_in_the_future(data):
    values = [v for v in _dates(data) if v is not None]
    parsed = [PartialDate.parse(v) for v in values]
    assert [p.iso() for p in parsed] == values
    assert all(p.earliest() <= synth.TODAY for p in parsed)
    assert {p.precision for p in parsed} == {"year", "month", "day"}


def test_every_membership_ends_at_or_after_its_start(data):
    for m in data.memberships:
        if m.start and m.end:
            assert PartialDate.parse(m.end) >= PartialDate.parse(m.start), m


def test_groups_are_dissolved_after_they_formed(data):
    for g in data.groups:
        if g.formed and g.dissolved:
            assert g.dissolved >= g.formed, g
        if g.dissolved:
            assert g.status == "dissolved"


def test_dissolved_groups_have_no_current_members(data):
    dissolved = {i for i, g in enumerate(data.groups) if g.status == "dissolved"}
    assert dissolved
    assert not [m for m in data.memberships if m.group in dissolved and m.end is None]


def test_names_and_slugs_are_unique(data):
    def dupes(values):
        return [v for v, n in Counter(values).items() if n > 1]

    assert not dupes(g.slug for g in data.groups)
    assert not dupes(g.name for g in data.groups)
    assert not dupes(p.slug for p in data.people)
    assert not dupes(a.name for a in data.person_aliases)
    assert not dupes((a.kind, a.name) for a in data.group_aliases)
    assert not dupes(p.path for p in data.pages)
    assert not dupes((p.group, p.slug) for p in data.pages)
    assert not {a.name for a in data.group_aliases} & {g.name for g in data.groups}


def test_a_person_holds_one_seat_per_group_at_a_time(data):
    seats = {}
    for m in data.memberships:
        seats.setdefault((m.person, m.group), []).append(m)
    for rows in seats.values():
        assert sum(1 for m in rows if m.end is None) <= 1, rows


def test_there_is_realistic_variety(data):
    assert {g.status for g in data.groups} == {"active", "inactive", "dissolved"}
    assert {m.role for m in data.memberships} == {r for r in Membership.Role.values}
    assert {m.end is None for m in data.memberships} == {True, False}
    assert {m.voting for m in data.memberships} == {True, False}
    assert {r.kind for r in data.resolutions} >= {"establishing", "dissolving", "roster"}
    assert any(r.vote_yes is not None for r in data.resolutions)
    assert any(r.date_inferred for r in data.resolutions)
    assert {p.kind for p in data.pages} == {"charter", "minutes", "members", "page"}
    assert {a.kind for a in data.group_aliases} == {"name", "path"}
    assert data.mailing_lists and data.links and data.person_aliases and data.roster_approvals
    assert any(p.name != synth._ascii(p.name) for p in data.people)  # accents
    assert 1.5 < len(data.pages) / len(data.groups) < 4
    # Some people sit in several groups, some in many.
    per_person = Counter(m.person for m in data.memberships)
    assert max(per_person.values()) >= 10


def test_rows_refer_to_rows_that_exist(data):
    groups, people = len(data.groups), len(data.people)
    assert all(0 <= m.group < groups and 0 <= m.person < people for m in data.memberships)
    assert all(0 <= r.resolution < len(data.resolutions) for r in data.roster_approvals)
    for a in data.roster_approvals:
        assert data.resolutions[a.resolution].group == a.group


def test_names_already_taken_are_not_generated_again(data):
    taken = synth.Taken(
        group_names={g.name for g in data.groups},
        group_slugs={g.slug for g in data.groups},
        group_aliases={(a.kind, a.name) for a in data.group_aliases},
        person_slugs={p.slug for p in data.people},
        person_aliases={a.name for a in data.person_aliases},
        page_paths={p.path for p in data.pages},
    )
    more = synth.generate(200, seed=11, taken=taken)
    assert not {g.name for g in more.groups} & taken.group_names
    assert not {g.slug for g in more.groups} & taken.group_slugs
    assert not {p.slug for p in more.people} & taken.person_slugs
    assert not {a.name for a in more.person_aliases} & taken.person_aliases
    assert not {p.path for p in more.pages} & taken.page_paths


@pytest.mark.django_db
def test_the_command_writes_the_rows_and_the_models_read_them():
    call_command("synth", groups=20, seed=5, stdout=open(os.devnull, "w"))
    data = synth.generate(20, seed=5)
    assert Group.objects.count() == 20
    assert Person.objects.count() == 200
    assert Membership.objects.count() == 600
    assert Resolution.objects.count() == len(data.resolutions)
    assert Page.objects.count() == len(data.pages)
    assert PersonAlias.objects.count() == len(data.person_aliases)
    assert list(Group.objects.order_by("position").values_list("slug", flat=True)) == [
        g.slug for g in data.groups
    ]
    membership = Membership.objects.select_related("person", "group", "source").first()
    assert membership.cite.startswith("synth/groups-20-seed-5.yaml:")
    for m in Membership.objects.exclude(start=None).exclude(end=None):
        assert m.end >= m.start
    # Keys follow on: rows made afterwards through the ORM get fresh ones.
    person = Person.objects.create(name="Late Comer", slug="late-comer")
    assert person.pk > max(Person.objects.exclude(pk=person.pk).values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_command_leaves_postgresqls_planner_knowing_the_new_rows():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics; SQLite's planner needs none here")
    call_command("synth", groups=20, seed=5, stdout=open(os.devnull, "w"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'registry_membership'")
        assert cursor.fetchone()[0] == 600


@pytest.mark.django_db(transaction=True)
def test_the_command_outside_a_transaction_leaves_postgresqls_pages_all_visible():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's visibility map; SQLite has none")
    call_command("synth", groups=20, seed=5, stdout=open(os.devnull, "w"))
    # VACUUM, not ANALYZE alone: the directory counts groups by status from an index only.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpages > 0, relallvisible = relpages FROM pg_class "
            "WHERE relname = 'registry_group'"
        )
        assert cursor.fetchone() == (True, True)


@pytest.mark.django_db
def test_the_command_refuses_a_database_with_groups_unless_forced(group):
    with pytest.raises(CommandError, match=r"already has 1 groups.*--force"):
        call_command("synth", groups=5)
    assert Group.objects.count() == 1
    call_command("synth", groups=5, force=True, stdout=open(os.devnull, "w"))
    assert Group.objects.count() == 6
    call_command("synth", groups=5, force=True, stdout=open(os.devnull, "w"))
    assert Group.objects.count() == 11
    assert Group.objects.values("slug").distinct().count() == 11


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every registry row, without the columns that hold the time of writing."""
    db = sqlite3.connect(path)
    tables = [
        name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        if name.startswith("registry_") and not name.startswith("registry_historical")
    ]
    dump = {}
    for table in tables:
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        kept = ", ".join(f'"{c}"' for c in columns if c != "updated_at")
        dump[table] = db.execute(f"SELECT {kept} FROM {table} ORDER BY id").fetchall()
    db.close()
    return dump


def test_it_gives_identical_rows_in_two_empty_databases(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["WORKGROUPS_SECRET_KEY"] = "test"
    dumps = []
    for run in ("one", "two"):
        env["WORKGROUPS_DATA_DIR"] = str(tmp_path / run)
        subprocess.run(
            [sys.executable, "-m", "workgroups", "synth", "--groups", "40", "--seed", "3"],
            cwd=PROJECT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
        dumps.append(_dump(tmp_path / run / "workgroups.sqlite3"))
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["registry_group"]) == 40
    assert len(dumps[0]["registry_person"]) == 400
    assert len(dumps[0]["registry_membership"]) == 1200
