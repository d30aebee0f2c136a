"""The python.org work groups page, read as a careful reader reads it.

The golden expectations below were written by reading data/seeds/python-org-psf-workgroups.md
line by line; they are the spec of the parser.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workgroups.lib.names import is_placeholder
from workgroups.lib.partialdate import PartialDate
from workgroups.lib.textdates import TextDateError, parse_date
from workgroups.sources.psf_page import parse_psf_page
from workgroups.sources.records import PsfPage, SourceError, SourceErrors

PROJECT = Path(__file__).resolve().parents[3]
SEED = PROJECT / "data" / "seeds" / "python-org-psf-workgroups.md"
SEED_PATH = "seeds/python-org-psf-workgroups.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "psf_page"
SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")


@pytest.fixture(scope="module")
def page() -> PsfPage:
    return parse_psf_page(SEED_TEXT, SEED_PATH)


def group(page: PsfPage, name: str):
    [found] = [g for g in page.groups if g.name == name]
    return found


def who(roster) -> list[str]:
    """'Name' for members, 'Name: role' otherwise, in the page's order."""
    return [p.name if p.role == "member" else f"{p.name}: {p.role}" for p in roster.members]


def fixture(name: str) -> tuple[str, str]:
    path = FIXTURES / name
    return path.read_text(encoding="utf-8"), f"fixtures/psf_page/{name}"


# -- golden: the real page ---------------------------------------------------------------------

