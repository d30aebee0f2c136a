"""Editing in the browser: each form is one registry operation (workgroups.registry.services).

Views stay thin: they find the group, ask `permissions` what the user may do (to offer the
right forms; the operations check again), call the operation and show its field errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from workgroups import pagecache
from workgroups.checks.engine import compute_findings
from workgroups.lib.partialdate import PartialDate
from workgroups.registry import permissions, services
from workgroups.registry.approvals import YearlyRosterApproval, yearly_roster_approval
from workgroups.registry.models import Group, Membership, Page, Person, Resolution
from workgroups.registry.permissions import Action, Role
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


# --- Text typed before the session expired ----------------------------------------------------

KEPT = "kept_form"
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "confirm"})
KEPT_MESSAGE = "Your text was kept: check it and submit again."
KEPT_LIMIT = 1_000_000  # characters


def _form_page(request) -> str:
    """Where a signed-out user's form is shown again: the page it was posted from."""
    if request.method == "POST":
        referer = request.headers.get("Referer", "")
        if url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(referer)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


def sign_in_keeping_text(request, form_page: str | None = None):
    """Send a signed-out user to sign in; what a POST carried waits in their session.

    The session expired while they typed: nothing is written, and after signing in the form
    that posts to the same address shows what they typed, to check and submit again.
    Passwords are never kept.
    """
    if request.method == "POST":
        data = {
            name: request.POST.getlist(name)
            for name in request.POST
            if name not in NOT_KEPT and "password" not in name.lower()
        }
        # A form's worth of text; a session is no place for anything bigger.
        if sum(len(v) for values in data.values() for v in values) <= KEPT_LIMIT:
            request.session[KEPT] = {"action": request.path, "data": data}
    return redirect_to_login(form_page or _form_page(request))


def take_kept(request, action: str) -> QueryDict | None:
    """The fields kept for the form that posts to `action`, once (then they are dropped)."""
    kept = request.session.get(KEPT)
    if not isinstance(kept, dict) or kept.get("action") != action:
        return None
    del request.session[KEPT]
    data = QueryDict(mutable=True)
    for name, values in kept.get("data", {}).items():
        data.setlist(name, [str(v) for v in values])
    messages.info(request, KEPT_MESSAGE)
    return data


def refill(form, data: QueryDict) -> None:
    """Show kept fields in an unbound form as its starting values: nothing is checked or
    written until the user submits it again."""
    for name, form_field in form.fields.items():
        key, widget = form.add_prefix(name), form_field.widget
        if not widget.value_omitted_from_data(data, {}, key):
            form.initial[name] = widget.value_from_datadict(data, {}, key)


# --- Refusals --------------------------------------------------------------------------------

# What each editing address does, for the 403 page when a view did not say.
URL_ACTIONS = {
    "group-create": Action.CREATE_GROUP,
    "group-edit": Action.EDIT_GROUP,
    "confirm": Action.EDIT_GROUP,
    "roster": Action.EDIT_ROSTER,
    "member-add": Action.EDIT_ROSTER,
    "member-end": Action.EDIT_ROSTER,
    "roster-approve": Action.APPROVE_ROSTER,
    "resolution-add": Action.RECORD_RESOLUTION,
    "page-add": Action.ADD_PAGE,
    "page-edit": Action.EDIT_PAGE,
    "revert": Action.REVERT,
}
DOING = {
    Action.CREATE_GROUP: "create a group",
    Action.EDIT_GROUP: "change this group's details",
    Action.EDIT_STATUS: "set a group's status and dates",
    Action.RECORD_RESOLUTION: "record a resolution",
    Action.APPROVE_ROSTER: "record the approval of a roster",
    Action.EDIT_ROSTER: "change this group's roster",
    Action.EDIT_CHARTER: "add or edit a charter",
    Action.EDIT_PAGE: "edit this group's pages",
    Action.ADD_PAGE: "add meeting notes and pages",
    Action.REVERT: "revert a change",
    Action.LINK_ACCOUNT: "give a person an account",
}


def refuse(request, action: Action, message: str = ""):
    """Raise the 403 for `action`, so that the page can say who may do it."""
    request.refused_action = action
    raise PermissionDenied(message)


