"""Name search that ignores case and accents, the same on SQLite and PostgreSQL.

The registry keeps names as written ("Łukasz Langa", "Marc-André Lemburg") and has no folded
copy of them, so the search cannot compare folded strings in SQL. Instead each folded query
word becomes a regular expression over the *unfolded* column: every letter of the word turns
into the class of all characters that `fold()` maps to it (`l` -> `[LlĹĺĻļĽľĿŀŁł...]`),
characters that `fold()` removes (combining accents) may appear between letters, and letters
that fold to several (`ß` -> `ss`, `æ` -> `ae`, `ﬁ` -> `fi`) are alternatives. The
expression only uses literal characters, bracket classes, `(?:...)`, `|` and `*`, which
Python's `re` (Django's REGEXP function on SQLite) and PostgreSQL's `~` read the same way,
so `column ~ word_regex(w)` holds exactly when `w in fold(column)`. On SQLite, whose REGEXP
is a Python function anyway, the SQL calls `matches()` (that very definition) instead.

The count and the page are then ordinary SQL, so a search is two queries at any size. It is
a scan of the table that no index can serve (about 0.1-0.3 s for 100,000 people on either
database); a folded search-key column on the registry models would make it an indexable
LIKE (with a trigram index on PostgreSQL).
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict

from django.db import connections
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value

from workgroups.lib.names import fold

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
# Past this many characters the alternatives for letters that fold to several are dropped
# (only pathological words get there, like a run of "ssssss"); the search then misses
# names written with those letters, and nothing else.
MAX_PATTERN_LENGTH = 60_000

_BRACKET_SPECIAL = set("\\]^-[")
# Any character but NUL, which neither database keeps in text: an expression that fails.
_NOTHING = "[^\x01-\U0010ffff]"


class _Tables:
    """What folds to one character, to several, and to nothing, with lookups by substring."""

    def __init__(self):
        single: dict[str, set[str]] = defaultdict(set)
        multi: dict[str, set[str]] = defaultdict(set)
        empty: list[str] = []
        for plane_start, plane_end in ((0, 0x40000), (0xE0000, 0xE0200)):
            for cp in range(plane_start, plane_end):
                c = chr(cp)
                if unicodedata.category(c) in ("Cn", "Cs", "Co"):
                    continue
                folded = fold(c)
                if folded == c:
                    continue
                if folded == "":
                    empty.append(c)
                elif len(folded) == 1:
                    single[folded].add(c)
                elif unicodedata.category(c).startswith("L"):
                    # Letters only (ß, æ, ĳ, ǆ, ﬁ, Hangul syllables...); symbols such as "㎒"
                    # or "™" would multiply the alternatives for no name anyone writes.
                    multi[folded].add(c)
        self.single = {k: frozenset(v) for k, v in single.items()}
        self.multi = {k: frozenset(v) for k, v in multi.items()}
        self.gap = f"{_bracket(empty)}*" if empty else ""
        self.lengths = sorted({len(m) for m in self.multi})
        self.within: dict[str, set[str]] = defaultdict(set)  # any substring -> m
        self.starting: dict[str, set[str]] = defaultdict(set)  # proper prefix -> m
        self.ending: dict[str, set[str]] = defaultdict(set)  # proper suffix -> m
        for m in self.multi:
            for a in range(len(m)):
                for b in range(a + 1, len(m) + 1):
                    self.within[m[a:b]].add(m)
            for k in range(1, len(m)):
                self.starting[m[:k]].add(m)
                self.ending[m[k:]].add(m)


@functools.cache
def _tables() -> _Tables:
    """Computed once per process, on the first search (under a second)."""
    return _Tables()


def _escape(c: str) -> str:
    return "\\" + c if c.isascii() and not c.isalnum() else c


def _bracket(chars) -> str:
    """A character class of `chars` with code-point ranges, read the same by both engines."""
    points = sorted({ord(c) for c in chars})
    if len(points) == 1:
        return _escape(chr(points[0]))
    ranges: list[list[int]] = []
    for cp in points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])

    def one(cp: int) -> str:
        c = chr(cp)
        return "\\" + c if c in _BRACKET_SPECIAL else c

    parts = []
    for lo, hi in ranges:
        if lo == hi:
            parts.append(one(lo))
        elif hi == lo + 1:
            parts.append(one(lo) + one(hi))
        else:
            parts.append(f"{one(lo)}-{one(hi)}")
    return "[" + "".join(parts) + "]"


def _single_class(t: str) -> set[str]:
    chars = set(_tables().single.get(t, ()))
    if fold(t) == t:
        chars.add(t)
    return chars


def query_words(query: str | None) -> list[str]:
    """The folded words of a query, at most MAX_WORDS of at most MAX_WORD_LENGTH each."""
    words: list[str] = []
    for word in fold(query or "").split():
        word = word[:MAX_WORD_LENGTH]
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def word_regex(word: str, *, multi_letters: bool = True) -> str:
    """A regular expression matching exactly the strings whose fold() contains `word`.

    `word` must already be folded (see `query_words`).
    """
    tables = _tables()
    n = len(word)
    # edges[i][j]: the characters that take the match from having read word[:i] to word[:j].
    edges: list[dict[int, set[str]]] = [defaultdict(set) for _ in range(n)]
    for i, t in enumerate(word):
        edges[i][i + 1] |= _single_class(t)
    if multi_letters:
        multi = tables.multi
        # A letter that folds to several characters (ß -> ss) can hold the whole word...
        for m in tables.within.get(word, ()):
            edges[0][n] |= multi[m]
        for i in range(n):
            # ... a part of it ...
            for length in tables.lengths:
                m = word[i : i + length]
                if len(m) == length and m in multi:
                    edges[i][i + length] |= multi[m]
            # ... its end, running past it ...
            if i > 0:
                for m in tables.starting.get(word[i:], ()):
                    edges[i][n] |= multi[m]
        # ... or its start, from inside the letter.
        for k in range(1, n):
            for m in tables.ending.get(word[:k], ()):
                edges[0][k] |= multi[m]
    classes = [{j: _bracket(chars) for j, chars in e.items() if chars} for e in edges]
    gap = tables.gap

    # States that no edge jumps over cut the word into segments that follow one another.
    cuts = [0]
    reach = 0
    for k in range(1, n):
        reach = max([reach, *classes[k - 1]])
        if reach <= k:
            cuts.append(k)
    cuts.append(n)

    @functools.cache
    def size(i: int, stop: int) -> int:
        """The length from_state(i, stop) will have (cheap: no string is built)."""
        if i == stop:
            return 0
        total = sum(
            len(cls) + (len(gap) if 0 < j < n else 0) + size(j, stop)
            for j, cls in classes[i].items()
        )
        return total + 4 + len(classes[i])

    segments = list(zip(cuts, cuts[1:], strict=False))
    if multi_letters and sum(size(a, b) for a, b in segments) > MAX_PATTERN_LENGTH:
        return word_regex(word, multi_letters=False)

    @functools.cache
    def from_state(i: int, stop: int) -> str:
        if i == stop:
            return ""
        options = [
            cls + (gap if 0 < j < n else "") + from_state(j, stop)
            for j, cls in sorted(classes[i].items())
        ]
        if not options:  # a character nothing folds to: no name can match
            return _NOTHING
        if len(options) == 1:
            return options[0]
        return "(?:" + "|".join(options) + ")"

    return "".join(from_state(a, b) for a, b in segments)


def matches(word: str, text: str | None) -> bool:
    """The definition: `word` (folded) is within the folded `text`."""
    if text is None:
        return False
    if text.isascii():  # fold() of ASCII is lower(): the common case, ten times faster
        return word in text.lower()
    return word in _fold_cached(text)


@functools.lru_cache(maxsize=16384)
def _fold_cached(text: str) -> str:
    return fold(text)


SQLITE_FUNCTION = "wg_folded_contains"


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """On SQLite, `matches` itself as an SQL function (connected in ApiConfig.ready).

    SQLite's REGEXP is a Python function too, called with the long pattern for every row,
    which is re-hashed each time: calling `matches` directly is about ten times faster.
    """
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 2, lambda text, word: matches(word, text), deterministic=True
        )


def _contains(field: str, word: str, vendor: str) -> Q:
    if vendor == "sqlite":
        return Q(Func(F(field), Value(word), function=SQLITE_FUNCTION, output_field=BooleanField()))
    return Q(**{f"{field}__regex": word_regex(word)})


def filter_by_name(
    queryset: QuerySet, query: str | None, *, alias_model, alias_fk: str, **alias_filter
) -> QuerySet:
    """Rows whose name or one of whose aliases contains every word of `query`, folded.

    Each word may match the name or any alias ("andre lemburg", "conduct"). On PostgreSQL
    (and any other database) the test is `word_regex`; on SQLite it is `matches` itself.
    """
    vendor = connections[queryset.db].vendor
    for word in query_words(query):
        condition = _contains("name", word, vendor)
        # Uncorrelated: the aliases are scanned once, not once per row.
        aliases = alias_model.objects.filter(condition, **alias_filter).values(alias_fk)
        queryset = queryset.filter(condition | Q(pk__in=aliases))
    return queryset
