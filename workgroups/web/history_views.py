"""The group history page: who changed what, when and why, and undoing a change.

An import writes hundreds of rows at once; its rows show as one entry, the documents it read
folded below. Long text changes are folded too, and the page shows 50 entries at a time.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from workgroups.lib.partialdate import PartialDate
from workgroups.registry import permissions, services
from workgroups.registry.models import (
    Group,
    GroupAlias,
    Link,
    MailingList,
    Membership,
    Page,
    Person,
    Resolution,
    Source,
)
from workgroups.registry.permissions import Action
from workgroups.web import forms
from workgroups.web.edit_views import _context

PER_PAGE = 50
# A change longer than this is folded behind "show the change".
FOLD_LINES = 12
FOLD_CHARS = 400
# Rows the system wrote with one reason, each this close to the next, are one run (an import).
RUN_GAP = timedelta(seconds=30)


@dataclass
class Change:
    field: str
    before: str
    after: str
    diff: list[str] = field(default_factory=list)

    @property
    def long(self) -> bool:
        return len(self.diff) > FOLD_LINES or len(self.before) + len(self.after) > FOLD_CHARS


# How a change is undone: a change goes back (the board), an added seat ends and an added page
# is withdrawn (whoever may make that edit).
REVERT, END_SEAT, WITHDRAW = "revert", "end", "withdraw"
UNDO_BUTTONS = {REVERT: "Revert", END_SEAT: "End this seat", WITHDRAW: "Withdraw this page"}


@dataclass
class Entry:
    model: str
    history_id: int
    date: datetime
    user: str
    reason: str
    kind: str  # added, changed, removed
    what: str
    record: object = field(repr=False)
    before: object = field(default=None, repr=False)
    undo: str = ""  # REVERT, END_SEAT, WITHDRAW or "" (cannot be undone)
    allowed: bool = False  # the reader may undo it

    @property
    def changes(self) -> list[Change]:
        return _changes(type(self.record).instance_type, self.record, self.before)

    @property
    def button(self) -> str:
        return UNDO_BUTTONS.get(self.undo, "")

    @property
    def source_id(self) -> int | None:
        return getattr(self.record, "source_id", None)


@dataclass
class Document:
    path: str
    entries: list[Entry]


@dataclass
class Run:
    """The rows one write of the system made (an import, a load): one entry of the page."""

    reason: str
    entries: list[Entry]
    documents: list[Document] = field(default_factory=list)

    is_run = True

    @property
    def date(self) -> datetime:
        return self.entries[0].date

    @property
    def anchor(self) -> str:
        return f"run-{self.entries[0].model}-{self.entries[0].history_id}"

    @property
    def title(self) -> str:
        sources = len([d for d in self.documents if d.path])
        if self.reason == "import" and sources:
            return f"Imported from {sources} document{'s' if sources != 1 else ''}"
        count = len(self.entries)
        reason = self.reason or "written by the system"
        return f"{reason[:1].upper()}{reason[1:]}: {count} changes"

    def counts(self) -> str:
        """'12 added, 3 changed'."""
        totals: dict[str, int] = {}
        for entry in self.entries:
            totals[entry.kind] = totals.get(entry.kind, 0) + 1
        return ", ".join(f"{n} {kind}" for kind, n in totals.items())


_IGNORED = {
    "id",
    "updated_at",
    "version",
    "position",
    "source",
    "line_start",
    "line_end",
    "text_key",
}


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


def _bookkeeping_only(record, before) -> bool:
    """A version that changed nothing a reader sees (version, position, provenance)."""
    if record.history_type != "~" or before is None:
        return False
    return all(c.field in _IGNORED for c in record.diff_against(before).changes)


def _undo(model, record, before) -> str:
    """How this change can be undone, when it can."""
    if record.history_type == "+":
        if model is Membership:
            return END_SEAT
        if model is Page:
            return WITHDRAW
        return "" if model is Group else REVERT  # a group is dissolved by resolution
    # A change whose previous version is unknown has nothing to go back to.
    return "" if record.history_type == "~" and before is None else REVERT


def undo_action(entry_undo: str, record) -> Action:
    """What the reader must be allowed to do to undo it: the edit that would do it."""
    if entry_undo == END_SEAT:
        return Action.EDIT_ROSTER
    if entry_undo == WITHDRAW:
        return permissions.page_action(record.kind, new=False)
    return Action.REVERT


def _history_records(group: Group) -> list[tuple[str, type, list]]:
    """Each historied model's versions for this group, oldest first per row."""
    records = []
    for name, model in services.HISTORIED.items():
        rows = model.history.filter(**({"id": group.pk} if model is Group else {"group": group}))
        rows = rows.select_related("history_user").order_by("id", "history_date", "history_id")
        records.append((name, model, list(rows)))
    return records


