"""Confirmed current: who confirmed a group's record and when, through every way out and in."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from workgroups.checks.engine import compute_findings
from workgroups.lib.partialdate import PartialDate
from workgroups.registry import services, snapshot
from workgroups.registry.models import Group
from workgroups.registry.yamlio import dump_yaml, load_yaml
from workgroups.sources.render_json import render_json

pytestmark = pytest.mark.django_db


def test_it_records_today_and_the_chairs_name(group, chair):
    before = group.version
    services.confirm_current(group=group, user=chair, comment="checked the roster")
    group.refresh_from_db()
    assert group.confirmed == PartialDate.parse(timezone.localdate())
    assert group.confirmed_by == "Carla Chair"
    assert group.version == before + 1
    change = group.history.latest()
    assert (change.history_user, change.history_change_reason) == (chair, "checked the roster")


def test_it_refuses_a_member_and_writes_nothing(group, member):
    with pytest.raises(PermissionDenied):
        services.confirm_current(group=group, user=member)
    group.refresh_from_db()
    assert group.confirmed is None


def test_it_refuses_a_stale_version(group, staff):
    with pytest.raises(services.StaleVersion):
        services.confirm_current(group=group, user=staff, expected_version=group.version + 5)


def test_the_exports_carry_it_and_the_yaml_import_restores_it(group, staff):
    services.confirm_current(group=group, user=staff, date="2026-03-03")
    text = dump_yaml()
    assert "  confirmed: '2026-03-03'\n  confirmed_by: staff\n" in text
    detail = json.loads(render_json(snapshot.take()))[0]
    assert (detail["confirmed"], detail["confirmed_by"]) == ("2026-03-03", "staff")

    Group.objects.filter(pk=group.pk).update(confirmed=None, confirmed_by="")
    load_yaml(text, "dump.yaml")
    group.refresh_from_db()
    assert (group.confirmed, group.confirmed_by) == (PartialDate(2026, 3, 3), "staff")
    assert dump_yaml() == text


def test_dormancy_counts_a_confirmation_as_a_sign_of_activity(group, staff):
    today = datetime.date(2026, 11, 29)
    codes = {(f.code, tuple(f.groups)) for f in compute_findings(today=today)}
    assert ("dormant", ("testing",)) in codes  # formed 2019-03, nothing since
    services.confirm_current(group=group, user=staff, date="2026-03-03")
    codes = {(f.code, tuple(f.groups)) for f in compute_findings(today=today)}
    assert ("dormant", ("testing",)) not in codes