# Resolution: (kind, title, date, date_inferred, vote, medium, first word, last word, roster)
# Roster: (full, date, people) with people as `who` prints them.
GOLDEN = {
    "Code of Conduct Work Group": dict(
        status="active",
        anchor="#id3",
        formed="2018-05",
        dissolved=None,
        lists=["conduct-wg@python.org"],
        resolutions=[
            (
                "establishing",
                "Establishing resolution",
                "2018-05-31",
                False,
                None,
                "",
                "**RESOLVED**,",
                "2018",
                (
                    False,
                    "2018-05-31",
                    [
                        "Anwesha Das",
                        "Brett Cannon",
                        "Jeff Triplett",
                        "Kenneth Reitz",
                        "Maricela Sanchez Miranda",
                        "Philip James",
                        "Rami Chowdhury",
                        "Sasha Romijn",
                        "Thomas Wouters",
                    ],
                ),
            )
        ],
        rosters=[
            (
                "statement",
                True,
                "2024",
                [
                    "Tania Allard",
                    "KwonHan Bae",
                    "Brett Cannon",
                    "Rami Chowdhury",
                    "Jessica Greene",
                    "Cheuk Ting Ho",
                    "Tereza Iofciu",
                    "Łukasz Langa",
                    "Deb Nicholson",
                    "Mojdeh Rastgoo",
                    "Jeff Triplett",
                    "Drew Winstel",
                ],
            )
        ],
    ),
    "Diversity and Inclusion Work Group": dict(
        status="active",
        anchor="#id4",
        formed="2020-11",
        dissolved=None,
        lists=[],
        resolutions=[
            (
                "establishing",
                "Establishing resolution",
                "2020-11",
                True,
                None,
                "",
                "RESOLVED,",
                "[https://docs.google.com/document/d/1uvIztyTLr6Cq4yQpNCjPlIl5pYlUjYYYqWCG1ZQrkHE"
                "/edit?usp\\=sharing](https://docs.google.com/document/d/1uvIztyTLr6Cq4yQpNCjPlIl5pY"
                "lUjYYYqWCG1ZQrkHE/edit?usp=sharing)",
                None,
            )
        ],
        rosters=[],
    ),
    "Grants Work Group": dict(
        status="active",
        anchor="#id5",
        formed="2015-08",
        dissolved=None,
        lists=["psf-grants@python.org"],
        resolutions=[
            (
                "establishing",
                "Establishing resolution",
                "2015-08",
                True,
                None,
                "",
                "**RESOLVED**,",
                "projects.",
                None,
            )
        ],
        rosters=[],
    ),
    "Infrastructure Work Group": dict(
        status="active",
        anchor="#id6",
        formed="2010-04",
        dissolved=None,
        lists=["infrastructure@python.org"],
        # The description tells two board acts (lines 84-86, 89): resolutions, not quoted.
        resolutions=[
            (
                "establishing",
                "Stated in the description",
                "2005-03-24",
                False,
                None,
                "",
                "The",
                "2005.",
                None,
            ),
            (
                "work-group",
                "Stated in the description",
                "2013-06",
                False,
                None,
                "",
                "In",
                "Group.",
                None,
            ),
        ],
        rosters=[],
    ),
    "Python Job Board Work Group": dict(
        status="active",
        anchor="#id7",
        formed="2018-07",
        dissolved=None,
        lists=["jobs@python.org"],
        resolutions=[
            (
                "current",
                "Current resolution July 2018",
                "2018-07",
                False,
                None,
                "",
                "**RESOLVED**,",
                "postings.",
                None,
            )
        ],
        rosters=[],
    ),
    "Packaging Work Group": dict(
        status="active",
        anchor="#id8",
        formed="2016-05",
        dissolved=None,
        lists=["packaging-wg@python.org"],
        resolutions=[
            (
                "establishing",
                "Establishing resolution",
                "2016-05",
                True,
                None,
                "",
                "**RESOLVED**,",
                "<https://wiki.python.org/psf/PackagingWG/Charter>",
                None,
            )
        ],
        rosters=[],
    ),
    "Trademarks Work Group": dict(
        status="active",
        anchor="#id9",
        formed="2008-11",
        dissolved=None,
        lists=["psf-trademarks@python.org"],
        resolutions=[
            (
                "work-group",
                "Work group resolution",
                "2013-08-16",
                False,
                (7, 0, 1),
                "IRC vote",
                "**RESOLVED**,",
                "year",
                (
                    True,
                    "2013-08-16",
                    [
                        "David Mertz: co-chair",
                        "Marc-André Lemburg: co-chair",
                        "Carl Trachte",
                        "Doug Napoleone",
                        "David Goodger",
                        "Van Lindberg",
                    ],
                ),
            ),
            (
                "establishing",
                "Establishing resolution",
                "2008-11",
                True,
                None,
                "",
                "**RESOLVED**,",
                "take.",
                (
                    True,
                    "2008-11",
                    [
                        "David Goodger",
                        "Marc-Andre Lemburg",
                        "Van Lindberg",
                        "David Mertz",
                        "Doug Napoleone",
                        "James Tauber: chair",
                        "Trevor Toenjes",
                    ],
                ),
            ),
        ],
        rosters=[],
    ),
    "Scientific Python Work Group": dict(
        status="inactive",
        anchor="#id11",
        formed="2015-04",
        dissolved=None,
        lists=["scientific@python.org"],
        resolutions=[
            (
                "current",
                "Current resolution June 2015",
                "2015-06",
                False,
                None,
                "",
                "**RESOLVED**,",
                "workgroup.",
                None,
            )
        ],
        rosters=[],
    ),
    "Marketing Work Group": dict(
        status="inactive",
        anchor="#id12",
        formed="2015-08",
        dissolved=None,
        lists=["psf-marketing-wg@python.org"],
        resolutions=[
            (
                "establishing",
                "Establishing resolution",
                "2015-08",
                True,
                None,
                "",
                "**RESOLVED**,",
                "projects.",
                None,
            )
        ],
        rosters=[],
    ),
    "Outreach & Education Work Group": dict(
        status="inactive",
        anchor="#id13",
        formed="2011-06",
        dissolved=None,
        lists=["outreach-and-education@python.org"],
        resolutions=[
            (
                "establishing",
                "Establishing resolution",
                "2011-06",
                True,
                None,
                "",
                "**RESOLVED**,",
                "Gingras.",
                (
                    True,
                    "2011-06",
                    [
                        "David Mertz: chair",
                        "Gloria Jacobs",
                        "Jessica McKellar",
                        "Daniel Greenfeld",
                        "Audrey Roy",
                        "Ned Batchelder",
                        "Asheesh Laroia",
                        "Simon Law",
                        "Yannick Gingras",
                    ],
                ),
            ),
            (
                "work-group",
                "Work Group Resolution",
                "2013-07-26",
                False,
                (10, 0, 1),
                "IRC vote",
                "**RESOLVED**,",
                "year",
                (
                    True,
                    "2013-07-26",
                    [
                        "David Mertz: co-chair",
                        "Jessica McKellar: co-chair",
                        "Aahz",
                        "Alex Gaynor",
                        "Anna Ravenscroft",
                        "Brian Curtin",
                        "Chris Calloway",
                        "Lynn Root",
                        "Jesse Noller",
                    ],
                ),
            ),
        ],
        rosters=[],
    ),
    "Sprint Work Group": dict(
        status="inactive",
        anchor="#id14",
        formed="2010-05",
        dissolved=None,
        lists=["sprints@python.org"],
        resolutions=[
            (
                "establishing",
                "Establishing resolution",
                "2010-05",
                True,
                None,
                "",
                "**RESOLVED**,",
                "board.",
                (True, "2010-05", ["Jesse Noller: chair"]),
            )
        ],
        rosters=[],
    ),
    "Public Support Committee (PSC)": dict(
        status="dissolved",
        anchor="#id15",
        formed="2002-08-13",
        dissolved="2007-02-25",
        lists=["psc@python.org"],
        resolutions=[
            (
                "charter",
                "Charter",
                "2002-08-13",
                True,
                None,
                "",
                "RESOLVED,",
                "PSC.",
                (
                    True,
                    "2002-08-13",
                    [
                        "Stephan Deibel",
                        "Jeremy Hylton",
                        "Marc-Andre Lemburg: chair",
                        "Tim Peters",
                        "Aahz",
                        "Alex Martelli",
                        "Neil Norwitz",
                        "Greg Ward",
                    ],
                ),
            ),
            (
                "amending",
                "Amended Charter (2004-04-13)",
                "2004-04-13",
                False,
                None,
                "",
                "RESOLVED,",
                "infrastructure.",
                None,
            ),
        ],
        rosters=[
            (
                "meta table",
                True,
                None,
                ["Stephan Deibel: chair", "Steve Holden", "Neil Norwitz", "David Goodger"],
            )
        ],
    ),
    "Public Relations Committee (PRC)": dict(
        status="dissolved",
        anchor="#id16",
        formed="2004-04-13",
        dissolved="2005-04-12",
        lists=["psf-prc@python.org"],
        resolutions=[
            (
                "establishing",
                "Establishing Resolution",
                "2004-04-13",
                True,
                None,
                "",
                "RESOLVED,",
                "Python.",
                (
                    True,
                    "2004-04-13",
                    [
                        "Tim Parkin",
                        "Kevin Altis",
                        "Aahz",
                        "Barry Warsaw",
                        "Andrew Kuchling",
                        "Steve Holden: chair",
                    ],
                ),
            )
        ],
        rosters=[
            (
                "meta table",
                True,
                None,
                [
                    "Steve Holden: chair",
                    "Aahz",
                    "Kevin Altis",
                    "Andrew Kuchling",
                    "Tim Parkin",
                    "Barry Warsaw",
                ],
            )
        ],
    ),
    "Python Conference Committee (PCC)": dict(
        status="dissolved",
        anchor="#id17",
        formed="2003-10-14",
        dissolved="2008-03-14",
        lists=["pycon-organizers@python.org"],
        resolutions=[
            (
                "establishing",
                "Establishing Resolution",
                "2003-10-14",
                True,
                None,
                "",
                "RESOLVED,",
                "chairman.",
                (
                    True,
                    "2003-10-14",
                    ["David Ascher: chair", "Steve Holden", "Jeremy Hylton"],
                ),
            ),
            (
                "amending",
                "Amending Resolution (2005-05-06)",
                "2005-05-06",
                False,
                None,
                "",
                "RESOLVED,",
                "(chair).",
                (
                    True,
                    "2005-05-06",
                    [
                        "David Ascher",
                        "Steve Holden: secretary",
                        "Jeremy Hylton",
                        "Andrew Kuchling: chair",
                    ],
                ),
            ),
            (
                "amending",
                "Amending Resolution (2007-01-08)",
                "2007-01-08",
                False,
                None,
                "",
                "RESOLVED,",
                "Board.",
                None,
            ),
        ],
        rosters=[
            (
                "meta table",
                True,
                None,
                [
                    "Andrew Kuchling: chair",
                    "David Ascher",
                    "David Goodger",
                    "Steve Holden: secretary",
                ],
            )
        ],
    ),
    "Cuban Pythonistas Work Group": dict(
        status="inactive",
        anchor="#id18",
        formed="2015-03",
        dissolved=None,
        lists=["python-cuba@python.org"],
        resolutions=[
            (
                "current",
                "Current resolution June 2015",
                "2015-06",
                False,
                None,
                "",
                "**RESOLVED**,",
                "workgroup.",
                None,
            )
        ],
        rosters=[("meta table", False, None, ["David Mertz: moderator"])],
    ),
}


