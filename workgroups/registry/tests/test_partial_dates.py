import pytest
from django.core.exceptions import ValidationError

from workgroups.lib.partialdate import PartialDate, PartialDateError
from workgroups.registry.models import Group


@pytest.mark.parametrize(
    "text, precision", [("2018", "year"), ("2018-05", "month"), ("2018-05-31", "day")]
)
def test_it_parses_each_precision(text, precision):
    value = PartialDate.parse(text)
    assert value.precision == precision
    assert value.iso() == text


@pytest.mark.parametrize(
    "text", ["2018-02-30", "2019-02-29", "2018-13", "2018-00", "18", "May 2018", "2018-5-1", ""]
)
def test_it_rejects_impossible_or_malformed_dates(text):
    with pytest.raises(PartialDateError):
        PartialDate.parse(text)


def test_it_accepts_a_leap_day():
    assert PartialDate.parse("2020-02-29").day == 29


def test_it_orders_less_precise_dates_before_the_dates_inside_them():
    values = [PartialDate.parse(v) for v in ["2018-05-31", "2017", "2018", "2018-05", "2018-04-30"]]
    assert [v.iso() for v in sorted(values)] == [
        "2017",
        "2018",
        "2018-04-30",
        "2018-05",
        "2018-05-31",
    ]


def test_it_reads_as_a_person_would_say_it():
    assert PartialDate.parse("2018-05").human() == "May 2018"
    assert PartialDate.parse("2013-08-16").human() == "16 August 2013"


def test_it_knows_which_dates_fall_inside_it():
    assert PartialDate.parse("2018").contains(PartialDate.parse("2018-05-31"))
    assert not PartialDate.parse("2018-05").contains(PartialDate.parse("2018-06-01"))


@pytest.mark.django_db
def test_it_round_trips_through_the_database_and_sorts_there():
    for slug, formed in [("a", "2018-05-31"), ("b", "2010"), ("c", "2018-05"), ("d", None)]:
        Group.objects.create(name=slug, slug=slug, formed=formed)
    got = list(Group.objects.exclude(formed=None).order_by("formed").values_list("slug", flat=True))
    assert got == ["b", "c", "a"]
    assert Group.objects.get(slug="c").formed == PartialDate(2018, 5)


@pytest.mark.django_db
def test_it_refuses_a_30_february_on_validation():
    group = Group(name="x", slug="x", formed="2018-02-30")
    with pytest.raises(ValidationError) as info:
        group.full_clean()
    assert "formed" in info.value.message_dict