def _who_may(action: Action | None, group: Group | None) -> str:
    roles = [r for r in (Role.CHAIR, Role.MEMBER) if action in permissions.ALLOWED[r]]
    doing = DOING.get(action, "do this")
    of = f"{group.name}'s" if group else "a group's"
    if not roles:
        return f"Only the board (staff accounts) may {doing}."
    if Role.MEMBER in roles:
        return f"The board, {of} chairs and its current members may {doing}."
    return f"The board and {of} chairs may {doing}."


def forbidden(request, exception=None):
    """The 403 page: what was refused, who may do it, and whom to ask (handler403)."""
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match else None
    group = Group.objects.filter(slug=slug).first() if isinstance(slug, str) else None
    action = getattr(request, "refused_action", None)
    if action is None and match is not None and match.namespace == "edit":
        action = URL_ACTIONS.get(match.url_name)
    chairs, lists = [], []
    if group is not None:
        chairs = [
            seat.person
            for seat in group.memberships.filter(
                end__isnull=True, role__in=permissions.CHAIR_ROLES
            ).select_related("person")
        ]
        lists = [m.address for m in group.mailing_lists.all()]
    user = request.user if hasattr(request, "user") else None
    context = {
        "exception": str(exception or ""),
        "group": group,
        "who": _who_may(action, group) if action is not None else "",
        "board_only": action is not None
        and not any(action in permissions.ALLOWED[r] for r in (Role.CHAIR, Role.MEMBER)),
        "chairs": chairs,
        "lists": lists,
        "unlinked": bool(
            user is not None
            and user.is_authenticated
            and not Person.objects.filter(user_id=user.pk).exists()
        ),
    }
    return render(request, "403.html", context, status=403)


# --- Helpers ----------------------------------------------------------------------------------


def group_view(action: Action | None):
    """Signed-in users only; the group from the URL; 403 unless `action` is allowed there.

    A signed-out POST (the session expired) keeps its fields for after signing in.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return sign_in_keeping_text(request)
            group = get_object_or_404(Group, slug=slug)
            if action is not None and not permissions.can(request.user, action, group):
                refuse(request, action)
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
    A signed-out POST (the session expired) is kept, and after signing in the same form shows
    it again, unsaved (`sign_in_keeping_text()`).
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

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return sign_in_keeping_text(request, self.form_page())
        if self.action is not None:
            self.group = get_object_or_404(Group, slug=kwargs["slug"])
            if not permissions.can(request.user, self.action, self.group):
                refuse(request, self.action)
        self.prepare()
        return super().dispatch(request, *args, **kwargs)

    def form_page(self) -> str:
        """The page that shows this form (its own address; the roster for adding a member)."""
        return self.request.get_full_path()

    def prepare(self) -> None:
        """Find what else the URL names, check what `action` does not, set the words."""

    def get_initial(self) -> dict:
        return {"version": self.group.version} if self.group else {}

    def get_form_kwargs(self) -> dict:
        kwargs = {"data": self.request.POST or None}
        if initial := self.get_initial():
            kwargs["initial"] = initial
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.request.method == "GET" and (kept := take_kept(self.request, self.request.path)):
            refill(form, kept)
        return form

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
        if (error := self.operation_errors(form)) is not None:
            form.show_errors(error, refused=frozenset(form.errors))

    def operation_errors(self, form, **given) -> ValidationError | None:
        """What the operation refuses in the form's accepted fields (and `given`), unwritten."""
        kwargs = {**form.checked_kwargs(), **given, **self.operation_kwargs()}
        try:
            with transaction.atomic():
                self.operation(user=self.request.user, **kwargs)
                raise _RolledBack
        except _RolledBack:
            return None
        except ValidationError as exc:
            return exc
        except services.StaleVersion as exc:
            return ValidationError(str(exc))
        except PermissionDenied:
            return None  # the form's errors first; a valid submit meets the refusal
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