def test_it_reads_the_fifteen_groups_in_page_order(page):
    assert page.path == SEED_PATH
    assert page.title == "Work Groups of the Python Software Foundation"
    assert [g.name for g in page.groups] == list(GOLDEN)
    assert [g.position for g in page.groups] == list(range(15))


@pytest.mark.parametrize("name", list(GOLDEN))
def test_it_reads_each_group_as_a_reader_states_it(page, name):
    expected = GOLDEN[name]
    g = group(page, name)
    assert g.status == expected["status"]
    assert g.anchor == expected["anchor"]
    assert str(g.formed) == expected["formed"]
    assert (str(g.dissolved) if g.dissolved else None) == expected["dissolved"]
    assert [m.address for m in g.mailing_lists] == expected["lists"]

    got = []
    for r in g.resolutions:
        words = r.text.split()
        vote = (r.vote.yes, r.vote.no, r.vote.abstain) if r.vote else None
        roster = None
        if r.roster is not None:
            assert r.roster.origin == "resolution"
            roster = (r.roster.full, str(r.roster.date), who(r.roster))
        got.append(
            (
                r.kind,
                r.title,
                str(r.date),
                r.date_inferred,
                vote,
                r.medium,
                words[0],
                words[-1],
                roster,
            )
        )
    assert got == expected["resolutions"]

    rosters = [(r.origin, r.full, str(r.date) if r.date else None, who(r)) for r in g.rosters]
    assert rosters == expected["rosters"]


