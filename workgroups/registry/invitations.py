"""Accounts from the site: inviting a person by e-mail, or linking an account they have.

An invitation creates a sign-in account for a person of the registry (no password yet: it
cannot sign in), links it to the person through the writer and e-mails them a one-time link
made by Django's password-reset tokens, on which they choose a password. The board invites
anyone; a chair invites the people who hold a current seat in their group (those whose roster
they keep). An invitation that was never taken up (no password, never signed in) may be sent
again, to the same or another address.

People and accounts have no audit history of their own (the writer's who and why would go
nowhere), so who invited or linked whom, and why, is kept in the admin's log of the person, as
the admin's own account links are.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from workgroups.registry import permissions, services
from workgroups.registry.models import Group, Membership, Person
from workgroups.registry.permissions import Action
from workgroups.registry.services import Invalid, _check_comment, _Errors, _operation, _who
from workgroups.registry.writer import Write, unique_slug

EMAIL_SUBJECT_TEMPLATE = "web/invite/email_subject.txt"
EMAIL_BODY_TEMPLATE = "web/invite/email.txt"

# The link in the e-mail, made by the site (which knows its address and its URLs) from the
# account's id and token, and the group the invited person lands on (None: their groups).
LinkMaker = Callable[[str, str, Group | None], str]


@dataclass
class Invitation:
    person: Person
    account: object  # the user
    email: str
    group: Group | None
    link: str


def _current_groups(person: Person):
    return Group.objects.filter(
        memberships__person=person, memberships__end__isnull=True
    ).distinct()


def may_invite(user, person: Person, group: Group | None = None) -> bool:
    """May `user` invite `person` (to `group`, when given)? The board may invite anyone; a
    chair, the people who hold a current seat in a group whose roster they keep."""
    if permissions.is_board(user):
        return True
    groups = _current_groups(person)
    if group is not None:
        groups = groups.filter(pk=group.pk)
    return any(permissions.can(user, Action.EDIT_ROSTER, g) for g in groups)


def pending(account) -> bool:
    """An invited account not taken up yet: no password chosen, never signed in."""
    return account is not None and not account.has_usable_password() and not account.last_login


def landing_group(person: Person) -> Group | None:
    """The group an invited person starts in: one they chair, else one they sit in."""
    seats = list(
        Membership.objects.filter(person=person, end__isnull=True)
        .select_related("group")
        .order_by("group__name", "pk")
    )
    seats.sort(key=lambda seat: seat.role not in permissions.CHAIR_ROLES)
    return seats[0].group if seats else None


def _check_email(errors: _Errors, email: str, person: Person) -> None:
    """A valid address that no other account has."""
    email = (email or "").strip()
    if not email:
        errors.add("email", "Give the address to send the invitation to.")
        return
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", f"{email!r} is not an e-mail address.")
        return
    users = get_user_model().objects.filter(email__iexact=email)
    if person.user_id is not None:
        users = users.exclude(pk=person.user_id)
    if other := users.first():
        holder = Person.objects.filter(user=other).first()
        whose = f"{holder.name}'s account" if holder else f"the account {other.get_username()}"
        errors.add("email", f"{email} is already the address of {whose}.")


@_operation
def check_invite(*, person: Person, email: str, user, comment: str = "", group=None) -> str:
    """Refuse an invitation the way `invite` would, writing and sending nothing."""
    if not may_invite(user, person, group):
        raise PermissionDenied(f"not allowed to invite {person.name}")
    errors = _Errors()
    comment = _check_comment(errors, comment)
    account = person.user
    if account is not None and not pending(account):
        errors.add(
            "__all__",
            f"{person.name} already has an account ({account.get_username()}); "
            "they sign in with it.",
        )
    _check_email(errors, email, person)
    errors.raise_if_any()
    return comment


def _username(person: Person) -> str:
    User = get_user_model()
    return unique_slug(
        person.slug,
        lambda name: User.objects.filter(username__iexact=name).exists(),
        fallback="person",
        max_length=User._meta.get_field("username").max_length,
    )


def _log(user, person: Person, message: str, comment: str) -> None:
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[person],
        action_flag=CHANGE,
        change_message=f"{message} {comment}".strip(),
        single_object=True,
    )


@_operation
@transaction.atomic
def invite(
    *,
    person: Person,
    email: str,
    user,
    link: LinkMaker,
    comment: str = "",
    group: Group | None = None,
) -> Invitation:
    """Give `person` an account (no password yet) and e-mail them a link to choose one.

    `group` is where the invitation was made (a chair's group); the invited person lands on
    its edit page. Nothing is written when the e-mail cannot be sent.
    """
    # Checked once the person is locked: two invitations at once make one account.
    person = Person.objects.select_for_update().get(pk=person.pk)
    comment = check_invite(person=person, email=email, user=user, comment=comment, group=group)
    email = email.strip()
    account = person.user
    if account is None:
        account = get_user_model()(username=_username(person), email=email)
        first, _, last = person.name.rpartition(" ")
        account.first_name, account.last_name = (first or last)[:150], (last if first else "")[:150]
        account.set_unusable_password()
        account.full_clean(exclude=["password"])
        account.save()
        person.user = account
        w = Write(user=user, comment=comment)
        w.save(person, update_fields=["user"])
        w.finish()
        what = f"Invited by e-mail to {email}, as {account.get_username()}."
    else:
        account.email = email
        account.save(update_fields=["email"])
        what = f"Invited again by e-mail to {email}, as {account.get_username()}."
    _log(user, person, what, comment)

    group = group or landing_group(person)
    uidb64 = urlsafe_base64_encode(force_bytes(account.pk))
    url = link(uidb64, default_token_generator.make_token(account), group)
    context = {
        "person": person,
        "username": account.get_username(),
        "group": group,
        "inviter": _who(user),
        "link": url,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = " ".join(render_to_string(EMAIL_SUBJECT_TEMPLATE, context).split())
    body = render_to_string(EMAIL_BODY_TEMPLATE, context)
    try:
        send_mail(subject, body, None, [email])
    except (OSError, smtplib.SMTPException) as exc:
        # The account is not kept: an invitation is an account and its e-mail, or nothing.
        raise Invalid({"email": [f"The e-mail to {email} could not be sent ({exc})."]}) from exc
    return Invitation(person=person, account=account, email=email, group=group, link=url)


def find_account(text: str):
    """The account a username or an e-mail address names (None when none or several do)."""
    text = (text or "").strip()
    if not text:
        return None
    users = get_user_model().objects
    found = users.filter(username__iexact=text) or users.filter(email__iexact=text)
    return found[0] if len(found) == 1 else None


@_operation
@transaction.atomic
def link_existing(*, person: Person, account: str, user, comment: str = "") -> Person:
    """Link `person` to the account a username or e-mail address names: the board only."""
    permissions.require(user, Action.LINK_ACCOUNT)
    errors = _Errors()
    comment = _check_comment(errors, comment)
    found = find_account(account)
    if not (account or "").strip():
        errors.add("account", "Give the account's username or e-mail address.")
    elif found is None:
        errors.add("account", f"No one account has the username or address {account.strip()!r}.")
    elif person.user_id == found.pk:
        errors.add("account", f"{person.name} already signs in as {found.get_username()}.")
    elif person.user_id is not None:
        errors.add(
            "account",
            f"{person.name} already has an account ({person.user.get_username()}).",
        )
    errors.raise_if_any()
    person = services.link_account(person=person, account=found, user=user, comment=comment)
    _log(user, person, f"Signs in as {found.get_username()}.", comment)
    return person
