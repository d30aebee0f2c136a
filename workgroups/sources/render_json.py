"""Every group in the API's group-detail shape (GET /api/v1/groups/{slug}), as one JSON list.

Same keys, values and orders as the API (`workgroups.api.reads.get_group`): current members
first (by role, then person slug), then past ones (latest end first); resolutions in page order;
pages of the kinds the API lists, by kind then latest first; the sources with merged line
ranges. Page URLs come from `page_url` (the export passes the site's own, relative to its
root, since a file has no request to take the host from).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable

from workgroups.lib.partialdate import PartialDate
from workgroups.lib.vocabulary import GROUP_PAGE_KINDS, Role
from workgroups.sources.shapes import Cite, Group, Membership, Page, Snapshot, iso

PAGE_KINDS = [k.value for k in GROUP_PAGE_KINDS]


def descending(value: PartialDate | None) -> str:
    if value is None:
        return "\uffff"
    return "".join(chr(0xFFFF - ord(c)) for c in value.iso())


def _member_order(m: Membership):
    rank = Role.rank(m.role)
    if m.end is None:
        return (0, "", rank, m.person, iso(m.start) or "")
    return (1, descending(m.end), rank, m.person, iso(m.start) or "")


def _page_order(p: Page):
    return (PAGE_KINDS.index(p.kind), descending(p.date), p.position, p.title, p.path or "")


def sources(cites: list[Cite | None], kinds: dict[str, str]) -> list[dict]:
    """The documents these rows came from, each with its merged line ranges, by path."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    paths = set()
    for cite in cites:
        if cite is None:
            continue
        paths.add(cite.path)
        if cite.start is not None:
            spans[cite.path].append((cite.start, max(cite.end or 0, cite.start)))
    result = []
    for path in sorted(paths):
        merged: list[list[int]] = []
        for start, end in sorted(spans[path]):
            if merged and start <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        lines = [f"{a}" if a == b else f"{a}-{b}" for a, b in merged]
        result.append({"path": path, "kind": kinds.get(path, ""), "lines": lines})
    return result


def group_detail(g: Group, kinds: dict[str, str], page_url: Callable[[str, str], str]) -> dict:
    """One group as the API's group detail and the JSON export show it."""
    pages = sorted((p for p in g.pages if p.kind in PAGE_KINDS), key=_page_order)
    resolutions = sorted(g.resolutions, key=lambda r: (r.position, r.date is None))
    return {
        "slug": g.slug,
        "name": g.name,
        "status": g.status,
        "formed": iso(g.formed),
        "dissolved": iso(g.dissolved),
        "version": g.version,
        "aliases": sorted(g.aliases),
        "purpose": g.purpose,
        "confirmed": iso(g.confirmed),
        "confirmed_by": g.confirmed_by,
        "mailing_lists": [{"address": m.address, "url": m.url or None} for m in g.mailing_lists],
        "links": [{"label": link.label, "url": link.url} for link in g.links],
        "members": [m.api() for m in sorted(g.members, key=_member_order)],
        "resolutions": [r.api() for r in resolutions],
        "pages": [p.api(page_url(g.slug, p.slug)) for p in pages],
        "sources": sources(
            [
                g.cite,
                *(m.cite for m in g.mailing_lists),
                *(link.cite for link in g.links),
                *(m.cite for m in g.members),
                *(r.cite for r in g.resolutions),
                *(p.cite for p in pages),
                *(c.cite for c in g.claims),
            ],
            kinds,
        ),
    }


def default_page_url(group: str, page: str) -> str:
    return f"/groups/{group}/pages/{page}/"


def render_json(snapshot: Snapshot, page_url: Callable[[str, str], str] = default_page_url) -> str:
    kinds = snapshot.kinds()
    details = [group_detail(g, kinds, page_url) for g in snapshot.groups]
    return json.dumps(details, indent=2, ensure_ascii=False) + "\n"