def test_it_reads_mailing_lists_in_every_form(page):
    lists = {g.name: [(m.address, m.url) for m in g.mailing_lists] for g in page.groups}
    assert lists["Code of Conduct Work Group"] == [
        (
            "conduct-wg@python.org",
            "https://mail.python.org/mm3/mailman3/lists/conduct-wg.python.org/",
        )
    ]
    assert lists["Public Support Committee (PSC)"] == [
        ("psc@python.org", "http://mail.python.org/mailman/listinfo/psc")
    ]
    assert lists["Public Relations Committee (PRC)"] == [
        ("psf-prc@python.org", "http://mail.python.org/mailman/listinfo/psf-prc")
    ]
    assert lists["Marketing Work Group"] == [
        ("psf-marketing-wg@python.org", "http://mail.python.org/mailman/listinfo/psf-marketing-wg")
    ]
    psc = group(page, "Public Support Committee (PSC)").mailing_lists[0]
    assert str(psc.span) == f"{SEED_PATH}:310"


def test_it_keeps_notes_links(page):
    links = {
        g.name: [(link.label, link.url, link.span.start) for link in g.links] for g in page.groups
    }
    assert links["Diversity and Inclusion Work Group"] == [
        ("Notes", "https://wiki.python.org/psf/DiversityandInclusionWG", 38)
    ]
    assert links["Packaging Work Group"] == [
        ("Notes", "https://wiki.python.org/psf/PackagingWG", 126)
    ]
    assert sum(len(v) for v in links.values()) == 2


def test_it_locates_groups_and_their_formed_rows(page):
    conduct = group(page, "Code of Conduct Work Group")
    assert (conduct.span.path, conduct.span.start, conduct.span.end) == (SEED_PATH, 8, 29)
    assert str(conduct.formed_span) == f"{SEED_PATH}:10"
    trademarks = group(page, "Trademarks Work Group")
    assert (trademarks.span.start, trademarks.span.end) == (142, 183)  # before the H2
    psc = group(page, "Public Support Committee (PSC)")
    assert (psc.span.start, psc.span.end) == (299, 347)
    assert str(psc.formed_span) == f"{SEED_PATH}:307"
    last = page.groups[-1]
    assert (last.span.start, last.span.end) == (460, len(SEED_TEXT.splitlines()))


