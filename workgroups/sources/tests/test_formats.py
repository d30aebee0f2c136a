"""The format registry: what each file is, in what order formats are read, what exports exist;
and a third-party format added with one module and one registration line."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from workgroups.sources import formats
from workgroups.sources.formats import Export, Format
from workgroups.sources.records import SourceError, Span


def detected(path: Path, text: str) -> tuple[str, str] | None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    found = formats.detect(path, text)
    return (found[0].name, found[1]) if found else None


def test_each_builtin_format_is_known_by_its_suffix_or_its_place_and_text(tmp_path):
    wiki = tmp_path / "checkout" / "psf" / "working-groups"
    assert detected(tmp_path / "dump.yml", "format: x\n") == ("yaml", "dump.yml")
    assert detected(tmp_path / "redirects-wg.json", "{}") == ("wiki-redirects", "redirects-wg.json")
    assert detected(tmp_path / "page.md", "## Active Work Groups\n") == ("psf-page", "page.md")
    assert detected(wiki / "index.md", "# Working Groups\n") == (
        "wiki-index",
        "psf/working-groups/index.md",
    )
    index_copy = "## Active Working Groups\n\n```{toctree}\nGrants/index\n```\n"
    assert detected(tmp_path / "seed.md", index_copy) == ("wiki-index", "seed.md")
    # The python.org page's heading in a wiki checkout is a wiki page that quotes it.
    assert detected(wiki / "Grants" / "Charter.md", "## Active Work Groups\n") == (
        "wiki-page",
        "psf/working-groups/Grants/Charter.md",
    )
    assert detected(tmp_path / "notes.md", "# Shopping\n") is None


def test_an_unknown_file_is_named_against_the_formats_that_read_text():
    assert formats.unknown_format_message() == (
        "not a python.org working-groups page, a wiki index or a wiki page"
    )


def test_formats_are_reconciled_in_their_declared_order_and_exported_pages_first():
    assert [f.name for f in formats.importable()] == [
        "yaml",
        "psf-page",
        "wiki-index",
        "wiki-redirects",
        "wiki-page",
    ]
    assert [e.name for e in formats.exports()] == ["psf-page", "wiki", "yaml", "json"]
    assert formats.export("wiki").folder
    with pytest.raises(ValueError, match="pdf"):
        formats.export("pdf")


def test_a_name_is_registered_once():
    with pytest.raises(ValueError, match="already registered"):
        formats.register(Format("yaml", "another dump", suffixes=(".yaml",)))


# -- a third-party format: a CSV of group names -------------------------------------------------


def parse_group_csv(text: str, name: str) -> list[tuple[str, int]]:
    lines = text.splitlines()
    if not lines or lines[0] != "name":
        raise SourceError(name, 1, "a group CSV starts with the header 'name'")
    return [(line, n) for n, line in enumerate(lines[1:], start=2) if line]


def render_group_csv(snapshot, page_url) -> str:
    return "".join(f"{line}\n" for line in ["name", *(g.name for g in snapshot.groups)])


def reconcile_group_csv(reconciler, docs) -> None:
    for doc in docs:
        for name, line in doc.parsed:
            provenance = reconciler.provenance(doc, Span(doc.name, line, line))
            values = {"status": "active", "position": 2000 + line, **provenance}
            reconciler.group(None, name, values, authority=False)


GROUP_CSV = Format(
    "group-csv",
    "a CSV of group names",
    suffixes=(".csv",),
    parse=parse_group_csv,
    export=Export("group-csv", render_group_csv, data=True),
)


@pytest.fixture
def group_csv():
    from workgroups.registry.reconcile import STEPS

    formats.register(GROUP_CSV)
    STEPS[GROUP_CSV.name] = reconcile_group_csv
    yield GROUP_CSV
    del STEPS[GROUP_CSV.name]
    formats.unregister(GROUP_CSV.name)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_a_registered_format_is_imported_and_exported_like_the_builtin_ones(group_csv, tmp_path):
    from workgroups.registry.importer import read
    from workgroups.registry.models import Group, Source

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "groups.csv").write_text("name\nTea Work Group\nCake Work Group\n")

    bundle = read([folder])
    assert [(d.format, d.parsed) for d in bundle.documents] == [
        ("group-csv", [("Tea Work Group", 2), ("Cake Work Group", 3)])
    ]
    assert "group: 2 created" in run("import", str(folder))
    assert run("import", str(folder)) == "1 documents read; nothing to change.\n"
    assert Group.objects.get(name="Cake Work Group").line_start == 3
    assert Source.objects.get().path == "groups.csv"

    assert run("export", "--format", "group-csv") == "name\nTea Work Group\nCake Work Group\n"


@pytest.mark.django_db
def test_a_format_without_a_reconcile_step_is_only_recorded(tmp_path):
    from workgroups.registry.models import Group, Source

    notes = Format("notes", "notes", suffixes=(".txt",), parse=lambda text, name: text)
    formats.register(notes)
    try:
        (tmp_path / "a.txt").write_text("Tea Work Group\n")
        assert run("import", str(tmp_path)).splitlines()[1:] == ["  source: 1 created"]
    finally:
        formats.unregister(notes.name)
    assert Source.objects.get().path == "a.txt"
    assert not Group.objects.exists()


def test_a_registered_parser_names_the_path_given_and_the_line(group_csv, tmp_path):
    from workgroups.registry.importer import read

    bad = tmp_path / "groups.csv"
    bad.write_text("title\nTea\n")
    with pytest.raises(SourceError) as info:
        read([bad])
    assert str(info.value) == f"{bad}:1: a group CSV starts with the header 'name'"


def test_an_unregistered_format_is_gone(tmp_path):
    assert "group-csv" not in [e.name for e in formats.exports()]
    assert ".csv" not in formats.wanted_suffixes()
