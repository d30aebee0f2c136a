"""Characters that registry text must not hold: the one rule for every input and output.

XML 1.0 (the Atom feeds) refuses most C0 control characters, lone surrogates and U+FFFE/U+FFFF;
HTML calls every control character other than whitespace, every surrogate and every
noncharacter a parse error; UTF-8 cannot even encode a lone surrogate. Text with none of them
is valid in all of those, so that is what writes accept: C0 and C1 control characters (and
DEL) other than tab, newline and carriage return, lone surrogates and noncharacters are refused.
"""

from __future__ import annotations

import hashlib
import re

from workgroups.lib.names import fold

_KEPT = "\t\n\r"

_CONTROL = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in _KEPT)
_SURROGATE = "\ud800-\udfff"
# U+FDD0..U+FDEF and the last two code points of every plane.
_NONCHARACTER = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF)
)
_BAD = re.compile(f"[{re.escape(_CONTROL)}{_SURROGATE}{_NONCHARACTER}]")
# The same class without the other planes' noncharacters: a set of 34 ranges above U+FFFF makes
# every character's test slow (18 ms for a 113 KB page against 1 ms), and most pages hold no
# character above U+FFFF, so they are looked for only when there is one.
_BAD_BMP = re.compile(f"[{re.escape(_CONTROL)}{_SURROGATE}\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

REPLACEMENT = "\ufffd"


def _kind(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "a lone surrogate"
    if char in _CONTROL:
        return "a control character"
    return "a noncharacter"


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} ({_kind(char)})"


def bad_character(text: str) -> str | None:
    """What is wrong with `text`, e.g. "U+000B (a control character) at position 7" (counted
    from 1), naming the first character it must not hold; None when it is fine."""
    found = _BAD.search(text)
    if found is None:
        return None
    return f"{_describe(found.group())} at position {found.start() + 1}"


def bad_line(text: str) -> tuple[int, str] | None:
    """The line (from 1) of the first character `text` must not hold, and what it is, e.g.
    (3, "U+0008 (a control character) in column 5"); None when the text is fine."""
    found = _BAD.search(text)
    if found is None:
        return None
    line_start = text.rfind("\n", 0, found.start()) + 1
    line = text.count("\n", 0, found.start()) + 1
    return line, f"{_describe(found.group())} in column {found.start() - line_start + 1}"


def publishable(text: str) -> str:
    """`text` with every character it must not hold replaced by U+FFFD, for output that must
    stay valid whatever the database holds (rows written before the rule, or around it)."""
    text = _BAD_BMP.sub(REPLACEMENT, text)
    return _BAD.sub(REPLACEMENT, text) if _ASTRAL.search(text) else text


def normal_text(text: str) -> str:
    """`text` as two resolutions are compared: Markdown marks and link targets off, accents off,
    lower case, every run of other characters one space ("**The** [PSF](u)" -> "the psf")."""
    text = re.sub(r"[*_>`\\]", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[^0-9a-z]+", " ", fold(text)).strip()


def text_key(text: str) -> str:
    """A digest of normal_text(text), the same for texts that compare the same: stored on each
    resolution (an indexed column) so that a group page finds those of the same text in one
    indexed query instead of reading and normalising thousands."""
    return hashlib.blake2b(normal_text(text).encode(), digest_size=16).hexdigest()
