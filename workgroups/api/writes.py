"""Write endpoints of the API (governance): POST/PATCH with a Bearer token.

Each endpoint is one registry operation (workgroups.registry.services), so the API and the
forms share their validation, roles, history and version checks. Answers:

- 401 without a valid token (auth.py), 403 when the token's user may not do it (the role is
  checked before the body is even read, and again by the operation, which knows the details:
  a chair may PATCH a group's purpose but not its status);
- 422 naming the field (errors.py): `{"detail", "errors": [{"field", "message", "location"}]}`;
- 409 when the body's `version` is not the group's current one (someone else changed it);
- in every refused case nothing is written.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer
from pydantic import ConfigDict

from workgroups.api.auth import token_auth
from workgroups.api.base import router
from workgroups.api.reads import get_group as read_group
from workgroups.api.schemas import (
    MAX_INT,
    EdtfDate,
    Error,
    GroupDetail,
    GroupStatus,
    Id,
    Invalid,
    PageKind,
    PageOut,
    PersonRef,
    ResolutionKind,
    ResolutionOut,
    Role,
    Text,
)
from workgroups.registry import permissions, services, snapshot
from workgroups.registry.models import Group, Membership, Page, RosterApproval
from workgroups.registry.permissions import Action


class RoleAuth(HttpBearer):
    """The Bearer token (401 without a valid one), then the role the endpoint needs (403)."""

    def __init__(self, action: Action):
        super().__init__()
        self.action = action

    def authenticate(self, request, token):
        user = token_auth.authenticate(request, token)
        if not user:
            return None
        group = None
        match = getattr(request, "resolver_match", None)
        slug = match.kwargs.get("slug") if match else None
        if slug is not None:
            group = Group.objects.filter(slug=slug).first()
            if group is None:
                raise HttpError(404, f"No group with the slug {slug!r}.")
        if not permissions.can(user, self.action, group):
            raise HttpError(403, _refusal(self.action))
        return user


def _refusal(action: Action | str) -> str:
    return f"Your role does not allow this ({Action(action).value.replace('_', ' ')})."


class Conflict(Error):
    version: int = Field(description="The group's current version.")


REFUSALS: dict[int, Any] = {
    401: Error,
    403: Error,
    404: Error,
    409: Conflict,
    422: Invalid,
}


def write(method: str, path: str, action: Action, answer: dict[int, Any], **openapi):
    """Register a write operation on the router.

    It takes a Bearer token of a user whose role allows `action` (RoleAuth), answers
    `answer` ({status: schema}) with what the view returns, and answers the refusals of the
    registry operation it calls: 403 (role), 409 (stale version); 422 comes via errors.py,
    404 (documented where the path names something) from the view or RoleAuth.
    `openapi` is the operation's summary and description.
    """
    [status] = answer
    refusals = {code: schema for code, schema in REFUSALS.items() if code != 404 or "{" in path}

    def register(view):
        @wraps(view)
        def answered(request, *args, **kwargs):
            try:
                return status, view(request, *args, **kwargs)
            except PermissionDenied as exc:
                return 403, {"detail": str(exc) or "Your role does not allow this."}
            except services.StaleVersion as exc:
                return 409, {"detail": str(exc), "version": exc.current}

        return router.api_operation(
            [method],
            path,
            auth=RoleAuth(action),
            response={**answer, **refusals},
            tags=["writes"],
            **openapi,
        )(answered)

    return register


class Body(Schema):
    """A write body: unknown fields are refused (422), so a typo is never silently dropped."""

    model_config = ConfigDict(extra="forbid")
    comment: Text = Field("", description="Why (kept in the history with the change).")


class Versioned(Body):
    version: int | None = Field(
        None,
        ge=0,
        le=MAX_INT,
        description="The group's version the edit was made on (from GET /groups/{slug}); "
        "a stale one answers 409 and writes nothing.",
    )


class MailingListIn(Schema):
    model_config = ConfigDict(extra="forbid")
    address: Text
    url: Text | None = None


class LinkIn(Schema):
    model_config = ConfigDict(extra="forbid")
    label: Text
    url: Text


class SeatIn(Schema):
    model_config = ConfigDict(extra="forbid")
    person: Text
    role: Role = "member"
    voting: bool = True


class VoteIn(Schema):
    model_config = ConfigDict(extra="forbid")
    yes: int = Field(ge=0, le=MAX_INT)
    no: int = Field(0, ge=0, le=MAX_INT)
    abstain: int = Field(0, ge=0, le=MAX_INT)


class EstablishingIn(Schema):
    """The board's resolution that establishes a new group (as a resolution's body)."""

    model_config = ConfigDict(extra="forbid")
    title: Text = ""
    date: EdtfDate = Field(description="Its date (EDTF); the group's formed date.")
    text: Text = Field(description="Markdown.")
    vote: VoteIn | None = None
    medium: Text = Field("", description='e.g. "IRC vote".')
    members: list[SeatIn] = Field([], description="People it seats from its date.")
    approves_roster: bool = Field(False, description="Also records a roster approval.")


class GroupIn(Body):
    name: Text
    slug: Text | None = Field(None, description="Made from the name when not given.")
    status: GroupStatus | None = Field(
        None,
        description="Proposed until its establishing resolution: active when `establishing` "
        "is given.",
    )
    formed: EdtfDate | None = None
    summary: Text = ""
    purpose: Text = Field("", description="Markdown.")
    mailing_lists: list[MailingListIn] = []
    links: list[LinkIn] = []
    establishing: EstablishingIn | None = Field(
        None, description="The establishing resolution, when the board has passed it."
    )


class GroupPatch(Versioned):
    """Any of these; null clears an optional field (a date, a text, the lists)."""

    name: Text | None = Field(None, description="Required: null is refused.")
    status: GroupStatus | None = Field(None, description="The board only. Null is refused.")
    formed: EdtfDate | None = Field(None, description="The board only.")
    dissolved: EdtfDate | None = Field(None, description="The board only.")
    summary: Text | None = None
    purpose: Text | None = None
    mailing_lists: list[MailingListIn] | None = Field(None, description="Replaces the lists.")
    links: list[LinkIn] | None = Field(None, description="Replaces the links.")


class ConfirmIn(Versioned):
    date: EdtfDate | None = Field(None, description="Today when not given.")


class MemberIn(Versioned):
    person: Text = Field(
        description="A name (spelling variants find the same person; an unknown name adds "
        "the person) or a person's slug."
    )
    role: Role = "member"
    voting: bool = True
    start: EdtfDate | None = Field(None, description="Today when not given.")
    note: Text = ""


class MemberPatch(Versioned):
    end: EdtfDate = Field(description="The date the membership ends (it is never deleted).")


class MemberWritten(Schema):
    id: int = Field(description="PATCH /groups/{slug}/members/{id} ends it.")
    person: PersonRef
    role: Role
    voting: bool
    start: str | None
    end: str | None
    current: bool


class ResolutionIn(Versioned):
    kind: ResolutionKind
    title: Text = ""
    date: EdtfDate = Field(description="Its date (EDTF).")
    text: Text = Field(description="Markdown.")
    vote: VoteIn | None = None
    medium: Text = Field("", description='e.g. "IRC vote".')
    members: list[SeatIn] = Field(
        [], description="People it seats from its date (a roster or establishing resolution)."
    )
    replaces_roster: bool = Field(
        False, description="`members` is the whole membership: everyone else's seat ends."
    )
    approves_roster: bool = Field(False, description="Also records a roster approval.")


class PageIn(Versioned):
    kind: PageKind = "minutes"
    title: Text = Field("", description="Meeting notes may leave it out.")
    date: EdtfDate | None = Field(None, description="Needed for meeting notes.")
    body: Text = Field("", description="Markdown (MyST).")


class PagePatch(Versioned):
    title: Text | None = None
    date: EdtfDate | None = None
    body: Text | None = None


class RosterApprovalIn(Versioned):
    date: EdtfDate | None = Field(None, description="Today when not given.")
    resolution: Id | None = Field(None, description="The approving resolution's id.")
    note: Text = ""


class RosterApprovalOut(Schema):
    id: int
    date: str
    resolution: int | None
    note: str


class RevertIn(Versioned):
    model: Text = Field(description="group, membership, resolution, page or rosterapproval")
    history_id: Id


def _group(slug: str) -> Group:
    group = Group.objects.filter(slug=slug).first()
    if group is None:
        raise HttpError(404, f"No group with the slug {slug!r}.")
    return group


def _kwargs(payload: Schema, *, exclude_unset: bool = False) -> dict:
    data = payload.dict(exclude_unset=exclude_unset)
    if "version" in data:
        data["expected_version"] = data.pop("version")
    return data


def _on_group(service, request, slug: str, payload: Schema, *, exclude_unset: bool = False):
    """What the registry operation `service` returns, done on the group by the token's user."""
    return service(
        group=_group(slug), user=request.auth, **_kwargs(payload, exclude_unset=exclude_unset)
    )


