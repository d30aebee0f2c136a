"""Writes to the registry. Each is one transaction; callers pass keywords only.

Every operation:

- checks the acting ``user``'s role first when one is given (``permissions.require``; no user
  means the system itself, e.g. an import), raising ``PermissionDenied``;
- validates all of its input before writing anything, raising ``Invalid`` (a Django
  ``ValidationError`` whose ``message_dict`` names the fields);
- locks the group and, when ``expected_version`` is given and the group has changed since,
  raises ``StaleVersion`` (nothing is written);
- records the acting user and the optional ``comment`` in the audit history
  (django-simple-history) of every row it writes, and bumps ``Group.version`` once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Value
from django.db.models.functions import Replace
from django.template.loader import render_to_string
from django.utils import timezone

from workgroups.lib.names import is_placeholder, person_key, slugify_name
from workgroups.lib.partialdate import PartialDate, PartialDateError
from workgroups.lib.text import bad_character
from workgroups.registry import permissions
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
from workgroups.registry.writer import Write, acting, slug_for

# The models whose changes the audit history keeps, by the name used in URLs and the API.
HISTORIED = {
    "group": Group,
    "membership": Membership,
    "resolution": Resolution,
    "page": Page,
    "rosterapproval": RosterApproval,
    "mailinglist": MailingList,
    "link": Link,
    "groupalias": GroupAlias,
}


# update_group: the fields a group cannot be without, and what clearing the others means.
REQUIRED_GROUP_FIELDS = frozenset({"name", "status"})
EMPTY_GROUP_FIELDS = {
    "summary": "",
    "purpose": "",
    "formed": None,
    "dissolved": None,
    "mailing_lists": [],
    "links": [],
}


class Invalid(ValidationError, ValueError):
    """Input that an operation refuses; ``message_dict`` maps each field to its messages."""


class StaleVersion(Exception):
    """The group changed since the editor read it (its version moved on)."""

    def __init__(self, group: Group, expected: int):
        self.group = group
        self.expected = expected
        self.current = group.version
        super().__init__(
            f"{group.name} changed meanwhile (version {group.version}, "
            f"the edit was made on version {expected}); reload and edit again"
        )


class _Errors:
    """Collects field errors so that an operation reports all of them at once."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def merge(self, exc: ValidationError, prefix: str = "") -> None:
        """Take over a model's full_clean() errors, under `prefix.field` when given."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add(prefix or "__all__", message)
            return
        for field, messages in exc.message_dict.items():
            if field == "__all__":
                name = prefix or "__all__"
            else:
                name = f"{prefix}.{field}" if prefix else field
            for message in messages:
                self.add(name, message)

    def date(self, field: str, value, *, required: bool = False) -> PartialDate | None:
        if value in (None, ""):
            if required:
                self.add(field, "This field is required.")
            return None
        try:
            return PartialDate.parse(value)
        except PartialDateError as exc:
            self.add(field, str(exc))
            return None

    def text(self, field: str, value) -> None:
        """Refuse characters that no output can carry, in `value` and any text held inside it
        (the lines of a list, the keys of a mapping: `mailing_lists.0.address`)."""
        if isinstance(value, str):
            if problem := bad_character(value):
                self.add(field, f"This text holds {problem}; remove it.")
        elif isinstance(value, Mapping):
            for key, item in value.items():
                self.text(f"{field}.{key}", item)
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                self.text(f"{field}.{i}", item)

    def raise_if_any(self) -> None:
        if self.errors:
            raise Invalid(self.errors)

    def clean(self, row, exclude=()) -> None:
        """The model's own checks of `row`, but on fields already found wrong."""
        try:
            row.full_clean(exclude=[*self.errors, *exclude])
        except ValidationError as exc:
            self.merge(exc)


def _operation(write):
    """An operation whose text input is checked before anything else, so that no character
    that would break a page, a feed or an export is stored, nor reaches a query (PostgreSQL
    refuses NUL): every keyword argument, with the text inside lists and mappings."""

    @functools.wraps(write)
    def checked(**kwargs):
        errors = _Errors()
        for field, value in kwargs.items():
            errors.text(field, value)
        errors.raise_if_any()
        return write(**kwargs)

    return checked


def _save_one(row, errors: _Errors, *, group: Group | None, user, comment: str):
    """The common end of an operation that writes one row: check, save, finish."""
    errors.clean(row)
    errors.raise_if_any()
    w = Write(user=user, comment=comment)
    w.save(row)
    _finish(w, group)
    return row


def _comment_limit() -> int | None:
    return Group.history.model._meta.get_field("history_change_reason").max_length


def _check_comment(errors: _Errors, comment: str | None) -> str:
    comment = (comment or "").strip()
    limit = _comment_limit()
    if limit and len(comment) > limit:
        errors.add("comment", f"Keep the comment to {limit} characters (it has {len(comment)}).")
    return comment


