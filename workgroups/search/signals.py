"""Keep the search index in step with every write to the registry (same transaction)."""

from django.db import connections
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
        search.index_new(created)


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
