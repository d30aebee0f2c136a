"""The directory: every group as a card, by status, a page at a time.

Its cards are built in Python from values() rows: it is the site's front page and, at
thousands of groups, its slowest cold render (issue 14).
"""

from __future__ import annotations

import functools
import html
import itertools
from collections import defaultdict
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from workgroups.lib import display
from workgroups.lib.markdown_text import first_sentence
from workgroups.registry.models import Group, MailingList, Membership
from workgroups.web.views import LEADS

DIRECTORY_PAGE_SIZE = 150
# What a card shows of a group.
DIRECTORY_FIELDS = (
    "id",
    "name",
    "slug",
    "status",
    "formed",
    "dissolved",
    "confirmed",
    "summary",
    "purpose",
)
# Proposed groups follow the active ones: the board is about to establish them.
STATUSES = [
    Group.Status.ACTIVE,
    Group.Status.PROPOSED,
    Group.Status.INACTIVE,
    Group.Status.DISSOLVED,
]


@require_safe
def directory(request):
    status = request.GET.get("status", "")
    if status not in Group.Status.values:
        status = ""
    counts = dict(_queries().counts.all())  # all(): a clone, the shared query never runs
    # A foundation with thousands of groups gets them a page at a time.
    matching = counts.get(status, 0) if status else sum(counts.values())
    pages = max(1, -(-matching // DIRECTORY_PAGE_SIZE))
    try:
        page = min(max(1, int(request.GET.get("page", 1))), pages)
    except ValueError:
        page = 1
    start = (page - 1) * DIRECTORY_PAGE_SIZE
    within = _one_status([status] if status else STATUSES, counts, start, matching)
    if within is not None:
        # A page of one status needs no CASE to order it: an index on (status, position,
        # name) then serves it without reading every group.
        key, start = within  # `start` now counts among that status's groups
        groups, ordered = _queries().cards[key], _queries().order[key]
    else:
        groups = _queries().cards_by_status
        ordered = _queries().order_by_status
        if status:
            ordered = ordered.filter(status=status)
    if within is None or (start and connection.vendor == "postgresql"):
        # The page's ids are picked first, where reading whole rows would read many: a sort
        # by the CASE holds every row it sorts, and PostgreSQL computes the columns of each
        # row an OFFSET skips, contacts included (SQLite skips them before).
        groups = groups.filter(pk__in=ordered[start : start + DIRECTORY_PAGE_SIZE])
        start = 0
    rows = list(groups[start : start + DIRECTORY_PAGE_SIZE])
    status_html = {key: _status_html(key) for key in {row["status"] for row in rows}}
    cards = _cards(rows, status_html)
    sections = []
    for key, items in itertools.groupby(
        zip(rows, cards, strict=True), key=lambda r: r[0]["status"]
    ):
        sections.append(
            {
                "status": key,
                "label": Group.Status(key).label if key in Group.Status.values else key,
                # One string for the section: a template variable per card cost more than
                # the card itself (the markup is what a loop over the cards wrote).
                "cards_html": mark_safe(  # noqa: S308 - _cards escapes every value
                    "".join(f"\n    {card}\n  " for _, card in items)
                ),
                "count": counts.get(key, 0),
            }
        )
    filters = [
        {"key": key, "label": key.label, "count": counts.get(key, 0), "current": key == status}
        for key in STATUSES
    ]
    context = {
        "sections": sections,
        "filters": filters,
        "status": status,
        "total": sum(counts.values()),
        "shown": len(rows),
        "page": page,
        "pages": pages,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if page < pages else None,
    }
    return render(request, "web/directory.html", context)


class _Queries(NamedTuple):
    counts: QuerySet  # (status, number of groups)
    cards: dict[str, QuerySet]  # by status: what a card shows of its groups, in their order
    order: dict[str, QuerySet]  # by status: the ids of its groups in that order
    cards_by_status: QuerySet  # cards in the directory's order: by status, then as above
    order_by_status: QuerySet  # the ids of groups in that order
    seats: QuerySet  # (group id, role, person's slug and name) of current chairs and co-chairs


@functools.cache
def _queries() -> _Queries:
    """The directory's queries, built once per process, one of each status's: each request
    slices or filters (clones) them. Building them again was a tenth of the page's time."""
    # The contact is a group's first mailing list: read with its group, a query less than
    # reading the page's lists apart.
    first_list = MailingList.objects.filter(group=OuterRef("pk")).order_by("position", "id")
    card = {
        "contact_url": Subquery(first_list.values("url")[:1]),
        "contact_address": Subquery(first_list.values("address")[:1]),
    }
    in_status = Group.objects.order_by("position", "name")
    by_status = Group.objects.annotate(status_order=_status_order(STATUSES)).order_by(
        "status_order", "position", "name"
    )
    return _Queries(
        # COUNT(*) counts from the (status, ...) index alone (in PostgreSQL once VACUUM has
        # marked the table's pages all-visible); COUNT(id) made SQLite read more.
        counts=Group.objects.order_by().values_list("status").annotate(n=Count("*")),
        cards={
            key: in_status.filter(status=key).values(*DIRECTORY_FIELDS, **card)
            for key in Group.Status.values
        },
        order={key: in_status.filter(status=key).values("pk") for key in Group.Status.values},
        cards_by_status=by_status.values(*DIRECTORY_FIELDS, **card),
        order_by_status=by_status.values("pk"),
        seats=Membership.objects.filter(end__isnull=True, role__in=LEADS)
        .order_by("role", "person__name")
        .values_list("group_id", "role", "person__slug", "person__name"),
    )


def _status_order(statuses: list[str]) -> Case:
    """The position of a group's status in `statuses`, for ORDER BY."""
    return Case(
        *(When(status=key, then=Value(i)) for i, key in enumerate(statuses)),
        default=Value(len(statuses)),
        output_field=IntegerField(),
    )


def _one_status(order, counts, start, matching) -> tuple[str, int] | None:
    """(status, offset among its groups) when the page from `start` shows one status only."""
    before = 0
    for key in order:
        n = counts.get(key, 0)
        if start < before + n:
            offset = start - before
            alone = offset + DIRECTORY_PAGE_SIZE <= n or before + n == matching
            return (key, offset) if alone else None
        before += n
    return None


# A card of the directory, built in Python: 150 cards through the template language took most
# of the page's time (issue 14). The markup is what directory.html had.
CARD = """<li class="card">
      <div class="card-head">
        <h3><a href="{url}">{name}</a></h3>
        {status}
      </div>
      {summary}
      <dl class="facts">
        {formed}
        {dissolved}
        {confirmed}
        {chairs}
        {contact}
      </dl>
    </li>"""


def _status_html(status: str) -> str:
    return loader.render_to_string("web/_status.html", {"status": status})


def _url_of(name: str):
    """reverse() for many slugs at the cost of one call."""
    head, _, tail = reverse(name, args=["0"]).rpartition("0")
    return lambda slug: f"{head}{slug}{tail}"


def _fact(term: str, value: str) -> str:
    return f"<div><dt>{term}</dt><dd>{value}</dd></div>" if value else ""


def _cards(rows: list[dict], status_html: dict[str, str]) -> list[str]:
    """The directory's cards of these groups (rows of values()), in one more query: HTML,
    every value escaped.

    html.escape is what Django's escape calls, without its lazy-string wrapper's cost.
    """
    ids = [row["id"] for row in rows]
    group_url, person_url = _url_of("web:group"), _url_of("web:person")
    chairs = defaultdict(list)
    for group_id, role, slug, name in _queries().seats.filter(group_id__in=ids):
        suffix = "" if role == Membership.Role.CHAIR else f" ({html.escape(role)})"
        chairs[group_id].append(f'<a href="{person_url(slug)}">{html.escape(name)}</a>{suffix}')
    cards = []
    for row in rows:
        address = row["contact_address"]
        if address is None:  # no mailing list
            contact = ""
        else:
            url = row["contact_url"]
            href = html.escape(url) if url else f"mailto:{html.escape(address)}"
            contact = f'<a href="{href}">{html.escape(address)}</a>'
        summary = row["summary"] or first_sentence(row["purpose"])
        card = CARD.format(
            url=group_url(row["slug"]),
            name=html.escape(row["name"]),
            status=status_html[row["status"]],
            summary=f'<p class="card-summary">{html.escape(summary)}</p>' if summary else "",
            formed=_fact("Formed", html.escape(display.date_words(row["formed"]))),
            dissolved=_fact("Dissolved", html.escape(display.date_words(row["dissolved"]))),
            confirmed=_fact(
                "Record", "Confirmed current " + html.escape(display.date_phrase(row["confirmed"]))
            )
            if row["confirmed"]
            else "",
            chairs=_fact("Chair", ", ".join(chairs[row["id"]])),
            contact=_fact("Contact", contact),
        )
        cards.append(card)
    return cards