def test_it_keeps_the_purpose_as_markdown_source(page):
    purposes = {g.name: g.purpose for g in page.groups}
    assert purposes["Code of Conduct Work Group"] == SEED_LINES[14]
    assert "Python\\-related" in purposes["Code of Conduct Work Group"]
    assert purposes["Infrastructure Work Group"] == "\n".join(
        [*SEED_LINES[83:86], "", *SEED_LINES[88:90]]
    )
    assert purposes["Trademarks Work Group"] == (
        "This committee assesses actual and proposed uses of the Python\n"
        "trademarks. See the [PSF Trademark Usage Policy](/psf/trademarks/)."
    )
    for name in ("Grants Work Group", "Marketing Work Group", "Cuban Pythonistas Work Group"):
        assert purposes[name] == ""
    assert "Establishing resolution" not in "".join(purposes.values())
    assert "As of 2024" not in "".join(purposes.values())


def test_it_keeps_quoted_resolution_text_byte_for_byte(page):
    """Putting '> ' back in front of each line gives the page's lines."""
    quoted = 0
    for g in page.groups:
        for r in g.resolutions:
            label = SEED_LINES[r.span.start - 1]
            if label.startswith("#") or r.title == "Stated in the description":
                continue
            assert label == f"{r.title}:"
            start = next(
                i for i in range(r.span.start, r.span.end) if SEED_LINES[i].startswith(">")
            )
            lines = r.text.split("\n")
            assert [f"> {line}" for line in lines] == SEED_LINES[start : start + len(lines)]
            quoted += 1
    assert quoted == 13
    trademarks = group(page, "Trademarks Work Group").resolutions[0]
    assert "co\\-chaired by David Mertz and Marc\\-André Lemburg" in trademarks.text
    assert trademarks.text == SEED_LINES[160][2:]


def test_it_keeps_heading_resolution_text_byte_for_byte(page):
    prc = group(page, "Public Relations Committee (PRC)").resolutions[0]
    assert prc.text == "\n".join(SEED_LINES[375:397])
    assert prc.text.splitlines()[-1] == "contributors to Python."
    assert "\n\n1. Facilitate" in prc.text
    psc = group(page, "Public Support Committee (PSC)").resolutions[1]
    assert psc.text == "\n".join(SEED_LINES[335:342])
    assert "(1\\) creation" in psc.text


def test_it_locates_resolutions_from_label_to_approval(page):
    spans = {
        (g.name, r.title): (r.span.start, r.span.end) for g in page.groups for r in g.resolutions
    }
    assert spans[("Code of Conduct Work Group", "Establishing resolution")] == (18, 22)
    assert spans[("Trademarks Work Group", "Work group resolution")] == (157, 164)
    assert spans[("Trademarks Work Group", "Establishing resolution")] == (167, 178)
    assert spans[("Outreach & Education Work Group", "Work Group Resolution")] == (258, 265)
    assert spans[("Public Support Committee (PSC)", "Charter")] == (320, 328)
    assert spans[("Public Relations Committee (PRC)", "Establishing Resolution")] == (373, 397)
    assert spans[("Python Conference Committee (PCC)", "Amending Resolution (2007-01-08)")] == (
        449,
        454,
    )


