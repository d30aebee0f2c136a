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
from workgroups.sources.render_records import Cite, GroupRow, MembershipRow, PageRow, Snapshot

ROLES = ["chair", "co-chair", "vice-chair", "secretary", "moderator", "member"]
PAGE_KINDS = ["charter", "minutes", "members", "page"]


def iso(value: PartialDate | None) -> str | None:
    return None if value is None else value.iso()


def _descending(value: PartialDate | None) -> str:
    if value is None:
        return "\uffff"
    return "".join(chr(0xFFFF - ord(c)) for c in value.iso())


def _member_order(m: MembershipRow):
    rank = ROLES.index(m.role) if m.role in ROLES else 99
    if m.end is None:
        return (0, "", rank, m.person, iso(m.start) or "")
    return (1, _descending(m.end), rank, m.person, iso(m.start) or "")


def _page_order(p: PageRow):
    return (PAGE_KINDS.index(p.kind), _descending(p.date), p.position, p.title, p.path or "")


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


def group_detail(g: GroupRow, kinds: dict[str, str], page_url: Callable[[str, str], str]) -> dict:
    pages = sorted((p for p in g.pages if p.kind in PAGE_KINDS), key=_page_order)
    resolutions = sorted(g.resolutions, key=lambda r: (r.position, r.date is None))
    return {
        "slug": g.slug,
        "name": g.name,
        "status": g.status,
        "formed": iso(g.formed),
        "dissolved": iso(g.dissolved),
        "version": g.version,
        "aliases": sorted(name for kind, name in g.aliases if kind == "name"),
        "purpose": g.purpose,
        "mailing_lists": [{"address": m.address, "url": m.url or None} for m in g.mailing_lists],
        "links": [{"label": link.label, "url": link.url} for link in g.links],
        "members": [
            {
                "person": {"slug": m.person, "name": m.name},
                "role": m.role,
                "voting": m.voting,
                "start": iso(m.start),
                "end": iso(m.end),
                "current": m.current,
            }
            for m in sorted(g.members, key=_member_order)
        ],
        "resolutions": [
            {
                "kind": r.kind,
                "title": r.title,
                "date": iso(r.date),
                "date_inferred": r.date_inferred,
                "text": r.text,
                "vote": r.vote,
                "medium": r.medium,
            }
            for r in resolutions
        ],
        "pages": [
            {
                "title": p.title,
                "kind": p.kind,
                "date": iso(p.date),
                "path": p.path,
                "url": page_url(g.slug, p.slug),
            }
            for p in pages
        ],
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
    kinds = {s.path: s.kind for s in snapshot.sources}
    details = [group_detail(g, kinds, page_url) for g in snapshot.groups]
    return json.dumps(details, indent=2, ensure_ascii=False) + "\n"
