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


def test_it_folds_every_character_as_the_plain_rule_does():
    # fold() skips work for ASCII text and for text with nothing to translate: every
    # character of the first planes, alone and among others, folds as the unhurried rule says.
    import unicodedata

    from workgroups.lib.names import _FOLD, fold

    def plainly(text):
        text = unicodedata.normalize("NFKD", text.translate(_FOLD))
        return "".join(c for c in text if not unicodedata.combining(c)).casefold()

    for code in range(0x3000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        assert fold(char) == plainly(char), hex(code)
        assert fold(f"“Łukasz” {char}é") == plainly(f"“Łukasz” {char}é"), hex(code)
    assert fold("“Łukasz” André Straße") == "“lukasz” andre strasse"
