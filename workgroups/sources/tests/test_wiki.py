"""The wiki parsers: paths, index, redirects, toctrees, dates, people forms, the whole corpus.

Per-group expectations on the real pages are in test_wiki_golden.py; robustness on arbitrary
text in test_wiki_robust.py.
"""

from functools import cache
from pathlib import Path

import pytest

from workgroups.lib.partialdate import PartialDate
from workgroups.sources.records import SourceError, SourceErrors, Span
from workgroups.sources.wiki import (
    parse_redirects,
    parse_wiki_index,
    parse_wiki_page,
    wiki_path_info,
)

CORPUS = Path(__file__).resolve().parents[3] / "data" / "psf-wiki"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wiki"
WG = "psf/working-groups"


def corpus_files() -> list[Path]:
    return sorted((CORPUS / "psf").rglob("*.md"))


@cache
def page(wiki_path: str):
    rel = wiki_path + ".md"
    return parse_wiki_page((CORPUS / rel).read_text(encoding="utf-8"), rel, wiki_path)


def d(iso: str) -> PartialDate:
    return PartialDate.parse(iso)


# --------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    "wiki_path, expected",
    [
        (f"{WG}/Packaging/Charter", ("Packaging", "charter", False, 1, None)),
        (f"{WG}/Scientific/Charter_v2", ("Scientific", "charter", False, 2, None)),
        (f"{WG}/Scientific/Charter_v3", ("Scientific", "charter", False, 3, None)),
        (
            f"{WG}/Packaging/2018-02-20-Warehouse",
            ("Packaging", "minutes", False, 0, d("2018-02-20")),
        ),
        (
            f"{WG}/Packaging/2020-10-12-pip-teamwide-meeting",
            ("Packaging", "minutes", False, 0, d("2020-10-12")),
        ),
        (f"{WG}/Packaging/index", ("Packaging", "index", False, 0, None)),
        (f"{WG}/Packaging/PyPIBetaAnnouncement", ("Packaging", "page", False, 0, None)),
        (f"{WG}/Grants/onboarding", ("Grants", "page", False, 0, None)),
        (f"{WG}/Project Funding/Charter", ("Project Funding", "charter", False, 1, None)),
        (f"{WG}/index", ("", "index", False, 0, None)),
        (f"{WG}/Conduct Group", ("Conduct", "members", True, 0, None)),
        (f"{WG}/Education Group", ("Education", "members", True, 0, None)),
        (f"{WG}/Python Edu Charter", ("Python Edu", "charter", True, 1, None)),
        (f"{WG}/Python Edu", ("Python Edu", "page", True, 0, None)),
        (f"{WG}/Infrastructure", ("Infrastructure", "charter", True, 1, None)),
        (f"{WG}/Bylaws", ("Bylaws", "page", True, 0, None)),
        (f"{WG}/Diversity and Inclusion", ("Diversity and Inclusion", "page", True, 0, None)),
        (f"{WG}/Education Ecosystem", ("Education Ecosystem", "page", True, 0, None)),
        (f"{WG}/Example/Charter", ("Example", "template", False, 1, None)),
        (f"{WG}/Example/index", ("Example", "template", False, 0, None)),
        ("psf/about/Example PSF Workgroup Charter", ("Example", "template", False, 1, None)),
        ("psf/about/Example PSF Workgroup Page", ("Example", "template", False, 0, None)),
        ("psf/about/index", ("", "index", False, 0, None)),
        ("psf/about/Contents", ("", "page", False, 0, None)),
    ],
)
def test_it_decides_section_kind_and_date_from_the_path(wiki_path, expected):
    assert wiki_path_info(wiki_path) == expected


def test_it_tolerates_a_trailing_md_and_slashes_in_the_path():
    assert wiki_path_info(f"/{WG}/Conduct/Charter.md") == ("Conduct", "charter", False, 1, None)


