"""The public website: thin views over the registry, each a pure function of it and the request.

Every page runs a fixed number of queries whatever the amount of data (see the tests).
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from datetime import date
from urllib.parse import quote

from django.db.models import Q
from django.http import Http404, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import engines, loader
from django.urls import reverse
from django.urls.converters import SlugConverter
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from workgroups.checks import prepared
from workgroups.checks.findings import SourceRef
from workgroups.checks.scope import GroupScope, group_findings
from workgroups.lib import display
from workgroups.lib.markdown_text import first_sentence
from workgroups.lib.vocabulary import ClaimField, FindingCode, Severity
from workgroups.registry.approvals import yearly_roster_approval
from workgroups.registry.models import (
    Group,
    Link,
    Membership,
    Page,
    Person,
    PersonAlias,
    Resolution,
    RosterApproval,
)
from workgroups.search import index as search_index
from workgroups.web import timeline
from workgroups.web.markdown import render as render_markdown

ROLE_ORDER = {role: i for i, role in enumerate(Membership.Role.values)}
LEADS = [Membership.Role.CHAIR, Membership.Role.CO_CHAIR]
SEARCH_PAGE = 20
# What Django's <slug:> converter takes.
_SLUG = re.compile(SlugConverter.regex)


def _summary(group: Group) -> str:
    return group.summary or first_sentence(group.purpose)


# --- Group ---------------------------------------------------------------------------------


def _roster(memberships):
    current = [m for m in memberships if m.end is None]
    past = [m for m in memberships if m.end is not None]
    current.sort(key=lambda m: (ROLE_ORDER.get(m.role, 99), m.person.name))
    past.sort(key=lambda m: (m.end.sort_key, m.person.name), reverse=True)
    return current, past


def _person_urls(memberships) -> dict[int, str]:
    """Each member's address by person id: reversed once, each slug put in its place (a slug
    is a path segment as it is; reversing each of a roster's people was ~0.4 ms a page). A
    slug the route would refuse is reversed, and refused, as before."""
    head, tail = reverse("web:person", args=["-"]).rsplit("-", 1)
    return {
        m.person_id: head + m.person.slug + tail
        if _SLUG.fullmatch(m.person.slug)
        else m.person.get_absolute_url()
        for m in memberships
    }


def _date_key(item):
    # Dated things in date order, undated ones after them in their source order.
    return (item.date is None, _order(item.date), item.position)


def _provenance(rows) -> dict:
    """A section's sources: each distinct file:line once; rows cite their own only when the
    section's rows come from different places."""
    cites = list(dict.fromkeys(row.cite for row in rows if row.cite))
    return {"cites": cites, "per_row": len(cites) > 1}


# Where on a group page a finding is shown: beside what it concerns.
ROSTER_FINDINGS = {
    FindingCode.ROSTER_CONFLICT,
    FindingCode.CHAIR_CONFLICT,
    FindingCode.NO_CHAIR,
    FindingCode.ROSTER_APPROVAL_OVERDUE,
}
STATUS_FINDINGS = {
    FindingCode.STATUS_CONFLICT,
    FindingCode.FORMED_DATE_CONFLICT,
    FindingCode.DORMANT,
    FindingCode.ACTIVITY_BEFORE_FORMED,
    FindingCode.NOT_ON_PYTHON_ORG,
}


def _finding(f, message: str, links=()) -> dict:
    return {
        "code": f.code,
        "severity": f.severity,
        "label": Severity(f.severity).label,
        "message": message,
        "links": list(links),
    }


def _same_text(other) -> tuple[str, str]:
    """(address, words) of another group's resolution."""
    when = f" of {display.date_words(other.date)}" if other.date else " (undated)"
    url = other.group.get_absolute_url() + f"#resolution-{other.pk}"
    return url, f"the {other.group.name}'s resolution{when}"


def _group_findings(group, scope, resolutions) -> tuple[dict, dict[int, list]]:
    """The group's open findings by where its page shows them, and notes per resolution."""
    placed = {"roster": [], "status": [], "other": []}
    notes: dict[int, list] = {}
    for f in group_findings(scope):
        if f.code == FindingCode.DUPLICATE_RESOLUTION_TEXT:
            own = [r for r in resolutions if SourceRef.of(r) in f.sources]
            others = [r for r in scope.sharing_text if SourceRef.of(r) in f.sources]
            if own and others:
                links = [_same_text(o) for o in others]
                for r in own:
                    note = _finding(f, "This text is the same as", links)
                    notes.setdefault(r.pk, []).append(note)
                continue
        if f.code in ROSTER_FINDINGS:
            placed["roster"].append(_finding(f, f.message))
        elif f.code in STATUS_FINDINGS:
            placed["status"].append(_finding(f, f.message))
        else:
            placed["other"].append(_finding(f, f.message))
    return placed, notes


