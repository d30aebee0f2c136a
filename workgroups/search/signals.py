"""Keep the search index in step with every write to the registry (same transaction)."""

from collections import defaultdict

from django.db import connection, connections
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from workgroups.registry.models import Group, GroupAlias, Page, Person, PersonAlias, Resolution
from workgroups.registry.signals import bulk_written
from workgroups.search import index as search
from workgroups.search.models import SearchEntry


def _raw(kwargs) -> bool:
    # Fixture loading (loaddata) saves rows raw, before their relations exist.
    return bool(kwargs.get("raw"))


@receiver(post_save, sender=Group, dispatch_uid="search.group")
def _group_saved(sender, instance, **kwargs):
    if not _raw(kwargs):
        search.index_group(instance)


@receiver(post_save, sender=GroupAlias, dispatch_uid="search.group_alias")
@receiver(post_delete, sender=GroupAlias, dispatch_uid="search.group_alias_deleted")
def _group_alias_changed(sender, instance, **kwargs):
    if _raw(kwargs) or instance.kind != GroupAlias.Kind.NAME:
        return
    group = Group.objects.filter(pk=instance.group_id).first()
    if group is not None:
        search.index_group(group, children=False)


@receiver(post_save, sender=Person, dispatch_uid="search.person")
def _person_saved(sender, instance, **kwargs):
    if not _raw(kwargs):
        search.index_person(instance)


@receiver(post_save, sender=PersonAlias, dispatch_uid="search.person_alias")
@receiver(post_delete, sender=PersonAlias, dispatch_uid="search.person_alias_deleted")
def _person_alias_changed(sender, instance, **kwargs):
    if _raw(kwargs):
        return
    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:
        search.index_person(person)


@receiver(post_save, sender=Resolution, dispatch_uid="search.resolution")
def _resolution_saved(sender, instance, **kwargs):
    if not _raw(kwargs):
        search.index_resolution(instance)


@receiver(post_save, sender=Page, dispatch_uid="search.page")
def _page_saved(sender, instance, **kwargs):
    if not _raw(kwargs):
        search.index_page(instance)


@receiver(bulk_written, dispatch_uid="search.bulk")
def _bulk_written(sender, groups=(), people=(), created=None, **kwargs):
    search.reindex(groups=groups, people=people)
    if created:
        _index_created(created)


_CHUNK = 2000  # ids per query


def _names(model, key: str, ids: list[int], **only) -> dict[int, list[str]]:
    """{owner id: its aliases' names} in the model's order, as a prefetch reads them."""
    names = defaultdict(list)
    rows = model.objects.filter(**{f"{key}__in": ids}, **only)
    for owner, name in rows.values_list(key, "name"):
        names[owner].append(name)
    return names


def _created_entries(model, ids: list[int]):
    """The entries of new rows, made as `rebuild_index` makes them."""
    rows = model.objects.filter(pk__in=ids).order_by("pk")
    if model is Group:
        aliases = _names(GroupAlias, "group_id", ids, kind="name")
        for group in rows:
            yield search._group_entry(group, aliases.get(group.pk, []))
    elif model is Person:
        aliases = _names(PersonAlias, "person_id", ids)
        for person in rows:
            yield search._person_entry(person, aliases.get(person.pk, []))
    elif model is Resolution:
        for resolution in rows.select_related("group"):
            yield search._resolution_entry(resolution, resolution.group)
    else:
        for page in rows.select_related("group"):
            yield search._page_entry(page, page.group)


def _insert(entries) -> None:
    """Insert entries with one executemany (the ORM's bulk_create compiles every value)."""
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    fields = [f for f in SearchEntry._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    rows = [tuple(getattr(e, f.attname) for f in fields) for e in entries]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _index_created(created: dict) -> None:
    """Index the rows a bulk write created, in `rebuild_index`'s order, a chunk at a time."""
    if search._deferred.get():
        return  # the whole index is rebuilt at the end of the block
    for model in (Group, Person, Resolution, Page):
        ids = sorted(created.get(model, ()))
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            SearchEntry.objects.filter(kind=_KINDS[model], object_id__in=chunk).delete()
            _insert(_created_entries(model, chunk))


_KINDS = {Group: "group", Person: "person", Resolution: "resolution", Page: "page"}


def _deleted(sender, instance, **kwargs):
    search.unindex(_KINDS[sender], instance.pk)


for _model in _KINDS:
    post_delete.connect(_deleted, sender=_model, dispatch_uid=f"search.{_model.__name__}_del")


def rebuild_if_empty(sender, **kwargs):
    """After `migrate`: an index that is empty while the registry is not gets built.

    (A database filled before this app's migration, or by a writer that skipped signals.)
    """
    using = kwargs.get("using", "default")
    if using != "default":
        return
    # A partial migrate (`migrate registry 0003`) may stop before the index's table exists.
    tables = set(connections[using].introspection.table_names())
    if SearchEntry._meta.db_table not in tables or SearchEntry.objects.exists():
        return
    if not {Group._meta.db_table, Person._meta.db_table, Page._meta.db_table} <= tables:
        return
    if Group.objects.exists() or Person.objects.exists() or Page.objects.exists():
        search.rebuild_index()