def test_it_cleans_names_and_keeps_titles_as_notes(page):
    outreach = group(page, "Outreach & Education Work Group").resolutions[0].roster
    mertz, jacobs = outreach.members[0], outreach.members[1]
    assert (mertz.name, mertz.role, mertz.note) == ("David Mertz", "chair", "PSF Director")
    assert mertz.raw == "David Mertz (PSF Director)"
    assert (jacobs.name, jacobs.role, jacobs.note) == ("Gloria Jacobs", "member", "PSF Director")
    assert (mertz.span.start, jacobs.span.start) == (252, 253)

    # A name broken over two lines is one name, located on both.
    psc = group(page, "Public Support Committee (PSC)").resolutions[0].roster
    lemburg = next(p for p in psc.members if p.name == "Marc-Andre Lemburg")
    assert (lemburg.span.start, lemburg.span.end) == (324, 325)
    pcc = group(page, "Python Conference Committee (PCC)").resolutions[1].roster
    kuchling = pcc.members[-1]
    assert (kuchling.name, kuchling.raw, kuchling.role) == (
        "Andrew Kuchling",
        "Andrew Kuchling (chair)",
        "chair",
    )

    everyone = [
        person
        for g in page.groups
        for roster in [*g.rosters, *(r.roster for r in g.resolutions if r.roster)]
        for person in roster.members
    ]
    assert everyone and not [p for p in everyone if is_placeholder(p.name)]
    assert not [p for p in everyone if "\\" in p.name or "(" in p.name]
    assert all(p.voting for p in everyone)


def test_it_lists_the_meta_table_chairman_once(page):
    psc = group(page, "Public Support Committee (PSC)").rosters[0]
    assert [p.name for p in psc.members].count("Stephan Deibel") == 1
    deibel = psc.members[0]
    assert (deibel.role, deibel.span.start, deibel.span.end) == ("chair", 308, 309)
    assert (psc.span.start, psc.span.end) == (308, 309)


def test_it_dates_the_member_statement(page):
    [statement] = group(page, "Code of Conduct Work Group").rosters
    assert statement.date == PartialDate(2024)
    assert (statement.span.start, statement.span.end) == (25, 25)
    assert statement.full and statement.origin == "statement"


# -- other layouts -----------------------------------------------------------------------------


def test_it_reads_the_variants_fixture():
    text, path = fixture("variants.md")
    page = parse_psf_page(text, path)
    assert page.title == "Variants of the page"
    [g] = page.groups
    assert (g.name, g.anchor, g.status, str(g.formed)) == (
        "Plain Heading Group",
        "",
        "active",
        "2019",
    )
    assert [(m.address, m.url) for m in g.mailing_lists] == [
        ("plain-list@python.org", ""),
        (
            "second-list@python.org",
            "https://mail.python.org/mailman3/lists/second-list.python.org/",
        ),
    ]
    assert [(link.label, link.url) for link in g.links] == [
        ("Notes", "https://wiki.python.org/psf/PlainHeading")
    ]
    assert g.purpose == "First paragraph of the purpose.\n\n* a list item\n* another one"

    current, dissolving = g.resolutions
    assert (current.kind, current.title) == ("current", "Current resolution Sept. 3, 2019")
    assert (current.vote.yes, current.vote.no, current.vote.abstain) == (5, 1, 0)
    assert current.medium == "e-mail vote"
    assert str(current.date) == "2019-09-04"  # the approval's date
    assert current.text.endswith("Donald Knuth.\n\nA second quoted paragraph.")
    assert (current.roster.full, who(current.roster)) == (
        False,
        ["Edsger Dijkstra", "Donald Knuth"],
    )
    assert (dissolving.kind, str(dissolving.date), dissolving.medium) == (
        "dissolving",
        "2022-01-31",
        "board vote",
    )
    assert dissolving.roster is None

    moderators, table, statement = g.rosters
    assert (moderators.full, who(moderators)) == (
        False,
        ["Ada Lovelace: moderator", "Barbara Liskov: moderator"],
    )
    assert (table.full, who(table)) == (True, ["Grace Hopper: chair", "Alan Turing"])
    turing = table.members[1]
    assert (turing.note, turing.voting) == ("non-voting", False)
    assert (statement.full, str(statement.date), who(statement)) == (
        True,
        "2021-05",
        ["Margaret Hamilton", "Frances Allen"],
    )
    assert not any(p.voting for p in statement.members)


