"""Markdown rendering: MyST features, the wiki's leftovers cleaned, and hostile input inert."""

import re

import pytest
from django.utils.safestring import SafeString

from workgroups.lib.markdown_text import clean_wiki, first_sentence, plain_text
from workgroups.lib.vocabulary import SourceKind
from workgroups.tests.factories import make_group, make_page
from workgroups.web.markdown import render

LEGACY = """# Packaging/2019-06-07-Warehouse

```{admonition} Legacy Wiki Page
:class: note

This page was migrated from the old MoinMoin-based wiki. Information may be outdated.
```

7 June 2019
"""


def test_it_renders_commonmark_and_returns_safe_html():
    html = render("Some *emphasis* and **strong** text.\n\n- one\n- two\n")
    assert isinstance(html, SafeString)
    assert "<em>emphasis</em>" in html
    assert "<strong>strong</strong>" in html
    assert "<li>one</li>" in html


def test_it_renders_nothing_for_empty_text():
    assert render("") == ""
    assert render(None) == ""


def test_it_drops_the_legacy_wiki_admonition():
    html = render(LEGACY)
    assert "Legacy Wiki Page" not in html
    assert "MoinMoin" not in html
    assert "7 June 2019" in html


def test_it_keeps_other_admonitions_as_asides():
    html = render("```{note}\nRead the charter first.\n```\n\n:::{warning} Careful\nHot.\n:::\n")
    assert '<aside class="admonition note">' in html
    assert "Read the charter first." in html
    assert '<aside class="admonition warning">' in html
    assert "Careful" in html


def test_it_drops_the_title_and_keeps_one_h1_for_the_page():
    html = render(LEGACY, drop_title=True)
    assert "<h1" not in html
    assert "Packaging/2019-06-07-Warehouse" not in html


def test_it_shifts_headings_below_the_pages_own():
    html = render("# Top\n\n## Sub\n\ntext", top=2)
    assert re.search(r"<h2[^>]*>Top</h2>", html)
    assert re.search(r"<h3[^>]*>Sub</h3>", html)
    html = render("## Already second\n\n### third", top=2)
    assert re.search(r"<h2[^>]*>Already second</h2>", html)
    html = render("# Title", top=4)
    assert re.search(r"<h4[^>]*>Title</h4>", html)


def test_it_gives_headings_unique_ids_that_cannot_clash_with_the_page():
    html = render("## Members\n\n## Members\n\n## main")
    assert 'id="h-members"' in html and 'id="h-members-2"' in html
    assert 'id="main"' not in html
    html = render("## [Board & Officers](#id1)\n\n## main\n\n## `pip` ok", id_prefix="")
    assert 'id="board-officers"' in html  # what the text's own #links expect
    assert 'id="h-main"' in html and 'id="pip-ok"' in html


def test_it_removes_the_backtick_class_and_decodes_entities_in_those_spans():
    html = render("use `pip list`{.backtick} and `&lt;`{.backtick}")
    assert "{.backtick}" not in html
    assert "<code>pip list</code>" in html
    assert "<code>&lt;</code>" in html  # the character <, escaped once, not "&amp;lt;"


def test_it_shows_escaped_quotes_as_quotes():
    text = 'it\\\'s ok to \\"blow \\[Ernest\\] up\\"'
    assert plain_text(text) == 'it\'s ok to "blow [Ernest] up"'
    assert "\\" not in render(text)


def test_it_turns_moin_smileys_into_emoji():
    text = (
        'thanks ![:)](/wiki/europython/img/smile.png%20":)") and '
        '![:(](/wiki/europython/img/sad.png ":(") and '
        '![:\\\\](/wiki/europython/img/ohwell.png ":\\")'
    )
    html = render(text)
    assert "🙂" in html and "🙁" in html and "😕" in html
    assert "europython" not in html and "<img" not in html


def test_it_turns_br_links_into_line_breaks():
    html = render("**notepad**[BR](./BR.html)Team Meeting")
    assert "<br" in html and "BR.html" not in html
    html = render("**notepad**[BR](./BR.html)[BR](./BR.html)Team Meeting")
    assert html.count("<p>") == 2
    assert "BR" not in html


def test_it_unlinks_moin_camelcase_links_to_missing_pages():
    html = render(
        "See [GitHub](./GitHub.html), [Outreach Meeting](./(20).html) and "
        "[material](./Board(2f)marketing(2d)material.html) at [PyCon](./PyCon.html#x)."
    )
    assert ".html" not in html
    assert "<a" not in html
    assert "See GitHub, Outreach Meeting and material at PyCon." in html


def test_it_unlinks_wiki_user_pages():
    html = render("[MarcAndreLemburg](../../people/MarcAndreLemburg)")
    assert "<a" not in html and "MarcAndreLemburg" in html


@pytest.mark.django_db
def test_it_resolves_relative_wiki_links_to_old_addresses():
    group = make_group()
    make_page(group, path="psf/working-groups/Packaging/Charter")
    make_page(group, slug="cuba", path="psf/working-groups/Python Cuba/Charter")
    html = render(
        "[charter](Packaging/Charter) and [Cuba](Python Cuba/Charter)",
        base="psf/working-groups/Packaging",
    )
    assert 'href="/wiki/psf/working-groups/Packaging/Charter"' in html
    assert 'href="/wiki/psf/working-groups/Python%20Cuba/Charter"' in html