def test_it_rejects_a_minutes_file_name_with_an_impossible_date():
    with pytest.raises(SourceError) as error:
        wiki_path_info(f"{WG}/Packaging/2018-02-30-Warehouse")
    assert "February 2018 has no day 30" in str(error.value)


def test_it_reports_a_bad_file_name_date_at_the_document_path():
    with pytest.raises(SourceError) as error:
        parse_wiki_page("# x\n", "Packaging/2018-13-01-pip.md", f"{WG}/Packaging/2018-13-01-pip")
    assert str(error.value).startswith("Packaging/2018-13-01-pip.md: ")


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("The group was formed on February 30th, 2025.", "February 30th, 2025"),
        ("Approved 31/04/2020 by the board.", "31/04/2020"),
        ("Charter adopted 2021-02-29.", "2021-02-29"),
        ("| Chair | Ann Bee (since 31 June 2019) |", "31 June 2019"),
    ],
)
def test_a_page_stating_an_impossible_date_fails_with_its_line(line, date):
    text = f"# Charter\n\nSome text.\n\n{line}\n"
    if line.startswith("|"):
        text = f"# Charter\n\nSome text.\n\n| Role | Who |\n| --- | --- |\n{line}\n"
    number = text.split("\n").index(line) + 1
    with pytest.raises(SourceError) as error:
        parse_wiki_page(text, "Conduct/Charter.md", f"{WG}/Conduct/Charter")
    assert str(error.value) == f"Conduct/Charter.md:{number}: {date!r} is not a real date"


@pytest.mark.parametrize(
    "line",
    [
        "Next meeting (June 31st?) to be decided.",  # uncertain: skipped
        "Met on 3/12/2019 and 12/3/2019.",  # US or day-first: both real
        "Met on Monday, March 12, 2019.",  # a wrong weekday is no impossible date
        "Formed February 29, 2024.",
    ],
)
def test_uncertain_ambiguous_or_misdated_weekday_text_still_imports(line):
    page = parse_wiki_page(f"# Charter\n\n{line}\n", "c.md", f"{WG}/Conduct/Charter")
    assert page.kind == "charter"


def test_a_date_in_code_or_a_link_target_is_not_read():
    text = "# Charter\n\n```\nFebruary 30th, 2025\n```\n\n[x](https://e.org/2021-02-29)\n"
    assert parse_wiki_page(text, "c.md", f"{WG}/Conduct/Charter").kind == "charter"


def test_it_reports_every_bad_value_of_a_page_at_once():
    text = (
        "# Minutes\n"  # 1
        "\n"
        "Met on February 30th, 2025 and on 2021-02-29.\n"  # 3
        "\n"
        "```{toctree}\n"  # 5
        "a\n"
        ":hidden:\n"  # 7: an option after the entries
        ":bad\n"  # 8
        "```\n"
    )
    path, wiki_path = "Packaging/2018-02-30-x.md", f"{WG}/Packaging/2018-02-30-x"
    with pytest.raises(SourceErrors) as raised:
        parse_wiki_page(text, path, wiki_path)
    assert str(raised.value).split("\n") == [
        f"{path}: file name date: February 2018 has no day 30",
        f"{path}:3: 'February 30th, 2025' is not a real date",
        f"{path}:3: '2021-02-29' is not a real date",
        f"{path}:7: toctree option ':hidden:' after the entries",
        f"{path}:8: malformed toctree option ':bad'",
    ]


def test_the_bundled_wiki_and_index_state_no_impossible_date():
    for file in corpus_files():
        wiki_path = file.relative_to(CORPUS).as_posix()[:-3]
        parse_wiki_page(file.read_text(encoding="utf-8"), str(file), wiki_path)
    seed = CORPUS.parent / "seeds" / "psf-wiki-working-groups-index.md"
    parse_wiki_index(seed.read_text(encoding="utf-8"), str(seed))


# --------------------------------------------------------------------------- index