def test_it_accepts_windows_line_endings():
    page = parse_psf_page(SEED_TEXT.replace("\n", "\r\n"), SEED_PATH)
    assert [g.name for g in page.groups] == list(GOLDEN)
    assert page.groups[6].resolutions[0].text == SEED_LINES[160][2:]


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("unknown_key.md", 12, "unknown table key 'Chair person:'"),
        ("impossible_formed_date.md", 21, "Febtember"),
        ("label_without_blockquote.md", 16, "not followed by a quoted resolution"),
        ("impossible_approval_date.md", 13, "February 2018 has no day 30"),
    ],
)
def test_it_rejects_bad_input_with_its_line(name, line, words):
    text, path = fixture(name)
    with pytest.raises(SourceError) as raised:
        parse_psf_page(text, path)
    error = raised.value
    assert (error.path, error.line) == (path, line)
    assert words in error.message
    assert str(error).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (("| Formed: | May 2018 |", "| Formed: | February 30, 2018 |"), 10),
        (("| --- | --- |\n", "| --- | --- |\n| Formed: | June 2018 |\n"), 12),
        (("Current resolution July 2018:", "Current resolution July 31st, 20:"), 109),
        (("#### Charter", "#### Minutes"), 320),
        (("### [Code of Conduct Work Group](#id3)", "### [A](#a)\n\n| X | Y |\n| - | - |"), 10),
        (("## Active Work Groups", "## Elsewhere"), 8),
        (("Approved 7\\-0\\-1 by IRC vote", "Approved seven by IRC vote"), 164),
    ],
)
def test_it_rejects_edits_of_the_page_with_their_line(edit, line):
    old, new = edit
    assert old in SEED_TEXT
    with pytest.raises(SourceError) as raised:
        parse_psf_page(SEED_TEXT.replace(old, new, 1), SEED_PATH)
    assert raised.value.line == line


def test_it_refuses_a_formed_date_the_month_lacks_with_its_line():
    text = SEED_TEXT.replace("| Formed: | May 2018 |", "| Formed: | 31 February 2024 |", 1)
    with pytest.raises(SourceError) as raised:
        parse_psf_page(text, SEED_PATH)
    assert str(raised.value).startswith(f"{SEED_PATH}:10: Formed: '31 February 2024' is not a real")


def test_it_reports_every_bad_value_of_the_page_at_once():
    text = SEED_TEXT
    for old, new in [
        ("| Formed: | May 2018 |", "| Formed: | 31 February 2024 |"),  # line 10
        ("| Mailing List: | [conduct", "| Mailing Lost: | [conduct"),  # line 12, same table
        ("| Formed: | November 2020 |", "| Formed: | Novembre 2020 |"),  # line 36
        ("Current resolution July 2018:", "Current resolution July 31st, 20:"),  # line 109
        ("#### Charter", "#### Minutes"),  # line 320
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    with pytest.raises(SourceErrors) as raised:
        parse_psf_page(text, SEED_PATH)
    errors = raised.value.errors
    assert [e.line for e in errors] == [10, 12, 36, 109, 320]
    assert all(e.path == SEED_PATH for e in errors)
    assert str(raised.value).split("\n") == [str(e) for e in errors]
    assert "unknown table key 'Mailing Lost:'" in errors[1].message
    assert "'Novembre' is not a month" in errors[2].message


# -- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("May 2018", "2018-05"),
        ("February 25, 2007", "2007-02-25"),
        ("Oct 14, 2003", "2003-10-14"),
        ("16 August, 2013", "2013-08-16"),
        ("May 31, 2018", "2018-05-31"),
        ("(2004-04-13)", "2004-04-13"),
        ("(2004\\-04\\-13\\)", "2004-04-13"),
        ("2024", "2024"),
        ("March 24 2005", "2005-03-24"),
        ("16 August, 2013.", "2013-08-16"),
        ("Sept. 3rd, 2019", "2019-09-03"),
        ("august 2015", "2015-08"),
    ],
)
def test_it_reads_every_date_form_of_the_page(text, iso):
    assert parse_date(text).iso() == iso


@pytest.mark.parametrize(
    "text",
    [
        "31 Febtember",
        "February 30, 2018",
        "May",
        "May 31",
        "2018-13",
        "0000",
        "",
        "soon",
        "May June 2018",
        "123 May 2018",
    ],
)
def test_it_refuses_impossible_or_unreadable_dates(text):
    with pytest.raises(TextDateError):
        parse_date(text)


# -- robustness --------------------------------------------------------------------------------