def _still_there(group: Group) -> tuple[set[int], set[int]]:
    """The group's current seats and its pages: what an added row's undo applies to."""
    seats = set(
        Membership.objects.filter(group=group, end__isnull=True).values_list("pk", flat=True)
    )
    pages = set(Page.objects.filter(group=group).values_list("pk", flat=True))
    return seats, pages


def group_history(group: Group, user=None) -> list[Entry]:
    """Every recorded change to the group and its rows, newest first."""
    records = _history_records(group)
    person_ids = {r.person_id for _, model, rows in records if model is Membership for r in rows}
    people = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    allowed = permissions.actions(user, group)
    seats, pages = _still_there(group)
    entries = []
    for name, model, rows in records:
        previous = {}
        for record in rows:
            before = previous.get(record.id)
            previous[record.id] = record
            if _bookkeeping_only(record, before):
                continue
            undo = _undo(model, record, before)
            if (undo == END_SEAT and record.id not in seats) or (
                undo == WITHDRAW and record.id not in pages
            ):
                undo = ""  # ended or withdrawn since
            entries.append(
                Entry(
                    model=name,
                    history_id=record.history_id,
                    date=record.history_date,
                    user=record.history_user.get_username() if record.history_user else "",
                    reason=record.history_change_reason or "",
                    kind=_KINDS[record.history_type],
                    what=_describe(model, record, people),
                    record=record,
                    before=before,
                    undo=undo,
                    allowed=bool(undo) and undo_action(undo, record) in allowed,
                )
            )
    entries.sort(key=lambda e: (e.date, e.history_id), reverse=True)
    return entries


def _runs(entries: list[Entry]) -> list[Entry | Run]:
    """Entries with each run of the system's rows (an import) made one."""
    items: list[Entry | Run] = []
    current: list[Entry] = []

    def close():
        if len(current) > 1:
            items.append(Run(reason=current[0].reason, entries=list(current)))
        else:
            items.extend(current)
        current.clear()

    for entry in entries:
        if current and not (
            not entry.user
            and entry.reason == current[-1].reason
            and current[-1].date - entry.date <= RUN_GAP
        ):
            close()
        if entry.user:
            items.append(entry)
        else:
            current.append(entry)
    close()
    return items


def _fill_documents(runs: list[Run]) -> None:
    """Sort each run's entries under the documents they came from."""
    ids = {e.source_id for run in runs for e in run.entries if e.source_id}
    paths = dict(Source.objects.filter(pk__in=ids).values_list("pk", "path"))
    for run in runs:
        by_path: dict[str, list[Entry]] = {}
        for entry in run.entries:
            by_path.setdefault(paths.get(entry.source_id, ""), []).append(entry)
        run.documents = [
            Document(path, sorted(rows, key=lambda e: (e.kind, e.what)))
            for path, rows in sorted(by_path.items(), key=lambda item: (not item[0], item[0]))
        ]