def test_it_reads_the_index_entries_with_their_section_and_summary():
    path = f"{WG}/index.md"
    index = parse_wiki_index((CORPUS / path).read_text(encoding="utf-8"), path)
    assert index.path == path
    active = [e for e in index.entries if e.section == "active"]
    legacy = [e for e in index.entries if e.section == "legacy"]
    assert len(active) == 16 and len(legacy) == 26
    first = index.entries[0]
    assert (first.title, first.target, first.summary) == (
        "Bylaws WG",
        "Bylaws/index",
        "Reviews and proposes changes to the PSF bylaws",
    )
    assert first.span == Span(path, 9, 9)
    # a raw space in the target is not a CommonMark link, and still an entry (hazard #2)
    funding = next(e for e in active if e.title == "Project Funding WG")
    assert funding.target == "Project Funding/index"
    assert funding.summary == "Manages donor-funded project initiatives"
    assert [e.target for e in active][-1] == "Example/index"
    infra = next(e for e in legacy if e.target == "Infrastructure")
    assert infra.title == "Infrastructure WG"
    assert infra.summary == "Infrastructure Working Group charter"
    assert infra.span == Span(path, 39, 39)


def test_it_reads_the_hidden_toctree_of_the_index():
    path = f"{WG}/index.md"
    index = parse_wiki_index((CORPUS / path).read_text(encoding="utf-8"), path)
    assert len(index.toctree) == 42
    assert index.toctree[:2] == ["Bylaws/index", "Conduct/index"]
    assert "Project Funding/index" in index.toctree
    assert index.toctree[-2:] == ["Sponsorship Bundle", "Translation"]


def test_it_reads_a_toctree_wrapped_in_a_plain_fence():
    path = "psf/about/index.md"
    index = parse_wiki_index((CORPUS / path).read_text(encoding="utf-8"), path)
    assert index.toctree == [
        "CodeOfConduct",
        "Contents",
        "Example PSF Workgroup Charter",
        "Example PSF Workgroup Page",
        "StatementOfValues",
        "WikiInstructions",
        "reference",
    ]
    assert [e.target for e in index.entries][2:4] == [
        "Example%20PSF%20Workgroup%20Charter",
        "Example%20PSF%20Workgroup%20Page",
    ]


def test_it_reads_a_toctree_with_hidden_after_maxdepth():
    packaging = page(f"{WG}/Packaging/index")
    assert packaging.kind == "index"
    assert len(packaging.toctree) == 112
    assert packaging.toctree[0] == "2017-12-04-Warehouse"
    assert packaging.toctree[-3:] == [
        "2020-12-23-pip-team-meeting",
        "Charter",
        "PyPIBetaAnnouncement",
    ]


def test_it_rejects_an_unterminated_toctree_fence_at_its_line():
    name = "toctree-unterminated.md"
    with pytest.raises(SourceError) as error:
        parse_wiki_index((FIXTURES / name).read_text(encoding="utf-8"), name)
    assert (error.value.path, error.value.line) == (name, 7)
    assert str(error.value) == f"{name}:7: unterminated ```{{toctree}} fence"


def test_it_rejects_a_toctree_option_after_the_entries_at_its_line():
    name = "toctree-option-after-entries.md"
    with pytest.raises(SourceError) as error:
        parse_wiki_index((FIXTURES / name).read_text(encoding="utf-8"), name)
    assert (error.value.path, error.value.line) == (name, 9)
    assert "':hidden:' after the entries" in error.value.message


def test_it_rejects_a_malformed_toctree_in_a_page_too():
    text = "# Conduct\n\n```{toctree}\n:maxdepth: 1\n\nCharter\n"
    with pytest.raises(SourceError) as error:
        parse_wiki_page(text, "Conduct/index.md", f"{WG}/Conduct/index")
    assert error.value.line == 3


def test_it_does_not_mistake_another_unterminated_fence_for_a_toctree():
    text = "# Notes\n\n```python\nprint(1)\n"
    assert parse_wiki_page(text, "x.md", f"{WG}/Packaging/notes").toctree == []


