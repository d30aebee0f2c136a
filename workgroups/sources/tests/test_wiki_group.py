"""`read_wiki_group` on small made-up wiki pages (the real groups are in test_wiki_golden.py)."""

from workgroups.lib.partialdate import PartialDate
from workgroups.sources.wiki import parse_wiki_page
from workgroups.sources.wiki_group import read_wiki_group

WG = "psf/working-groups"


def page(name: str, text: str):
    """A page of the Tea group's folder ("Charter", "Charter_v2", "Letter", ...)."""
    return parse_wiki_page(text, f"Tea/{name}.md", f"{WG}/Tea/{name}")


def legacy(text: str):
    """The Tea group's standalone page from before group folders."""
    return parse_wiki_page(text, "Tea.md", f"{WG}/Tea")


def charter(year: int, *people: str, name: str = "Charter", head: str = "") -> object:
    members = "".join(f"- {p}\n" for p in people)
    return page(name, f"# Tea WG Charter\n\n{head}Written in {year}.\n\n## Members\n\n{members}")


def names(refs) -> list[str]:
    return [ref.name for ref in refs]


def ended(reading) -> dict[str, tuple[str, bool]]:
    return {seat.ref.name: (seat.end.iso(), seat.past) for seat in reading.ended}


# --- superseded pages ------------------------------------------------------------------------


def test_a_page_no_longer_valid_supplies_no_current_seat():
    old = page(
        "Charter",
        "# Tea WG Charter\n\nTHIS CHARTER VERSION IS NO LONGER VALID\n\n"
        "## Members\n\n- Ada Lovelace\n- Bob Brown\n",
    )
    reading = read_wiki_group([old])
    assert reading.superseded == [f"{WG}/Tea/Charter"]
    assert reading.roster is None and reading.members == []
    # no successor dates the change: they left at an unknown date
    assert ended(reading) == {"Ada Lovelace": ("XXXX", False), "Bob Brown": ("XXXX", False)}


def test_a_charter_replaced_by_charter_v2_ends_its_people_on_or_before_the_adoption():
    v1 = charter(2015, "Ada Lovelace (chair)", "Bob Brown", "Carol Cee")
    v2 = charter(
        2017,
        "Ada Lovelace (chair)",
        "Dan Dee",
        name="Charter_v2",
        head="(Approved 10/03/17) RESOLVED, that the WG adopts a new charter.\n\n",
    )
    reading = read_wiki_group([v2, v1])
    assert reading.superseded == [f"{WG}/Tea/Charter"]
    assert reading.roster.span.path == "Tea/Charter_v2.md"
    assert names(reading.members) == ["Ada Lovelace", "Dan Dee"]
    # Ada stays (v2 keeps her); the others left on or before 3 October 2017
    assert ended(reading) == {
        "Bob Brown": ("[..2017-10-03]", False),
        "Carol Cee": ("[..2017-10-03]", False),
    }


def test_a_charter_replaced_without_an_adoption_date_ends_its_people_at_an_unknown_date():
    v1 = charter(2015, "Ada Lovelace", "Bob Brown")
    v2 = charter(2017, "Ada Lovelace", name="Charter_v2")
    reading = read_wiki_group([v1, v2])
    assert names(reading.members) == ["Ada Lovelace"]
    assert ended(reading) == {"Bob Brown": ("XXXX", False)}


# --- which roster speaks ---------------------------------------------------------------------


def test_the_roster_of_the_page_mentioning_the_latest_year_wins():
    old = charter(2015, "Ada Lovelace", "Bob Brown")
    new = legacy("# Tea WG\n\nNotes from 2019.\n\n## Members\n\n- Ada Lovelace\n- Carol Cee\n")
    reading = read_wiki_group([old, new])
    assert reading.roster.span.path == "Tea.md"
    assert names(reading.members) == ["Ada Lovelace", "Carol Cee"]
    # the older roster's extra person has left, at an unknown date
    assert ended(reading) == {"Bob Brown": ("XXXX", False)}


def test_a_tie_on_the_latest_year_goes_to_the_charter():
    group_page = legacy(
        "# Tea WG\n\nNotes from 2019.\n\n## Members\n\n- Ada Lovelace\n- Carol Cee\n"
    )
    ch = charter(2019, "Ada Lovelace", "Bob Brown")
    for pages in ([group_page, ch], [ch, group_page]):  # in either order
        reading = read_wiki_group(pages)
        assert reading.roster.span.path == "Tea/Charter.md"
        assert names(reading.members) == ["Ada Lovelace", "Bob Brown"]
        assert ended(reading) == {"Carol Cee": ("XXXX", False)}