# The group's rows of each table, in the models' order less its first key, the group (one
# group here: ordering by it joined the group table for nothing).
GROUP_ROWS = {
    "links": lambda pk: (
        Link.objects.select_related("source").filter(group_id=pk).order_by("position", "label")
    ),
    "memberships": lambda pk: (
        Membership.objects.select_related("person", "source")
        .filter(group_id=pk)
        .order_by("end", "role", "person__name")
    ),
    "resolutions": lambda pk: (
        Resolution.objects.select_related("source").filter(group_id=pk).order_by("position", "date")
    ),
    "pages": lambda pk: (
        Page.objects.select_related("source")
        .filter(group_id=pk)
        .order_by("kind", "-date", "position", "title")
    ),
    "approvals": lambda pk: RosterApproval.objects.filter(group_id=pk).order_by("-date"),
}


@require_safe
def group_detail(request, slug):
    # Each query is compiled once per process (checks/prepared.py): compiling the page's
    # eleven was more time than running them.
    found = prepared.rows(
        ("group page", "group"),
        lambda: Group.objects.select_related("source").filter(slug=slug),
        [slug],
    )
    if not found:
        raise Http404("No Group matches the given query.")
    group = found[0]
    # Sent together: none waits for another's rows (one round trip on PostgreSQL).
    tables = prepared.together(
        *(
            (("group page", name), lambda build=build: build(group.pk), [group.pk])
            for name, build in GROUP_ROWS.items()
        )
    )
    for table in tables:
        # Each given the group itself, as its related manager would.
        for row in table:
            row.group = group
    links, memberships, own_resolutions, pages, approvals = tables
    scope = GroupScope(
        group,
        memberships=memberships,
        resolutions=own_resolutions,
        pages=pages,
        roster_approvals=approvals,
    )
    aliases = scope.group_aliases.get(group.pk, [])
    mailing_lists = scope.mailing_lists.get(group.pk, [])
    resolutions = sorted(own_resolutions, key=_date_key)
    yearly = yearly_roster_approval(
        resolutions, approvals, date.today(), active=group.status == Group.Status.ACTIVE
    )
    current, past = _roster(memberships)
    findings, resolution_notes = _group_findings(group, scope, resolutions)
    stated_chairs = []
    if group.status == Group.Status.ACTIVE and not any(m.role in LEADS for m in current):
        # No chair on record: say who the sources name, without choosing for them. A group
        # that no longer meets needs no chair, and is not warned for lacking one.
        claims = scope.claims_of(group, ClaimField.CHAIRS)
        stated_chairs = [c for c in claims if isinstance(c.value, list) and c.value]

    charters = sorted(
        (p for p in pages if p.kind == Page.Kind.CHARTER),
        key=lambda p: (p.position, _order(p.date)),
        reverse=True,
    )
    minutes = sorted(
        (p for p in pages if p.kind == Page.Kind.MINUTES),
        key=lambda p: (_order(p.date), p.title),
        reverse=True,
    )
    minutes_by_year = [
        (year, list(items))
        for year, items in itertools.groupby(minutes, key=lambda p: p.date.year if p.date else None)
    ]
    others = sorted(
        (p for p in pages if p.kind not in (Page.Kind.CHARTER, Page.Kind.MINUTES)),
        key=lambda p: (p.date is None, _order(p.date), p.title),
    )
    sources = OrderedDict()
    # Pages cite their own wiki files on their own pages: here, the facts about the group.
    for row in [group, *mailing_lists, *links, *memberships, *resolutions]:
        if row.source_id is not None:
            sources.setdefault(row.source.path, row.source)
    context = {
        "group": group,
        "summary": _summary(group),
        "purpose": render_markdown(group.purpose, top=3),
        "aliases": aliases,
        "mailing_lists": mailing_lists,
        "links": links,
        "current": current,
        "person_urls": _person_urls(memberships),
        # A column of "start unknown" on every row says nothing: said once instead.
        "starts_known": any(m.start for m in current),
        "past": past,
        "resolutions": [
            (r, render_markdown(r.text, top=4), resolution_notes.get(r.pk, [])) for r in resolutions
        ],
        "charter": charters[0] if charters else None,
        "older_charters": charters[1:],
        "minutes_by_year": minutes_by_year,
        "minutes_count": len(minutes),
        "other_pages": others,
        "approval": approvals[0] if approvals else None,
        "yearly": yearly,
        "stated_chairs": stated_chairs,
        "sources": list(sources.values()),
        "findings": findings,
        "health_url": reverse("checks:health") + f"#group-{group.slug}",
        "provenance": {
            "purpose": _provenance([group]),
            "current": _provenance(current),
            "past": _provenance(past),
            "resolutions": _provenance(resolutions),
        },
        "user": request.user,
    }
    # The body in Jinja2 (a third of the cold render's time in Django templates), inside the
    # site's Django base template; Jinja2 escaped what it holds.
    body = mark_safe(engines["jinja2"].get_template("web/group_body.html").render(context))
    page = {"group": group, "summary": context["summary"], "body": body}
    response = render(request, "web/group.html", page)
    # Its findings compared it with these groups: a write to one of them may change them.
    response.page_cache_tags = [f"group:{g.pk}" for g in scope.groups if g.pk != group.pk]
    return response


# --- Pages ---------------------------------------------------------------------------------


