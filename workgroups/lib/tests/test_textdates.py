import pytest

from workgroups.lib.partialdate import PartialDate
from workgroups.lib.textdates import TextDateError, find_dates, impossible_dates, parse_date


def found(text: str, ref: str | None = None) -> list[str]:
    return [hit.date.iso() for hit in find_dates(text, PartialDate.parse(ref) if ref else None)]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Meeting on 12 March 2019.", "2019-03-12"),
        ("Meeting on March 12, 2019.", "2019-03-12"),
        ("Sept. 3rd 2019", "2019-09-03"),
        ("the 3rd of June 2018", "2018-06-03"),
        ("held 2019-03-12 online", "2019-03-12"),
        ("updated 24Sep19", "2019-09-24"),
        ("(Approved 10/03/17)", "2017-10-03"),
        ("on 12-3-1999", "1999-12-03"),
    ],
)
def test_it_finds_a_date_written_in_prose(text, iso):
    assert found(text) == [iso]


def test_it_reads_slashed_dates_month_first_unless_only_day_first_gives_the_reference():
    assert found("3/12/2019") == ["2019-03-12"]
    assert found("3/12/2019", ref="2019-12-03") == ["2019-12-03"]
    assert found("3/12/2019", ref="2019-03-12") == ["2019-03-12"]
    assert found("25/12/2019") == ["2019-12-25"]  # no 25th month: day first


def test_a_date_without_a_year_takes_the_reference_year_or_is_not_read():
    assert found("Meeting June 3rd", ref="2018-01-01") == ["2018-06-03"]
    assert found("Meeting 3 June", ref="2018-01-01") == ["2018-06-03"]
    assert found("Meeting June 3rd") == []


def test_it_skips_uncertain_impossible_and_partial_dates_and_keeps_line_order():
    assert found("(June 3rd?) then 30 February 2019, May 2018 and 2019") == []
    assert found("a Mayor on 2 June 2020 after 2019-01-05") == ["2020-06-02", "2019-01-05"]
    hit = find_dates("met on 12 March 2019.")[0]
    assert "met on 12 March 2019."[hit.start : hit.end] == "12 March 2019"


def test_the_whole_string_reader_names_what_is_missing():
    with pytest.raises(TextDateError, match="gives no year"):
        parse_date("31 May")
    with pytest.raises(TextDateError, match="not a real date"):
        parse_date("February 30, 2018")
    with pytest.raises(TextDateError, match="is not a month"):
        parse_date("Febtember 2018")


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("met on February 30th, 2025.", ["February 30th, 2025"]),
        ("met 30 February 2024 and 2021-02-29", ["30 February 2024", "2021-02-29"]),
        ("due 31/04/2020", ["31/04/2020"]),  # no 31st month either: impossible both ways
        ("due 2/30/2020", ["2/30/2020"]),
        ("on 30Feb19", ["30Feb19"]),
        ("every June 31st", ["June 31st"]),  # no year has it
        ("Sat, Feb 31", ["Feb 31"]),
    ],
)
def test_it_finds_dates_in_a_real_shape_on_a_day_their_month_lacks(text, dates):
    assert impossible_dates(text) == dates
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "met (February 30th?) maybe",  # marked uncertain
        "February 29",  # a leap year has it
        "2024-02-29",
        "3/31/2019",  # month/day is real, whichever the writer meant
        "31/3/2019",
        "13/13/2020",  # not a date's shape
        "2020-13-45",
        "0/4/2020",
        "Monday, March 12, 2019 (it was a Tuesday)",  # a wrong weekday is no impossible date
    ],
)
def test_uncertain_ambiguous_and_shapeless_text_names_no_impossible_date(text):
    assert impossible_dates(text) == []