def test_past_members_end_at_an_unknown_date_and_are_marked_past():
    group_page = legacy(
        "# Tea WG\n\nNotes from 2019.\n\n## Members\n\n- Ada Lovelace\n\n"
        "Past members:\n\n- Old Timer\n"
    )
    reading = read_wiki_group([group_page])
    assert names(reading.members) == ["Ada Lovelace"]
    assert ended(reading) == {"Old Timer": ("XXXX", True)}
    (seat,) = reading.ended
    assert seat.end == PartialDate.unknown()


def test_a_past_member_who_still_sits_is_not_ended():
    group_page = legacy(
        "# Tea WG\n\nNotes from 2019.\n\n## Members\n\n- Ada Lovelace\n\n"
        "Past members:\n\n- Ada Lovelace\n"
    )
    reading = read_wiki_group([group_page])
    assert names(reading.members) == ["Ada Lovelace"]
    assert reading.ended == []


# --- officers --------------------------------------------------------------------------------


def test_a_chair_on_a_page_without_a_roster_is_an_officer():
    ch = charter(2018, "Ada Lovelace", "Bob Brown")
    group_page = legacy("# Tea WG\n\nThe Tea Working Group brews tea.\n\nChair: Zed Zulu\n")
    reading = read_wiki_group([ch, group_page])
    assert [(o.name, o.role) for o in reading.officers] == [("Zed Zulu", "chair")]
    assert [(m.name, m.role) for m in reading.members] == [
        ("Ada Lovelace", "member"),
        ("Bob Brown", "member"),
        ("Zed Zulu", "chair"),
    ]
    assert reading.roster.span.path == "Tea/Charter.md"  # a chair alone is no roster
    assert reading.ended == []


def test_a_chair_named_by_the_roster_gives_that_member_the_office():
    ch = charter(2018, "Ada Lovelace (chair)", "Bob Brown")
    reading = read_wiki_group([ch])
    assert [(m.name, m.role) for m in reading.members] == [
        ("Ada Lovelace", "chair"),
        ("Bob Brown", "member"),
    ]
    assert names(reading.officers) == ["Ada Lovelace"]


def test_a_letter_writer_in_an_office_the_newer_charter_gives_another_is_a_former_officer():
    letter = page(
        "Letter", "# A letter\n\nDear board, in 2016 I (Ewa) am the non-voting chair of the WG.\n"
    )
    ch = charter(2018, "Ada Lovelace (chair)", "Ewa Jodlowska")
    reading = read_wiki_group([letter, ch])
    assert [(o.name, o.role) for o in reading.officers] == [("Ada Lovelace", "chair")]
    assert [(m.name, m.role) for m in reading.members] == [
        ("Ada Lovelace", "chair"),
        ("Ewa Jodlowska", "member"),
    ]
    (seat,) = reading.ended
    assert (seat.ref.name, seat.ref.role, seat.ref.voting) == ("Ewa", "chair", False)
    assert seat.end == PartialDate.unknown()


def test_a_letter_writer_is_no_former_officer_when_the_charter_has_no_such_office():
    letter = page(
        "Letter", "# A letter\n\nDear board, in 2016 I (Ewa) am the non-voting chair of the WG.\n"
    )
    reading = read_wiki_group([letter, charter(2018, "Ada Lovelace", "Ewa Jodlowska")])
    assert reading.ended == []


# --- purpose, lists, formation, voting -------------------------------------------------------


def test_the_purpose_comes_from_the_purpose_section_else_the_opening_paragraph():
    ch = page(
        "Charter",
        "# Tea WG Charter\n\nAn introduction.\n\n## Purpose & Common Goals\n\n"
        "Drink tea together.\n\n## Members\n\n- Ada Lovelace\n",
    )
    group_page = legacy("# Tea WG\n\nThe Tea Working Group brews tea.\n\nChair: Zed Zulu\n")
    reading = read_wiki_group([group_page, ch])
    assert reading.purpose == "Drink tea together."
    assert reading.purpose_span.path == "Tea/Charter.md"
    alone = read_wiki_group([group_page])
    assert alone.purpose == "The Tea Working Group brews tea."
    assert (alone.purpose_span.path, alone.purpose_span.start) == ("Tea.md", 3)


