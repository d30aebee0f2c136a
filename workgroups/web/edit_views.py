"""Editing in the browser: each form is one registry operation (workgroups.registry.services).

Views stay thin: they find the group, ask `permissions` what the user may do (to offer the
right forms; the operations check again), call the operation and show its field errors.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

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
)
from workgroups.registry.permissions import Action
from workgroups.web import forms

PREVIEW_LIMIT = 200_000
HISTORY_LIMIT = 500


# --- Signing in and out ---------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Signs out on POST; a GET shows a button that does (no sign-out by a stray link)."""

    http_method_names = ["get", "post", "options"]
    template_name = "registration/logged_out.html"

    def get(self, request, *args, **kwargs):
        return render(request, "registration/logout.html")


# --- Helpers ----------------------------------------------------------------------------------


def group_view(action: Action | None):
    """Signed-in users only; the group from the URL; 403 unless `action` is allowed there."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, slug, *args, **kwargs):
            group = get_object_or_404(Group, slug=slug)
            if action is not None and not permissions.can(request.user, action, group):
                raise PermissionDenied
            return view(request, group, *args, **kwargs)

        return wrapped

    return decorate


def _run(request, form, operation, *, success: str, **kwargs):
    """Call a registry operation with the form's input; True when it went through."""
    try:
        result = operation(user=request.user, **form.operation_kwargs(), **kwargs)
    except ValidationError as exc:
        form.show_errors(exc)
        return None
    except services.StaleVersion as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, success)
    return result or True


def _context(request, group, **extra):
    return {"group": group, "can": permissions.actions(request.user, group), **extra}


# --- Where editing starts ---------------------------------------------------------------------


@login_required
def dashboard(request):
    """The signed-in user's groups (current seats) and, for the board, creating one."""
    seats = (
        Membership.objects.filter(person__user=request.user, end__isnull=True)
        .select_related("group")
        .order_by("group__name", "role")
    )
    return render(
        request,
        "web/edit/dashboard.html",
        {
            "seats": seats,
            "board": permissions.is_board(request.user),
        },
    )


@group_view(None)
def hub(request, group):
    """What the signed-in user may do to this group."""
    can = permissions.actions(request.user, group)
    pages = []
    if Action.EDIT_PAGE in can or Action.EDIT_CHARTER in can:
        pages = [
            page
            for page in group.pages.order_by("kind", "-date", "title")
            if permissions.page_action(page.kind, new=False) in can
        ]
    return render(request, "web/edit/hub.html", _context(request, group, pages=pages))


@login_required
def create_group(request):
    if not permissions.can(request.user, Action.CREATE_GROUP):
        raise PermissionDenied
    form = forms.GroupCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = _run(request, form, services.create_group, success="Group created.")
        if group:
            return redirect(group.get_absolute_url())
    return render(
        request,
        "web/edit/form.html",
        {
            "form": form,
            "title": "New group",
            "intro": "A first charter is drafted from the charter template; record the "
            "establishing resolution next.",
            "submit": "Create the group",
        },
    )


@group_view(Action.EDIT_GROUP)
def edit_group(request, group):
    fields = permissions.group_fields(request.user, group)
    if request.method == "POST" and set(request.POST) & (permissions.GROUP_FIELDS - fields):
        raise PermissionDenied("Only the board sets a group's status and dates.")
    form = forms.GroupEditForm(request.POST or None, group=group, fields=fields)
    if request.method == "POST" and form.is_valid():
        if _run(request, form, services.update_group, group=group, success="Saved."):
            return redirect(group.get_absolute_url())
    return render(
        request,
        "web/edit/form.html",
        _context(
            request,
            group,
            form=form,
            title=f"Edit {group.name}",
            submit="Save",
            preview=True,
        ),
    )


# --- Roster ------------------------------------------------------------------------------------


def _seats(group):
    return group.memberships.select_related("person").order_by("end", "role", "person__name")


@group_view(Action.EDIT_ROSTER)
def roster(request, group):
    return _roster_page(request, group)


def _roster_page(request, group, add_form=None):
    seats = list(_seats(group))
    return render(
        request,
        "web/edit/roster.html",
        _context(
            request,
            group,
            current=[s for s in seats if s.end is None],
            past=[s for s in seats if s.end is not None],
            add_form=add_form or forms.MemberAddForm(initial={"version": group.version}),
            end_form=forms.MemberEndForm(initial={"version": group.version}),
            roles=Membership.Role.choices,
        ),
    )


@require_POST
@group_view(Action.EDIT_ROSTER)
def add_member(request, group):
    form = forms.MemberAddForm(request.POST)
    if form.is_valid():
        seat = _run(request, form, services.add_membership, group=group, success="")
        if seat:
            messages.success(request, f"{seat.person.name} joined as {seat.role}.")
            return redirect("edit:roster", group.slug)
    return _roster_page(request, group, add_form=form)


@group_view(Action.EDIT_ROSTER)
def end_member(request, group, pk):
    seat = get_object_or_404(Membership.objects.select_related("person"), pk=pk, group=group)
    form = forms.MemberEndForm(request.POST or None, initial={"version": group.version})
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            services.end_membership,
            membership=seat,
            success=f"{seat.person.name}'s membership ended.",
        )
        if done:
            return redirect("edit:roster", group.slug)
    return render(
        request,
        "web/edit/form.html",
        _context(
            request,
            group,
            form=form,
            title=f"End {seat.person.name}'s membership",
            intro=f"{seat.person.name} is {seat.role} of {group.name} since "
            f"{seat.start.human() if seat.start else 'an unknown date'}. The membership stays "
            "in the record, ended.",
            submit="End the membership",
        ),
    )


