"""Read endpoints of the API. Each answers in a fixed number of queries at any data size."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Window
from django.http import HttpResponse
from django.urls import reverse
from ninja import Query
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer

from workgroups.api import namesearch
from workgroups.api.base import router
from workgroups.api.schemas import (
    Error,
    FindingList,
    GroupDetail,
    GroupList,
    GroupStatus,
    Invalid,
    PersonDetail,
    PersonList,
    ResolutionList,
    SearchList,
    Text,
)
from workgroups.checks import prepared
from workgroups.registry import snapshot
from workgroups.registry.models import (
    Group,
    GroupAlias,
    Membership,
    Person,
    PersonAlias,
    Resolution,
)
from workgroups.sources.render_json import descending, group_detail

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Far past any list's end, and small enough for every database's LIMIT/OFFSET (SQLite fails on
# an offset past 2**63).
MAX_OFFSET = 10**9

Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
Offset = Query(0, ge=0, le=MAX_OFFSET, description=f"At most {MAX_OFFSET}.")
GroupOfResolutions = Query(None, description="A group's slug.")
GroupOfFindings = Query(None, description="Only findings about this group (a slug).")
Words = Query(..., description="Words, each matching the start of a word, any accent.")
NameSearch = Query(
    None, description="Words that must all appear in the name or an alias, any case or accent."
)


def iso(value) -> str | None:
    return None if value is None else value.iso()


def page_of(queryset, limit: int, offset: int, search: str | None = None, **names):
    """(count, the rows from offset) of `queryset`, or of its rows named by `search`.

    `names` says where the names are (namesearch.filter_by_name). Without a search: two
    queries, one when nothing is left to show. A search scans the table, so it is done once:
    the count comes with the rows (COUNT(*) OVER ()), and only a page past the end needs a
    second query to know it.

    ninja's pagination (LimitOffsetPagination, PaginationBase) is not used: it counts
    apart from the rows, renames each list's schema in the OpenAPI document (Paged...) and
    hides the count from the view, which resolutions need (an unknown group is a 404).
    """
    if not namesearch.query_words(search):
        count = queryset.count()
        return count, (list(queryset[offset : offset + limit]) if offset < count else [])
    queryset = namesearch.filter_by_name(queryset, search, **names)
    rows = list(queryset.annotate(_total=Window(Count("pk")))[offset : offset + limit])
    if rows:
        count = rows[0]["_total"]
        for row in rows:
            del row["_total"]
        return count, rows
    return (queryset.count() if offset else 0), []


def as_json(request, data) -> HttpResponse:
    """`data` answered as ninja answers it, without validating it against the operation's
    schema again: for an answer built from validated shapes (group_detail), where validating
    and dumping it back to the same dict took a tenth of the answer's time. Tests hold such
    answers to their schema (test_group_detail_fresh.py). A write answers with the same dict
    through ninja, validated, and with its own status."""
    renderer = JSONRenderer()
    return HttpResponse(
        renderer.render(request, data, response_status=200),
        content_type=f"{renderer.media_type}; charset={renderer.charset}",
    )


def not_found(what: str, slug: str) -> HttpError:
    return HttpError(404, f"No {what} with the slug {slug!r}.")


# Groups ------------------------------------------------------------------------------------


@router.get(
    "/groups", response={200: GroupList, 422: Invalid}, tags=["groups"], summary="List groups"
)
def list_groups(
    request,
    status: GroupStatus | None = None,
    search: Text | None = NameSearch,
    limit: int = Limit,
    offset: int = Offset,
):
    """Groups in the order of the python.org page."""
    groups = Group.objects.all()
    if status:
        groups = groups.filter(status=status)
    groups = groups.order_by("position", "name", "pk").values(
        "slug", "name", "status", "formed", "dissolved"
    )
    count, rows = page_of(
        groups,
        limit,
        offset,
        search,
        alias_model=GroupAlias,
        alias_fk="group",
        kind=GroupAlias.Kind.NAME,
    )
    items = [
        {**row, "formed": iso(row["formed"]), "dissolved": iso(row["dissolved"])} for row in rows
    ]
    return {"count": count, "items": items}


@router.get(
    "/groups/{slug}",
    response={200: GroupDetail, 404: Error, 422: Invalid},
    tags=["groups"],
    summary="One group with its roster, resolutions, pages and sources",
    # The names ninja gave the operation when get_group was it.
    operation_id="workgroups_api_reads_get_group",
    url_name="get_group",
)
def answer_group(request, slug: Text):
    return as_json(request, get_group(request, slug))


def get_group(request, slug: str) -> dict:
    """One group as GET /groups/{slug} shows it, and as the writes answer with it."""
    # Its tables' queries sent at once (one round trip on PostgreSQL), each compiled once.
    snap = snapshot.take([slug], bodies=False, run=prepared.together)
    if not snap.groups:
        raise not_found("group", slug)
    return group_detail(snap.groups[0], snap.kinds(), page_url)


def page_url(group: str, page: str) -> str:
    return reverse("web:page", args=[group, page])


# People ------------------------------------------------------------------------------------


@router.get(
    "/people", response={200: PersonList, 422: Invalid}, tags=["people"], summary="List people"
)
def list_people(
    request,
    search: Text | None = NameSearch,
    limit: int = Limit,
    offset: int = Offset,
):
    # Slugs are folded names: an order that ignores accents and is the same on every database.
    people = Person.objects.order_by("slug").values("slug", "name")
    count, rows = page_of(people, limit, offset, search, alias_model=PersonAlias, alias_fk="person")
    return {"count": count, "items": rows}


@router.get(
    "/people/{slug}",
    response={200: PersonDetail, 404: Error, 422: Invalid},
    tags=["people"],
    summary="One person with their memberships",
)
def get_person(request, slug: Text):
    person = (
        Person.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("aliases", queryset=PersonAlias.objects.order_by("name")),
            Prefetch("memberships", queryset=Membership.objects.select_related("group")),
        )
        .first()
    )
    if person is None:
        raise not_found("person", slug)

    def order(m: Membership):
        if m.end is None:
            return (0, m.group.position, m.group.name, m.pk)
        return (1, descending(m.end), m.group.position, m.group.name, m.pk)

    return {
        "slug": person.slug,
        "name": person.name,
        "aliases": [alias.name for alias in person.aliases.all()],
        "memberships": [
            {
                "group": {"slug": m.group.slug, "name": m.group.name},
                "role": m.role,
                "start": iso(m.start),
                "end": iso(m.end),
                "current": m.current,
            }
            for m in sorted(person.memberships.all(), key=order)
        ],
    }


# Resolutions -------------------------------------------------------------------------------


@router.get(
    "/resolutions",
    response={200: ResolutionList, 404: Error, 422: Invalid},
    tags=["resolutions"],
    summary="List resolutions",
)
def list_resolutions(
    request,
    group: Text | None = GroupOfResolutions,
    year: int | None = Query(None, ge=1, le=9999, description="Resolutions dated in that year."),
    limit: int = Limit,
    offset: int = Offset,
):
    """Resolutions by date (undated ones last), then in the order of the python.org page."""
    resolutions = Resolution.objects.select_related("group")
    if group:
        resolutions = resolutions.filter(group__slug=group)
    if year:
        resolutions = resolutions.filter(date__startswith=f"{year:04d}")
    resolutions = resolutions.order_by(
        F("date").asc(nulls_last=True), "group__position", "group__name", "position", "pk"
    )
    count, rows = page_of(resolutions, limit, offset)
    if group and not count and not Group.objects.filter(slug=group).exists():
        raise not_found("group", group)
    items = [
        {**snapshot.resolution(r).api(), "group": {"slug": r.group.slug, "name": r.group.name}}
        for r in rows
    ]
    return {"count": count, "items": items}


# Findings ----------------------------------------------------------------------------------


@router.get(
    "/findings",
    response={200: FindingList, 422: Invalid},
    tags=["findings"],
    summary="List findings",
)
def list_findings(
    request,
    group: Text | None = GroupOfFindings,
    severity: str | None = Query(None, pattern="^(error|warning|info)$"),
    limit: int = Limit,
    offset: int = Offset,
):
    """Where the record is contradictory, stale or incomplete (`workgroups findings`)."""
    from workgroups.checks.engine import compute_findings

    findings = [f.as_dict() for f in compute_findings()]
    if group:
        findings = [f for f in findings if group in f["groups"]]
    if severity:
        findings = [f for f in findings if f["severity"] == severity]
    return {"count": len(findings), "items": findings[offset : offset + limit]}


# Full text ---------------------------------------------------------------------------------

MAX_SEARCH_LIMIT = 200


@router.get(
    "/search",
    response={200: SearchList, 422: Invalid},
    tags=["search"],
    summary="Search everything",
)
def search(
    request,
    q: Text = Words,
    limit: int = Query(20, ge=1, le=MAX_SEARCH_LIMIT),
    offset: int = Offset,
):
    """Groups, people, resolutions and pages matching every word of `q`, best first."""
    from workgroups.search.index import search as full_text

    count, hits = full_text(q, limit, offset)
    return {"count": count, "items": [hit.as_dict() for hit in hits]}
