import pytest

from workgroups.lib.names import is_placeholder, person_key, slugify_name, split_camel


@pytest.mark.parametrize(
    "variant",
    [
        "Marc-André Lemburg",
        "Marc-Andre Lemburg",
        "MarcAndreLemburg",
        "Marc Andre Lemburg (PSF Director)",
    ],
)
def test_it_gives_spelling_variants_one_key(variant):
    assert person_key(variant) == "marcandrelemburg"


def test_it_folds_letters_that_have_no_decomposition():
    assert person_key("Łukasz Langa") == person_key("Lukasz Langa") == "lukaszlanga"


def test_it_keeps_different_people_apart():
    assert person_key("David Mertz") != person_key("David Goodger")


def test_it_splits_wiki_names_but_not_real_names():
    assert split_camel("LukaszLanga") == "Lukasz Langa"
    assert split_camel("KwonHan Bae") == "KwonHan Bae"
    assert split_camel("dstufft") == "dstufft"


@pytest.mark.parametrize(
    "text",
    [
        "TBD",
        "TBC",
        "??",
        "(others will be added …)",
        "(other members)",
        "#acl MembersGroup:read",
        "donald@python.org",
        "",
        "-",
        "X",
    ],
)
def test_it_knows_placeholders_are_not_people(text):
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["Tania Allard", "Aahz", "Cheuk Ting Ho", "Jon Clements"])
def test_it_knows_people(text):
    assert not is_placeholder(text)


def test_it_slugs_names_without_accents():
    assert slugify_name("Łukasz Langa") == "lukasz-langa"
    assert slugify_name("Marc-André Lemburg") == "marc-andre-lemburg"
