"""The permission matrix: every write operation × every role, asked and attempted.

ROLES, EXPECTED, make_actor() and snapshot() are shared with the form and API matrices
(workgroups/web/tests/test_edit_permissions.py, workgroups/api/tests/test_writes.py), so the
three interfaces are held to one table.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from workgroups.registry import permissions, services
from workgroups.registry.models import (
    Group,
    GroupAlias,
    Link,
    MailingList,
    Membership,
    Page,
    Person,
    PersonAlias,
    Resolution,
    RosterApproval,
)
from workgroups.registry.permissions import Action
from workgroups.tests.factories import matrix_targets

ROLES = [
    "anonymous",
    "outsider",
    "member",
    "ex_chair",
    "other_chair",
    "vice_chair",
    "chair",
    "co_chair",
    "staff",
    "superuser",
    "inactive_staff",
]
BOARD = {"staff", "superuser"}
CHAIRS = BOARD | {"chair", "co_chair"}
MEMBERS = CHAIRS | {"member", "vice_chair"}

# operation -> the roles that may do it (to the group of the fixture `group`).
EXPECTED = {
    "create_group": BOARD,
    "update_group": CHAIRS,
    "update_status": BOARD,
    "record_resolution": BOARD,
    "approve_roster": BOARD,
    "add_membership": CHAIRS,
    "end_membership": CHAIRS,
    "add_minutes": MEMBERS,
    "add_charter": CHAIRS,
    "edit_page": CHAIRS,
    "revert": BOARD,
    "link_account": BOARD,
}
OPERATIONS = list(EXPECTED)
MATRIX = [(op, role, role in EXPECTED[op]) for op in OPERATIONS for role in ROLES]


def make_actor(role: str, group: Group, user_model):
    """A user holding `role` in `group` (AnonymousUser for 'anonymous')."""
    if role == "anonymous":
        return AnonymousUser()
    if role in ("staff", "superuser", "inactive_staff"):
        return user_model.objects.create_user(
            role,
            password="pw",
            is_staff=True,
            is_superuser=role == "superuser",
            is_active=role != "inactive_staff",
        )
    user = user_model.objects.create_user(role, password="pw")
    if role == "outsider":
        return user
    person = Person.objects.create(name=f"{role.title()} Person", slug=role.replace("_", "-"))
    person.user = user
    person.save()
    if role == "other_chair":
        other = Group.objects.create(name="Other Work Group", slug="other-wg")
        Membership.objects.create(person=person, group=other, role="chair", start="2019")
        Membership.objects.create(
            person=person, group=group, role="chair", start="2015", end="2018"
        )
        return user
    if role == "ex_chair":
        Membership.objects.create(
            person=person, group=group, role="chair", start="2015", end="2018"
        )
        return user
    seat_role = {"co_chair": "co-chair", "vice_chair": "vice-chair"}.get(role, role)
    Membership.objects.create(person=person, group=group, role=seat_role, start="2019")
    return user


def snapshot():
    """Every row an operation could write, and the history, to show a refusal wrote nothing."""
    models = [
        Group,
        GroupAlias,
        MailingList,
        Link,
        Membership,
        Page,
        Person,
        PersonAlias,
        Resolution,
        RosterApproval,
    ]
    rows = {m.__name__: list(m.objects.order_by("pk").values()) for m in models}
    for model in services.HISTORIED.values():
        rows[f"{model.__name__} history"] = model.history.count()
    return rows


@pytest.fixture
def targets(group):
    """The rows that operations act on: a member to end, a page to edit, a change to revert."""
    return matrix_targets(group)


ACTION_OF = {
    "create_group": Action.CREATE_GROUP,
    "update_group": Action.EDIT_GROUP,
    "update_status": Action.EDIT_STATUS,
    "record_resolution": Action.RECORD_RESOLUTION,
    "approve_roster": Action.APPROVE_ROSTER,
    "add_membership": Action.EDIT_ROSTER,
    "end_membership": Action.EDIT_ROSTER,
    "add_minutes": Action.ADD_PAGE,
    "add_charter": Action.EDIT_CHARTER,
    "edit_page": Action.EDIT_PAGE,
    "revert": Action.REVERT,
    "link_account": Action.LINK_ACCOUNT,
}


def perform(op: str, user, group: Group, targets: dict):
    """Attempt one operation as `user` through the registry operations."""
    if op == "create_group":
        return services.create_group(name="Brand New WG", user=user)
    if op == "update_group":
        return services.update_group(group=group, purpose="Better purpose", user=user)
    if op == "update_status":
        return services.update_group(group=group, status="inactive", user=user)
    if op == "record_resolution":
        return services.record_resolution(
            group=group, kind="dissolving", date="2024-01-02", text="RESOLVED.", user=user
        )
    if op == "approve_roster":
        return services.approve_roster(group=group, date="2024-01-02", user=user)
    if op == "add_membership":
        return services.add_membership(group=group, person="Grace Hopper", user=user)
    if op == "end_membership":
        return services.end_membership(membership=targets["seat"], end="2024", user=user)
    if op == "add_minutes":
        return services.add_page(group=group, kind="minutes", date="2024-01-02", user=user)
    if op == "add_charter":
        return services.add_page(group=group, kind="charter", body="New charter", user=user)
    if op == "edit_page":
        return services.update_page(page=targets["page"], body="Edited", user=user)
    if op == "revert":
        return services.revert_change(
            model="group", history_id=targets["change"].history_id, user=user
        )
    if op == "link_account":
        account = get_user_model().objects.create_user("newcomer", password="pw")
        return services.link_account(person=targets["seat"].person, account=account, user=user)
    raise AssertionError(op)


def test_the_table_covers_every_action():
    assert set(ACTION_OF.values()) == set(Action)


@pytest.mark.parametrize("op, role, allowed", MATRIX)
def test_can_answers_per_role(op, role, allowed, group, django_user_model):
    user = make_actor(role, group, django_user_model)
    target = None if op == "create_group" else group
    assert permissions.can(user, ACTION_OF[op], target) is allowed


@pytest.mark.parametrize("op, role, allowed", MATRIX)
def test_operations_obey_the_matrix_and_refusals_write_nothing(
    op, role, allowed, group, targets, django_user_model
):
    user = make_actor(role, group, django_user_model)
    before = snapshot()
    if allowed:
        perform(op, user, group, targets)
        assert snapshot() != before
    else:
        with pytest.raises(PermissionDenied):
            perform(op, user, group, targets)
        assert snapshot() == before


def test_a_chair_of_one_group_is_a_reader_of_another(group, chair):
    other = Group.objects.create(name="Elsewhere", slug="elsewhere")
    assert permissions.role(chair, group) == permissions.Role.CHAIR
    assert permissions.role(chair, other) == permissions.Role.READER
    assert permissions.group_fields(chair, other) == frozenset()


def test_a_chair_whose_seat_ended_loses_the_role(group, chair):
    seat = Membership.objects.get(person__user=chair)
    services.end_membership(membership=seat, end="2024")
    assert not permissions.can(chair, Action.EDIT_ROSTER, group)


def test_group_fields_per_role(group, chair, member, staff):
    assert permissions.group_fields(staff, group) == permissions.GROUP_FIELDS
    assert permissions.group_fields(chair, group) == {
        "name",
        "summary",
        "purpose",
        "mailing_lists",
        "links",
    }
    assert permissions.group_fields(member, group) == frozenset()
