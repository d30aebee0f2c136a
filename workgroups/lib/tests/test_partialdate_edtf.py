"""The EDTF forms of `PartialDate`: about (2005~), on or before ([..2007-02-25]), unknown (XXXX)."""

from datetime import date

import pytest

from workgroups.lib.partialdate import PartialDate, PartialDateError, parse_or_none


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2005~", PartialDate(2005, about=True)),
        ("2018-05~", PartialDate(2018, 5, about=True)),
        ("[..2007-02-25]", PartialDate(2007, 2, 25, before=True)),
        ("[..2024]", PartialDate(2024, before=True)),
        ("XXXX", PartialDate(None)),
    ],
)
def test_it_parses_each_form_and_writes_it_back(text, expected):
    parsed = d(text)
    assert parsed == expected
    assert parsed.iso() == str(parsed) == text
    assert d(parsed.iso()) == parsed


def test_it_tells_the_forms_apart():
    assert (d("2005~").about, d("2005~").before, d("2005~").exact) == (True, False, False)
    before = d("[..2007-02-25]")
    assert (before.about, before.before, before.exact, before.precision) == (
        False,
        True,
        False,
        "day",
    )
    unknown = d("XXXX")
    assert (unknown.known, unknown.exact, unknown.precision) == (False, False, "unknown")
    assert unknown == PartialDate.unknown()
    assert d("2018-05").exact


@pytest.mark.parametrize(
    "text, words",
    [
        ("2005~", "about 2005"),
        ("2018-05~", "about May 2018"),
        ("[..2007-02-25]", "before 25 February 2007"),
        ("[..2007-02]", "before February 2007"),
        ("XXXX", "date unknown"),
        ("2018-05-31", "31 May 2018"),
    ],
)
def test_it_says_each_form_in_words(text, words):
    assert d(text).human() == words


def test_earliest_and_latest_of_the_qualified_forms():
    assert (d("2005~").earliest(), d("2005~").latest()) == (date(2005, 1, 1), date(2005, 12, 31))
    before = d("[..2007-02-25]")
    assert (before.earliest(), before.latest()) == (date.min, date(2007, 2, 25))
    assert (d("XXXX").earliest(), d("XXXX").latest()) == (date.min, date.max)


def test_a_date_precedes_another_only_when_it_is_certainly_before():
    assert d("2023-12-31").precedes(d("2024"))
    assert not d("2024-01-01").precedes(d("2024"))  # inside the year
    assert not d("2024").precedes(d("2024-06"))
    # an unknown or on-or-before end may close a seat that started that year
    assert not d("XXXX").precedes(d("2024"))
    assert not d("2024").precedes(d("XXXX"))
    assert not d("[..2024]").precedes(d("2024"))
    assert d("[..2023]").precedes(d("2024"))
    assert not d("2005~").precedes(d("2005-06"))


def test_or_before_makes_an_on_or_before_date_and_leaves_unknown_unknown():
    assert d("2017-10-03").or_before() == d("[..2017-10-03]")
    assert d("2017-10-03").or_before().iso() == "[..2017-10-03]"
    assert d("2017").or_before().iso() == "[..2017]"
    assert d("2005~").or_before().iso() == "[..2005]"  # about-then is dropped, not combined
    assert d("XXXX").or_before() == d("XXXX")
    assert d("[..2007-02-25]").or_before() == d("[..2007-02-25]")


def test_unknown_sorts_first_and_on_or_before_just_ahead_of_its_day():
    dates = [
        d("2007-02-25"),
        d("2007-02-26"),
        d("[..2007-02-25]"),
        d("XXXX"),
        d("2007-02-24"),
        d("2005~"),
        d("2005"),
    ]
    assert [x.iso() for x in sorted(dates)] == [
        "XXXX",
        "2005~",
        "2005",
        "2007-02-24",
        "[..2007-02-25]",
        "2007-02-25",
        "2007-02-26",
    ]
    assert d("[..2007-02-25]") < d("2007-02-25") < d("2007-02-26")
    assert d("XXXX") < d("0001")
    assert sorted(dates, key=lambda x: x.sort_key) == sorted(dates)


@pytest.mark.parametrize(
    "text, says",
    [
        ("2018-02-30", "February 2018 has no day 30"),
        ("[..2007-02-30]", "not a date like"),  # the edtf parser refuses the day
        ("2005/2006", "not a form the registry keeps"),  # valid EDTF (an interval)
        ("2018-XX", "not a form the registry keeps"),  # unspecified month: EDTF, not kept
        ("2005~~", "not a date like"),
        ("[..XXXX]", "not a date like"),
        ("soon", "not a date like"),
    ],
)
def test_it_refuses_impossible_dates_and_forms_it_does_not_keep(text, says):
    with pytest.raises(PartialDateError) as error:
        d(text)
    assert says in str(error.value)
    assert parse_or_none(text) is None


def test_it_refuses_a_qualifier_on_an_unknown_date_and_both_qualifiers_at_once():
    with pytest.raises(PartialDateError):
        PartialDate(None, about=True)
    with pytest.raises(PartialDateError):
        PartialDate(2005, about=True, before=True)
