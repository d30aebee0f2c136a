"""The wiki renderer, on a small made-up registry (fixtures/render/registry.yaml)."""

from pathlib import Path

import pytest

from workgroups.sources.render_wiki import render_wiki
from workgroups.sources.render_yaml import parse_yaml
from workgroups.sources.shapes import Group, Page, Snapshot
from workgroups.sources.wiki import parse_wiki_index

FIXTURES = Path(__file__).parent / "fixtures" / "render"
EXPECTED = FIXTURES / "wiki"


@pytest.fixture(scope="module")
def sample():
    return parse_yaml((FIXTURES / "registry.yaml").read_text(encoding="utf-8"), "registry.yaml")[0]


@pytest.fixture(scope="module")
def files(sample):
    return render_wiki(sample)


def expected_files() -> dict[str, str]:
    out = {}
    for path in sorted(EXPECTED.rglob("*")):
        if path.is_file():
            out[path.relative_to(EXPECTED).as_posix()] = path.read_bytes().decode("utf-8")
    return out


def test_it_writes_the_expected_folder(files):
    assert files == expected_files()


def test_pages_are_written_back_unchanged_at_their_paths(sample, files):
    for group in sample.groups:
        for page in group.pages:
            assert files[page.path + ".md"] == page.body
    for page in sample.pages:
        assert files[page.path + ".md"] == page.body


def test_the_index_reads_back_with_its_lists_and_toctree(files):
    index = parse_wiki_index(files["psf/working-groups/index.md"], "index.md")
    active = [(e.title, e.target, e.summary) for e in index.entries if e.section == "active"]
    assert active[:2] == [
        ("Bylaws WG", "Bylaws/index", "Reviews the bylaws"),
        ("Tea WG", "Tea/index", "Keeps the kettle on"),
    ]
    legacy = [(e.title, e.target) for e in index.entries if e.section == "legacy"]
    assert ("Tea WG Group", "Tea Group") in legacy
    assert index.toctree == [
        "Bylaws/index",
        "Example/index",
        "Tea/index",
        "Education Ecosystem",
        "Tea",
        "Tea Group",
    ]


def test_a_folder_index_lists_its_pages_and_hides_a_long_run_of_minutes(files):
    assert files["psf/working-groups/Tea/index.md"].startswith(
        "# Tea\n\n```{toctree}\n:maxdepth: 1\n:hidden:\n\n2019-01-02\nCharter\n```"
    )
    assert ":hidden:" not in files["psf/working-groups/Bylaws/index.md"]


def test_an_index_the_registry_holds_as_a_page_is_written_as_it_is(sample, files):
    template_index = next(p for p in sample.pages if p.path.endswith("Example/index"))
    assert files["psf/working-groups/Example/index.md"] == template_index.body


def test_no_html_escaping():
    snap = Snapshot(
        pages=[
            Page(
                title="A & B",
                slug="a-b",
                kind="page",
                path="psf/working-groups/A & B",
                body="<x> & y",
            )
        ]
    )
    files = render_wiki(snap)
    assert files["psf/working-groups/A & B.md"] == "<x> & y"
    assert "- [A & B](A & B)" in files["psf/working-groups/index.md"]


def test_pages_written_on_the_site_get_a_place_in_their_group_folder(sample):
    new = Group(
        slug="new",
        name="New Work Group",
        status="active",
        summary="Fresh",
        pages=[
            Page(
                title="New Work Group Charter",
                slug="charter",
                kind="charter",
                body="# Charter\n",
                group="new",
            ),
            Page(
                title="Meeting",
                slug="2025-01-02-meeting",
                kind="minutes",
                body="# Notes\n",
                group="new",
            ),
        ],
    )
    tea = next(g for g in sample.groups if g.slug == "tea")
    notes = Page(title="Notes", slug="2025-02-03-notes", kind="minutes", body="notes", group="tea")
    snap = sample.model_copy(
        update={
            "groups": [
                *(g for g in sample.groups if g.slug != "tea"),
                tea.model_copy(update={"pages": [*tea.pages, notes]}),
                new,
            ]
        }
    )
    files = render_wiki(snap)
    assert files["psf/working-groups/New/Charter.md"] == "# Charter\n"
    assert files["psf/working-groups/New/2025-01-02-meeting.md"] == "# Notes\n"
    assert "2025-01-02-meeting\nCharter\n" in files["psf/working-groups/New/index.md"]
    assert files["psf/working-groups/Tea/2025-02-03-notes.md"] == "notes"
    assert "- [New WG](New/index) -- Fresh\n" in files["psf/working-groups/index.md"]