def test_each_mailing_list_is_kept_once_with_a_listinfo_url_filled_in():
    ch = page(
        "Charter",
        "# Tea WG Charter\n\nWritten in 2018.\n\n## Members\n\n- Ada Lovelace\n\n"
        "Contact tea-wg@python.org\n",
    )
    group_page = legacy(
        "# Tea WG\n\nThe Tea Working Group brews tea.\n\n"
        "Join [tea-wg](https://mail.python.org/mailman/listinfo/tea-wg) or "
        "[tea-private](https://mail.python.org/mailman/listinfo/tea-private).\n"
    )
    reading = read_wiki_group([group_page, ch])
    assert [(ml.address, ml.url, ml.span.path) for ml in reading.mailing_lists] == [
        ("tea-wg@python.org", "https://mail.python.org/mailman/listinfo/tea-wg", "Tea/Charter.md"),
        (
            "tea-private@python.org",
            "https://mail.python.org/mailman/listinfo/tea-private",
            "Tea.md",
        ),
    ]


def test_a_superseded_page_supplies_no_mailing_list_or_purpose():
    old = page(
        "Charter",
        "# Tea WG Charter\n\nTHIS CHARTER VERSION IS NO LONGER VALID\n\n"
        "## Purpose & Common Goals\n\nDrink coffee.\n\nContact old-tea@python.org\n",
    )
    reading = read_wiki_group([old])
    assert reading.mailing_lists == [] and reading.purpose == ""


def test_an_approval_by_the_board_gives_formed_and_an_establishing_resolution():
    group_page = legacy(
        "# Tea WG\n\nThe Tea Working Group brews tea.\n\n"
        "The Tea Working Group was approved by the PSF Board on 11 June 2020.\n"
    )
    reading = read_wiki_group([group_page])
    assert reading.formed == PartialDate(2020, 6, 11)
    assert (reading.formed_span.path, reading.formed_span.start) == ("Tea.md", 5)
    (resolution,) = reading.resolutions
    assert (resolution.kind, resolution.date, resolution.span) == (
        "establishing",
        PartialDate(2020, 6, 11),
        reading.formed_span,
    )
    assert resolution.text == (
        "The Tea Working Group was approved by the PSF Board on 11 June 2020."
    )


def test_no_approval_means_no_formed_date_nor_resolution():
    reading = read_wiki_group([legacy("# Tea WG\n\nThe Tea Working Group brews tea.\n")])
    assert reading.formed is None and reading.resolutions == []


def test_non_voting_is_kept_when_a_newer_roster_says_nothing_of_it():
    ch = charter(2015, "Ada Lovelace", "Bob Brown (non-voting)")
    group_page = legacy(
        "# Tea WG\n\nNotes from 2019.\n\n## Members\n\n- Ada Lovelace\n- Bob Brown\n"
    )
    reading = read_wiki_group([ch, group_page])
    assert reading.roster.span.path == "Tea.md"
    assert [(m.name, m.voting) for m in reading.members] == [
        ("Ada Lovelace", True),
        ("Bob Brown", False),
    ]


def test_people_are_matched_by_the_canon_given():
    old = charter(2015, "Ada Lovelace", "Bob Brown")
    new = legacy("# Tea WG\n\nNotes from 2019.\n\n## Members\n\n- Ada Lovelace\n- Robert Brown\n")
    same = read_wiki_group([old, new], canon=lambda n: "bob" if "Brown" in n else n)
    assert same.ended == []
    assert ended(read_wiki_group([old, new])) == {"Bob Brown": ("XXXX", False)}


def test_a_page_s_chair_in_an_office_the_newest_roster_gives_another_held_it_before():
    ch = charter(2018, "Ada Lovelace (chair)", "Bob Brown")
    group_page = legacy("# Tea WG\n\nThe Tea Working Group brews tea.\n\nChair: Zed Zulu\n")
    reading = read_wiki_group([group_page, ch])
    assert [(o.name, o.role) for o in reading.officers] == [("Ada Lovelace", "chair")]
    assert names(reading.members) == ["Ada Lovelace", "Bob Brown"]
    assert ended(reading) == {"Zed Zulu": ("XXXX", False)}