def history(request, slug):
    """Who changed what in this group, when, and why (public, like the record itself)."""
    group = get_object_or_404(Group, slug=slug)
    items = _runs(group_history(group, request.user))
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    _fill_documents([item for item in page.object_list if isinstance(item, Run)])
    return render(
        request,
        "web/edit/history.html",
        _context(request, group, page=page, items=page.object_list),
    )


# --- Undoing a change --------------------------------------------------------------------------


class UndoForm(forms.RevertForm):
    """Why the change is undone (asked for an added seat or page) and, for a seat, its end."""

    def __init__(self, *args, undo: str = REVERT, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields["comment"]
        if undo != REVERT:
            comment.required = True
            comment.label = "Why"
        if undo == END_SEAT:
            end = copy.deepcopy(forms.MemberEndForm.base_fields["end"])
            end.required = False
            end.help_text = "Today when left empty. 2024, 2024-05 or 2024-05-31"
            self.fields = {"end": end, **self.fields}


def _record(group: Group, model: str, history_id: int):
    """The recorded change of this group that the URL names, or 404."""
    Model = services.HISTORIED.get(model)  # noqa: N806
    record = Model.history.filter(history_id=history_id).first() if Model else None
    if record is None or services.history_group_id(model, history_id) != group.pk:
        raise Http404("No such change in this group's history.")
    before = None
    if record.history_type == "~":
        before = record.prev_record
    return Model, record, before


def _undo_words(undo: str, what: str, record) -> tuple[str, str]:
    """The confirmation page's title and introduction."""
    if undo == END_SEAT:
        return (
            f"End this seat: {what}",
            "The seat was added to the roster; ending it keeps it in the record, ended.",
        )
    if undo == WITHDRAW:
        return (
            f"Withdraw the page {record.title!r}",
            "The page is taken down; its text stays in the history, from where it can return.",
        )
    return (f"Revert: {what}", "The change is undone, as a new change in the history.")


@login_required
def revert(request, slug, model, history_id):
    """Undo one recorded change: GET asks to confirm (and why), POST does it."""
    group = get_object_or_404(Group, slug=slug)
    Model, record, before = _record(group, model, history_id)  # noqa: N806
    undo = _undo(Model, record, before) or REVERT
    if not permissions.can(request.user, undo_action(undo, record), group):
        raise PermissionDenied
    names = {}
    if Model is Membership:
        names = dict(Person.objects.filter(pk=record.person_id).values_list("pk", "name"))
    what = _describe(Model, record, names)
    form = UndoForm(request.POST or None, undo=undo, initial={"version": group.version})
    if request.method == "POST" and form.is_valid():
        try:
            message = _do_undo(request, undo, model, record, form)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        except services.StaleVersion as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, message)
            return redirect(reverse("edit:history", args=[group.slug]))
    title, intro = _undo_words(undo, what, record)
    return render(
        request,
        "web/edit/form.html",
        _context(
            request,
            group,
            form=form,
            title=title,
            intro=intro,
            submit=UNDO_BUTTONS[undo],
        ),
    )


def _do_undo(request, undo: str, model: str, record, form) -> str:
    """Undo the change through its registry operation; what to tell the user."""
    data = form.operation_kwargs()
    end = data.pop("end", None)
    if undo == END_SEAT:
        seat = Membership.objects.filter(pk=record.id).select_related("person").first()
        if seat is None:
            raise ValidationError("The seat no longer exists.")
        services.end_membership(membership=seat, end=end, user=request.user, **data)
        return f"{seat.person.name}'s seat ended."
    if undo == WITHDRAW:
        page = Page.objects.filter(pk=record.id).first()
        if page is None:
            raise ValidationError(f"The page {record.title!r} was withdrawn already.")
        services.withdraw_page(page=page, user=request.user, **data)
        return f"The page {page.title!r} was withdrawn."
    services.revert_change(
        model=model,
        history_id=record.history_id,
        user=request.user,
        **data,
    )
    return "Change reverted."