@pytest.mark.django_db
def test_it_sends_links_to_wiki_pages_never_imported_to_the_wiki():
    html = render(
        "[logos](../../marketing/PSF Logos) [sprints](../../packaging/PackagingSprints#2019)",
        base="psf/working-groups/Marketing/Charter",
    )
    assert 'href="https://wiki.python.org/psf/marketing/PSF%20Logos"' in html
    assert 'href="https://wiki.python.org/psf/packaging/PackagingSprints"' in html
    assert 'href="/wiki/' not in html


def test_it_sends_wiki_attachments_to_the_wiki():
    html = render(
        "[pdf](attachments/Bylaws/Bylaws-2013.pdf) and "
        "[audit](?action=AttachFile&do=get&target=a.pdf)",
        base="psf/working-groups/Bylaws",
    )
    assert (
        'href="https://wiki.python.org/psf/working-groups/attachments/Bylaws/Bylaws-2013.pdf"'
        in html
    )
    query = "action=AttachFile&amp;do=get&amp;target=a.pdf"
    assert f'href="https://wiki.python.org/psf/working-groups/Bylaws?{query}"' in html


def test_it_sends_python_orgs_own_addresses_to_python_org():
    html = render("See the [PSF Trademark Usage Policy](/psf/trademarks/).")
    assert 'href="https://www.python.org/psf/trademarks/"' in html
    html = render("[policy](/psf/trademarks/)", origin=SourceKind.PSF_PAGE, base="psf/x")
    assert 'href="https://www.python.org/psf/trademarks/"' in html


def test_it_sends_the_wikis_root_relative_links_to_the_wiki():
    html = render("[board](/psf/about/Board)", origin=SourceKind.WIKI_PAGE)
    assert 'href="https://wiki.python.org/psf/about/Board"' in html


def test_it_leaves_absolute_links_alone():
    html = render("[python.org](https://www.python.org/psf/) [top](/groups/x/)", base="psf/a/b")
    assert 'href="https://www.python.org/psf/"' in html
    assert 'href="/groups/x/"' in html


def test_it_turns_pandoc_simple_tables_into_tables():
    text = (
        "::: {}\n"
        "  ---------------------------- ----------------- ---------------\n"
        "  Meeting/update               Type              Date\n"
        "  [Kickoff](https://x.org/k)   Meeting minutes   June 02, 2023\n"
        "  Walkthrough                  in-person         July 3, 2023\n"
        "  ---------------------------- ----------------- ---------------\n"
        ":::\n"
    )
    html = render(text)
    assert '<div class="table-wrap"><table>' in html
    assert "<th>Meeting/update</th>" in html
    assert '<td><a href="https://x.org/k"' in html
    assert "<td>July 3, 2023</td>" in html
    assert ":::" not in html and "-----" not in html


@pytest.mark.django_db
def test_it_renders_toctrees_as_lists_of_old_addresses():
    make_page(make_group(), path="psf/working-groups/Jobs/Charter")
    html = render(
        "```{toctree}\n:maxdepth: 1\n\nCharter\n```", base="psf/working-groups/Jobs/index"
    )
    assert re.search(r'<li><a href="/wiki/psf/working-groups/Jobs/Charter"[^>]*>Charter</a>', html)


def test_it_skips_front_matter():
    assert "title:" not in render("---\ntitle: x\n---\n\nbody")


def test_it_cleans_only_for_display_and_is_pure():
    assert clean_wiki(LEGACY).count("Legacy Wiki Page") == 0
    assert render(LEGACY) == render(LEGACY)


def test_it_gives_plain_text_and_a_first_sentence():
    text = "The **group** does\nthings [well](https://x.org). It also rests.\n\nMore."
    assert plain_text(text) == "The group does things well. It also rests.\nMore."
    assert first_sentence(text) == "The group does things well."
    assert first_sentence("") == ""
    long = "word " * 100
    assert len(first_sentence(long)) <= 200 and first_sentence(long).endswith("…")


# --- Hostile input -------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<object data=x></object><embed src=x>",
    '<form action="https://evil.example"><input name=x></form>',
    '<p onmouseover="alert(1)">hover</p>',
    "```{admonition} <script>alert(1)</script>\nx\n```",
    '```{note}\n<img src=x onerror="alert(1)">\n```',
    '[x](https://ok.example "title" onclick=alert(1))',
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<base href=https://evil.example/>",
]


@pytest.mark.parametrize("payload", XSS)
def test_it_makes_hostile_markdown_inert(payload):
    html = str(render(f"before\n\n{payload}\n\nafter"))
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered
    assert "<object" not in lowered and "<embed" not in lowered
    assert "<form" not in lowered and "<input" not in lowered
    assert "<style" not in lowered and "<meta" not in lowered and "<base" not in lowered
    assert "<svg" not in lowered and "<math" not in lowered
    tags = re.findall(r"<[a-z][^>]*>", lowered)  # real tags; escaped text is &lt;...
    for tag in tags:
        assert not re.search(r"\son\w+\s*=", tag), html
        assert not re.search(r"\sstyle\s*=", tag), html
        for url in re.findall(r'(?:href|src)="([^"]*)"', tag):
            assert not url.strip().startswith(("javascript:", "vbscript:", "data:")), html
    assert "before" in html and "after" in html


def test_it_shows_raw_html_as_text_rather_than_dropping_it():
    html = render("a <b>bold</b> claim")
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
