"""Querysets compiled to SQL once per process, and run again with new values.

Django compiles a queryset's SQL at every use: for a group page's eleven small queries that
was more time than SQLite took to run them. A query here is named by a key that holds what
shapes its SQL (the lengths of its lists); its first use compiles it, and later uses run the
same SQL with their own parameters, building the rows as the queryset would.

On PostgreSQL the server prepares each such statement once per connection (planning was
most of its time for a page's small queries: 2.2 -> 0.9 ms for a group page's eleven), and
queries that do not wait for each other's rows can be run `together`: sent at once (psycopg's
pipeline mode), they wait for one round trip instead of one each.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.base import ModelState
from django.db.models.query import (
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.signals import post_init, pre_init

try:
    from django.db.backends.postgresql.psycopg_any import is_psycopg3
except ImportError:  # no PostgreSQL driver installed: no pipeline either
    is_psycopg3 = False
if is_psycopg3:
    from django.db.backends.postgresql.base import ServerBindingCursor
    from psycopg.types.json import Json, Jsonb

    _JSON: tuple = (Json, Jsonb)

    class _PreparedCursor(ServerBindingCursor):
        """Parameters bound by the server, and every statement prepared at its first use
        (Django's connections prepare none: their prepare_threshold is None)."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

else:
    _JSON = ()


def _wrap_json(wrapper, dumps, text: str):
    return wrapper(json.loads(text), dumps)


class _Compiled:
    """One queryset's SQL and what builds its rows (model instances, values() dicts or
    values_list() tuples)."""

    def __init__(self, queryset):
        if queryset._iterable_class not in (ModelIterable, ValuesIterable, ValuesListIterable):
            raise TypeError("only model rows, values() dicts and values_list() tuples are prepared")
        # Rows for a related manager's instance would be given it: not done here.
        if queryset._known_related_objects:
            raise TypeError("a related manager's queryset cannot be prepared")
        self.db = queryset.db
        self.compiler = queryset.query.get_compiler(using=self.db)
        self.sql, self.params = self.compiler.as_sql()
        # Places whose value is made from the caller's by a function (see takes()).
        self.adapters: dict[int, Callable] = {}
        # As results_iter() works them out at each use (a tenth of a page's query time).
        self.fields = [s[0] for s in self.compiler.select[0 : self.compiler.col_count]]
        self.converters = self.compiler.get_converters(self.fields)
        self.composite = self.compiler.has_composite_fields(self.fields)
        self.models = queryset._iterable_class is ModelIterable
        self.names = None
        if queryset._iterable_class is ValuesIterable:
            query = queryset.query
            # As ValuesIterable names a row's values.
            self.names = (
                list(query.selected)
                if query.selected
                else [*query.extra_select, *query.values_select, *query.annotation_select]
            )
        if self.models:
            select, klass_info = self.compiler.select, self.compiler.klass_info
            fields = klass_info["select_fields"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.model = klass_info["model"]
            self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
            self.populators = get_related_populators(klass_info, select, self.db)
            self.classes = _classes(self.model, self.init_list, self.populators)

    def takes(self, params: list) -> bool:
        """Whether `params` are the compiled parameters, each as it is or, for a JSON value
        given as its JSON text (the parameter on SQLite), as its value in psycopg's wrapper
        (PostgreSQL's): then that place's values are wrapped so at each use."""
        if len(params) != len(self.params):
            return False
        for i, (compiled, given) in enumerate(zip(self.params, params, strict=True)):
            if isinstance(compiled, _JSON) and isinstance(given, str):
                if json.dumps(compiled.obj) != given:
                    return False
                self.adapters[i] = functools.partial(_wrap_json, type(compiled), compiled.dumps)
            elif compiled != given:
                return False
        return True

    def bind(self, params: list) -> list:
        """`params` as the compiled SQL takes them."""
        for i, adapt in self.adapters.items():
            params[i] = adapt(params[i])
        return params

    def run(self, params: list) -> list:
        with _cursor(connections[self.db]) as cursor:
            cursor.execute(self.sql, self.bind(params))
            return self.build(cursor.fetchall())

    def build(self, fetched: list) -> list:
        """The rows the queryset makes of these fetched ones."""
        rows = fetched
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        if self.composite:
            rows = self.compiler.composite_fields_to_tuples(rows, self.fields)
        if self.names is not None:
            # Named as ValuesIterable names them (columns past the names left out).
            return [dict(zip(self.names, row, strict=False)) for row in rows]
        if not self.models:
            return list(map(tuple, rows))
        if self.classes is None or any(map(_signalled, self.classes)):
            objects = []
            for row in rows:
                obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
                for populator in self.populators:
                    populator.populate(row, obj)
                objects.append(obj)
            return objects
        objects = []
        for row in rows:
            obj = _instance(self.model, self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                _populate(populator, row, obj)
            objects.append(obj)
        return objects


# Model.from_db() less what no model here needs: a row's instance is made with the values
# set as __init__ sets them (through the fields' descriptors), without sending pre_init and
# post_init when nothing listens (a third of making one; ~160 made for a group page).


def _classes(model, init_list, populators) -> list | None:
    """Every model a row makes, or None if one is not read whole (deferred fields: left to
    Django)."""
    classes = [model]
    if len(init_list) != len(model._meta.concrete_fields):
        return None
    for populator in populators:
        more = _classes(populator.model_cls, populator.init_list, populator.related_populators)
        if more is None:
            return None
        classes += more
    return classes


def _signalled(model) -> bool:
    return pre_init.has_listeners(model) or post_init.has_listeners(model)


def _instance(model, db, attnames, values):
    obj = model.__new__(model)
    obj._state = state = ModelState()
    state.adding, state.db = False, db
    for attname, value in zip(attnames, values, strict=True):
        setattr(obj, attname, value)
    return obj


def _populate(populator, row, from_obj) -> None:
    """RelatedPopulator.populate(), making its instance as above."""
    if populator.reorder_for_init:
        data = populator.reorder_for_init(row)
    else:
        data = row[populator.cols_start : populator.cols_end]
    if data[populator.pk_idx] is None:
        obj = None
    else:
        obj = _instance(populator.model_cls, populator.db, populator.init_list, data)
        for related in populator.related_populators:
            _populate(related, row, obj)
    populator.local_setter(from_obj, obj)
    if obj is not None:
        populator.remote_setter(obj, from_obj)


_compiled: dict[tuple, _Compiled] = {}


def _prepare(key: tuple, build: Callable, params: list):
    """The query compiled under `key`, compiling it at its first use; or the queryset itself
    when it cannot be kept (see rows())."""
    compiled = _compiled.get(key)
    if compiled is None:
        queryset = build()
        try:
            compiled = _Compiled(queryset)
        except EmptyResultSet:
            return queryset
        if not compiled.takes(params):
            return queryset
        _compiled[key] = compiled
    return compiled


def rows(key: tuple, build: Callable, params: Sequence) -> list:
    """The rows of the queryset `build()` returns, whose SQL takes `params` in this order.

    `key` names the query and whatever changes its SQL besides the values (a list's length):
    uses with the same key run the same SQL. A query whose compiled parameters are not
    `params` is not kept (it runs as a queryset each time), so a wrong `params` costs time,
    never rows.
    """
    params = list(params)
    compiled = _prepare(key, build, params)
    if not isinstance(compiled, _Compiled):
        return list(compiled)
    return compiled.run(params)


def together(*queries: tuple[tuple, Callable, Sequence]) -> list[list]:
    """The rows of each query, given as rows() takes them, in their order.

    On PostgreSQL the queries are sent at once in pipeline mode, and their results read after:
    one round trip for all (the API detail's eleven: 4.1 -> 3.7 ms at load ~9, the statements
    prepared either way; a group page's five: no measurable change on one machine, more with
    the database across a network). Each still goes through Django's cursor, so it is counted
    and logged as any query, and a database error is Django's. Elsewhere (SQLite runs in the
    process) one by one.
    """
    work = [(_prepare(key, build, list(params)), list(params)) for key, build, params in queries]
    compiled = [c for c, _ in work if isinstance(c, _Compiled)]
    databases = {c.db for c in compiled}
    connection = connections[compiled[0].db] if len(databases) == 1 else None
    # psycopg 3's pipeline mode; and nothing to gain from fewer than two queries.
    if len(compiled) < 2 or connection is None or not _psycopg3(connection):
        return [_run(c, params) for c, params in work]
    _connect(connection)
    cursors = []
    try:
        with connection.wrap_database_errors, connection.connection.pipeline():
            for c, params in work:
                if isinstance(c, _Compiled):
                    cursors.append(_cursor(connection))
                    cursors[-1].execute(c.sql, c.bind(params))
            fetched = iter([cursor.fetchall() for cursor in cursors])
    finally:
        for cursor in cursors:
            cursor.close()
    return [c.build(next(fetched)) if isinstance(c, _Compiled) else list(c) for c, _ in work]


def _psycopg3(connection) -> bool:
    return connection.vendor == "postgresql" and is_psycopg3


def _cursor(connection):
    """A cursor through Django's wrapper (counted, logged, its errors Django's); on PostgreSQL
    one that has the server prepare each statement once per connection and run it again with
    new values: planning was most of the server's time for a page's small queries."""
    if not _psycopg3(connection):
        return connection.cursor()
    _connect(connection)
    if connection.connection.prepare_threshold is None:
        # Django's connections prepare nothing (None). A threshold that no count reaches
        # keeps every other query unprepared, and lets these be prepared when asked.
        connection.connection.prepare_threshold = sys.maxsize
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_PreparedCursor(connection.connection))


def _connect(connection) -> None:
    """Connected as connection.cursor() connects: a persistent connection found broken by
    its health check (CONN_HEALTH_CHECKS) is replaced, then connected if it is not."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()


def _run(compiled, params: list) -> list:
    return compiled.run(params) if isinstance(compiled, _Compiled) else list(compiled)