def _member(seat: Membership) -> dict:
    return {"id": seat.pk, **snapshot.membership(seat).api()}


def _page(page: Page) -> dict:
    return snapshot.page(page).api(reverse("web:page", args=[page.group.slug, page.slug]))


# Groups --------------------------------------------------------------------------------------


@write(
    "POST",
    "/groups",
    Action.CREATE_GROUP,
    {201: GroupDetail},
    summary="Create a group (the board), with a charter drafted from the template",
    description="The group is proposed until its establishing resolution: record it with "
    "`establishing`, or later with POST /groups/{slug}/resolutions (kind `establishing`).",
)
def create_group(request, payload: GroupIn):
    group = services.create_group(user=request.auth, **_kwargs(payload))
    return read_group(request, group.slug)


@write(
    "PATCH",
    "/groups/{slug}",
    Action.EDIT_GROUP,
    {200: GroupDetail},
    summary="Change a group (chairs: name, summary, purpose, lists, links; the board: all)",
)
def update_group(request, slug: Text, payload: GroupPatch):
    _on_group(services.update_group, request, slug, payload, exclude_unset=True)
    return read_group(request, slug)


@write(
    "POST",
    "/groups/{slug}/confirm",
    Action.EDIT_GROUP,
    {200: GroupDetail},
    summary="Confirm that the group's record (roster, contacts, purpose) is current",
)
def confirm_group(request, slug: Text, payload: ConfirmIn):
    _on_group(services.confirm_current, request, slug, payload)
    return read_group(request, slug)


