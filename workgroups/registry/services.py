"""Writes to the registry. Each is one transaction; callers pass keywords only."""

from django.db import transaction
from django.db.models import F

from workgroups.lib.partialdate import PartialDate
from workgroups.registry.models import Group, Membership


def bump_version(group: Group) -> None:
    """Mark a group changed: its version goes up by one (stale edits then get a 409)."""
    Group.objects.filter(pk=group.pk).update(version=F("version") + 1)
    group.refresh_from_db(fields=["version"])


@transaction.atomic
def end_membership(*, membership: Membership, end: PartialDate | str) -> Membership:
    """End a membership at a date; the row stays, as history."""
    end = PartialDate.parse(end)
    if membership.end is not None:
        raise ValueError(f"{membership} already ended on {membership.end}")
    if membership.start is not None and end < membership.start:
        raise ValueError(f"end {end} is before the start {membership.start}")
    membership.end = end
    membership.full_clean()
    membership.save(update_fields=["end"])
    bump_version(membership.group)
    return membership
