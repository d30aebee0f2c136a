"""Full-text search: ranked, accent-insensitive, every word, kept current on every write."""

import pytest
from django.core.management import call_command

from workgroups.lib.vocabulary import PageKind, ResolutionKind
from workgroups.registry.models import Group, GroupAlias, Page, PersonAlias
from workgroups.search import index as search_module
from workgroups.search.index import SearchHit, rebuild_index, search, snippet, terms
from workgroups.search.models import SearchEntry
from workgroups.tests.factories import make_group, make_page, make_person, make_resolution

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db):
    conduct = make_group(
        name="Code of Conduct Work Group",
        slug="conduct",
        summary="Handles Code of Conduct enforcement",
        purpose="The workgroup's purpose is to foster a diverse and inclusive community.",
        aliases=["ConductWG"],
    )
    packaging = make_group(
        name="Packaging Work Group",
        slug="packaging",
        purpose="Supports pip, PyPI and the packaging ecosystem through fundraising.",
    )
    lukasz = make_person("Łukasz Langa")
    marc = make_person("Marc-André Lemburg", aliases=["MarcAndreLemburg"])
    make_resolution(
        conduct,
        ResolutionKind.ESTABLISHING,
        "RESOLVED, that the PSF add Łukasz Langa and others to the conduct work group.",
        title="Establishing resolution",
        date="2018-05-31",
    )
    make_page(
        packaging,
        PageKind.MINUTES,
        "Packaging/2019-06-07-Warehouse",
        "2019-06-07-warehouse",
        date="2019-06-07",
        body="# Packaging/2019-06-07-Warehouse\n\nWe discussed the **Warehouse** "
        "accessibility audit and `pip list`{.backtick}. " + "Filler text. " * 80,
    )
    return {"conduct": conduct, "packaging": packaging, "lukasz": lukasz, "marc": marc}


def kinds_titles(hits):
    return [(h.kind, h.title) for h in hits]


def test_it_finds_groups_people_resolutions_and_pages(corpus):
    count, hits = search("conduct", 10, 0)
    assert count == 2
    assert hits[0].title == "Code of Conduct Work Group"  # the group ranks first
    assert hits[0].url == "/groups/conduct/"
    assert ("resolution", "Establishing resolution") in kinds_titles(hits)
    assert search("warehouse", 10, 0)[1][0].url == "/groups/packaging/pages/2019-06-07-warehouse/"
    person = search("Langa", 10, 0)[1][0]
    assert (person.kind, person.url) == ("person", "/people/lukasz-langa/")


def test_it_ignores_accents_and_case_both_ways(corpus):
    assert search("lukasz", 10, 0)[0] == 2  # the person and the resolution
    assert search("ŁUKASZ", 10, 0)[0] == 2
    assert search("Marc-Andre", 10, 0)[1][0].title == "Marc-André Lemburg"
    assert search("andré", 10, 0)[1][0].title == "Marc-André Lemburg"


def test_it_matches_aliases(corpus):
    assert search("ConductWG", 10, 0)[1][0].title == "Code of Conduct Work Group"
    assert search("marcandrelemburg", 10, 0)[1][0].kind == "person"


def test_it_requires_every_word_and_matches_word_prefixes(corpus):
    assert search("packaging fundraising", 10, 0)[0] == 1
    assert search("packaging elephants", 10, 0)[0] == 0
    assert search("fundrais", 10, 0)[0] == 1
    assert search("inclus", 10, 0)[0] == 1


def test_it_ranks_name_matches_above_mentions(corpus):
    Page.objects.create(
        group=corpus["packaging"],
        kind="page",
        title="Notes",
        slug="notes",
        body="packaging " * 3,
    )
    hits = search("packaging", 10, 0)[1]
    assert hits[0].title == "Packaging Work Group"


def test_it_pages_through_results(corpus):
    for n in range(25):
        Page.objects.create(
            group=corpus["packaging"], kind="page", title=f"Zebra {n}", slug=f"z{n}", body="zebra"
        )
    count, first = search("zebra", 10, 0)
    assert count == 25 and len(first) == 10
    _, last = search("zebra", 10, 20)
    assert len(last) == 5
    assert not {h.url for h in first} & {h.url for h in last}
    assert search("zebra", 10, 100) == (25, [])
    assert search("zebra", 0, 0) == (25, [])