def _lock(group: Group, expected_version: int | None) -> Group:
    """The group's row, locked for this transaction; StaleVersion if it moved on."""
    current = Group.objects.select_for_update().get(pk=group.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise StaleVersion(current, int(expected_version))
    return current


def _finish(w: Write, group: Group | None) -> None:
    """End the write (the group's version goes up once) and show the caller the new state."""
    w.finish()
    if group is not None:
        group.refresh_from_db()


def _today() -> PartialDate:
    return PartialDate.parse(timezone.localdate())


def _before(end: PartialDate, start: PartialDate | None) -> bool:
    """True when `end` is certainly before `start` (2019 is not before 2019-03)."""
    return start is not None and end.precedes(start)


def _clean_name(text: str) -> str:
    return " ".join(str(text or "").split())


# ---------------------------------------------------------------------------------------------
# People


def find_person(text: str) -> Person | None:
    """The person a name or slug means, matching spelling variants of names and aliases."""
    text = _clean_name(text)
    if not text:
        return None
    person = (
        Person.objects.filter(slug=text).first() or Person.objects.filter(name__iexact=text).first()
    )
    if person:
        return person
    alias = PersonAlias.objects.select_related("person").filter(name__iexact=text).first()
    if alias:
        return alias.person
    key = person_key(text)
    if not key:
        return None
    person = (
        Person.objects.annotate(_key=Replace("slug", Value("-"), Value("")))
        .filter(_key=key)
        .order_by("pk")
        .first()
    )
    if person and person_key(person.name) == key:
        return person
    # A variant that neither the slug nor an exact name gives away: compare every key.
    for pk, name in Person.objects.order_by("pk").values_list("pk", "name").iterator():
        if person_key(name) == key:
            return Person.objects.get(pk=pk)
    for pk, name in PersonAlias.objects.order_by("pk").values_list("person_id", "name").iterator():
        if person_key(name) == key:
            return Person.objects.get(pk=pk)
    return None


@_operation
@transaction.atomic
def link_account(*, person: Person, account, user=None, comment: str = "") -> Person:
    """Give a person a sign-in account (or take it away with ``account=None``): the board only.

    A chair edits their group through their person's account, so this is how one gets the right.
    """
    if user is not None:
        permissions.require(user, Action.LINK_ACCOUNT)
    errors = _Errors()
    _check_comment(errors, comment)
    holder = Person.objects.filter(user=account).exclude(pk=person.pk).first() if account else None
    if holder is not None:
        errors.add("user", f"That account already belongs to {holder.name}.")
    errors.raise_if_any()
    person = Person.objects.select_for_update().get(pk=person.pk)
    person.user = account
    w = Write(user=user, comment=comment)
    w.save(person, update_fields=["user"])
    w.finish()
    return person


@dataclass
class _PersonRef:
    """A person named in an operation: found, or to be created at write time."""

    person: Person | None
    name: str

    def get(self, w: Write) -> Person:
        if self.person is None:
            name = re.sub(r"\s*\([^)]*\)\s*", " ", self.name).strip() or self.name
            self.person = Person(name=name, slug=slug_for(Person, slugify_name(name)))
            self.person.full_clean()
            w.save(self.person)
        return self.person


def _person_ref(errors: _Errors, field: str, value) -> _PersonRef | None:
    if isinstance(value, Person):
        return _PersonRef(value, value.name)
    name = _clean_name(value)
    if not name:
        errors.add(field, "Name the person (a name or a slug).")
        return None
    if len(name) > Person._meta.get_field("name").max_length:
        errors.add(field, "The name is too long.")
        return None
    if is_placeholder(name):
        errors.add(field, f"{name!r} is not a person's name.")
        return None
    return _PersonRef(find_person(name), name)


def _role(errors: _Errors, field: str, value) -> str | None:
    value = str(value or Membership.Role.MEMBER).strip().lower()
    if value not in Membership.Role.values:
        errors.add(field, f"Unknown role {value!r}; one of: {', '.join(Membership.Role.values)}.")
        return None
    return value


# ---------------------------------------------------------------------------------------------
# Groups


# What a drafted charter's Authorization section says until the board establishes the group;
# the wiki's reading takes the same words for a charter awaiting approval (a proposed group).
DRAFT_AUTHORIZATION = "To be completed when the PSF Board approves a resolution for this group."


def _drafted_charter(name: str, purpose: str, mailing_lists: list | None) -> str:
    """A new group's first charter: the PSF charters' sections, to be filled in."""
    addresses = [row.address for row in mailing_lists or () if row.address]
    body = render_to_string(
        "registry/charter.md",
        {
            "name": name,
            "authorization": DRAFT_AUTHORIZATION,
            "purpose": purpose.strip(),
            "mailing_lists": " and ".join(addresses),
        },
    )
    return body.strip() + "\n"


def _check_lists(errors: _Errors, mailing_lists, links) -> tuple[list | None, list | None]:
    """Mailing lists and links as unsaved rows, each full_clean()ed."""
    rows: dict[str, list | None] = {"mailing_lists": None, "links": None}
    for field, model, keys in (
        ("mailing_lists", MailingList, ("address", "url")),
        ("links", Link, ("label", "url")),
    ):
        items = mailing_lists if field == "mailing_lists" else links
        if items is None:
            continue
        rows[field] = []
        for i, item in enumerate(items):
            if not isinstance(item, Mapping):
                errors.add(field, f"item {i + 1}: give {' and '.join(keys)}")
                continue
            row = model(**{k: (item.get(k) or "").strip() for k in keys}, position=i)
            try:
                row.full_clean(exclude=["group"])
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    for message in messages:
                        errors.add(f"{field}.{i}.{key}", message)
            rows[field].append(row)
    return rows["mailing_lists"], rows["links"]


def _check_group_name(errors: _Errors, name: str, group: Group | None = None) -> None:
    if not name:
        errors.add("name", "A group needs a name.")
        return
    others = Group.objects.exclude(pk=getattr(group, "pk", None))
    if others.filter(name__iexact=name).exists():
        errors.add("name", f"There is already a group named {name!r}.")
        return
    alias = (
        GroupAlias.objects.filter(kind=GroupAlias.Kind.NAME, name__iexact=name)
        .exclude(group_id=getattr(group, "pk", None))
        .select_related("group")
        .first()
    )
    if alias:
        errors.add("name", f"{name!r} is another name of {alias.group.name}.")


# What create_group's `establishing` may say (record_resolution's keywords).
_ESTABLISHING_FIELDS = frozenset(
    {"title", "text", "date", "vote", "medium", "members", "replaces_roster", "approves_roster"}
)


@_operation
@transaction.atomic
def create_group(
    *,
    name: str,
    slug: str | None = None,
    summary: str = "",
    purpose: str = "",
    status: str | None = None,
    formed: PartialDate | str | None = None,
    mailing_lists: list[Mapping] | None = None,
    links: list[Mapping] | None = None,
    establishing: Mapping | None = None,
    user=None,
    comment: str = "",
) -> Group:
    """A new group, with a first charter drafted from the charter template.

    It is proposed until its establishing resolution: given as `establishing` (the keywords
    of record_resolution: date, text, title, vote, medium, members), it is recorded with the
    group and makes it active.
    """
    if user is not None:
        permissions.require(user, Action.CREATE_GROUP)
    errors = _Errors()
    comment = _check_comment(errors, comment)
    name = _clean_name(name)
    _check_group_name(errors, name)
    slug = (slug or "").strip() or slug_for(Group, slugify_name(name))
    if Group.objects.filter(slug=slug).exists():
        errors.add("slug", f"The address {slug!r} is taken.")
    formed = errors.date("formed", formed)
    if establishing is not None and not isinstance(establishing, Mapping):
        errors.add("establishing", "Give the resolution's date and text.")
    elif establishing:
        for field in sorted(set(establishing) - _ESTABLISHING_FIELDS):
            errors.add(f"establishing.{field}", "This field cannot be given here.")
    group = Group(
        name=name,
        slug=slug,
        summary=(summary or "").strip(),
        purpose=purpose or "",
        status=status or Group.Status.PROPOSED,
        formed=formed,
        position=(Group.objects.aggregate(m=Max("position"))["m"] or 0) + 1,
    )
    errors.clean(group)
    lists, link_rows = _check_lists(errors, mailing_lists, links)
    errors.raise_if_any()
    w = Write(user=user, comment=comment)

    w.save(group)
    for row in (lists or []) + (link_rows or []):
        row.group = group
        w.save(row)
    charter = Page(
        group=group,
        kind=Page.Kind.CHARTER,
        title=f"{name} Charter",
        slug="charter",
        date=_today(),
        body=_drafted_charter(name, group.purpose, lists),
    )
    charter.full_clean()
    w.save(charter)
    w.finish(bump=())  # a new group starts at version 1
    if establishing:
        try:
            record_resolution(
                group=group,
                kind=Resolution.Kind.ESTABLISHING,
                **{"title": "", "text": "", "date": None, **establishing},
                user=user,
                comment=comment,
            )
        except Invalid as exc:  # nothing is kept: the transaction ends with it
            raise Invalid({f"establishing.{k}": v for k, v in exc.message_dict.items()}) from exc
        group.refresh_from_db()
    return group


def _group_changed(locked: Group, changes: dict, lists, link_rows) -> bool:
    stored = Group.objects.get(pk=locked.pk)
    for field in ("name", "summary", "purpose", "status", "formed", "dissolved"):
        if field in changes and getattr(stored, field) != getattr(locked, field):
            return True
    for rows, manager, keys in (
        (lists, stored.mailing_lists, ("address", "url")),
        (link_rows, stored.links, ("label", "url")),
    ):
        if rows is not None:
            old = [tuple(getattr(r, k) for k in keys) for r in manager.order_by("position", "pk")]
            if old != [tuple(getattr(r, k) for k in keys) for r in rows]:
                return True
    return False


@_operation
@transaction.atomic
def update_group(
    *,
    group: Group,
    user=None,
    expected_version: int | None = None,
    comment: str = "",
    **changes: Any,
) -> Group:
    """Change a group's name, summary, purpose, mailing lists or links (and, for the board,
    its status, formed and dissolved dates). Mailing lists and links replace the old ones."""
    _normalise_changes(changes)
    if user is not None:
        permissions.require(user, Action.EDIT_GROUP, group)
    locked = _lock(group, expected_version)
    errors = _Errors()
    comment = _check_comment(errors, comment)
    old_name, old_status = locked.name, locked.status
    for field in ("formed", "dissolved"):
        if field in changes:
            changes[field] = errors.date(field, changes[field])
    if user is not None and any(
        changes[f] != getattr(locked, f) for f in permissions.STATUS_FIELDS & set(changes)
    ):
        permissions.require(user, Action.EDIT_STATUS, group)
    if "name" in changes:
        changes["name"] = _clean_name(changes["name"])
        if changes["name"] != old_name:
            _check_group_name(errors, changes["name"], locked)
    for field in ("name", "summary", "purpose", "status", "formed", "dissolved"):
        if field in changes and field not in errors.errors:
            value = changes[field]
            setattr(locked, field, value.strip() if field == "summary" else value)
    errors.clean(locked)
    if changes.get("status") == Group.Status.DISSOLVED != old_status:
        seats = Membership.objects.filter(group=locked, end__isnull=True).count()
        if seats:
            errors.add(
                "status",
                f"{locked.name} still has {seats} current membership(s): record a dissolving "
                "resolution (it ends them), or end them first.",
            )
    lists, link_rows = _check_lists(errors, changes.get("mailing_lists"), changes.get("links"))
    errors.raise_if_any()

    if not _group_changed(locked, changes, lists, link_rows):
        return group  # nothing to write: no version bump, no history row
    w = Write(user=user, comment=comment)
    w.save(locked)
    if (
        locked.name != old_name
        and not GroupAlias.objects.filter(kind=GroupAlias.Kind.NAME, name=old_name).exists()
    ):
        w.save(GroupAlias(group=locked, kind=GroupAlias.Kind.NAME, name=old_name))
    _replace_rows(w, locked, MailingList, lists)
    _replace_rows(w, locked, Link, link_rows)
    _finish(w, group)
    return group


def _normalise_changes(changes: dict) -> None:
    """Refuse unknown fields; null clears an optional field and is refused on a required one."""
    unknown = set(changes) - permissions.GROUP_FIELDS
    if unknown:
        raise Invalid({field: ["This field cannot be changed here."] for field in sorted(unknown)})
    nulls = {field for field, value in changes.items() if value is None}
    if nulls & REQUIRED_GROUP_FIELDS:
        required = sorted(nulls & REQUIRED_GROUP_FIELDS)
        raise Invalid({field: ["This field is required; it cannot be null."] for field in required})
    changes.update({field: EMPTY_GROUP_FIELDS[field] for field in nulls})


def _replace_rows(w: Write, group: Group, model, rows: list | None) -> None:
    """A group's mailing lists or links replaced, one by one (the history shows each)."""
    if rows is None:
        return
    for old in model.objects.filter(group=group):
        w.delete(old)
    for row in rows:
        row.group = group
        w.save(row)


def _who(user) -> str:
    """How the record names someone who acted: their person's name, else their account."""
    person = Person.objects.filter(user=user).first() if user is not None else None
    if person is not None:
        return person.name
    return (user.get_full_name() or user.get_username()) if user is not None else ""


@_operation
@transaction.atomic
def confirm_current(
    *,
    group: Group,
    date: PartialDate | str | None = None,
    user=None,
    comment: str = "",
    expected_version: int | None = None,
) -> Group:
    """Record that the group's roster, contacts and purpose were checked and are current."""
    if user is not None:
        permissions.require(user, Action.EDIT_GROUP, group)
    locked = _lock(group, expected_version)
    errors = _Errors()
    comment = _check_comment(errors, comment)
    date = errors.date("date", date) if date not in (None, "") else _today()
    errors.raise_if_any()
    w = Write(user=user, comment=comment or "confirmed current")
    locked.confirmed = date
    locked.confirmed_by = _who(acting(user))[: Group._meta.get_field("confirmed_by").max_length]
    w.save(locked, update_fields=["confirmed", "confirmed_by"])
    _finish(w, group)
    return group


# ---------------------------------------------------------------------------------------------
# Memberships


def _current_seats(group: Group, person: Person | None) -> list[Membership]:
    if person is None or person.pk is None:
        return []
    return list(Membership.objects.filter(group=group, person=person, end__isnull=True))


@dataclass
class _SeatPlan:
    """A seat to add, validated: who, in what role, and the current seats it replaces."""

    ref: _PersonRef
    role: str
    voting: bool
    replaces: list[Membership]


def _plan_seat(
    errors: _Errors,
    group: Group,
    field: str,
    person,
    role,
    voting,
    start: PartialDate | None,
    *,
    unchanged_ok: bool = False,
) -> _SeatPlan | None:
    """Validate one seat to add (None, with the errors said, when it cannot be)."""
    ref = _person_ref(errors, f"{field}person" if field else "person", person)
    role = _role(errors, f"{field}role" if field else "role", role)
    if ref is None or role is None:
        return None
    voting = bool(True if voting is None else voting)
    seats = _current_seats(group, ref.person)
    if any(s.role == role and s.voting == voting for s in seats):
        if unchanged_ok:
            return _SeatPlan(ref, role, voting, [])
        errors.add(
            f"{field}person" if field else "person",
            f"{ref.person.name} is already a current {role} of {group.name}.",
        )
        return None
    for seat in seats:
        if start is not None and _before(start, seat.start):
            errors.add(
                f"{field}start" if field else "start",
                f"{seat.person.name}'s current seat starts {seat.start}, after {start}.",
            )
            return None
    return _SeatPlan(ref, role, voting, seats)


def _write_seat(w: Write, group, plan: _SeatPlan, start, note) -> Membership:
    person = plan.ref.get(w)
    for seat in plan.replaces:
        seat.end = start
        w.save(seat, update_fields=["end"])
    seat = Membership(
        person=person,
        group=group,
        role=plan.role,
        voting=plan.voting,
        start=start,
        note=note or "",
    )
    seat.full_clean()
    w.save(seat)
    return seat


@_operation
@transaction.atomic
def add_membership(
    *,
    group: Group,
    person: Person | str,
    role: str = Membership.Role.MEMBER,
    voting: bool = True,
    start: PartialDate | str | None = None,
    note: str = "",
    user=None,
    comment: str = "",
    expected_version: int | None = None,
) -> Membership:
    """Seat a person (found by slug, name or spelling variant; created when unknown).

    A person who already sits in the group under another role changes role: the old seat ends
    at `start` (today when not given) and the new one begins.
    """
    if user is not None:
        permissions.require(user, Action.EDIT_ROSTER, group)
    locked = _lock(group, expected_version)
    errors = _Errors()
    comment = _check_comment(errors, comment)
    start = errors.date("start", start) if start not in (None, "") else _today()
    if len(note or "") > Membership._meta.get_field("note").max_length:
        errors.add("note", "The note is too long.")
    plan = _plan_seat(errors, locked, "", person, role, voting, start)
    errors.raise_if_any()
    w = Write(user=user, comment=comment)
    seat = _write_seat(w, locked, plan, start, note)
    _finish(w, group)
    return seat


@_operation
@transaction.atomic
def end_membership(
    *,
    membership: Membership,
    end: PartialDate | str | None = None,
    user=None,
    comment: str = "",
    expected_version: int | None = None,
) -> Membership:
    """End a membership at a date (today when not given); the row stays, as history."""
    group = membership.group
    if user is not None:
        permissions.require(user, Action.EDIT_ROSTER, group)
    _lock(group, expected_version)
    errors = _Errors()
    comment = _check_comment(errors, comment)
    end = errors.date("end", end) if end not in (None, "") else _today()
    membership.refresh_from_db()
    if membership.end is not None:
        errors.add("end", f"{membership} already ended on {membership.end}.")
    elif end is not None and _before(end, membership.start):
        errors.add("end", f"The end {end} is before the start {membership.start}.")
    errors.raise_if_any()
    w = Write(user=user, comment=comment)
    membership.end = end
    membership.full_clean()
    w.save(membership, update_fields=["end"])
    _finish(w, group)
    return membership


# ---------------------------------------------------------------------------------------------
# Resolutions and roster approvals

_TAKES_MEMBERS = {
    Resolution.Kind.ESTABLISHING,
    Resolution.Kind.AMENDING,
    Resolution.Kind.CHARTER,
    Resolution.Kind.CURRENT,
    Resolution.Kind.WORK_GROUP,
    Resolution.Kind.ROSTER,
    Resolution.Kind.OTHER,
}


def _vote(errors: _Errors, vote) -> tuple[int | None, int | None, int | None]:
    if vote in (None, {}, ""):
        return None, None, None
    if not isinstance(vote, Mapping):
        errors.add("vote", "Give the vote as yes, no and abstain counts.")
        return None, None, None
    counts = []
    for key in ("yes", "no", "abstain"):
        value = vote.get(key)
        if value in (None, ""):
            if key == "yes":
                errors.add("vote.yes", "A vote needs its yes count.")
            counts.append(0 if key != "yes" else None)
            continue
        try:
            number = int(value)
            if number < 0 or number > 32767 or str(number) != str(value).strip():
                raise ValueError
        except (TypeError, ValueError):
            errors.add(f"vote.{key}", f"{value!r} is not a count of votes.")
            number = None
        counts.append(number)
    return tuple(counts)


@_operation
@transaction.atomic
def record_resolution(
    *,
    group: Group,
    kind: str,
    text: str,
    date: PartialDate | str | None,
    title: str = "",
    vote: Mapping | None = None,
    medium: str = "",
    members: Iterable[Mapping] = (),
    replaces_roster: bool = False,
    approves_roster: bool = False,
    user=None,
    comment: str = "",
    expected_version: int | None = None,
) -> Resolution:
    """Record a board resolution and make it take effect.

    - establishing: the group becomes active; its formed date is the resolution's if unknown; a
      proposed group's drafted charter says which resolution established it;
    - dissolving: the group is dissolved at the resolution's date and every current membership
      ends then;
    - `members` (`[{person, role, voting}]`, e.g. a roster resolution) are seated from its date;
      with `replaces_roster` the list is the whole membership and everyone else's seat ends;
    - `approves_roster` also records the board's approval of the resulting roster.
    """
    if user is not None:
        permissions.require(user, Action.RECORD_RESOLUTION, group)
    locked = _lock(group, expected_version)
    errors = _Errors()
    comment = _check_comment(errors, comment)
    date = errors.date("date", date, required=True)
    kind = str(kind or "").strip().lower()
    if kind not in Resolution.Kind.values:
        errors.add("kind", f"Unknown kind {kind!r}; one of: {', '.join(Resolution.Kind.values)}.")
    yes, no, abstain = _vote(errors, vote)
    resolution = Resolution(
        group=locked,
        kind=kind,
        title=(title or "").strip(),
        date=date,
        text=(text or "").strip(),
        vote_yes=yes,
        vote_no=no,
        vote_abstain=abstain,
        medium=(medium or "").strip(),
        position=(locked.resolutions.aggregate(m=Max("position"))["m"] or 0) + 1,
    )
    errors.clean(resolution)
    members = list(members or [])
    plans = _plan_members(errors, locked, kind, members, date)
    if replaces_roster and not members:
        errors.add("members", "List the whole membership that replaces the roster.")
    ending = _seats_ending(errors, locked, kind, date, plans, replaces_roster)
    if kind == Resolution.Kind.DISSOLVING and locked.status == Group.Status.DISSOLVED:
        errors.add("kind", f"{locked.name} is already dissolved.")
    errors.raise_if_any()

    w = Write(user=user, comment=comment)
    w.save(resolution)
    for seat in ending:
        seat.end = date
        w.save(seat, update_fields=["end"])
    for plan in plans:
        if plan.replaces or plan.ref.person is None or not _current_seats(locked, plan.ref.person):
            _write_seat(w, locked, plan, date, "")
    proposed = locked.status == Group.Status.PROPOSED
    if _takes_effect_on_group(locked, kind, date):
        locked.full_clean()
        w.save(locked)
    if proposed and kind == Resolution.Kind.ESTABLISHING:
        _authorize_charters(w, locked, resolution)
    if approves_roster:
        approval = RosterApproval(group=locked, date=date, resolution=resolution)
        approval.full_clean()
        w.save(approval)
    _finish(w, group)
    return resolution


def _plan_members(errors: _Errors, group: Group, kind: str, members: list, date) -> list:
    """The seats a resolution's `members` list adds, each validated (none for a dissolving)."""
    if not members:
        return []
    if kind == Resolution.Kind.DISSOLVING:
        errors.add("members", "A dissolving resolution seats no one.")
        return []
    if kind not in _TAKES_MEMBERS:
        return []
    plans, seen = [], set()
    for i, item in enumerate(members):
        if not isinstance(item, Mapping):
            item = {"person": item}
        plan = _plan_seat(
            errors,
            group,
            f"members.{i}.",
            item.get("person"),
            item.get("role"),
            item.get("voting"),
            date,
            unchanged_ok=True,
        )
        if plan is None:
            continue
        key = plan.ref.person.pk if plan.ref.person else person_key(plan.ref.name)
        if key in seen:
            errors.add(f"members.{i}.person", f"{plan.ref.name} is listed twice.")
        seen.add(key)
        plans.append(plan)
    return plans


def _seats_ending(
    errors: _Errors, group: Group, kind: str, date, plans: list, replaces_roster: bool
) -> list[Membership]:
    """The current seats a resolution ends: all (dissolving), or those a new roster leaves out."""
    dissolving = kind == Resolution.Kind.DISSOLVING
    if date is None or not (dissolving or (replaces_roster and kind in _TAKES_MEMBERS)):
        return []
    kept = set() if dissolving else {p.ref.person.pk for p in plans if p.ref.person is not None}
    ending = []
    current = Membership.objects.filter(group=group, end__isnull=True).select_related("person")
    for seat in current:
        if seat.person_id in kept:
            continue
        if _before(date, seat.start):
            errors.add("date", f"{seat.person.name}'s seat starts {seat.start}, after {date}.")
        ending.append(seat)
    return ending


def _authorize_charters(w: Write, group: Group, resolution: Resolution) -> None:
    """A drafted charter's Authorization section names the resolution that established it."""
    said = f"Established by the PSF Board's resolution of {resolution.date.human()}."
    for charter in group.pages.filter(kind=Page.Kind.CHARTER, body__contains=DRAFT_AUTHORIZATION):
        charter.body = charter.body.replace(DRAFT_AUTHORIZATION, said)
        w.save(charter)


def _takes_effect_on_group(group: Group, kind: str, date) -> bool:
    """Establishing activates (and dates) the group, dissolving dissolves it; changed?"""
    if kind == Resolution.Kind.DISSOLVING:
        group.status, group.dissolved = Group.Status.DISSOLVED, date
        return True
    if kind != Resolution.Kind.ESTABLISHING:
        return False
    changed = group.status != Group.Status.ACTIVE or group.formed is None
    group.status = Group.Status.ACTIVE
    group.formed = group.formed if group.formed is not None else date
    return changed


@_operation
@transaction.atomic
def approve_roster(
    *,
    group: Group,
    date: PartialDate | str | None = None,
    resolution: Resolution | int | None = None,
    note: str = "",
    user=None,
    comment: str = "",
    expected_version: int | None = None,
) -> RosterApproval:
    """Record the board's approval of the group's current roster (today when no date)."""
    if user is not None:
        permissions.require(user, Action.APPROVE_ROSTER, group)
    locked = _lock(group, expected_version)
    errors = _Errors()
    comment = _check_comment(errors, comment)
    date = errors.date("date", date) if date not in (None, "") else _today()
    if resolution not in (None, ""):
        pk = resolution.pk if isinstance(resolution, Resolution) else resolution
        resolution = Resolution.objects.filter(pk=pk, group=locked).first()
        if resolution is None:
            errors.add("resolution", f"No resolution {pk} of {locked.name}.")
    else:
        resolution = None
    approval = RosterApproval(group=locked, date=date, resolution=resolution, note=note or "")
    return _save_one(approval, errors, group=group, user=user, comment=comment)


# ---------------------------------------------------------------------------------------------
# Pages


@_operation
@transaction.atomic
def add_page(
    *,
    group: Group,
    kind: str = Page.Kind.MINUTES,
    title: str = "",
    date: PartialDate | str | None = None,
    body: str = "",
    user=None,
    comment: str = "",
    expected_version: int | None = None,
) -> Page:
    """Add meeting notes, a member list, other material or a new charter version (Markdown)."""
    kind = str(kind or "").strip().lower()
    if kind not in Page.Kind.values or kind == Page.Kind.TEMPLATE:
        raise Invalid(
            {"kind": [f"Unknown kind {kind!r}; one of: charter, minutes, members, page."]}
        )
    if user is not None:
        permissions.require(user, permissions.page_action(kind, new=True), group)
    locked = _lock(group, expected_version)
    errors = _Errors()
    comment = _check_comment(errors, comment)
    date = errors.date("date", date, required=kind == Page.Kind.MINUTES)
    title = _clean_name(title)
    if not title:
        if kind == Page.Kind.MINUTES and date is not None:
            title = f"Meeting {date.human()}"
        elif kind == Page.Kind.CHARTER:
            title = f"{locked.name} Charter"
        else:
            errors.add("title", "A page needs a title.")
    base = slugify_name(title)
    if kind == Page.Kind.MINUTES and date is not None and not base.startswith(date.iso()):
        base = f"{date.iso()}-{base}"
    page = Page(
        group=locked,
        kind=kind,
        title=title,
        slug=slug_for(Page, base[:200], group=locked),
        date=date if date is not None or kind != Page.Kind.CHARTER else _today(),
        body=body or "",
    )
    if kind == Page.Kind.CHARTER:
        last = locked.pages.filter(kind=Page.Kind.CHARTER).aggregate(m=Max("position"))["m"]
        page.position = 0 if last is None else last + 1
    return _save_one(page, errors, group=group, user=user, comment=comment)


def _lock_page(page: Page, user, expected_version: int | None) -> Group | None:
    """The page's group, locked, once `user` may edit the page (pages of no group: the board)."""
    group = page.group
    if user is not None:
        if group is None or page.kind == Page.Kind.TEMPLATE:
            permissions.require(user, Action.CREATE_GROUP)
        else:
            permissions.require(user, permissions.page_action(page.kind, new=False), group)
    if group is not None:
        _lock(group, expected_version)
    return group


@_operation
@transaction.atomic
def update_page(
    *,
    page: Page,
    user=None,
    comment: str = "",
    expected_version: int | None = None,
    **changes: Any,
) -> Page:
    """Edit a page's title, date or body."""
    unknown = set(changes) - {"title", "date", "body"}
    if unknown:
        raise Invalid({field: ["This field cannot be changed here."] for field in sorted(unknown)})
    group = _lock_page(page, user, expected_version)
    errors = _Errors()
    comment = _check_comment(errors, comment)
    page.refresh_from_db()
    if "title" in changes:
        page.title = _clean_name(changes["title"])
    if "date" in changes:
        page.date = errors.date("date", changes["date"], required=page.kind == Page.Kind.MINUTES)
    if "body" in changes:
        page.body = changes["body"] or ""
    return _save_one(page, errors, group=group, user=user, comment=comment)


# ---------------------------------------------------------------------------------------------
# History


def _group_id_of(record) -> int | None:
    if isinstance(record.instance, Group):
        return record.id
    return getattr(record, "group_id", None)


def history_group_id(model: str, history_id: int) -> int | None:
    """The group a recorded change belongs to (None when there is no such change)."""
    Model = HISTORIED.get(str(model))  # noqa: N806
    record = Model.history.filter(history_id=history_id).first() if Model else None
    return _group_id_of(record) if record is not None else None


def _fields(model) -> list[str]:
    ignored = {"id", "updated_at", "version"}
    return [f.attname for f in model._meta.concrete_fields if f.attname not in ignored]


@_operation
@transaction.atomic
def revert_change(
    *,
    model: str,
    history_id: int,
    user=None,
    comment: str = "",
    expected_version: int | None = None,
):
    """Undo one recorded change, as a new change (the board only).

    A change is undone field by field (the fields it changed get their earlier values back); a
    page, resolution or approval that was added is removed again, one that was removed comes
    back. An added membership or group cannot be undone this way: a membership is never
    deleted (end it), and a group is dissolved by resolution.
    """
    Model = HISTORIED.get(str(model))  # noqa: N806
    if Model is None:
        raise Invalid({"model": [f"Unknown kind of record {model!r}."]})
    record = Model.history.filter(history_id=history_id).first()
    if record is None:
        raise Invalid({"history_id": [f"No change {history_id} of a {model}."]})
    group_id = _group_id_of(record)
    group = Group.objects.filter(pk=group_id).first() if group_id else None
    if user is not None:
        permissions.require(user, Action.REVERT, group)
    locked = _lock(group, expected_version) if group is not None else None
    errors = _Errors()
    comment = _check_comment(errors, comment or f"revert change {history_id}")
    obj = Model.objects.filter(pk=record.id).first()
    if record.history_type == "+":
        if Model in (Membership, Group):
            errors.add(
                "history_id",
                "A membership is never deleted: end it instead."
                if Model is Membership
                else "A group is not deleted: dissolve it by resolution.",
            )
        elif obj is None:
            errors.add("history_id", "It was removed already.")
        errors.raise_if_any()
        w = Write(user=user, comment=comment)
        w.delete(obj)
        _finish(w, group)
        return None
    if record.history_type == "-":
        if obj is not None:
            errors.add("history_id", "It exists again already.")
        errors.raise_if_any()
        w = Write(user=user, comment=comment)
        obj = record.instance
        obj.full_clean()
        w.save(obj)
        _finish(w, group)
        return obj
    previous = record.prev_record
    if obj is None:
        errors.add("history_id", "The record no longer exists.")
    if previous is None:
        errors.add("history_id", "There is no earlier state to go back to.")
    errors.raise_if_any()
    if locked is not None and Model is Group:
        obj = locked
    delta = record.diff_against(previous)
    fields = set(_fields(Model))
    changed = [c.field for c in delta.changes if c.field in fields or f"{c.field}_id" in fields]
    for field in changed:
        attname = field if field in fields else f"{field}_id"
        setattr(obj, attname, getattr(previous, attname))
    return _save_one(obj, errors, group=group, user=user, comment=comment)


# ---------------------------------------------------------------------------------------------
# Withdrawing a page


@_operation
@transaction.atomic
def withdraw_page(
    *,
    page: Page,
    user=None,
    comment: str = "",
    expected_version: int | None = None,
) -> None:
    """Take a page down, saying why; its text stays in the history, from where it can return.

    Whoever may edit the page may withdraw it (the charter: whoever keeps it).
    """
    group = _lock_page(page, user, expected_version)
    errors = _Errors()
    comment = _check_comment(errors, comment)
    if not comment:
        errors.add("comment", "Say why the page is withdrawn.")
    if not Page.objects.filter(pk=page.pk).exists():
        errors.add("page", f"The page {page.title!r} was withdrawn already.")
    errors.raise_if_any()
    w = Write(user=user, comment=comment)
    w.delete(page)
    _finish(w, group)
