"""Full-text search over groups, people, resolutions and pages; ranked, accent-insensitive.

`search(query, limit, offset) -> (count, hits)` is the one entry point (the website's
/search/ and the API's GET /api/v1/search both use it). The index is the `SearchEntry` table
(folded text) with SQLite FTS5 (created by the web app's first migration, when this index
belonged to the website; the tables keep their `web_` names) or PostgreSQL full text in the
narrow table `search_match` (search's 0005) over it, both kept in step by triggers. The
order is a rule, not a relevance score, so that a page reads only its rows: the rule's key is
SQLite's FTS5 rowid (search's 0003 migration) or PostgreSQL's `rank_key` column (0004), and
each name tier is read in key order.

Keeping the index current: every save or delete of a Group, GroupAlias, Person, PersonAlias,
Resolution or Page re-indexes what it changes (signals, connected in `SearchConfig.ready`), in
the writer's transaction. Writers that bypass signals (`bulk_create`, `update`) call
`reindex(groups=..., people=...)` for the rows they touched, or wrap their work in
`with search.deferred():`, which indexes nothing row by row and rebuilds once at the end;
`workgroups reindex` rebuilds by hand.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape  # Django's escape less its lazy-text wrapper, ~2 µs a call

from django.db import connection, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from workgroups.lib.display import page_title
from workgroups.lib.markdown_text import plain_text, search_text
from workgroups.lib.names import fold
from workgroups.registry.models import Group, GroupAlias, Page, Person, PersonAlias, Resolution
from workgroups.search.models import SearchEntry

MAX_TERMS = 12
SNIPPET_CHARS = 220
# Among entries whose names match as well, what people look for most: groups, then people.
KIND_ORDER = ("group", "person", "resolution", "page")
# SQLite's index rowid is the rank key with the entry's id in its low bits (search 0003).
ID_MASK = (1 << 48) - 1
# PostgreSQL: up to this many matches, each tier's are sorted rather than read in key order.
SORT_MATCHES_UP_TO = 5000


@dataclass(frozen=True)
class SearchHit:
    kind: str  # group, person, resolution, page
    title: str
    url: str  # site path, e.g. "/groups/conduct/"
    context: str  # the group's name (resolutions, pages) or its status (groups)
    date: str  # ISO partial date, or ""
    snippet: str  # plain text around the first match
    highlights: tuple[tuple[int, int], ...] = ()  # [start, end) ranges of `snippet`

    @property
    def snippet_html(self) -> SafeString:
        """The snippet, escaped, with the matched words in <mark>."""
        out, pos = [], 0
        for start, end in self.highlights:
            out.append(escape(self.snippet[pos:start]))
            out.append(f"<mark>{escape(self.snippet[start:end])}</mark>")
            pos = end
        out.append(escape(self.snippet[pos:]))
        return mark_safe("".join(out))  # noqa: S308 - every part escaped

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "url": self.url,
            "context": self.context,
            "date": self.date or None,
            "snippet": self.snippet,
        }


def terms(query: str) -> list[str]:
    """The query's words, folded (no accents, no case), in order, without repeats."""
    seen: dict[str, None] = {}
    for word in re.findall(r"[^\W_]+", fold(query or "")):
        seen.setdefault(word, None)
    return list(seen)[:MAX_TERMS]


def search(query: str, limit: int = 20, offset: int = 0) -> tuple[int, list[SearchHit]]:
    """Entries matching every word of `query` (each as a word prefix), best first.

    Best first: entries whose name (title, aliases) holds every word, then some of them, then
    none; within each, groups, people, resolutions, pages; then shorter names; then older.
    Returns the total number of matches and the hits in [offset, offset + limit).
    """
    words = terms(query)
    if not words:
        return 0, []
    limit = max(0, min(int(limit), 200))
    offset = max(0, int(offset))
    if connection.vendor == "postgresql":
        return _search_postgresql(words, limit, offset)
    return _search_sqlite(words, limit, offset)