@group_view(Action.APPROVE_ROSTER)
def approve_roster(request, group):
    form = forms.RosterApprovalForm(
        request.POST or None, group=group, initial={"version": group.version}
    )
    if request.method == "POST" and form.is_valid():
        if _run(
            request, form, services.approve_roster, group=group, success="Roster approval recorded."
        ):
            return redirect(group.get_absolute_url())
    return render(
        request,
        "web/edit/form.html",
        _context(
            request,
            group,
            form=form,
            title=f"Approve the roster of {group.name}",
            current=list(_seats(group).filter(end__isnull=True)),
            submit="Record the approval",
        ),
    )


# --- Resolutions -------------------------------------------------------------------------------


@group_view(Action.RECORD_RESOLUTION)
def record_resolution(request, group):
    form = forms.ResolutionForm(request.POST or None, initial={"version": group.version})
    if request.method == "POST" and form.is_valid():
        if _run(
            request,
            form,
            services.record_resolution,
            group=group,
            success="Resolution recorded; it has taken effect.",
        ):
            return redirect(group.get_absolute_url())
    return render(
        request,
        "web/edit/form.html",
        _context(
            request,
            group,
            form=form,
            title=f"Record a resolution about {group.name}",
            intro="It takes effect: an establishing resolution makes the group active, a "
            "dissolving one dissolves it and ends every membership at its date, and the "
            "people it lists join the group.",
            submit="Record the resolution",
        ),
    )


# --- Pages -------------------------------------------------------------------------------------


@group_view(Action.ADD_PAGE)
def add_page(request, group):
    kinds = [
        kind
        for kind, _ in forms.PAGE_KINDS
        if permissions.can(request.user, permissions.page_action(kind, new=True), group)
    ]
    asked = request.POST.get("kind") or request.GET.get("kind")
    if asked in dict(forms.PAGE_KINDS) and asked not in kinds:
        raise PermissionDenied("Only a group's chairs and the board add a charter.")
    initial = {"version": group.version}
    if asked in kinds:
        initial["kind"] = asked
    form = forms.PageForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        page = _run(request, form, services.add_page, group=group, success="Page added.")
        if page:
            return redirect(page.get_absolute_url())
    return render(
        request,
        "web/edit/form.html",
        _context(
            request,
            group,
            form=form,
            title=f"Add a page to {group.name}",
            preview=True,
            submit="Publish",
        ),
    )


@login_required
def edit_page(request, slug, page):
    page = get_object_or_404(Page.objects.select_related("group"), group__slug=slug, slug=page)
    group = page.group
    if not permissions.can(request.user, permissions.page_action(page.kind, new=False), group):
        raise PermissionDenied
    form = forms.PageEditForm(request.POST or None, page=page)
    if request.method == "POST" and form.is_valid():
        if _run(request, form, services.update_page, page=page, success="Page saved."):
            return redirect(page.get_absolute_url())
    return render(
        request,
        "web/edit/form.html",
        _context(
            request, group, form=form, title=f"Edit {page.title}", preview=True, submit="Save"
        ),
    )


@require_POST
@login_required
def preview(request):
    """The Markdown of a form as it will be published (sanitised HTML)."""
    from workgroups.web.markdown import render as render_markdown

    text = request.POST.get("text", "")
    if len(text) > PREVIEW_LIMIT:
        return HttpResponseBadRequest("Too long to preview.")
    response = HttpResponse(render_markdown(text), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


# --- History -----------------------------------------------------------------------------------


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


def group_history(group: Group, limit: int = HISTORY_LIMIT) -> list[Entry]:
    """Every recorded change to the group and its rows, newest first, with before → after."""
    records = []
    for name, model in services.HISTORIED.items():
        rows = model.history.filter(**({"id": group.pk} if model is Group else {"group": group}))
        rows = rows.select_related("history_user").order_by("id", "history_date", "history_id")
        records.append((name, model, list(rows)))
    person_ids = {r.person_id for n, m, rows in records if m is Membership for r in rows}
    people = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    entries = []
    for name, model, rows in records:
        previous = {}
        for record in rows:
            before = previous.get(record.id)
            previous[record.id] = record
            changes = []
            if record.history_type == "~" and before is not None:
                delta = record.diff_against(before)
                changes = [
                    _change(model, c.field, c.old, c.new)
                    for c in delta.changes
                    if c.field not in _IGNORED
                ]
                if not changes:
                    continue
            elif record.history_type == "+":
                changes = [
                    _change(model, f.attname, None, getattr(record, f.attname))
                    for f in model._meta.concrete_fields
                    if f.attname not in _IGNORED | {"group_id", "person_id"}
                    and getattr(record, f.attname) not in (None, "")
                ]
            entries.append(
                Entry(
                    model=name,
                    history_id=record.history_id,
                    date=record.history_date,
                    user=record.history_user.get_username() if record.history_user else "",
                    reason=record.history_change_reason or "",
                    kind={"+": "added", "~": "changed", "-": "removed"}[record.history_type],
                    what=_describe(model, record, people),
                    changes=changes,
                    revertible=not (record.history_type == "+" and model in (Group, Membership))
                    and not (record.history_type == "~" and before is None),
                )
            )
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
        messages.error(request, "The comment is too long.")
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
