"""The wiki parsers never crash: on any text they return records or raise SourceError."""

import json
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workgroups.sources.records import SourceError, WikiIndex, WikiPage
from workgroups.sources.wiki import (
    parse_redirects,
    parse_wiki_index,
    parse_wiki_page,
    wiki_path_info,
)

CORPUS = Path(__file__).resolve().parents[3] / "data" / "psf-wiki"
WG = "psf/working-groups"
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Markdown, MyST and corpus-specific pieces, so random text hits the interesting paths.
PIECES = [
    "# ",
    "## ",
    "### Administration \n",
    "### List of Participants/Who we are\n",
    "#### Members\n",
    "- ",
    "  - ",
    "1. ",
    "1\\. ",
    "\n",
    "\n\n",
    "Chair: ",
    "February 30th, 2025",
    "(June 31st?)",
    "Chairs: A and B",
    "Co-chairs: ",
    "Vice Chairs: TBD",
    "Moderator(s):\n",
    "Participants:\n",
    "Past members:\n",
    "Non-voting members\n",
    "(chair)",
    "(US - non-voting)",
    " co-chair",
    "TBD",
    "??",
    "(other members)",
    "#acl MembersGroup:read",
    "[LukaszLanga](./LukaszLanga.html)",
    "John [DeRosa](./DeRosa.html)",
    "[ScientificWG]()",
    "[X](Project Funding/index)",
    "[Outreach](./(20).html)",
    "\\<[donald@python.org](mailto:donald@python.org)\\>",
    "x at python dot org",
    "https://mail.python.org/mailman/listinfo/psf-x",
    "```{toctree}\n",
    "```plain\n{toctree}\n",
    ":hidden:\n",
    ":maxdepth: 1\n",
    "```\n",
    "```{admonition} Legacy Wiki Page\n",
    "::: {}\n",
    "  ------- -------\n",
    "  **Chair**   Ee Durbin\n",
    "    indented code\n",
    "> ",
    "| a | b |\n|---|---|\n| c | d |\n",
    "Monday, Feb 19 2018",
    "Tues Oct 12",
    "12-04-2017",
    "31 Febtember",
    "(June 3rd?)",
    "24Sep19",
    "approved by the PSF Board on 11 June 2020",
    "(Approved 10/03/17) RESOLVED, that the WG adopts a new charter",
    "This group is forming",
    "Meetings: None.",
    "---\ntitle: x\n---\n",
    "<<BR>>",
    '![:)](/wiki/europython/img/smile.png%20":)")',
    "\\'",
    "\r\n",
    "\t",
    "\x00",
    "é",
    "Ł",
    "(",
    ")",
    "[",
    "]",
    "*",
    "`",
    "<",
    "&amp;",
]
markdownish = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map(
    "".join
)

WIKI_PATHS = [
    f"{WG}/index",
    f"{WG}/Conduct/Charter",
    f"{WG}/Conduct Group",
    f"{WG}/Packaging",
    f"{WG}/Packaging/2018-02-20-Warehouse",
    f"{WG}/Packaging/index",
    f"{WG}/Python Edu Charter",
    f"{WG}/Infrastructure",
    f"{WG}/Example/Charter",
    "psf/about/Example PSF Workgroup Page",
    "psf/about/Contents",
]


def check_page(text: str, wiki_path: str):
    try:
        result = parse_wiki_page(text, "x.md", wiki_path)
    except SourceError as raised:
        for error in getattr(raised, "errors", [raised]):
            assert error.path == "x.md"
            assert error.line is None or error.line >= 1
        return
    assert isinstance(result, WikiPage)
    assert result.text == text
    refs = (result.roster.members + result.roster.past) if result.roster else []
    for ref in refs:
        assert ref.name.strip()
    spans = [ref.span for ref in refs] + [link.span for link in result.links]
    spans += [ml.span for ml in result.mailing_lists] + [span for _, span in result.status_hints]
    spans += [span for _, _, span in result.stated_dates]
    spans += [result.roster.span] if result.roster else []
    for span in spans:
        assert span.path == "x.md"
        assert 1 <= span.start <= span.end <= result.span.end


def check_index(text: str):
    try:
        result = parse_wiki_index(text, "index.md")
    except SourceError as raised:
        for error in getattr(raised, "errors", [raised]):
            assert error.path == "index.md"
            assert error.line is None or error.line >= 1
        return
    assert isinstance(result, WikiIndex)
    assert all(entry.section in ("active", "legacy") for entry in result.entries)