def _search_sqlite(words: list[str], limit: int, offset: int) -> tuple[int, list[SearchHit]]:
    """The page from a few rows of each name tier in rowid (rank) order, not from every match.

    Tiers as FTS5 finds them cheaply, each with the ones before it ("name holds every word";
    "every word, some in the name"; "every word"): a row's tier is the first of these it is in.
    The first n = offset + limit rows of the order are within the first n rows of the first and
    the first 2n of each other (the rows before a tier in it are fewer than n once the page
    reaches it), so reading those and ordering them by tier, then rowid, gives the page.
    """
    every = " ".join(f'"{w}"*' for w in words)
    count = _fts_count(every)
    if not count or not limit or offset >= count:
        return count, []
    some = " OR ".join(f'"{w}"*' for w in words)
    in_name, any_in_name = f"{{keys_title}} : ({every})", f"{{keys_title}} : ({some})"
    tiers = [in_name, f"({every}) AND {any_in_name}", every] if len(words) > 1 else [in_name, every]
    n = offset + limit
    arms = " UNION ALL ".join(
        f"SELECT * FROM (SELECT rowid AS key, {tier} AS tier FROM web_searchfts "
        "WHERE web_searchfts MATCH %s ORDER BY rowid LIMIT %s)"
        for tier in range(len(tiers))
    )
    rows_sql = (
        f"SELECT e.* FROM (SELECT key, min(tier) AS tier FROM ({arms}) GROUP BY key "
        "ORDER BY tier, key LIMIT %s OFFSET %s) page "
        f"JOIN web_searchentry e ON e.id = page.key & {ID_MASK} ORDER BY page.tier, page.key"
    )
    params: list = []
    for tier, expr in enumerate(tiers):
        params += [expr, n if tier == 0 else 2 * n]
    entries = SearchEntry.objects.raw(rows_sql, [*params, limit, offset])
    return count, [_hit(entry, words) for entry in entries]


def _fts_count(expr: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM web_searchfts WHERE web_searchfts MATCH %s", [expr])
        return cursor.fetchone()[0]


def _search_postgresql(words: list[str], limit: int, offset: int) -> tuple[int, list[SearchHit]]:
    """SQLite's plan on PostgreSQL, in the narrow table `search_match` (search 0005): each
    entry's rank key, its name's words (`title`) and all its `words`.

    The tiers and their order are `_search_sqlite`'s. GIN returns matches unordered: where
    they are many, each tier is read in order by walking the key index, n rows of the first
    and 2n of each other (`_search_sqlite`'s bound), from the first match's key, which the
    count's pass finds (from the start, a walk passed 110,000 groups and people before the
    first "resolution": 244 ms); where they are few, all are read and sorted. The page's
    rows then come from web_searchentry by key.
    """
    every = " & ".join(f"{w}:*" for w in words)
    query = "to_tsquery('simple', %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), min(rank_key) FROM search_match WHERE words @@ {query}", [every]
        )
        count, start = cursor.fetchone()
    if not count or not limit or offset >= count:
        return count, []
    # Each tier with those before it, among the matches: the name holds every word; some; any.
    names = [every]
    if len(words) > 1:
        names.append(" | ".join(f"{w}:*" for w in words))
    if count <= SORT_MATCHES_UP_TO:
        # Few matches may lie anywhere after the first (surnames among 100,000 people: a few
        # thousand rows walked for "smith"): all of them are read from GIN once, each given
        # its tier, and sorted.
        tests = " ".join(f"WHEN title @@ {query} THEN {tier}" for tier in range(len(names)))
        page_sql = (
            f"SELECT rank_key AS key, CASE {tests} ELSE {len(names)} END AS tier "
            f"FROM search_match WHERE words @@ {query} ORDER BY tier, key LIMIT %s OFFSET %s"
        )
        params = [*names, every, limit, offset]
    else:
        # Walking, the words are tested with @@'s function where a name test narrows the
        # tier: no index answers it, and the planner, taking words as independent (159 rows
        # for "python software", 2,989 in fact), would rather intersect two GIN bitmaps of
        # ~30,000 rows. A name holding every word is a match: its text needs no test.
        tests = [(f"title @@ {query}", [every])]
        if len(names) > 1:
            tests.append((f"ts_match_vq(words, {query}) AND title @@ {query}", [every, names[1]]))
        tests.append((f"words @@ {query}", [every]))
        n = offset + limit
        arms, params = [], []
        for tier, (where, values) in enumerate(tests):
            arms.append(
                f"(SELECT rank_key AS key, {tier} AS tier FROM search_match "
                f"WHERE {where} AND rank_key >= %s ORDER BY rank_key LIMIT %s)"
            )
            params += [*values, start, n if tier == 0 else 2 * n]
        page_sql = (
            f"SELECT key, min(tier) AS tier FROM ({' UNION ALL '.join(arms)}) arms "
            "GROUP BY key ORDER BY tier, key LIMIT %s OFFSET %s"
        )
        params += [limit, offset]
    rows_sql = (
        f"SELECT e.* FROM ({page_sql}) page "
        "JOIN web_searchentry e ON e.rank_key = page.key ORDER BY page.tier, page.key"
    )
    entries = SearchEntry.objects.raw(rows_sql, params)
    return count, [_hit(entry, words) for entry in entries]