def _check(text: str) -> None:
    """The contract: a PsfPage or a located SourceError, nothing else."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    try:
        page = parse_psf_page(text, "fuzz.md")
    except SourceError as error:
        assert error.path == "fuzz.md"
        assert error.line is None or 1 <= error.line <= len(lines)
        return
    assert isinstance(page, PsfPage)
    for g in page.groups:
        assert 1 <= g.span.start <= g.span.end <= len(lines)
        assert g.status in ("active", "inactive", "dissolved")
        for r in g.resolutions:
            assert r.text.strip()
            assert g.span.start <= r.span.start <= r.span.end <= g.span.end
        rosters = [*g.rosters, *(r.roster for r in g.resolutions if r.roster)]
        for roster in rosters:
            for person in roster.members:
                assert person.name and not is_placeholder(person.name)
                assert 1 <= person.span.start <= person.span.end <= len(lines)


_MARKDOWN_BITS = st.sampled_from(
    [
        "\n",
        "\n\n",
        "## Active Work Groups\n",
        "## Inactive Committees \\& Work Groups\n",
        "### [Some Group](#id1)\n",
        "#### Charter\n",
        "#### Amending Resolution (2005\\-05\\-06\\)\n",
        "| Formed: | May 2018 |\n| --- | --- |\n",
        "| Members: | A B, C (chair) and D |\n",
        "| Mailing List: | <http://mail.python.org/mailman/listinfo/x> |\n",
        "Establishing resolution:\n",
        "Current resolution July 2018:\n",
        "> RESOLVED, that the following initial members: ",
        "Approved 7\\-0\\-1 by IRC vote, 16 August, 2013\\.\n",
        "As of 2024, the current list of voting members is; ",
        "co\\-chaired by ",
        " as the initial chairman",
        "Membership shall consist of co\\-chairs and additionally ",
        "Ann Bee, Cee Dee and Eff (PSF Director)",
        "---\ntitle: x\n---\n",
        "(",
        ")",
        ".",
        ", ",
        ":",
        "> ",
        "* ",
        "1. ",
        "`",
        "\\",
        "[",
        "](",
        "<",
        ">",
        "|",
        "31 Febtember",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_it_never_crashes_on_arbitrary_text(text):
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_MARKDOWN_BITS, st.text(max_size=8)), max_size=40))
def test_it_never_crashes_on_page_like_fragments(bits):
    _check("".join(bits))


@st.composite
def _mutated_seed(draw) -> str:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["drop", "duplicate", "shuffle", "move", "cut"]))
        a = draw(st.integers(0, max(0, len(lines) - 1)))
        b = min(len(lines), a + draw(st.integers(1, 25)))
        if op == "drop":
            del lines[a:b]
        elif op == "duplicate":
            lines[b:b] = lines[a:b]
        elif op == "shuffle":
            lines[a:b] = draw(st.permutations(lines[a:b]))
        elif op == "move":
            chunk = lines[a:b]
            del lines[a:b]
            at = draw(st.integers(0, len(lines)))
            lines[at:at] = chunk
        elif lines:
            line = lines[a]
            lines[a] = line[: draw(st.integers(0, len(line)))]
        if not lines:
            break
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated_seed())
def test_it_never_crashes_on_mutations_of_the_real_page(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(0, len(SEED_LINES) - 1), max_size=len(SEED_LINES)),
)
def test_it_never_crashes_on_lines_of_the_page_in_any_order(indexes):
    _check("\n".join(SEED_LINES[i] for i in indexes))


def test_it_tells_labels_from_prose_ending_in_a_colon():
    text = (
        "## Active Work Groups\n\n### A Group\n\n"
        "Charter and bylaws of the group are here:\n\n"
        "> quoted prose, not a resolution\n\n"
        "Establishing\nresolution:\n\n"
        "> RESOLVED, that the group be formed with Ann Bee and Cy Dee as initial members.\n"
    )
    [g] = parse_psf_page(text, "p.md").groups
    assert g.purpose == (
        "Charter and bylaws of the group are here:\n\n> quoted prose, not a resolution"
    )
    [r] = g.resolutions
    assert (r.kind, r.title, r.span.start, r.span.end) == (
        "establishing",
        "Establishing resolution",
        9,
        12,
    )
    assert (r.roster.full, who(r.roster)) == (True, ["Ann Bee", "Cy Dee"])