# --------------------------------------------------------------------------- redirects


def test_it_reads_the_redirects():
    path = "redirects-wg.json"
    redirects = parse_redirects((CORPUS / path).read_text(encoding="utf-8"), path)
    assert len(redirects) == 312
    assert redirects["psf/BylawsWG"] == "psf/working-groups/Bylaws"
    assert redirects["psf/ConductWGGroup"] == "psf/working-groups/Conduct Group"
    assert (
        redirects["moin/PackagingWG(2f)2019(2d)06(2d)07(2d)Warehouse"]
        == "psf/working-groups/Packaging/2019-06-07-Warehouse"
    )


def test_it_rejects_invalid_json_redirects_with_the_line():
    name = "redirects-invalid.json"
    with pytest.raises(SourceError) as error:
        parse_redirects((FIXTURES / name).read_text(encoding="utf-8"), name)
    assert (error.value.path, error.value.line) == (name, 4)
    assert str(error.value).startswith(f"{name}:4: invalid JSON")


@pytest.mark.parametrize("text", ["[]", '"x"', '{"a": 1}', '{"a": ""}', ""])
def test_it_rejects_redirects_that_are_not_a_map_of_paths(text):
    with pytest.raises(SourceError):
        parse_redirects(text, "r.json")


def test_it_locates_a_bad_redirect_entry():
    text = '{\n "psf/A": "psf/working-groups/A",\n "psf/B": 3\n}\n'
    with pytest.raises(SourceError) as error:
        parse_redirects(text, "r.json")
    assert error.value.line == 3


# --------------------------------------------------------------------------- pages


def test_it_keeps_the_text_unchanged_and_spans_the_whole_file():
    path = f"{WG}/Conduct/Charter.md"
    text = (CORPUS / path).read_text(encoding="utf-8")
    charter = parse_wiki_page(text, path, f"{WG}/Conduct/Charter")
    assert charter.text == text
    assert charter.path == f"{WG}/Conduct/Charter"
    assert charter.span == Span(path, 1, len(text.splitlines()))


@pytest.mark.parametrize(
    "wiki_path, title",
    [
        # minutes: their first heading, not the file's path in the h1
        (f"{WG}/Packaging/2018-02-20-Warehouse", "Warehouse Sync-up Meeting"),
        (f"{WG}/Scientific/Charter_v2", "Scientific / Charter v2"),
        (f"{WG}/Bylaws/BylawsAgenda", "Bylaws / Bylaws Agenda"),
        (f"{WG}/Grants/onboarding", "Grants/onboarding"),
        (f"{WG}/Conduct Group", "Conduct Group"),
        (f"{WG}/index", "Working Groups"),
    ],
)
def test_it_takes_the_title_from_the_h1(wiki_path, title):
    assert page(wiki_path).title == title


def test_it_cleans_trailing_spaces_of_the_title_and_falls_back_to_the_file_name():
    assert parse_wiki_page("# Agenda   \n", "a.md", f"{WG}/X/Agenda").title == "Agenda"
    assert parse_wiki_page("no heading\n", "a.md", f"{WG}/X/Notes").title == "Notes"


def test_it_ignores_front_matter():
    text = "---\ntitle: x\n---\n# Real Title\n\n- Chair: Ada Lovelace\n"
    result = parse_wiki_page(text, "x.md", f"{WG}/Made-up Charter")
    assert result.title == "Real Title"
    assert [c.name for c in result.chairs] == ["Ada Lovelace"]


# --------------------------------------------------------------------------- minutes dates