# --- Snippets ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    return fold(c)


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """`text` folded, and for each folded character the index of its original one."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    chars: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        f = _fold_char(c) if ord(c) > 127 else c.lower()
        chars.append(f)
        index.extend([i] * len(f))
    return "".join(chars), index


def _ranges(text: str, words: list[str]) -> list[tuple[int, int]]:
    """[start, end) ranges of `text` where a word of the query starts a word of the text."""
    if not text:
        return []
    folded, index = _folded_with_map(text)
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, words)) + r")")
    out = []
    for m in pattern.finditer(folded):
        if m.end() <= m.start():
            continue
        start, end = index[m.start()], index[m.end() - 1] + 1
        out.append((start, end))
    return out


def snippet(text: str, words: list[str], size: int = SNIPPET_CHARS):
    """A window of `text` around its first match, with the matches in it."""
    text = " ".join(text.split())
    ranges = _ranges(text, words)
    if not ranges:
        cut = text[:size]
        if len(text) > size:
            cut = cut.rsplit(" ", 1)[0] + " …"
        return cut, ()
    first = ranges[0][0]
    start = max(0, first - size // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > ranges[0][1] else end
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix) - start
    marks = tuple((a + shift, b + shift) for a, b in ranges if a >= start and b <= end)
    return prefix + text[start:end] + suffix, marks


def _hit(entry: SearchEntry, words: list[str]) -> SearchHit:
    text, marks = snippet(entry.body, words)
    return SearchHit(
        kind=entry.kind,
        title=entry.title,
        url=entry.url,
        context=entry.context,
        date=entry.date,
        snippet=text,
        highlights=marks,
    )


# --- Building the index --------------------------------------------------------------------

_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar("search_deferred", default=False)


# Slugs the routes' slug converter takes, which reverse() puts in the path unquoted.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
_SLUG_MARK = "0slug0"


class SiteUrls:
    """Groups' and people's site paths as their get_absolute_url() gives them, from one
    reverse() per route (reverse() for each of 100,000 rows was ~5% of a 10,000-group load).

    Made per use, not per process: reverse() follows the current script prefix.
    """

    def __init__(self):
        self._group = reverse("web:group", args=[_SLUG_MARK]).split(_SLUG_MARK)
        self._person = reverse("web:person", args=[_SLUG_MARK]).split(_SLUG_MARK)

    def group(self, group: Group) -> str:
        if _PLAIN_SLUG.match(group.slug):
            return group.slug.join(self._group)
        return group.get_absolute_url()  # reverse() refuses it as before

    def person(self, person: Person) -> str:
        if _PLAIN_SLUG.match(person.slug):
            return person.slug.join(self._person)
        return person.get_absolute_url()


def _group_entry(group: Group, aliases: Iterable[str], url: str | None = None) -> SearchEntry:
    body = plain_text(group.purpose)
    if group.summary and group.summary not in body:
        body = f"{group.summary}\n{body}".strip()
    names = [group.name, *aliases]
    return SearchEntry(
        kind="group",
        object_id=group.pk,
        title=group.name,
        context=group.get_status_display(),
        url=url or group.get_absolute_url(),
        date=group.formed.iso() if group.formed else "",
        body=body,
        keys_title=fold(" ".join(names)),
        keys_body=fold(body),
    )


def _person_entry(person: Person, aliases: Iterable[str], url: str | None = None) -> SearchEntry:
    names = [person.name, *aliases]
    return SearchEntry(
        kind="person",
        object_id=person.pk,
        title=person.name,
        context="",
        url=url or person.get_absolute_url(),
        date="",
        body=", ".join(names[1:]) and "Also written " + ", ".join(names[1:]),
        keys_title=fold(" ".join(names)),
        keys_body="",
    )


def _resolution_entry(
    resolution: Resolution, group: Group, group_url: str | None = None
) -> SearchEntry:
    body = plain_text(resolution.text)
    title = resolution.title or f"{resolution.get_kind_display()} resolution"
    return SearchEntry(
        kind="resolution",
        object_id=resolution.pk,
        title=title,
        context=group.name,
        url=f"{group_url or group.get_absolute_url()}#resolution-{resolution.pk}",
        date=resolution.date.iso() if resolution.date else "",
        body=body,
        keys_title=fold(f"{title} {group.name}"),
        keys_body=fold(body),
    )


def _page_entry(page: Page, group: Group | None) -> SearchEntry:
    body = search_text(page.body)
    # The page's own title heads its text: do not repeat it in the snippet.
    first, _, rest = body.partition("\n")
    if first.strip() == page.title.strip():
        body = rest
    if group is not None:
        url = f"/groups/{group.slug}/pages/{page.slug}/"
    else:
        url = f"/pages/{page.slug}/"
    return SearchEntry(
        kind="page",
        object_id=page.pk,
        title=page_title(page),
        context=group.name if group else "",
        url=url,
        date=page.date.iso() if page.date else "",
        body=body,
        keys_title=fold(f"{page_title(page)} {page.title}"),
        keys_body=fold(body),
    )


_FIELDS = [f.name for f in SearchEntry._meta.concrete_fields if f.name not in ("id",)]


def _save(entry: SearchEntry) -> None:
    values = {name: getattr(entry, name) for name in _FIELDS}
    SearchEntry.objects.update_or_create(
        kind=entry.kind, object_id=entry.object_id, defaults=values
    )


def _drop(kind: str, object_id) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def index_group(group: Group, *, children: bool | None = None) -> None:
    """(Re)index a group; its resolutions and pages too when its name or address changed."""
    if _deferred.get():
        return
    aliases = GroupAlias.objects.filter(group=group, kind="name").values_list("name", flat=True)
    entry = _group_entry(group, aliases)
    old = SearchEntry.objects.filter(kind="group", object_id=group.pk).first()
    _save(entry)
    if children is None:
        children = old is not None and (old.title != entry.title or old.url != entry.url)
    if children:
        for resolution in group.resolutions.all():
            _save(_resolution_entry(resolution, group))
        for page in group.pages.all():
            _save(_page_entry(page, group))


def index_person(person: Person) -> None:
    if _deferred.get():
        return
    aliases = person.aliases.values_list("name", flat=True) if person.pk else []
    _save(_person_entry(person, aliases))


def index_resolution(resolution: Resolution) -> None:
    if _deferred.get():
        return
    _save(_resolution_entry(resolution, resolution.group))


def index_page(page: Page) -> None:
    if _deferred.get():
        return
    _save(_page_entry(page, page.group if page.group_id else None))


def unindex(kind: str, object_id) -> None:
    if _deferred.get():
        return
    _drop(kind, object_id)


def reindex(*, groups: Iterable[int] = (), people: Iterable[int] = ()) -> None:
    """Re-index these groups (names, aliases, purpose) and people (names, aliases), by id.

    For writers that bypass signals, e.g. after `GroupAlias.objects.bulk_create(...)`.
    """
    if _deferred.get():
        return
    group_ids, person_ids = set(groups), set(people)
    if group_ids:
        names = Prefetch("aliases", queryset=GroupAlias.objects.filter(kind="name"))
        for group in Group.objects.filter(pk__in=group_ids).prefetch_related(names):
            _save(_group_entry(group, [a.name for a in group.aliases.all()]))
    if person_ids:
        for person in Person.objects.filter(pk__in=person_ids).prefetch_related("aliases"):
            _save(_person_entry(person, [a.name for a in person.aliases.all()]))


def _all_entries() -> Iterator[SearchEntry]:
    urls = SiteUrls()
    groups = Group.objects.prefetch_related(
        Prefetch("aliases", queryset=GroupAlias.objects.filter(kind="name"))
    )
    for group in groups.iterator(chunk_size=500):
        yield _group_entry(group, [a.name for a in group.aliases.all()], urls.group(group))
    for person in Person.objects.prefetch_related("aliases").iterator(chunk_size=2000):
        yield _person_entry(person, [a.name for a in person.aliases.all()], urls.person(person))
    for resolution in Resolution.objects.select_related("group").iterator(chunk_size=500):
        group = resolution.group
        yield _resolution_entry(resolution, group, urls.group(group))
    for page in Page.objects.select_related("group").iterator(chunk_size=200):
        yield _page_entry(page, page.group)


def rebuild_index() -> int:
    """Index everything afresh, in one transaction; returns the number of entries."""
    n = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        batch: list[SearchEntry] = []
        for entry in _all_entries():
            batch.append(entry)
            if len(batch) >= 1000:
                SearchEntry.objects.bulk_create(batch)
                n += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        n += len(batch)
        if connection.vendor == "sqlite":
            _optimize_fts()
    if connection.vendor == "postgresql":
        _tidy_postgresql()
    return n


_NEW_CHUNK = 2000  # ids per query
_KIND_OF = {Group: "group", Person: "person", Resolution: "resolution", Page: "page"}


def index_new(created: dict) -> None:
    """Index rows a bulk write created ({model: ids}), as `rebuild_index` indexes them and in
    its order, a chunk at a time; any entry they already have is replaced."""
    if _deferred.get():
        return  # the whole index is rebuilt at the end of the block
    urls = SiteUrls()
    for model, kind in _KIND_OF.items():
        ids = sorted(created.get(model, ()))
        for start in range(0, len(ids), _NEW_CHUNK):
            chunk = ids[start : start + _NEW_CHUNK]
            SearchEntry.objects.filter(kind=kind, object_id__in=chunk).delete()
            _insert(_new_entries(model, chunk, urls))


def _names(model, key: str, ids: list[int], **only) -> dict[int, list[str]]:
    """{owner id: its aliases' names} in the model's order, as a prefetch reads them."""
    names = defaultdict(list)
    rows = model.objects.filter(**{f"{key}__in": ids}, **only)
    for owner, name in rows.values_list(key, "name"):
        names[owner].append(name)
    return names


def _new_entries(model, ids: list[int], urls: SiteUrls) -> Iterator[SearchEntry]:
    rows = model.objects.filter(pk__in=ids).order_by("pk")
    if model is Group:
        aliases = _names(GroupAlias, "group_id", ids, kind="name")
        for group in rows:
            yield _group_entry(group, aliases.get(group.pk, []), urls.group(group))
    elif model is Person:
        aliases = _names(PersonAlias, "person_id", ids)
        for person in rows:
            yield _person_entry(person, aliases.get(person.pk, []), urls.person(person))
    elif model is Resolution:
        group_urls: dict[int, str] = {}
        for resolution in rows.select_related("group"):
            group = resolution.group
            url = group_urls.get(group.pk) or group_urls.setdefault(group.pk, urls.group(group))
            yield _resolution_entry(resolution, group, url)
    else:
        for page in rows.select_related("group"):
            yield _page_entry(page, page.group)


def _insert(entries: Iterable[SearchEntry]) -> None:
    """Insert entries with one executemany (the ORM's bulk_create compiles every value)."""
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    fields = [f for f in SearchEntry._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    rows = [tuple(getattr(e, f.attname) for f in fields) for e in entries]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _optimize_fts() -> None:
    """Merge FTS5's index into one segment: rows written one by one leave many, and a search
    reads each (at 10,000 groups its count takes ~25% longer)."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO web_searchfts(web_searchfts) VALUES ('optimize')")


def _tidy_postgresql() -> None:
    """Statistics for the planner and a GIN index without a pending list, after a rebuild.

    Without statistics the planner took "python" for ~1,000 matches of 33,000 and sorted them
    all instead of walking the key index (a page's query 34 ms of CPU instead of 0.4); the
    rows a rebuild inserts wait in GIN's pending list, which every search then reads through.
    VACUUM does both, but not inside a transaction (a caller's, or a test's): there only
    ANALYZE, which flushes no pending list outside autovacuum.
    """
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute("ANALYZE web_searchentry, search_match")
        else:
            cursor.execute("VACUUM (ANALYZE) web_searchentry, search_match")


@contextlib.contextmanager
def deferred():
    """Index nothing row by row inside the block, and rebuild the whole index at its end.

    For bulk writes (imports, synthetic data): one rebuild instead of a write per row.
    """
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    rebuild_index()
