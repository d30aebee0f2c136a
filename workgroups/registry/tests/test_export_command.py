"""`workgroups export`: formats, output to a file, a folder or standard output."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from workgroups.lib.vocabulary import PageKind, SourceKind
from workgroups.tests.factories import (
    make_group,
    make_page,
    make_person,
    make_resolution,
    make_source,
)


@pytest.fixture
def registry(db):
    page = make_source("python-org-psf-workgroups.md", SourceKind.PSF_PAGE)
    group = make_group(formed="2018-05", summary="Kettle", source=page, line_start=7, line_end=20)
    make_resolution(group, text="RESOLVED, tea.", title="Establishing resolution")
    make_person("Ada Lovelace")
    make_page(group, body="# Tea Charter\n\nA & B <i>\n", path="psf/working-groups/Tea/Charter")
    return group


def run(*args) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_psf_page_to_standard_output(registry):
    text = run("--format", "psf-page")
    assert text.startswith("---\ntitle: Work Groups of the Python Software Foundation\n")
    assert "### [Tea \\& Biscuits Work Group](#id3)" in text
    assert "> RESOLVED, tea." in text


def test_yaml_and_json_to_files(registry, tmp_path):
    run("--format", "yaml", "--output", str(tmp_path / "r.yaml"))
    run("--format", "json", "--output", str(tmp_path / "g.json"))
    assert (tmp_path / "r.yaml").read_text(encoding="utf-8") == run("--format", "yaml")
    groups = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert [g["slug"] for g in groups] == ["tea"]
    assert groups[0]["pages"][0]["url"] == "/groups/tea/pages/charter/"


def test_wiki_to_a_folder(registry, tmp_path):
    run("--format", "wiki", "--output", str(tmp_path / "out"))
    charter = tmp_path / "out" / "psf" / "working-groups" / "Tea" / "Charter.md"
    assert charter.read_bytes() == b"# Tea Charter\n\nA & B <i>\n"
    index = (tmp_path / "out" / "psf" / "working-groups" / "index.md").read_text(encoding="utf-8")
    assert "- [Tea WG](Tea/index) -- Kettle\n" in index


def test_wiki_needs_a_folder(registry):
    with pytest.raises(CommandError, match="--output"):
        run("--format", "wiki")


def test_wiki_never_writes_outside_its_folder(registry, tmp_path):
    make_page(None, PageKind.PAGE, "Evil", "evil", path="../../evil", body="x")
    with pytest.raises(CommandError, match="outside"):
        run("--format", "wiki", "--output", str(tmp_path / "out"))
    assert not (tmp_path / "evil.md").exists()
    assert not (tmp_path / "out").exists()


def test_a_group_created_on_the_site_is_on_the_page(registry):
    new = make_group(name="New Work Group", slug="new", formed="2025-01", position=9)
    make_page(new, PageKind.PAGE, "Charter", "charter")
    assert "### [New Work Group](#id4)" in run("--format", "psf-page")


def test_an_unknown_format_is_refused(registry):
    with pytest.raises(CommandError):
        run("--format", "html")
