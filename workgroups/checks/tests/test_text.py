"""checks.text.wrap: textwrap's lines, however a message is spaced or hyphenated."""

import random
import textwrap

import pytest

from workgroups.checks.text import wrap

CASES = [
    "",
    " ",
    "one",
    "two words",
    " leading space",
    "trailing space ",
    "two  spaces between",
    "a tab\there and a\nnewline",
    "Marc-André Ó Súilleabháin joined the group twice — once as chair, once as member.",
    "the page “Meeting 2023-10-13”, 13 October 2023, and a long long long long long long word",
    "averyveryveryveryveryverylongwordthatdoesnotfitonanylineatall and then some more words",
    "non\u00a0breaking\u00a0spaces stay inside their word as textwrap keeps them",
]


@pytest.mark.parametrize("width", [5, 10, 40, 69])
@pytest.mark.parametrize("text", CASES)
def test_wrap_is_textwraps(text, width):
    assert wrap(text, width) == textwrap.wrap(text, width)


def test_wrap_is_textwraps_on_random_messages():
    rng = random.Random(14)
    pieces = ["a", "word", "longer-word", "Group", "2024-01-02,", "“page”", "x" * 30, " ", "--"]
    for _ in range(2000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30)))
        width = rng.randrange(10, 90)
        assert wrap(text, width) == textwrap.wrap(text, width), (text, width)
