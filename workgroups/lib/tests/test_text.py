"""The one rule for the characters registry text may hold."""

import xml.dom.minidom

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workgroups.lib.text import REPLACEMENT, bad_character, bad_line, publishable


@pytest.mark.parametrize(
    "text, problem",
    [
        ("Budget\x0b2026", "U+000B (a control character) at position 7"),
        ("\x00", "U+0000 (a control character) at position 1"),
        ("ok\x7f", "U+007F (a control character) at position 3"),
        ("next line\x85", "U+0085 (a control character) at position 10"),
        ("\x9f", "U+009F (a control character) at position 1"),
        ("half \ud83d", "U+D83D (a lone surrogate) at position 6"),
        ("\ufffe", "U+FFFE (a noncharacter) at position 1"),
        ("a\ufdd0", "U+FDD0 (a noncharacter) at position 2"),
        ("\U0001ffff", "U+1FFFF (a noncharacter) at position 1"),
        ("first \x01 then \x02", "U+0001 (a control character) at position 7"),
    ],
)
def test_it_names_the_first_bad_character_and_where(text, problem):
    assert bad_character(text) == problem


@pytest.mark.parametrize(
    "text", ["", "tab\tnew\nline\r\n", "Łukasz — “q” 😀 \u00a0\u2028\ufeff\ufffd", "\U0010fffd"]
)
def test_whitespace_and_every_script_are_fine(text):
    assert bad_character(text) is None
    assert publishable(text) == text


def test_a_line_and_column_for_documents():
    assert bad_line("one\ntwo\nthr\x08ee\x01") == (3, "U+0008 (a control character) in column 4")
    assert bad_line("fine\n") is None


@given(st.text(alphabet=st.characters(codec=None)))
def test_published_text_is_xml_and_keeps_the_rest(text):
    clean = publishable(text)
    assert bad_character(clean) is None
    assert len(clean) == len(text)
    assert all(c == d or d == REPLACEMENT for c, d in zip(text, clean, strict=True))
    xml.dom.minidom.parseString(
        f"<t>{clean.replace('&', '&amp;').replace('<', '&lt;')}</t>".encode()
    )


def test_published_text_can_be_encoded_whatever_it_held():
    assert publishable("a\ud800b\x0b\ufffe").encode("utf-8") == "a\ufffdb\ufffd\ufffd".encode()


def test_it_makes_every_code_point_publishable_as_the_one_rule_says():
    # publishable() takes a fast path for text with no character above U+FFFF: both paths
    # must replace exactly what the whole class names.
    from workgroups.lib.text import _BAD, REPLACEMENT, publishable

    every = "".join(chr(c) for c in range(0x110000))
    assert publishable(every) == _BAD.sub(REPLACEMENT, every)
    bmp = every[:0x10000]
    assert publishable(bmp) == _BAD.sub(REPLACEMENT, bmp)
    assert publishable("a\U0010fffeb\x07") == "a\ufffdb\ufffd"
