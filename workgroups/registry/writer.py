"""The registry's one writer.

Every write to the registry (the governance operations behind forms and the API, the import,
the YAML load, synthetic data, the admin's account links) goes through a `Write`, inside the
caller's transaction. A `Write`:

- saves and deletes rows with who did it and why in their audit history (django-simple-history),
  or, for bulk paths, collects the history rows and writes them in one go at the end;
- creates or updates rows matched by a natural key (`upsert`), writing only what differs;
- assigns unique slugs (`unique_slug`);
- bumps the `version` of every group it touched, once, when it finishes;
- announces what it wrote (`signals.written`, with the touched group and person ids), so that
  the parts built on the registry (the page cache, the search index) follow without the
  registry knowing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import F, Max
from django.utils import timezone

from workgroups.registry.models import Group, Person
from workgroups.registry.signals import bulk_written, written

_BATCH = 5000  # rows per executemany
# The columns of a history row that say when, why and by whom, not what the row held.
_HISTORY_OWN = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


def unique_slug(
    base: str,
    taken: Callable[[str], bool],
    *,
    fallback: str = "item",
    max_length: int = 200,
) -> str:
    """`base`, or `base-2`, `base-3`... : the first that `taken` refuses, within `max_length`."""
    base = (base or fallback)[:max_length].strip("-") or fallback
    slug, n = base, 1
    while taken(slug):
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


def slug_for(model: type[models.Model], base: str, *, field: str = "slug", **scope) -> str:
    """A slug for a new row of `model` that no row (within `scope`) has yet."""
    max_length = model._meta.get_field(field).max_length or 200
    return unique_slug(
        base,
        lambda s: model.objects.filter(**{field: s}, **scope).exists(),
        fallback=model._meta.model_name,
        max_length=max_length,
    )


def _group_id(obj) -> int | None:
    if isinstance(obj, Group):
        return obj.pk
    return getattr(obj, "group_id", None)


def acting(user):
    """The signed-in user behind a write, or None for the system itself (an import)."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


