"""Querysets compiled to SQL once per process, and run again with new values.

Django compiles a queryset's SQL at every use: for a group page's eleven small queries that
was more time than SQLite took to run them. A query here is named by a key that holds what
shapes its SQL (the lengths of its lists); its first use compiles it, and later uses run the
same SQL with their own parameters, building the rows as the queryset would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators


class _Compiled:
    """One queryset's SQL and what builds its rows (model instances, or values_list tuples)."""

    def __init__(self, queryset):
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise TypeError("only model rows and values_list() tuples are prepared")
        # Rows for a related manager's instance would be given it: not done here.
        if queryset._known_related_objects:
            raise TypeError("a related manager's queryset cannot be prepared")
        self.db = queryset.db
        self.compiler = queryset.query.get_compiler(using=self.db)
        self.sql, self.params = self.compiler.as_sql()
        # As results_iter() works them out at each use (a tenth of a page's query time).
        self.fields = [s[0] for s in self.compiler.select[0 : self.compiler.col_count]]
        self.converters = self.compiler.get_converters(self.fields)
        self.composite = self.compiler.has_composite_fields(self.fields)
        self.models = queryset._iterable_class is ModelIterable
        if self.models:
            select, klass_info = self.compiler.select, self.compiler.klass_info
            fields = klass_info["select_fields"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.model = klass_info["model"]
            self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
            self.populators = get_related_populators(klass_info, select, self.db)

    def run(self, params: Sequence) -> list:
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        rows = fetched
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        if self.composite:
            rows = self.compiler.composite_fields_to_tuples(rows, self.fields)
        if not self.models:
            return list(map(tuple, rows))
        objects = []
        for row in rows:
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects


_compiled: dict[tuple, _Compiled] = {}


def rows(key: tuple, build: Callable, params: Sequence) -> list:
    """The rows of the queryset `build()` returns, whose SQL takes `params` in this order.

    `key` names the query and whatever changes its SQL besides the values (a list's length):
    uses with the same key run the same SQL. A query whose compiled parameters are not
    `params` is not kept (it runs as a queryset each time), so a wrong `params` costs time,
    never rows.
    """
    params = list(params)
    compiled = _compiled.get(key)
    if compiled is None:
        queryset = build()
        try:
            compiled = _Compiled(queryset)
        except EmptyResultSet:
            return list(queryset)
        if list(compiled.params) != params:
            return list(queryset)
        _compiled[key] = compiled
    return compiled.run(params)