@SETTINGS
@given(text=st.text(), wiki_path=st.sampled_from(WIKI_PATHS))
def test_it_never_crashes_on_arbitrary_text(text, wiki_path):
    check_page(text, wiki_path)


@SETTINGS
@given(text=markdownish, wiki_path=st.sampled_from(WIKI_PATHS))
def test_it_never_crashes_on_markdown_made_of_corpus_pieces(text, wiki_path):
    check_page(text, wiki_path)
    check_index(text)


@cache
def corpus() -> list[tuple[str, str]]:
    files = sorted((CORPUS / "psf").rglob("*.md"))
    return [
        (f.relative_to(CORPUS).as_posix()[:-3], f.read_text(encoding="utf-8"))
        for f in files
        if "/Packaging/20" not in f.as_posix() or f.stem.endswith(("-20-Warehouse", "12-pip"))
    ]


@st.composite
def mutated_corpus_file(draw):
    wiki_path, text = draw(st.sampled_from(corpus()))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 200)))
        operation = draw(st.sampled_from(["delete", "insert", "replace", "duplicate"]))
        insert = draw(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)))
        if operation == "delete":
            text = text[:start] + text[end:]
        elif operation == "insert":
            text = text[:start] + insert + text[start:]
        elif operation == "replace":
            text = text[:start] + insert + text[end:]
        else:
            text = text[:end] + text[start:end] + text[end:]
    return wiki_path, text


@SETTINGS
@given(sample=mutated_corpus_file())
def test_it_never_crashes_on_mutated_corpus_files(sample):
    wiki_path, text = sample
    check_page(text, wiki_path)
    if wiki_path.endswith("index"):
        check_index(text)


@SETTINGS
@given(text=st.text())
def test_the_index_parser_never_crashes_on_arbitrary_text(text):
    check_index(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=10,
)


@SETTINGS
@given(
    text=st.one_of(
        st.text(),
        json_values.map(lambda value: json.dumps(value)),
        st.dictionaries(st.text(max_size=20), st.text(max_size=20)).map(
            lambda value: json.dumps(value, indent=1)
        ),
    )
)
def test_the_redirects_parser_never_crashes(text):
    try:
        result = parse_redirects(text, "r.json")
    except SourceError as error:
        assert error.path == "r.json"
        return
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in result.items())


@SETTINGS
@given(wiki_path=st.one_of(st.text(), st.sampled_from(WIKI_PATHS).map(lambda p: p + "/2019-02-3")))
def test_path_info_never_crashes(wiki_path):
    try:
        section, kind, legacy, version, date = wiki_path_info(wiki_path)
    except SourceError:
        return
    assert kind in ("charter", "minutes", "members", "page", "template", "index")
    assert isinstance(legacy, bool) and version >= 0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n" * 1000,
        "- " * 5000,
        "> " * 2000 + "x",
        "[" * 3000 + "](" * 3000,
        "(" * 5000,
        "- [" + "a" * 10000 + "](./X.html)\n",
        "Chair: " + ", ".join(["A B"] * 2000),
        "```{toctree}\n" + ":x:\n" * 1000 + "```\n",
        b"\xff\xfe".decode("latin-1"),
        "# T\n\n" + "12-04-2017 " * 2000,
    ],
)
def test_it_survives_pathological_inputs(text):
    for wiki_path in WIKI_PATHS:
        check_page(text, wiki_path)
    check_index(text)


def test_it_rejects_undecodable_bytes_with_a_location():
    with pytest.raises(SourceError) as error:
        parse_wiki_page(b"# Title\n\n\xff\xfe\n", "bad.md", f"{WG}/Conduct/Charter")
    assert (error.value.path, error.value.line) == ("bad.md", 3)


def test_an_impossible_date_fails_any_page_and_the_index_with_its_line():
    text = "# Notes\n\nWe met on February 30th, 2025.\n"
    for wiki_path in WIKI_PATHS:
        with pytest.raises(SourceError) as error:
            parse_wiki_page(text, "x.md", wiki_path)
        assert str(error.value) == "x.md:3: 'February 30th, 2025' is not a real date"
    with pytest.raises(SourceError, match=r"^index.md:3: 'February 30th, 2025' is not a real"):
        parse_wiki_index(text, "index.md")