@pytest.mark.parametrize(
    "stem, in_text",
    [
        # NOTES #14: the body states another date than the file name
        ("2018-02-20-Warehouse", "2018-02-19"),  # "Monday, Feb 19 2018"
        ("2020-10-12-pip-team-meeting", "2020-10-20"),  # "Tuesday 20 October" (year from name)
        ("2020-10-12-pip-teamwide-meeting", "2020-10-21"),  # "Wednesday 21 October"
        ("2020-10-20-pip-team-meeting", "2020-10-20"),  # same body as 2020-10-12-pip-team-...
        # NOTES #15: wrong weekdays are not errors
        ("2020-10-12-pip-teamwidemeeting", "2020-10-12"),  # "Tues Oct 12" (a Monday)
        ("2020-11-23-pip-team-meeting", "2020-11-23"),  # "Tuesday 23 November" (a Monday)
        ("2020-11-25-pip-small-meeting", "2020-11-25"),  # "Sunday 25 Nov" (a Wednesday)
        # US order, as a list item over an indented code block (#17)
        ("2017-12-04-Warehouse", "2017-12-04"),  # "12-04-2017"
        # other written forms
        ("2017-12-19-Warehouse", "2017-12-19"),  # "Tuesday, Dec. 19th"
        ("2018-03-19-Warehouse", "2018-03-19"),  # "Monday, 19 March, 2018"
        ("2018-04-17-Warehouse", "2018-04-17"),  # "17 April 2018 -- postponed from ... 16th"
        ("2020-01-29-pip", "2020-01-29"),  # "UX Bernard, Sumana, Georgia 29 Jan 2020"
        ("2020-02-07-pip-explanation", "2020-02-07"),  # "spoke on Feb 6 and Feb 7"
        ("2020-03-17-pip", "2020-03-17"),  # "17 Mar, PM, PG, TPC"
        ("2020-05-14-pip", "2020-05-14"),  # "May 14th 2020"
        ("2020-07-29-pip-teamwidemeeting", "2020-07-29"),  # after [BR](./BR.html) leftovers
        ("2020-11-10-pip-teamwide-meeting", "2020-11-10"),  # "Nov 10th, 2020"
        # unreadable or uncertain: None
        ("2020-06-03-pip", None),  # "(June 3rd?)"
        ("2020-02-27-pip", None),  # no date at all
        ("2020-03-03-pip", None),  # only a date inside a URL
        ("2019-12-11-Warehouse", None),  # "2019 Q4" is not a meeting date
    ],
)
def test_it_reads_the_meeting_date_the_minutes_state(stem, in_text):
    minutes = page(f"{WG}/Packaging/{stem}")
    assert minutes.kind == "minutes"
    assert minutes.date == d(stem[:10])
    assert minutes.date_in_text == (d(in_text) if in_text else None)


def test_it_dates_three_minutes_files_of_the_same_day_from_their_names():
    stems = ["2020-10-12-pip-team-meeting", "2020-10-12-pip-teamwide-meeting"]
    stems.append("2020-10-12-pip-teamwidemeeting")
    pages = [page(f"{WG}/Packaging/{stem}") for stem in stems]
    assert {p.date for p in pages} == {d("2020-10-12")}
    assert [p.date_in_text for p in pages] == [d("2020-10-20"), d("2020-10-21"), d("2020-10-12")]
    assert len({p.path for p in pages}) == 3


def test_it_reads_the_date_of_most_minutes_and_agrees_with_the_file_name():
    minutes = [
        page(f"{WG}/Packaging/{f.stem}")
        for f in corpus_files()
        if f.parent.name == "Packaging" and f.stem[:2] == "20"
    ]
    assert len(minutes) == 110
    read = [m for m in minutes if m.date_in_text is not None]
    differ = sorted(m.path.rsplit("/", 1)[1] for m in read if m.date_in_text != m.date)
    assert len(read) == 106
    assert differ == [
        "2018-02-20-Warehouse",
        "2020-10-12-pip-team-meeting",
        "2020-10-12-pip-teamwide-meeting",
    ]