# Memberships ---------------------------------------------------------------------------------


@write(
    "POST",
    "/groups/{slug}/members",
    Action.EDIT_ROSTER,
    {201: MemberWritten},
    summary="Seat a person (a role change ends the old membership and starts a new one)",
)
def add_member(request, slug: Text, payload: MemberIn):
    return _member(_on_group(services.add_membership, request, slug, payload))


@write(
    "PATCH",
    "/groups/{slug}/members/{member}",
    Action.EDIT_ROSTER,
    {200: MemberWritten},
    summary="End a membership (by its id, or the person's slug for their current seat)",
)
def end_member(request, slug: Text, member: Text, payload: MemberPatch):
    group = _group(slug)
    seats = Membership.objects.select_related("person", "group").filter(group=group)
    if member.isascii() and member.isdigit():
        seat = get_object_or_404(seats, pk=int(member))
    else:
        current = list(seats.filter(person__slug=member, end__isnull=True))
        if len(current) != 1:
            raise HttpError(
                404,
                f"{member!r} has no current membership of {group.name}"
                if not current
                else f"{member!r} holds several seats: end one by its id",
            )
        seat = current[0]
    return _member(services.end_membership(membership=seat, user=request.auth, **_kwargs(payload)))


@write(
    "POST",
    "/groups/{slug}/roster-approvals",
    Action.APPROVE_ROSTER,
    {201: RosterApprovalOut},
    summary="Record the board's approval of the current roster (the board)",
)
def approve_roster(request, slug: Text, payload: RosterApprovalIn):
    approval: RosterApproval = _on_group(services.approve_roster, request, slug, payload)
    return {
        "id": approval.pk,
        "date": approval.date.iso(),
        "resolution": approval.resolution_id,
        "note": approval.note,
    }


# Resolutions and pages -----------------------------------------------------------------------


@write(
    "POST",
    "/groups/{slug}/resolutions",
    Action.RECORD_RESOLUTION,
    {201: ResolutionOut},
    summary="Record a resolution (the board); it takes effect",
    description="An establishing resolution makes the group active (formed at its date if "
    "unknown); a dissolving one dissolves it and ends every membership at its date; "
    "`members` join from its date, and with `replaces_roster` everyone else leaves.",
)
def record_resolution(request, slug: Text, payload: ResolutionIn):
    return snapshot.resolution(_on_group(services.record_resolution, request, slug, payload)).api()


@write(
    "POST",
    "/groups/{slug}/pages",
    Action.ADD_PAGE,
    {201: PageOut},
    summary="Add meeting notes or another page (members); a charter version (chairs)",
)
def add_page(request, slug: Text, payload: PageIn):
    return _page(_on_group(services.add_page, request, slug, payload))


@write(
    "PATCH",
    "/groups/{slug}/pages/{page}",
    Action.EDIT_PAGE,
    {200: PageOut},
    summary="Edit a page (chairs)",
)
def update_page(request, slug: Text, page: Text, payload: PagePatch):
    target = get_object_or_404(Page.objects.select_related("group"), group__slug=slug, slug=page)
    data = _kwargs(payload, exclude_unset=True)
    return _page(services.update_page(page=target, user=request.auth, **data))


@write(
    "POST",
    "/groups/{slug}/reverts",
    Action.REVERT,
    {200: GroupDetail},
    summary="Undo one recorded change of the group, as a new change (the board)",
)
def revert_change(request, slug: Text, payload: RevertIn):
    group = _group(slug)
    data = _kwargs(payload)
    record_group = services.history_group_id(data["model"], data["history_id"])
    if record_group not in (None, group.pk):
        raise HttpError(404, "That change is not one of this group's.")
    services.revert_change(user=request.auth, **data)
    return read_group(request, slug)
