"""People's names as sources write them: cleaning, identity keys, placeholders."""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not take apart into a base letter and a mark.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)
_FOLDED = re.compile(f"[{''.join(chr(c) for c in _FOLD)}]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CAMEL = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]*)+$")
_PLACEHOLDER = re.compile(
    r"^(?:tb[dc]|\?+|x|n/?a|none|others?\b.*|\(?other members\)?|.*will be added.*|#acl\b.*|"
    r"(?:see|e\.g\.)\b.*|mailing list.*|charter.*)$",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\([^)]*\)")
_NOT_KEY = re.compile(r"[^0-9a-z]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def fold(text: str) -> str:
    """Accents off, case folded: 'Łukasz André' -> 'lukasz andre'."""
    if text.isascii():  # no accents to take off: much the most common case, and fast
        return text.lower()
    if _FOLDED.search(text):
        text = text.translate(_FOLD)
    return _NON_ASCII.sub(_unmarked, unicodedata.normalize("NFKD", text)).casefold()


def _unmarked(match: re.Match) -> str:
    """A character, or nothing if it is a combining mark (an accent NFKD took apart)."""
    return "" if unicodedata.combining(match[0]) else match[0]


def person_key(name: str) -> str:
    """One key for the spelling variants of a name (accents, hyphens, spacing, titles).

    'Marc-André Lemburg', 'Marc-Andre Lemburg', 'MarcAndreLemburg' and
    'Marc Andre Lemburg (PSF Director)' share a key.
    """
    if "(" in name:  # most names have no bracketed title, and the search costs as much
        name = _BRACKETED.sub(" ", name)
    return _NOT_KEY.sub("", fold(name))


def split_camel(word: str) -> str:
    """A MoinMoin wiki name as a person's name: 'LukaszLanga' -> 'Lukasz Langa'."""
    if " " in word or not _CAMEL.match(word):
        return word
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", word)


def is_placeholder(text: str) -> bool:
    """TBD, TBC, ??, 'others will be added', ACL lines, e-mail addresses: not people."""
    text = text.strip().strip("-*•").strip()
    if not text or _EMAIL.fullmatch(text):
        return True
    if not any(c.isalpha() for c in text):
        return True
    return bool(_PLACEHOLDER.match(text))


def slugify_name(name: str) -> str:
    """'Łukasz Langa' -> 'lukasz-langa'."""
    return re.sub(r"[^0-9a-z]+", "-", fold(name)).strip("-")