def _by_field(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


# --- Where editing starts ---------------------------------------------------------------------


FINDINGS_CACHE = "workgroups:edit:finding-counts:"


def finding_counts() -> dict[str, int]:
    """How many findings each group has (by slug): computed once per registry generation and
    day (seconds on the whole record), then kept in the cache until a write or midnight."""

    def compute() -> dict[str, int]:
        counts: dict[str, int] = {}
        for finding in compute_findings():
            for slug in set(finding.groups):
                counts[slug] = counts.get(slug, 0) + 1
        return counts

    if not getattr(settings, "PAGE_CACHE", True):  # tests write without committing
        return compute()
    key = f"{FINDINGS_CACHE}{pagecache.generation()}:{date.today().isoformat()}"
    counts = cache.get(key)
    if counts is None:
        counts = compute()
        cache.set(key, counts, 24 * 3600)
    return counts


@dataclass
class GroupRow:
    """One group on the dashboard, with what says whether it needs something done."""

    group: Group
    chairs: list[Person]
    approval: YearlyRosterApproval
    findings: int
    changed: datetime | None
    roles: list[str] = field(default_factory=list)  # the user's current roles in it

    @property
    def approval_rank(self) -> int:
        """0 overdue, 1 due soon, 2 due later, 3 not required."""
        a = self.approval
        return 3 if not a.required else 0 if a.overdue else 1 if a.due_soon else 2

    @property
    def confirmed_on(self) -> date:
        return self.group.confirmed.earliest() if self.group.confirmed else date.min

    @property
    def urgency(self) -> tuple:
        return (
            self.group.status != Group.Status.ACTIVE,
            self.approval_rank,
            -self.findings,
            self.confirmed_on,
            self.group.name.casefold(),
        )


def _name(row: GroupRow) -> str:
    return row.group.name.casefold()


# key: (label, sort key of a row, the order aria-sort names)
DASHBOARD_SORTS: dict[str, tuple[str, Callable, str]] = {
    "urgency": ("Urgency", lambda r: r.urgency, "descending"),
    "name": ("Group", _name, "ascending"),
    "status": ("Status", lambda r: (r.group.status, _name(r)), "ascending"),
    "confirmed": ("Confirmed current", lambda r: (r.confirmed_on, _name(r)), "ascending"),
    "approval": (
        "Roster approval",
        lambda r: (r.approval_rank, r.approval.due or date.min, _name(r)),
        "ascending",
    ),
    "findings": ("Open findings", lambda r: (-r.findings, _name(r)), "descending"),
    "changed": (
        "Last change",
        lambda r: (r.changed is None, -(r.changed.timestamp() if r.changed else 0), _name(r)),
        "descending",
    ),
}


# The table's columns, in order; "chairs" does not sort.
DASHBOARD_COLUMNS = ("name", "status", "chairs", "confirmed", "approval", "findings", "changed")


def _last_changes(group_ids) -> dict[int, datetime]:
    """The date of each group's latest recorded change, from the audit history."""
    latest: dict[int, datetime] = {}
    for model in services.HISTORIED.values():
        column = "id" if model is Group else "group_id"
        rows = (
            model.history.filter(**{f"{column}__in": group_ids})
            .values(column)
            .annotate(last=Max("history_date"))
            .values_list(column, "last")
        )
        for pk, last in rows:
            if last is not None and (pk not in latest or last > latest[pk]):
                latest[pk] = last
    return latest


def dashboard_rows(user, *, board: bool) -> list[GroupRow]:
    """Every group for the board; the groups where `user` holds a current seat otherwise."""
    groups = Group.objects.prefetch_related(
        "resolutions",
        "roster_approvals",
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(
                end__isnull=True, role__in=permissions.CHAIR_ROLES
            ).select_related("person"),
            to_attr="chair_seats",
        ),
    )
    roles: dict[int, list[str]] = {}
    for group_id, role in Membership.objects.filter(
        person__user_id=user.pk, end__isnull=True
    ).values_list("group_id", "role"):
        roles.setdefault(group_id, []).append(role)
    if not board:
        groups = groups.filter(pk__in=roles)
    groups = list(groups)
    counts = finding_counts() if groups else {}
    changed = _last_changes([g.pk for g in groups])
    today = date.today()
    return [
        GroupRow(
            group=g,
            chairs=[seat.person for seat in g.chair_seats],
            approval=yearly_roster_approval(
                g.resolutions.all(),
                g.roster_approvals.all(),
                today,
                active=g.status == Group.Status.ACTIVE,
            ),
            findings=counts.get(g.slug, 0),
            changed=changed.get(g.pk),
            roles=sorted(roles.get(g.pk, [])),
        )
        for g in groups
    ]