def _page_context(page: Page) -> dict:
    siblings = []
    newer = older = None
    if page.group_id is not None and page.kind == Page.Kind.CHARTER:
        siblings = sorted(
            page.group.pages.filter(kind=Page.Kind.CHARTER).exclude(pk=page.pk).defer("body"),
            key=lambda p: p.position,
            reverse=True,
        )
    elif page.group_id is not None and page.kind == Page.Kind.MINUTES and page.date:
        same = page.group.pages.filter(kind=Page.Kind.MINUTES).defer("body")
        key = page.date.iso()
        newer = (
            same.filter(Q(date__gt=key) | Q(date=key, title__gt=page.title))
            .order_by("date", "title")
            .first()
        )
        older = (
            same.filter(Q(date__lt=key) | Q(date=key, title__lt=page.title))
            .order_by("-date", "-title")
            .first()
        )
    return {
        "page": page,
        "group": page.group,
        "body": render_markdown(page.body, base=page.path, top=2, drop_title=True, id_prefix=""),
        "siblings": siblings,
        "newer": newer,
        "older": older,
        "wiki_url": "/wiki/" + quote(page.path, safe="/()") if page.path else "",
    }


@require_safe
def page_detail(request, group, slug):
    page = get_object_or_404(
        Page.objects.select_related("group", "source"), group__slug=group, slug=slug
    )
    return render(request, "web/page.html", _page_context(page))


@require_safe
def legacy_page(request, slug):
    """A page that belongs to no group (the charter template, a stray wiki page)."""
    page = (
        Page.objects.select_related("source")
        .filter(group__isnull=True, slug=slug)
        .order_by("path", "pk")
        .first()
    )
    if page is None:
        raise Http404("No such page")
    return render(request, "web/page.html", _page_context(page))


# --- People --------------------------------------------------------------------------------


@require_safe
def person_detail(request, slug):
    # Each query is compiled once per process (checks/prepared.py), as the group page's.
    found = prepared.rows(
        ("person page", "person"), lambda: Person.objects.filter(slug=slug), [slug]
    )
    if not found:
        raise Http404("No Person matches the given query.")
    person = found[0]
    aliases = [
        name
        for (name,) in prepared.rows(
            ("person page", "aliases"),
            lambda: PersonAlias.objects.filter(person_id=person.pk).values_list("name"),
            [person.pk],
        )
    ]
    memberships = prepared.rows(
        ("person page", "memberships"),
        lambda: (
            Membership.objects.select_related("group", "source")
            .filter(person_id=person.pk)
            .order_by("group__name", "start")
        ),
        [person.pk],
    )
    for m in memberships:
        m.person = person
    by_group = []
    for _, items in itertools.groupby(memberships, key=lambda m: m.group_id):
        items = sorted(items, key=lambda m: (_order(m.start), m.pk))
        current = any(m.end is None for m in items)
        by_group.append(
            {
                "group": items[0].group,
                "memberships": items,
                "current": current,
                "sources": _provenance(items),
            }
        )
    by_group.sort(key=lambda g: (not g["current"], g["group"].name))
    context = {
        "person": person,
        "aliases": [a for a in aliases if a != person.name],
        "by_group": by_group,
        "current_count": sum(1 for g in by_group if g["current"]),
    }
    return render(request, "web/person.html", context)


# --- Resolutions, timeline -----------------------------------------------------------------


@require_safe
def resolutions(request):
    rows = sorted(
        Resolution.objects.select_related("group", "source"),
        key=lambda r: (r.date is not None, _order(r.date), -r.position),
        reverse=True,
    )
    years = []
    for year, items in itertools.groupby(rows, key=lambda r: r.date.year if r.date else None):
        years.append(
            {
                "year": year,
                "anchor": f"y{year}" if year else "undated",
                "items": [(r, render_markdown(r.text, top=4)) for r in items],
            }
        )
    return render(request, "web/resolutions.html", {"years": years, "count": len(rows)})


@require_safe
def timeline_view(request):
    groups = Group.objects.only("name", "slug", "status", "formed", "dissolved").order_by("name")
    bars, undated = timeline.bars_of(groups)
    context = {
        "svg": timeline.render_svg(bars, date.today()),
        "bars": bars,
        "undated": undated,
    }
    return render(request, "web/timeline.html", context)


# --- Search --------------------------------------------------------------------------------


@require_safe
def search_view(request):
    query = request.GET.get("q", "").strip()[:200]
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    count, hits = search_index.search(query, SEARCH_PAGE, (number - 1) * SEARCH_PAGE)
    pages = (count + SEARCH_PAGE - 1) // SEARCH_PAGE
    context = {
        "query": query,
        "count": count,
        "hits": hits,
        "number": number,
        "first": (number - 1) * SEARCH_PAGE + 1,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < pages else None,
        "pages": pages,
    }
    return render(request, "web/search.html", context)


# --- Errors --------------------------------------------------------------------------------


def server_error(request):
    # No context processors, no database: this must render even when those are what failed.
    body = loader.get_template("web/500.html").render({})
    return HttpResponseServerError(body)


def _order(date) -> tuple:
    """A date's place in date order (EDTF's "about", "on or before" and unknown included)."""
    return date.sort_key if date is not None else ()
