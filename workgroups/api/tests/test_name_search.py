"""The name search's regular expressions agree with `fold()`, in Python and in the database."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workgroups.api.namesearch import query_words, word_regex
from workgroups.lib.names import fold
from workgroups.registry.models import Person

# Letters that fold in every way there is: accents, letters without decomposition (Ł, ø),
# letters that fold to two (ß, æ, ĳ, ﬁ), combining marks, Hangul syllables, regex syntax.
ALPHABET = (
    list("aAeEsSlLoOdDzZtThHfFiIn -'.[]^\\$*+?()|{}")
    + list("ßẞæÆœŒþÞĳǆǅǄǉŁłéÉèàÅøØđĐðÐﬁﬂﬀﬃı한국ㅎㄱ𝐚")
    + ["\u0301", "\u0308", "\u0327"]
)
text = st.text(alphabet=ALPHABET, max_size=12)


@settings(max_examples=400, deadline=None)
@given(name=text, query=text)
def test_it_matches_exactly_what_fold_would(name, query):
    for word in query_words(query):
        assert bool(re.search(word_regex(word), name)) == (word in fold(name)), (word, name)


@pytest.mark.parametrize(
    "word, name",
    [
        ("lukasz", "Łukasz Langa"),
        ("andre", "Marc-André Lemburg"),
        ("strasse", "Hauptstraße"),
        ("stras", "Hauptstraße"),
        ("sse", "Hauptstraße"),
        ("aesop", "Æsop"),
        ("office", "Oﬃce"),
        ("ffi", "Oﬃce"),
        ("amelie", "Ame\u0301lie"),
        ("(psf)", "Ewa (PSF)"),
        ("a.b", "A.B"),
    ],
)
def test_it_matches_names_written_otherwise(word, name):
    assert re.search(word_regex(word), name)


@pytest.mark.parametrize(
    "word, name", [("a.b", "AxB"), ("lukasz", "Lukas z"), ("ss", "Straße"[:4])]
)
def test_it_does_not_match_lookalikes(word, name):
    assert not re.search(word_regex(word), name)


def test_it_folds_and_bounds_the_query():
    assert query_words("  Łukasz   LANGA łukasz ") == ["lukasz", "langa"]
    assert query_words(None) == []
    assert len(query_words(" ".join(f"w{i}" for i in range(20)))) == 8
    assert len(query_words("x" * 500)[0]) == 40


def test_it_keeps_pathological_words_small():
    assert len(word_regex("s" * 40)) < 70_000


NAMES = [
    "Łukasz Langa",
    "Marc-André Lemburg",
    "Hauptstraße Æsop",
    "Ame\u0301lie Poulain",
    "Ðorđe Đokić",
    "Oﬃce Ħ",
    "KwonHan Bae 권한",
    "Naomi Ceder",
    "A.B (PSF)",
    "100% [regex] ^$ \\ chars",
]
QUERIES = ["lukasz", "LUKASZ", "andre", "strasse", "aes", "amelie", "đokic", "dokic", "orde"]
QUERIES += ["office", "ħ", "권", "ceder", "a.b", "(psf)", "[regex]", "^$", "\\", "%", "e", "x"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES)
def test_it_filters_in_the_database_as_fold_does(query):
    for i, name in enumerate(NAMES):
        Person.objects.create(name=name, slug=f"p{i}")
    [word] = query_words(query)
    found = set(Person.objects.filter(name__regex=word_regex(word)).values_list("name", flat=True))
    assert found == {name for name in NAMES if word in fold(name)}
