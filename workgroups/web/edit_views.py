"""Editing in the browser: each form is one registry operation (workgroups.registry.services).

Views stay thin: they find the group, ask `permissions` what the user may do (to offer the
right forms; the operations check again), call the operation and show its field errors.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from workgroups.registry import permissions, services
from workgroups.registry.models import Group, Membership, Page
from workgroups.registry.permissions import Action
from workgroups.web import forms

PREVIEW_LIMIT = 200_000


class _RolledBack(Exception):
    """Undoes an operation run only to find its errors (OperationView.check_operation)."""


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


def _context(request, group, **extra):
    return {"group": group, "can": permissions.actions(request.user, group), **extra}


class OperationView(FormView):
    """One registry operation as a form page.

    GET shows the form; a valid POST calls `operation` with the form's input, and on success
    says `success_message` and redirects to `next_url()`; otherwise (invalid input, the
    operation's errors, a stale version) the form is shown again with the errors in place. A
    POST the form refuses is still checked by the operation (`check_operation()`, nothing
    written), so that one submit shows all of its errors.
    Subclasses declare the form, the operation and the words; `action` is what the user must be
    allowed to do to the group in the URL (no group when None).
    """

    template_name = "web/edit/form.html"
    form_class: type[forms.OperationForm]
    operation: Callable[..., object]  # a services function, declared as a staticmethod
    action: Action | None = None
    success_message = ""
    title = ""
    intro = ""
    submit = "Save"
    preview = False
    group: Group | None = None

    @method_decorator(login_required)
    def dispatch(self, request, *args, **kwargs):
        if self.action is not None:
            self.group = get_object_or_404(Group, slug=kwargs["slug"])
            if not permissions.can(request.user, self.action, self.group):
                raise PermissionDenied
        self.prepare()
        return super().dispatch(request, *args, **kwargs)

    def prepare(self) -> None:
        """Find what else the URL names, check what `action` does not, set the words."""

    def get_initial(self) -> dict:
        return {"version": self.group.version} if self.group else {}

    def get_form_kwargs(self) -> dict:
        kwargs = {"data": self.request.POST or None}
        if initial := self.get_initial():
            kwargs["initial"] = initial
        return kwargs

    def operation_kwargs(self) -> dict:
        """The operation's keywords besides the form's: what the URL names."""
        return {"group": self.group} if self.group else {}

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            return self.form_valid(form)
        self.check_operation(form)
        return self.form_invalid(form)

    def form_valid(self, form):
        try:
            result = self.operation(
                user=self.request.user, **form.operation_kwargs(), **self.operation_kwargs()
            )
        except ValidationError as exc:
            form.show_errors(exc)
            return self.form_invalid(form)
        except services.StaleVersion as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        if message := self.message(result):
            messages.success(self.request, message)
        return redirect(self.next_url(result))

    def check_operation(self, form) -> None:
        """Add to a refused form the errors the operation finds in the fields the form accepted.

        The operation runs in a transaction that is always rolled back: it validates all of
        its input before writing, and whatever it would write when it finds nothing wrong is
        undone (with its page-cache notice, which waits for a commit).
        """
        refused = frozenset(form.errors)
        try:
            with transaction.atomic():
                self.operation(
                    user=self.request.user, **form.checked_kwargs(), **self.operation_kwargs()
                )
                raise _RolledBack
        except _RolledBack:
            pass
        except ValidationError as exc:
            form.show_errors(exc, refused=refused)
        except services.StaleVersion as exc:
            form.show_errors(ValidationError(str(exc)))
        except PermissionDenied:
            pass  # the form's errors first; a valid submit meets the refusal
        finally:
            self.reload()

    def reload(self) -> None:
        """Read again what the URL names: a rolled-back operation may have changed it in memory."""
        for row in (self.group, getattr(self, "page", None), getattr(self, "seat", None)):
            if row is not None and row.pk is not None:
                row.refresh_from_db()

    def message(self, result) -> str:
        return self.success_message

    def next_url(self, result) -> str:
        return self.group.get_absolute_url()

    def get_context_data(self, **kwargs):
        words = {"title": self.title, "intro": self.intro, "submit": self.submit}
        context = super().get_context_data(**{**words, "preview": self.preview, **kwargs})
        return _context(self.request, self.group, **context) if self.group else context


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


class CreateGroup(OperationView):
    form_class = forms.GroupCreateForm
    operation = staticmethod(services.create_group)
    success_message = "Group created."
    title = "New group"
    intro = (
        "A first charter is drafted from the charter template; record the establishing "
        "resolution next."
    )
    submit = "Create the group"

    def prepare(self):
        if not permissions.can(self.request.user, Action.CREATE_GROUP):
            raise PermissionDenied

    def next_url(self, group):
        return group.get_absolute_url()


class EditGroup(OperationView):
    action = Action.EDIT_GROUP
    form_class = forms.GroupEditForm
    operation = staticmethod(services.update_group)
    success_message = "Saved."
    preview = True

    def prepare(self):
        self.fields = permissions.group_fields(self.request.user, self.group)
        if self.request.method == "POST" and set(self.request.POST) & (
            permissions.GROUP_FIELDS - self.fields
        ):
            raise PermissionDenied("Only the board sets a group's status and dates.")
        self.title = f"Edit {self.group.name}"

    def get_initial(self):
        return {}  # the form reads the group's current values itself

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "group": self.group, "fields": self.fields}


create_group = CreateGroup.as_view()
edit_group = EditGroup.as_view()


# --- Roster ------------------------------------------------------------------------------------


def _seats(group):
    return group.memberships.select_related("person").order_by("end", "role", "person__name")


@group_view(Action.EDIT_ROSTER)
def roster(request, group):
    return render(request, "web/edit/roster.html", _roster_context(request, group))


def _roster_context(request, group, add_form=None):
    seats = list(_seats(group))
    return _context(
        request,
        group,
        current=[s for s in seats if s.end is None],
        past=[s for s in seats if s.end is not None],
        add_form=add_form or forms.MemberAddForm(initial={"version": group.version}),
        end_form=forms.MemberEndForm(initial={"version": group.version}),
        roles=Membership.Role.choices,
    )


class AddMember(OperationView):
    """Posted from the roster page, which shows the form again when it is refused."""

    http_method_names = ["post"]
    action = Action.EDIT_ROSTER
    form_class = forms.MemberAddForm
    operation = staticmethod(services.add_membership)
    template_name = "web/edit/roster.html"

    def get_initial(self):
        return {}

    def message(self, seat):
        return f"{seat.person.name} joined as {seat.role}."

    def next_url(self, seat):
        return reverse("edit:roster", args=[self.group.slug])

    def get_context_data(self, form, **kwargs):
        return _roster_context(self.request, self.group, add_form=form)


class EndMember(OperationView):
    action = Action.EDIT_ROSTER
    form_class = forms.MemberEndForm
    operation = staticmethod(services.end_membership)
    submit = "End the membership"

    def prepare(self):
        self.seat = get_object_or_404(
            Membership.objects.select_related("person"), pk=self.kwargs["pk"], group=self.group
        )
        name, since = self.seat.person.name, self.seat.start
        self.title = f"End {name}'s membership"
        self.intro = (
            f"{name} is {self.seat.role} of {self.group.name} since "
            f"{since.human() if since else 'an unknown date'}. The membership stays in the "
            "record, ended."
        )
        self.success_message = f"{name}'s membership ended."

    def operation_kwargs(self):
        return {"membership": self.seat}

    def next_url(self, result):
        return reverse("edit:roster", args=[self.group.slug])


class ApproveRoster(OperationView):
    action = Action.APPROVE_ROSTER
    form_class = forms.RosterApprovalForm
    operation = staticmethod(services.approve_roster)
    success_message = "Roster approval recorded."
    submit = "Record the approval"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "group": self.group}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=f"Approve the roster of {self.group.name}",
            current=list(_seats(self.group).filter(end__isnull=True)),
            **kwargs,
        )


class ConfirmCurrent(OperationView):
    action = Action.EDIT_GROUP
    form_class = forms.ConfirmForm
    operation = staticmethod(services.confirm_current)
    success_message = "Confirmed: the record is current."
    submit = "Confirm the record is current"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=f"Confirm the record of {self.group.name}",
            intro="Check the roster, mailing lists, links and purpose on the group's page; "
            "if they are right, confirm them as current today.",
            **kwargs,
        )


confirm_current = ConfirmCurrent.as_view()
add_member = AddMember.as_view()
end_member = EndMember.as_view()
approve_roster = ApproveRoster.as_view()


# --- Resolutions -------------------------------------------------------------------------------


class RecordResolution(OperationView):
    action = Action.RECORD_RESOLUTION
    form_class = forms.ResolutionForm
    operation = staticmethod(services.record_resolution)
    success_message = "Resolution recorded; it has taken effect."
    intro = (
        "It takes effect: an establishing resolution makes the group active, a dissolving one "
        "dissolves it and ends every membership at its date, and the people it lists join the "
        "group."
    )
    submit = "Record the resolution"

    def prepare(self):
        self.title = f"Record a resolution about {self.group.name}"


record_resolution = RecordResolution.as_view()


# --- Pages -------------------------------------------------------------------------------------


class AddPage(OperationView):
    action = Action.ADD_PAGE
    form_class = forms.PageForm
    operation = staticmethod(services.add_page)
    success_message = "Page added."
    preview = True
    submit = "Publish"

    def prepare(self):
        self.kinds = [
            kind
            for kind, _ in forms.PAGE_KINDS
            if permissions.can(
                self.request.user, permissions.page_action(kind, new=True), self.group
            )
        ]
        self.asked = self.request.POST.get("kind") or self.request.GET.get("kind")
        if self.asked in dict(forms.PAGE_KINDS) and self.asked not in self.kinds:
            raise PermissionDenied("Only a group's chairs and the board add a charter.")
        self.title = f"Add a page to {self.group.name}"

    def get_initial(self):
        initial = super().get_initial()
        if self.asked in self.kinds:
            initial["kind"] = self.asked
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kinds": self.kinds}

    def next_url(self, page):
        return page.get_absolute_url()


class EditPage(OperationView):
    form_class = forms.PageEditForm
    operation = staticmethod(services.update_page)
    success_message = "Page saved."
    preview = True

    def prepare(self):
        self.page = get_object_or_404(
            Page.objects.select_related("group"),
            group__slug=self.kwargs["slug"],
            slug=self.kwargs["page"],
        )
        self.group = self.page.group
        action = permissions.page_action(self.page.kind, new=False)
        if not permissions.can(self.request.user, action, self.group):
            raise PermissionDenied
        self.title = f"Edit {self.page.title}"

    def get_initial(self):
        return {}  # the form reads the page's current values itself

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "page": self.page}

    def operation_kwargs(self):
        return {"page": self.page}

    def next_url(self, result):
        return self.page.get_absolute_url()


add_page = AddPage.as_view()
edit_page = EditPage.as_view()


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