class Write:
    """One write to the registry: who, why, what it touched. Call `finish()` at the end."""

    def __init__(self, *, user=None, comment: str = "", bulk_history: bool = False):
        self.user = acting(user)
        self.comment = comment or None
        self.bulk_history = bulk_history
        self.groups: set[int] = set()
        self.people: set[int] = set()
        self._history: list[tuple[type, bool, Any]] = []
        self._unsignalled: tuple[set[int], set[int]] = (set(), set())
        self._created: dict[type, list[int]] = {}  # rows of create_rows(), by model
        self.dirty = False  # anything written at all (some rows belong to no group)
        # create_rows() wrote rows of no group or person: whatever shows them is not named.
        self.unowned = False

    # -- rows ----------------------------------------------------------------------------

    def touch(self, obj=None, *, group_id: int | None = None) -> None:
        """Mark what a row belongs to as changed (its group's version, its pages)."""
        gid = group_id if group_id is not None else _group_id(obj)
        if gid is not None:
            self.groups.add(gid)
        if isinstance(obj, Person):
            self.people.add(obj.pk)
        elif getattr(obj, "person_id", None):
            self.people.add(obj.person_id)

    def _stamp(self, obj) -> None:
        if self.user is not None:
            obj._history_user = self.user
        obj._change_reason = self.comment

    def save(self, obj, **kwargs) -> None:
        """Save one row, its history row saying who and why."""
        created = obj.pk is None
        historied = hasattr(type(obj), "history")
        if historied and self.bulk_history:
            obj.skip_history_when_saving = True
            try:
                obj.save(**kwargs)
            finally:
                del obj.skip_history_when_saving
            self._history.append((type(obj), created, obj))
        else:
            self._stamp(obj)
            obj.save(**kwargs)
        self.dirty = True
        self.touch(obj)

    def delete(self, obj) -> None:
        self._stamp(obj)
        self.touch(obj)
        obj.delete()
        self.dirty = True

    def upsert(self, existing, model: type[models.Model], values: dict) -> tuple[Any, bool]:
        """Create the row, or update the fields of `existing` that differ; (row, changed)."""
        if existing is None:
            obj = model(**values)
            self.save(obj)
            return obj, True
        dirty = []
        for name, value in values.items():
            field = model._meta.get_field(name)
            current = getattr(existing, field.attname if field.is_relation else name)
            wanted = value.pk if field.is_relation and value is not None else value
            if current != wanted:
                setattr(existing, name, value)
                dirty.append(name)
        if dirty:
            self.save(existing, update_fields=dirty)
        return existing, bool(dirty)

    def bulk_create(self, model: type[models.Model], objs: Iterable, **kwargs) -> list:
        """Insert many rows at once (no per-row signals); they count as touched."""
        objs = model.objects.bulk_create(list(objs), **kwargs)
        for obj in objs:
            self.touch(obj)
        self.wrote(
            groups=filter(None, map(_group_id, objs)),
            people=(o.pk if isinstance(o, Person) else getattr(o, "person_id", None) for o in objs),
        )
        return objs

    def wrote(self, *, groups: Iterable[int] = (), people: Iterable[int] = ()) -> None:
        """Rows written without model signals (bulk inserts, raw SQL): say which."""
        groups, people = set(groups) - {None}, set(people) - {None}
        self.dirty = True
        self.groups |= groups
        self.people |= people
        self._unsignalled[0].update(groups)
        self._unsignalled[1].update(people)

    def insert_rows(self, model, columns: list[str], rows: list[tuple]) -> list[int]:
        """Insert plain rows; returns their primary keys, in order.

        The ORM's bulk_create spends most of its time building and compiling model instances
        (about 40 s for 10,000 groups on SQLite); `executemany` on SQLite and COPY on
        PostgreSQL take a few seconds. Keys are given explicitly, following the largest one in
        the table, so the same data in an empty database gets the same keys; the table's
        sequence is reset afterwards. No history rows are written (as bulk_create), and no
        signals are sent: `finish()` tells the page cache.
        """
        derive = getattr(model, "derived_columns", None)
        if derive is not None and rows:
            # Columns the model derives from others (Resolution.text_key), as its save() does.
            derived = [derive(dict(zip(columns, row, strict=True))) for row in rows]
            columns = [*columns, *derived[0]]
            rows = [(*row, *d.values()) for row, d in zip(rows, derived, strict=True)]
        meta = model._meta
        given = [meta.get_field(name).column for name in columns]
        extra_fields = [
            f for f in meta.concrete_fields if not f.primary_key and f.name not in columns
        ]
        now = timezone.now()
        extras = tuple(
            f.get_db_prep_save(
                now
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                else f.get_default(),
                connection,
            )
            for f in extra_fields
        )
        names = [meta.pk.column, *given, *(f.column for f in extra_fields)]
        first = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        keys = list(range(first, first + len(rows)))
        quote = connection.ops.quote_name
        table, cols = quote(meta.db_table), ", ".join(quote(n) for n in names)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # psycopg's own cursor: its errors are made Django's, as the ORM's would be.
                with connection.wrap_database_errors:
                    with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                        for key, row in zip(keys, rows, strict=True):
                            copy.write_row((key, *row, *extras))
            else:
                sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(names))})"
                for i in range(0, len(rows), _BATCH):
                    batch = zip(keys[i : i + _BATCH], rows[i : i + _BATCH], strict=True)
                    cursor.executemany(sql, [(key, *row, *extras) for key, row in batch])
            for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(sql)
        self.dirty = True
        return keys

    def create_rows(self, model, columns: list[str], rows: list[tuple]) -> list[int]:
        """Insert new rows as `insert_rows` does, with their history; returns their keys.

        Unlike `insert_rows`, this is a write like `save()`: each row gets its history row
        ("created", who and why), the rows' groups and people count as touched, and `finish()`
        names the new rows (`created`, by model) in its `bulk_written` signal, so that the
        search index takes them in one go.
        """
        keys = self.insert_rows(model, columns, rows)
        if not keys:
            return keys
        if hasattr(model, "history"):
            self._copy_history(model, keys[0], keys[-1])
        self._created.setdefault(model, []).extend(keys)
        if model is Group:
            self.groups.update(keys)
        elif model is Person:
            self.people.update(keys)
        owners = [columns.index(name) for name in ("group", "person") if name in columns]
        for at in owners:
            touched = self.groups if columns[at] == "group" else self.people
            touched.update(row[at] for row in rows if row[at] is not None)
        if model not in (Group, Person) and any(
            all(row[at] is None for at in owners) for row in rows
        ):
            self.unowned = True  # a source, a legacy path, a page of no group
        return keys

    def _copy_history(self, model, first: int, last: int) -> None:
        """History rows of the rows with keys first..last, copied as stored (one statement)."""
        history = model.history.model
        copied = [f.column for f in history._meta.concrete_fields if f.name not in _HISTORY_OWN]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in copied)
        sql = (
            f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, "
            "history_change_reason, history_type, history_user_id) "
            f"SELECT {columns}, %s, %s, '+', %s FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} BETWEEN %s AND %s "
            f"ORDER BY {quote(model._meta.pk.column)}"
        )
        user = self.user.pk if self.user is not None else None
        now = history._meta.get_field("history_date").get_db_prep_save(timezone.now(), connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, [now, self.comment, user, first, last])

    # -- the end ---------------------------------------------------------------------------

    def finish(self, *, bump: Iterable[int] | None = None) -> None:
        """Write collected history, bump the touched groups' versions, announce the write.

        `bump` limits the version bump to those groups (e.g. not the ones this write created).
        """
        batches: dict[tuple[type, bool], list] = {}
        for model, created, obj in self._history:
            batches.setdefault((model, created), []).append(obj)
        for (model, created), objs in batches.items():
            model.history.bulk_history_create(
                objs,
                update=not created,
                default_user=self.user,
                default_change_reason=self.comment,
            )
        self._history = []
        targets = self.groups if bump is None else set(bump)
        if targets:
            Group.objects.filter(pk__in=targets).update(version=F("version") + 1)
        groups, people = self._unsignalled
        created, self._created = self._created, {}
        if groups or people or created:
            bulk_written.send(sender=Write, groups=set(groups), people=set(people), created=created)
        if self.dirty:
            # Naming nothing says that anything may have changed (as such a row's own signal).
            named = not self.unowned
            groups = set(self.groups) if named else set()
            written.send(sender=Write, groups=groups, people=set(self.people) if named else set())


def refresh_statistics() -> None:
    """Tell PostgreSQL's planner what a bulk write added, now rather than when autovacuum looks.

    After `synth` or a large import its row estimates were a tenth of the truth, and it hashed
    every person to show one group's roster (a cold group page 48 ms instead of 10 at 10,000
    groups). SQLite's planner needs no statistics for these queries.

    VACUUM also marks the written pages all-visible, so that a count is read from an index
    alone: the directory's groups by status took a scan of every group's row (1.4-2.3 ms at
    10,000 groups) rather than 0.7. It cannot run in a transaction (a test's, say).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