def test_it_does_not_read_rosters_from_minutes():
    minutes = page(f"{WG}/Packaging/2019-03-22-Warehouse")
    assert minutes.roster is None and minutes.chairs == []
    assert minutes.status_hints == [] and minutes.stated_dates == []


def test_it_reads_no_meeting_date_outside_minutes():
    assert page(f"{WG}/Bylaws/BylawsAgenda").date_in_text is None


# --------------------------------------------------------------------------- people forms


@cache
def forms():
    name = "roster-forms.md"
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return parse_wiki_page(text, name, f"{WG}/Made-up/Charter")


def test_it_reads_chairs_from_a_label_with_and_and_ampersand():
    members = {m.name: m for m in forms().roster.members}
    assert members["Ada Lovelace"].role == "chair"  # listed again as a participant
    assert members["Grace Hopper"].role == "chair"
    assert members["Ada Lovelace"].span == Span("roster-forms.md", 11, 11)
    assert members["Alan Turing"].role == "vice-chair"
    assert members["Alan Turing"].note == "Europe, UK"
    assert members["Edsger Dijkstra"].role == "vice-chair"


def test_it_splits_wiki_names_and_joins_split_names():
    members = {m.name: m for m in forms().roster.members}
    assert members["Katherine Johnson"].role == "moderator"
    assert members["Katherine Johnson"].raw == "KatherineJohnson"
    assert "John McCarthy" in members  # John [McCarthy](./McCarthy.html): not "Mc Carthy"


def test_it_reads_voting_notes_emails_and_inline_roles():
    members = {m.name: m for m in forms().roster.members}
    assert (members["Barbara Liskov"].voting, members["Barbara Liskov"].note) == (
        False,
        "non-voting",
    )
    assert members["Frances Allen"].role == "secretary"
    assert "@" not in members["Frances Allen"].name
    (past,) = forms().roster.past
    assert (past.name, past.voting, past.note) == ("Dennis Ritchie", False, "US - non-voting")


def test_it_never_makes_people_of_placeholders():
    names = [m.name for m in forms().roster.members]
    assert names == [
        "Ada Lovelace",
        "Grace Hopper",
        "Alan Turing",
        "Edsger Dijkstra",
        "Katherine Johnson",
        "Barbara Liskov",
        "Frances Allen",
        "John McCarthy",
    ]
    assert forms().roster.full is True  # "(others will be added ...)" only announces more
    assert ("no chair", Span("roster-forms.md", 25, 25)) in forms().status_hints


def test_it_reads_the_chairs_of_a_page():
    assert [(c.name, c.role) for c in forms().chairs] == [
        ("Ada Lovelace", "chair"),
        ("Grace Hopper", "chair"),
        ("Alan Turing", "vice-chair"),
        ("Edsger Dijkstra", "vice-chair"),
        ("Katherine Johnson", "moderator"),
    ]


def test_it_reads_mailing_lists_hints_and_stated_dates_of_a_page():
    result = forms()
    (mailing_list,) = result.mailing_lists
    assert mailing_list.address == "madeup-wg@python.org"
    assert mailing_list.url == "https://mail.python.org/mailman/listinfo/madeup-wg"
    assert mailing_list.span == Span("roster-forms.md", 36, 36)
    assert ("forming", Span("roster-forms.md", 7, 7)) in result.status_hints
    assert ("historical", Span("roster-forms.md", 7, 7)) in result.status_hints
    assert result.stated_dates == [("approved", d("2021-03-03"), Span("roster-forms.md", 37, 37))]


def test_it_lists_links_to_wiki_pages_only():
    assert [(link.target, link.text, link.span.start) for link in forms().links] == [
        ("./KatherineJohnson.html", "KatherineJohnson", 17),
        ("./McCarthy.html", "McCarthy", 24),
        ("Made-up/Charter", "Made-up WG Charter", 28),
    ]


# --------------------------------------------------------------------------- links


