"""Who may change what: every role check of the registry, in one place.

Roles are per group and come from the registry itself:

- **board**: a staff or superuser account may do everything;
- **chair**: a person with a *current* chair or co-chair membership of a group (linked to the
  account through ``Person.user``) keeps that group's purpose, roster, charter and pages, but
  neither its status nor its resolutions;
- **member**: a person with a current membership of a group may add meeting notes and other
  pages to it;
- everyone else, signed in or not, reads.

Ask one question at a time: ``can(user, Action.EDIT_ROSTER, group)``. Registry operations call
``require()``, which raises ``PermissionDenied``; views and templates call ``can()`` to decide
what to offer.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from workgroups.registry.models import Group, Membership, Page


class Action(StrEnum):
    CREATE_GROUP = "create_group"
    EDIT_GROUP = "edit_group"  # name, summary, purpose, mailing lists, links
    EDIT_STATUS = "edit_status"  # status, formed and dissolved dates
    RECORD_RESOLUTION = "record_resolution"
    APPROVE_ROSTER = "approve_roster"
    EDIT_ROSTER = "edit_roster"  # add, change or end memberships
    EDIT_CHARTER = "edit_charter"  # add or edit a charter version
    EDIT_PAGE = "edit_page"  # edit an existing page (not the charter)
    ADD_PAGE = "add_page"  # meeting notes, member lists, other material
    REVERT = "revert"  # undo a recorded change
    LINK_ACCOUNT = "link_account"  # give a person a sign-in account


class Role(StrEnum):
    BOARD = "board"
    CHAIR = "chair"
    MEMBER = "member"
    READER = "reader"


CHAIR_ROLES = (Membership.Role.CHAIR, Membership.Role.CO_CHAIR)

# What each role of a group may do there. The board may do everything, everywhere.
ALLOWED: dict[Role, frozenset[Action]] = {
    Role.BOARD: frozenset(Action),
    Role.CHAIR: frozenset(
        {
            Action.EDIT_GROUP,
            Action.EDIT_ROSTER,
            Action.EDIT_CHARTER,
            Action.EDIT_PAGE,
            Action.ADD_PAGE,
        }
    ),
    Role.MEMBER: frozenset({Action.ADD_PAGE}),
    Role.READER: frozenset(),
}

# Group fields and who may set them (update_group and its form and API).
STATUS_FIELDS = frozenset({"status", "formed", "dissolved"})
GROUP_FIELDS = frozenset({"name", "summary", "purpose", "mailing_lists", "links"}) | STATUS_FIELDS


def is_board(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_staff or user.is_superuser)
    )


def role(user, group: Group | None) -> Role:
    """The strongest role `user` holds in `group` (READER for no group or no account)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Role.READER
    if is_board(user):
        return Role.BOARD
    if group is None or group.pk is None:
        return Role.READER
    roles = set(
        Membership.objects.filter(
            group_id=group.pk, person__user_id=user.pk, end__isnull=True
        ).values_list("role", flat=True)
    )
    if roles & set(CHAIR_ROLES):
        return Role.CHAIR
    if roles:
        return Role.MEMBER
    return Role.READER


def can(user, action: Action | str, group: Group | None = None) -> bool:
    """May `user` do `action` to `group` (None for actions not about one group)?"""
    action = Action(action)
    return action in ALLOWED[role(user, group)]


def require(user, action: Action | str, group: Group | None = None) -> None:
    """Raise PermissionDenied unless `can(user, action, group)`."""
    if not can(user, action, group):
        raise PermissionDenied(f"not allowed to {Action(action).value.replace('_', ' ')}")


def page_action(kind: str, *, new: bool) -> Action:
    """The action that adding (new) or editing a page of this kind needs."""
    if kind == Page.Kind.CHARTER:
        return Action.EDIT_CHARTER
    return Action.ADD_PAGE if new else Action.EDIT_PAGE


def group_fields(user, group: Group | None) -> frozenset[str]:
    """The fields of `group` that `user` may set."""
    if can(user, Action.EDIT_STATUS, group):
        return GROUP_FIELDS
    if can(user, Action.EDIT_GROUP, group):
        return GROUP_FIELDS - STATUS_FIELDS
    return frozenset()


def actions(user, group: Group | None) -> frozenset[Action]:
    """Everything `user` may do to `group` (for templates: `{% if 'edit_roster' in can %}`)."""
    return ALLOWED[role(user, group)]
