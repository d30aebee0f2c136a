"""The python.org page renderer, on a small made-up registry (fixtures/render/registry.yaml)."""

from pathlib import Path

import pytest

from workgroups.lib.partialdate import PartialDate
from workgroups.sources.psf_page import parse_psf_page
from workgroups.sources.render_psf_page import (
    escape,
    page_groups,
    render_psf_page,
    table_date,
)
from workgroups.sources.render_yaml import parse_yaml
from workgroups.sources.shapes import Group, Membership, Resolution

FIXTURES = Path(__file__).parent / "fixtures" / "render"


@pytest.fixture(scope="module")
def sample():
    return parse_yaml((FIXTURES / "registry.yaml").read_text(encoding="utf-8"), "registry.yaml")[0]


@pytest.fixture(scope="module")
def page(sample):
    return render_psf_page(page_groups(sample))


def test_it_renders_the_expected_page(page):
    assert page == (FIXTURES / "psf-page.md").read_text(encoding="utf-8")


def test_it_is_a_pure_function_of_the_records(sample, page):
    assert render_psf_page(page_groups(sample)) == page


def test_it_leaves_out_groups_only_the_wiki_knows(sample, page):
    assert "bylaws-work-group" in {g.slug for g in sample.groups}
    assert "Bylaws" not in page
    assert [g.slug for g in page_groups(sample)] == ["tea", "scones", "old-committee"]


def test_markdown_is_escaped_as_the_page_does_and_never_html_escaped(page):
    assert "### [Tea \\& Biscuits Work Group](#id3)" in page
    assert "&amp;" not in page and "&lt;" not in page
    assert "[tea\\-wg at python.org](https://mail.python.org/mailman/listinfo/tea-wg)" in page
    assert "Approved 7\\-0\\-1 by IRC vote, 16 August, 2013\\." in page


def test_resolution_texts_and_purposes_come_back_verbatim(sample, page):
    tea = sample.groups[1]
    assert tea.slug == "tea"
    quoted = "\n".join("> " + line for line in tea.resolutions[0].text.split("\n"))
    assert quoted in page
    old = next(g for g in sample.groups if g.slug == "old-committee")
    for resolution in old.resolutions:
        assert resolution.text in page  # H4 style: plain text, blank lines kept
    assert old.purpose in page


def test_the_page_reads_back_as_the_same_records(sample, page):
    parsed = {g.name: g for g in parse_psf_page(page, "page.md").groups}
    for group in page_groups(sample):
        got = parsed[group.name]
        assert (got.status, got.formed, got.dissolved) == (
            group.status,
            group.formed,
            group.dissolved,
        )
        assert got.purpose == group.purpose
        assert [(m.address, m.url) for m in got.mailing_lists] == [
            (m.address, m.url) for m in group.mailing_lists
        ]
        assert [
            (r.kind, r.title, r.date, r.date_inferred, r.text, r.medium) for r in got.resolutions
        ] == [
            (r.kind, r.title, r.date, r.date_inferred, r.text, r.medium) for r in group.resolutions
        ]
        votes = [
            (r.vote.yes, r.vote.no, r.vote.abstain) if r.vote else None for r in got.resolutions
        ]
        assert votes == [
            (r.vote.yes, r.vote.no, r.vote.abstain) if r.vote is not None else None
            for r in group.resolutions
        ]
    tea = parsed["Tea & Biscuits Work Group"]
    statement = tea.rosters[-1]
    assert (statement.origin, statement.date, statement.full) == (
        "statement",
        PartialDate(2024),
        True,
    )
    assert {(p.name, p.role) for p in statement.members} == {
        ("Grace Hopper", "member"),
        ("Łukasz Langa", "member"),
        ("Marc-André Lemburg", "co-chair"),
    }
    old = parsed["Old Committee (OC)"]
    assert {(p.name, p.role) for p in old.rosters[-1].members} == {
        ("Alan Turing", "chair"),
        ("Grace Hopper", "secretary"),
        ("Ada Lovelace", "member"),
    }
    assert [(p.name, p.role) for p in parsed["Scones Work Group"].rosters[0].members] == [
        ("Guido van Rossum", "moderator")
    ]


def _group(**kw) -> Group:
    return Group(slug="g", name="G Work Group", status="active", source_kind="psf-page", **kw)


def test_a_date_nothing_else_carries_goes_into_the_label():
    group = _group(
        formed=PartialDate(2020),
        resolutions=[
            Resolution(kind="amending", text="RESOLVED, that x.", date=PartialDate(2021, 3, 4)),
            Resolution(
                kind="current",
                text="RESOLVED, that y.",
                title="Current resolution",
                date=PartialDate(2022, 5),
                position=1,
            ),
        ],
    )
    page = render_psf_page([group])
    assert "Amending resolution 4 March 2021:" in page
    assert "Current resolution May 2022:" in page
    got = parse_psf_page(page, "p.md").groups[0].resolutions
    assert [(r.kind, r.date) for r in got] == [
        ("amending", PartialDate(2021, 3, 4)),
        ("current", PartialDate(2022, 5)),
    ]


def test_no_roster_sentence_when_a_resolution_states_the_latest_membership():
    group = _group(
        members=[
            Membership(
                person="a", name="Ann Example", role="member", start=PartialDate(2013, 8, 16)
            )
        ],
        resolutions=[
            Resolution(kind="work-group", text="RESOLVED, x.", date=PartialDate(2013, 8, 16))
        ],
    )
    assert "As of" not in render_psf_page([group])


def test_a_member_added_on_the_site_gets_the_roster_sentence():
    group = _group(
        members=[
            Membership(
                person="a", name="Ann Example", role="member", start=PartialDate(2013, 8, 16)
            ),
            Membership(
                person="b", name="Bob Sample-Smith", role="chair", start=PartialDate(2025, 1, 2)
            ),
        ],
        resolutions=[
            Resolution(kind="work-group", text="RESOLVED, x.", date=PartialDate(2013, 8, 16))
        ],
    )
    page = render_psf_page([group])
    line = (
        "As of 2 January 2025, the current list of voting members is; "
        "Ann Example, Bob Sample\\-Smith (chair)"
    )
    assert line in page
    roster = parse_psf_page(page, "p.md").groups[0].rosters[0]
    assert roster.date == PartialDate(2025, 1, 2)
    assert {(p.name, p.role) for p in roster.members} == {
        ("Ann Example", "member"),
        ("Bob Sample-Smith", "chair"),
    }


@pytest.mark.parametrize(
    "date, text",
    [
        (PartialDate(2018), "2018"),
        (PartialDate(2018, 5), "May 2018"),
        (PartialDate(2007, 2, 25), "February 25, 2007"),
    ],
)
def test_table_dates_read_as_the_page_writes_them(date, text):
    assert table_date(date) == text


def test_escape():
    assert escape("Outreach & Education [x] *y* a_b 2013.") == (
        "Outreach \\& Education \\[x\\] \\*y\\* a\\_b 2013\\."
    )
