import pytest

from workgroups.lib.partialdate import PartialDate
from workgroups.registry import services
from workgroups.registry.models import Membership
from workgroups.tests import factories


@pytest.fixture
def seat(group):
    return factories.seat(group, factories.make_person("Ada Lovelace"), start="2019-03")


def test_it_never_deletes_a_membership(seat):
    with pytest.raises(PermissionError):
        seat.delete()
    assert Membership.objects.filter(pk=seat.pk).exists()


def test_it_ends_a_membership_and_keeps_it(seat):
    services.end_membership(membership=seat, end="2021-06-30")
    seat.refresh_from_db()
    assert seat.end == PartialDate(2021, 6, 30)
    assert not seat.current
    assert Membership.objects.filter(pk=seat.pk).count() == 1


def test_it_bumps_the_group_version_when_a_membership_ends(seat, group):
    before = group.version
    services.end_membership(membership=seat, end="2021")
    group.refresh_from_db()
    assert group.version == before + 1


def test_it_refuses_an_end_before_the_start_and_changes_nothing(seat, group):
    with pytest.raises(ValueError):
        services.end_membership(membership=seat, end="2018-12")
    seat.refresh_from_db()
    group.refresh_from_db()
    assert seat.end is None
    assert group.version == 1


def test_it_refuses_to_end_a_membership_twice(seat):
    services.end_membership(membership=seat, end="2020")
    with pytest.raises(ValueError):
        services.end_membership(membership=seat, end="2021")