def test_it_returns_nothing_for_empty_or_punctuation_queries(corpus, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search("", 10, 0) == (0, [])
        assert search("  -*\"' ", 10, 0) == (0, [])


@pytest.mark.parametrize(
    "query",
    ['"', "*", "conduct OR", "NEAR(a b)", "a AND NOT b", "col:umn", "^x", "(", "a'b", "x:*", "!&|"],
)
def test_it_treats_query_syntax_as_plain_words(corpus, query):
    count, hits = search(query, 10, 0)
    assert count >= 0 and isinstance(hits, list)


def test_it_makes_a_snippet_around_the_first_match_with_marks(corpus):
    hit = search("accessibility", 10, 0)[1][0]
    assert "accessibility" in hit.snippet
    assert hit.snippet_html.count("<mark>") == 1
    assert "{.backtick}" not in hit.snippet and "**" not in hit.snippet
    assert len(hit.snippet) < 260


def test_it_escapes_snippets():
    hit = SearchHit("page", "t", "/", "", "", "<b>x</b> y", ((9, 10),))
    assert hit.snippet_html == "&lt;b&gt;x&lt;/b&gt; <mark>y</mark>"


def test_it_marks_accented_words_in_snippets():
    text, marks = snippet("Merci à Łukasz Langa et André", ["lukasz", "andre"])
    assert [text[a:b] for a, b in marks] == ["Łukasz", "André"]


def test_it_folds_query_terms():
    assert terms("Łukasz  LANGA łukasz, Marc-André") == ["lukasz", "langa", "marc", "andre"]


def test_it_keeps_the_index_current_on_every_write(corpus):
    group = corpus["packaging"]
    group.name = "Packaging and Distribution Work Group"
    group.slug = "packaging-distribution"
    group.save()
    assert search("distribution", 10, 0)[1][0].url == "/groups/packaging-distribution/"
    # Its pages moved with it.
    page = search("warehouse", 10, 0)[1][0]
    assert page.url == "/groups/packaging-distribution/pages/2019-06-07-warehouse/"
    assert page.context == "Packaging and Distribution Work Group"

    GroupAlias.objects.create(group=group, kind="name", name="PyPA Friends")
    assert search("pypa friends", 10, 0)[0] == 1

    person = corpus["lukasz"]
    PersonAlias.objects.create(person=person, name="ambv")
    assert search("ambv", 10, 0)[1][0].kind == "person"

    page_row = Page.objects.get(slug="2019-06-07-warehouse")
    page_row.body = "Now about tomatoes."
    page_row.save()
    assert search("warehouse accessibility", 10, 0)[0] == 0
    assert search("tomatoes", 10, 0)[0] == 1

    Page.objects.filter(pk=page_row.pk).get().delete()
    assert search("tomatoes", 10, 0)[0] == 0
    alias = PersonAlias.objects.get(name="ambv")
    alias.delete()
    assert search("ambv", 10, 0)[0] == 0


def test_it_reindexes_rows_written_without_signals(corpus):
    conduct, marc = corpus["conduct"], corpus["marc"]
    GroupAlias.objects.bulk_create([GroupAlias(group=conduct, kind="name", name="Moderators")])
    PersonAlias.objects.bulk_create([PersonAlias(person=marc, name="MAL")])
    assert search("moderators", 10, 0)[0] == 0
    search_module.reindex(groups=[conduct.pk], people=[marc.pk])
    assert search("moderators", 10, 0)[1][0].title == "Code of Conduct Work Group"
    assert search("mal", 10, 0)[1][0].title == "Marc-André Lemburg"


def test_it_rebuilds_the_index_whole(corpus):
    SearchEntry.objects.all().delete()
    assert search("conduct", 10, 0)[0] == 0
    assert rebuild_index() == 6
    assert search("conduct", 10, 0)[0] == 2
    call_command("reindex", verbosity=0)
    assert search("conduct", 10, 0)[0] == 2


def test_it_defers_indexing_during_bulk_writes(db):
    with search_module.deferred():
        Group.objects.create(name="Bulk Group", slug="bulk")
        assert SearchEntry.objects.count() == 0
    assert search("bulk", 10, 0)[0] == 1


def test_it_shows_ranked_results_on_the_search_page(client, corpus):
    html = client.get("/search/?q=conduct").content.decode()
    assert "2 results for “conduct”" in html
    assert html.index("Code of Conduct Work Group") < html.index("Establishing resolution")
    assert "<mark>" in html
    html = client.get("/search/?q=nothing+like+this").content.decode()
    assert "Nothing matches" in html
    html = client.get("/search/").content.decode()
    assert "results for" not in html
    assert client.get("/search/?q=x&page=abc").status_code == 200


def test_it_links_more_results_pages(client, corpus):
    for n in range(25):
        Page.objects.create(
            group=corpus["packaging"], kind="page", title=f"Zebra {n}", slug=f"z{n}", body="zebra"
        )
    html = client.get("/search/?q=zebra").content.decode()
    assert "page 1 of 2" in html and "page=2" in html
    html = client.get("/search/?q=zebra&page=2").content.decode()
    assert "page=1" in html and html.count('class="hit ') == 5
