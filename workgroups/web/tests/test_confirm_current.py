"""Confirming a group's record as current from its edit page, and where the site says so."""

import pytest
from django.utils import timezone

from workgroups.lib.partialdate import PartialDate
from workgroups.registry import services

pytestmark = pytest.mark.django_db


def test_a_chair_confirms_from_the_edit_page_in_one_click(client, group, chair):
    client.force_login(chair)
    hub = client.get("/groups/testing/edit/").content.decode()
    assert 'action="/groups/testing/edit/confirm/"' in hub
    assert "Never confirmed as current." in hub
    answer = client.post("/groups/testing/edit/confirm/", {"version": group.version})
    assert answer.status_code == 302
    group.refresh_from_db()
    assert group.confirmed == PartialDate.parse(timezone.localdate())
    assert f"Confirmed current on {group.confirmed.human()} by Carla Chair" in (
        client.get("/groups/testing/edit/").content.decode()
    )


def test_a_member_cannot_confirm(client, group, member):
    client.force_login(member)
    assert "edit/confirm/" not in client.get("/groups/testing/edit/").content.decode()
    assert client.post("/groups/testing/edit/confirm/", {}).status_code == 403
    group.refresh_from_db()
    assert group.confirmed is None


def test_the_group_page_and_the_directory_card_say_it(client, group, staff):
    services.confirm_current(group=group, user=staff, date="2026-03-03")
    assert (
        "Confirmed current on 3 March 2026 by staff"
        in client.get("/groups/testing/").content.decode()
    )
    assert "Confirmed current on 3 March 2026" in client.get("/").content.decode()