@login_required
def dashboard(request):
    """The groups the signed-in user keeps (every group for the board), most urgent first:
    roster approvals due, open findings, how long since the record was confirmed current."""
    board = permissions.is_board(request.user)
    sort = request.GET.get("sort", "urgency")
    if sort not in DASHBOARD_SORTS:
        sort = "urgency"
    rows = sorted(dashboard_rows(request.user, board=board), key=DASHBOARD_SORTS[sort][1])
    sorts = {
        key: {"key": key, "label": label, "current": key == sort, "direction": direction}
        for key, (label, _, direction) in DASHBOARD_SORTS.items()
    }
    columns = [sorts.get(key) or {"label": "Chairs"} for key in DASHBOARD_COLUMNS]
    return render(
        request,
        "web/edit/dashboard.html",
        {
            "rows": rows,
            "board": board,
            "sorted_by": sorts[sort]["label"].lower(),
            "sorts": sorts.values(),
            "columns": columns,
            "linked": board or Person.objects.filter(user_id=request.user.pk).exists(),
            "overdue": sum(1 for r in rows if r.approval.overdue),
            "due_soon": sum(1 for r in rows if r.approval.due_soon),
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
    success_message = "Group created. It is proposed until its establishing resolution."
    title = "New group"
    intro = (
        "The group is proposed until the board's establishing resolution, with a first "
        "charter drafted from the PSF charters' sections; the next page offers to record "
        "the establishing resolution."
    )
    submit = "Create the group"

    def prepare(self):
        if not permissions.can(self.request.user, Action.CREATE_GROUP):
            refuse(self.request, Action.CREATE_GROUP)

    def next_url(self, group):
        return reverse("edit:hub", args=[group.slug])


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
            refuse(
                self.request, Action.EDIT_STATUS, "Only the board sets a group's status and dates."
            )
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
    add_form = None
    if kept := take_kept(request, reverse("edit:member-add", args=[group.slug])):
        add_form = forms.MemberAddForm(initial={"version": group.version})
        refill(add_form, kept)
    return render(request, "web/edit/roster.html", _roster_context(request, group, add_form))


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

    def form_page(self):
        return reverse("edit:roster", args=[self.kwargs["slug"]])

    def message(self, seat):
        return f"{seat.person.name} joined as {seat.role}."

    def next_url(self, seat):
        return reverse("edit:roster", args=[self.group.slug])

    def get_context_data(self, form, **kwargs):
        return _roster_context(self.request, self.group, add_form=form)


class EndMember(OperationView):
    """Ends a seat after a confirmation that names the person, the role and the date: a POST
    without `confirm` (the roster's End button without script) shows that step first."""

    action = Action.EDIT_ROSTER
    form_class = forms.MemberEndForm
    operation = staticmethod(services.end_membership)
    submit = "End the membership"

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid() and request.POST.get("confirm"):
            return self.form_valid(form)
        self.check_operation(form)
        if form.errors:
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, confirm=self.confirm(form)))

    def confirm(self, form) -> dict:
        """The confirmation step: the question, and the fields it posts again."""
        seat, end = self.seat, PartialDate.parse(form.cleaned_data["end"])
        return {
            "question": f"End {seat.person.name}'s membership as {seat.role} of "
            f"{self.group.name} on {end.human()}?",
            "fields": {
                "version": form.cleaned_data["version"] or "",
                "end": form.cleaned_data["end"],
                "comment": form.cleaned_data["comment"],
            },
            "cancel": reverse("edit:roster", args=[self.group.slug]),
        }

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

    def get_initial(self):
        # The hub's "Record the establishing resolution" asks for its kind with ?kind=.
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in Resolution.Kind.values else {}


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
            refuse(
                self.request,
                Action.EDIT_CHARTER,
                "Only a group's chairs and the board add a charter.",
            )
        self.title = f"Add a page to {self.group.name}"

    def get_initial(self):
        initial = super().get_initial()
        if self.asked in self.kinds:
            initial["kind"] = self.asked
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kinds": self.kinds}

    def check_operation(self, form):
        if "kind" not in form.errors:
            return super().check_operation(form)
        # An unknown kind: the other fields' errors that every kind the user may add finds.
        found = [self.operation_errors(form, kind=kind) for kind in self.kinds]
        common = {}
        if found and all(error is not None for error in found):
            first, *others = [_by_field(error) for error in found]
            for key, messages in first.items():
                if shared := [m for m in messages if all(m in o.get(key, ()) for o in others)]:
                    common[key] = shared
        if common:
            form.show_errors(ValidationError(common), refused=frozenset(form.errors))

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
            refuse(self.request, action)
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