def test_it_lists_every_kind_of_wiki_link_for_the_broken_link_check():
    targets = {link.target for link in page(f"{WG}/Bylaws").links}
    assert "../governance/NewMembershipModel" in targets
    assert "./VanLindberg.html" in targets  # Moin leftover
    assert "../people/MarcAndreLemburg" in targets  # dangling people link (#6)
    assert "Bylaws/Charter" in targets
    assert "attachments/Bylaws/PythonSoftwareFoundationBylaws_33223534-2013-10-09.pdf" in targets
    web = {t for t in targets if t.startswith(("http:", "https:", "mailto:"))}
    assert web == {"https://wiki.python.org/psf/NewMembershipModel?action=recall&rev=7"}


def test_it_lists_wiki_urls_raw_space_targets_and_empty_targets():
    funding = page(f"{WG}/Project Funding")
    charter_links = [
        link for link in funding.links if link.target.endswith("Project Funding/Charter")
    ]
    assert [link.target for link in charter_links] == [
        "https://wiki.python.org/psf/Project Funding/Charter",
    ] * 3
    assert charter_links[0].text == "charter"
    assert charter_links[0].span.start == 15
    v3 = page(f"{WG}/Scientific/Charter_v3")
    assert [(link.target, link.text) for link in v3.links] == [
        ("", "ScientificWG"),
        ("", "ScientificWG"),
    ]
    hex_links = {link.target for link in page(f"{WG}/Marketing").links}
    assert "./Board(2f)marketing(2d)material.html" in hex_links  # hazard #5
    assert "../marketing/PSF%20Logos" in hex_links
    outreach = [link for link in page(f"{WG}/Packaging").links if link.target == "./(20).html"]
    assert len(outreach) == 5


def test_it_skips_external_urls_anchors_images_and_the_admonition():
    grants = page(f"{WG}/Grants")
    assert {link.target for link in grants.links} == {
        "https://wiki.python.org/psf/Grants/Charter",
        "https://wiki.python.org/psf/Grants/onboarding",
    }
    smileys = page(f"{WG}/Packaging/2020-03-19-pip")
    assert not any("smile" in link.target for link in smileys.links)


# --------------------------------------------------------------------------- the corpus


def test_it_parses_every_file_of_the_corpus():
    files = corpus_files()
    assert len(files) >= 177
    kinds: dict[str, int] = {}
    for file in files:
        rel = file.relative_to(CORPUS).as_posix()
        result = parse_wiki_page(file.read_text(encoding="utf-8"), rel, rel[:-3])
        kinds[result.kind] = kinds.get(result.kind, 0) + 1
        assert result.title
        assert result.span.path == rel and result.span.start == 1
        for ref in (result.roster.members + result.roster.past) if result.roster else []:
            assert ref.name and ref.name == ref.name.strip() and "@" not in ref.name
            assert 1 <= ref.span.start <= result.span.end
        for link in result.links:
            assert 1 <= link.span.start <= result.span.end
    assert kinds == {
        "minutes": 110,
        "charter": 19,
        "index": 17,
        "members": 7,
        "page": 22,
        "template": 4,
    }
    index_path = f"{WG}/index.md"
    parse_wiki_index((CORPUS / index_path).read_text(encoding="utf-8"), index_path)
    parse_redirects((CORPUS / "redirects-wg.json").read_text(encoding="utf-8"), "r.json")


@pytest.mark.parametrize("order", [("Moderator", "Secretary"), ("Secretary", "Moderator")])
def test_someone_named_moderator_and_secretary_is_a_moderator_and_one_of_the_chairs(order):
    text = "# X Charter\n\n## Members\n\n" + "".join(f"- {role}: Ada Lovelace\n" for role in order)
    result = parse_wiki_page(text, "x.md", f"{WG}/X/Charter")
    (ada,) = result.roster.members
    assert ada.role == "moderator"
    assert type(ada.role) is str  # records are dumped to YAML and JSON as they are
    assert [c.name for c in result.chairs] == ["Ada Lovelace"]
