"""The record as a careful reader states it: one plain dict per group, for the golden test.

`record_view()` reads the registry into the same shape as the reviewed files under
`fixtures/golden/`, so that the two compare field by field: names rather than ids, dates as
EDTF strings, a purpose as its opening words.
"""

from __future__ import annotations

import re

from workgroups.registry.models import Group, Person

PURPOSE_WORDS = 12


def plain(text: str) -> str:
    """Markdown reduced to its words: no escapes, emphasis, links or runs of white space."""
    text = re.sub(r"(?m)^\s*(?:[-*+]|\d+[.)])\s+", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def opening(text: str, words: int = PURPOSE_WORDS) -> str:
    return " ".join(plain(text).split()[:words])


def _date(value) -> str | None:
    return None if value is None else str(value)


def _seat(m) -> dict:
    seat = {"person": m.person.name, "role": m.role}
    if not m.voting:
        seat["voting"] = False
    if m.start is not None:
        seat["start"] = _date(m.start)
    if m.end is not None:
        seat["end"] = _date(m.end)
    return seat


def _resolution(r) -> dict:
    out = {"kind": r.kind, "date": _date(r.date)}
    if r.vote is not None:
        out["vote"] = "{yes}-{no}-{abstain}".format(**r.vote)
    if r.medium:
        out["medium"] = r.medium
    return out


def group_view(group: Group) -> dict:
    view = {"name": group.name, "status": group.status}
    for field in ("formed", "dissolved"):
        if (value := getattr(group, field)) is not None:
            view[field] = _date(value)
    if group.purpose:
        view["purpose"] = opening(group.purpose)
    aliases = sorted(a.name for a in group.aliases.all() if a.kind == "name")
    if aliases:
        view["aliases"] = aliases
    lists = [
        {"address": m.address, **({"url": m.url} if m.url else {})}
        for m in sorted(group.mailing_lists.all(), key=lambda m: m.address)
    ]
    if lists:
        view["mailing_lists"] = lists
    links = sorted(link.url for link in group.links.all())
    if links:
        view["links"] = links
    seats = sorted(
        (_seat(m) for m in group.memberships.all()),
        key=lambda s: (s["person"], s["role"], s.get("start") or "", s.get("end") or ""),
    )
    if seats:
        view["seats"] = seats
    resolutions = sorted(
        (_resolution(r) for r in group.resolutions.all()),
        key=lambda r: (r["date"] or "", r["kind"]),
    )
    if resolutions:
        view["resolutions"] = resolutions
    pages = {p.path: p.kind for p in sorted(group.pages.all(), key=lambda p: p.path)}
    if pages:
        view["pages"] = pages
    return view


def record_view() -> dict:
    groups = Group.objects.prefetch_related(
        "aliases", "mailing_lists", "links", "memberships__person", "resolutions", "pages"
    ).order_by("slug")
    people = Person.objects.prefetch_related("aliases").order_by("name")
    return {
        "groups": {g.slug: group_view(g) for g in groups},
        "people": {p.name: sorted(a.name for a in p.aliases.all()) for p in people},
    }
