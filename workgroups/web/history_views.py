"""The group history page: who changed what, when and why, and reverting a change."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workgroups.lib.partialdate import PartialDate
from workgroups.registry import services
from workgroups.registry.models import (
    Group,
    GroupAlias,
    Link,
    MailingList,
    Membership,
    Page,
    Person,
    Resolution,
)
from workgroups.registry.permissions import Action
from workgroups.web import forms
from workgroups.web.edit_views import _context, group_view

HISTORY_LIMIT = 500


@dataclass
class Change:
    field: str
    before: str
    after: str
    diff: list[str] = field(default_factory=list)


@dataclass
class Entry:
    model: str
    history_id: int
    date: datetime
    user: str
    reason: str
    kind: str  # added, changed, removed
    what: str
    changes: list[Change]
    revertible: bool


_IGNORED = {"id", "updated_at", "version", "position", "source", "line_start", "line_end"}


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _change(model, name, before, after) -> Change:
    try:
        label = model._meta.get_field(name).verbose_name
    except Exception:  # noqa: BLE001 - a field that no longer exists
        label = name
    before_text, after_text = _show(before), _show(after)
    diff = []
    if "\n" in before_text + after_text or len(before_text) + len(after_text) > 160:
        diff = list(
            difflib.unified_diff(
                before_text.splitlines(), after_text.splitlines(), lineterm="", n=1
            )
        )[2:]
    return Change(str(label), before_text, after_text, diff)


def _describe(model, record, people) -> str:
    if model is Group:
        return "Group details"
    if model is Membership:
        name = people.get(record.person_id, "someone")
        return f"Membership of {name} ({record.role})"
    if model is Resolution:
        return f"Resolution: {record.title or record.kind} ({_show(record.date)})"
    if model is Page:
        return f"Page: {record.title}"
    if model is MailingList:
        return f"Mailing list {record.address}"
    if model is Link:
        return f"Link: {record.label}"
    if model is GroupAlias:
        return f"Also known as: {record.name}"
    return f"Roster approval of {_show(record.date)}"


_KINDS = {"+": "added", "~": "changed", "-": "removed"}
_NOT_SHOWN_ADDED = _IGNORED | {"group_id", "person_id"}


def _changes(model, record, before) -> list[Change]:
    """What a version changed: every field set when added, the differences when changed."""
    if record.history_type == "~" and before is not None:
        delta = record.diff_against(before)
        return [
            _change(model, c.field, c.old, c.new) for c in delta.changes if c.field not in _IGNORED
        ]
    if record.history_type == "+":
        return [
            _change(model, f.attname, None, getattr(record, f.attname))
            for f in model._meta.concrete_fields
            if f.attname not in _NOT_SHOWN_ADDED and getattr(record, f.attname) not in (None, "")
        ]
    return []


def _revertible(model, record, before) -> bool:
    if record.history_type == "+":
        # Undoing an addition deletes the row: groups and memberships are never deleted.
        return model not in (Group, Membership)
    # A change whose previous version is unknown has nothing to go back to.
    return not (record.history_type == "~" and before is None)


def _entry(name, model, record, before, people) -> Entry | None:
    changes = _changes(model, record, before)
    if record.history_type == "~" and before is not None and not changes:
        return None  # only bookkeeping (version, position, provenance) changed
    return Entry(
        model=name,
        history_id=record.history_id,
        date=record.history_date,
        user=record.history_user.get_username() if record.history_user else "",
        reason=record.history_change_reason or "",
        kind=_KINDS[record.history_type],
        what=_describe(model, record, people),
        changes=changes,
        revertible=_revertible(model, record, before),
    )


def _history_records(group: Group) -> list[tuple[str, type, list]]:
    """Each historied model's versions for this group, oldest first per row."""
    records = []
    for name, model in services.HISTORIED.items():
        rows = model.history.filter(**({"id": group.pk} if model is Group else {"group": group}))
        rows = rows.select_related("history_user").order_by("id", "history_date", "history_id")
        records.append((name, model, list(rows)))
    return records


def group_history(group: Group, limit: int = HISTORY_LIMIT) -> list[Entry]:
    """Every recorded change to the group and its rows, newest first, with before → after."""
    records = _history_records(group)
    person_ids = {r.person_id for _, model, rows in records if model is Membership for r in rows}
    people = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    entries = []
    for name, model, rows in records:
        previous = {}
        for record in rows:
            entry = _entry(name, model, record, previous.get(record.id), people)
            previous[record.id] = record
            if entry is not None:
                entries.append(entry)
    entries.sort(key=lambda e: (e.date, e.history_id), reverse=True)
    return entries[:limit]


def history(request, slug):
    """Who changed what in this group, when, and why (public, like the record itself)."""
    group = get_object_or_404(Group, slug=slug)
    return render(
        request,
        "web/edit/history.html",
        _context(
            request,
            group,
            entries=group_history(group),
            revert_form=forms.RevertForm(initial={"version": group.version}),
        ),
    )


@require_POST
@group_view(Action.REVERT)
def revert(request, group, model, history_id):
    form = forms.RevertForm(request.POST)
    url = reverse("edit:history", args=[group.slug])
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(url)
    try:
        services.revert_change(
            model=model, history_id=history_id, user=request.user, **form.operation_kwargs()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except services.StaleVersion as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Change reverted.")
    return redirect(url)
