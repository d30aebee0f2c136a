"""The record as a whole stays possible: dates in order, no members in a dissolved group,
mailing lists that are addresses; every error of one save is reported at once."""

import pytest

from workgroups.registry import services
from workgroups.registry.models import Group, MailingList, Membership, Person

pytestmark = pytest.mark.django_db


def test_dissolved_before_formed_is_refused(group):
    with pytest.raises(services.Invalid) as info:
        services.update_group(group=group, dissolved="2001")
    assert "dissolved" in info.value.message_dict
    group.refresh_from_db()
    assert group.dissolved is None


def test_a_group_with_current_members_is_not_dissolved_by_its_status(group):
    Membership.objects.create(
        person=Person.objects.create(name="Ada Lovelace", slug="ada"), group=group, start="2019"
    )
    with pytest.raises(services.Invalid) as info:
        services.update_group(group=group, status="dissolved", dissolved="2024")
    assert "1 current membership" in info.value.message_dict["status"][0]
    assert Group.objects.get(pk=group.pk).status == "active"
    services.record_resolution(group=group, kind="dissolving", date="2024", text="RESOLVED.")
    group.refresh_from_db()
    assert group.status == "dissolved" and not group.memberships.filter(end__isnull=True)


def test_a_mailing_list_must_be_an_address_and_all_errors_come_at_once(group):
    with pytest.raises(services.Invalid) as info:
        services.update_group(
            group=group,
            dissolved="2001",
            mailing_lists=[{"address": "not an email"}, {"address": "ok@example.org"}],
        )
    assert set(info.value.message_dict) >= {"dissolved", "mailing_lists.0.address"}
    assert not MailingList.objects.exists()
