"""The health page: every group with a traffic light and its findings, recomputed per request."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from workgroups.checks.engine import SEVERITIES, compute_findings
from workgroups.checks.text import counts
from workgroups.lib.vocabulary import Severity
from workgroups.registry.models import Group

LIGHTS = {Severity.ERROR: "red", Severity.WARNING: "amber", Severity.INFO: "green", None: "green"}
LIGHT_WORDS = {
    "red": "Contradictions",
    "amber": "Stale or missing",
    "green": "Healthy",
}
SORTS = {
    # key: (label, sort key of a row); rows are dicts built below.
    "health": ("Health", lambda r: (r["rank"], -r["count"], r["name"].casefold())),
    "name": ("Group", lambda r: r["name"].casefold()),
    "status": ("Status", lambda r: (r["status"], r["rank"], r["name"].casefold())),
    "findings": ("Findings", lambda r: (-r["count"], r["rank"], r["name"].casefold())),
}


def _source_link(path: str) -> str | None:
    """The site's address for a wiki source document (it redirects to the page), else None."""
    if not path.endswith(".md") or not path.startswith("psf/"):
        return None
    try:
        return reverse("web:wiki", args=[path.removesuffix(".md")])
    except NoReverseMatch:
        return None


def _present(finding) -> dict:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "label": Severity(finding.severity).label,
        "message": finding.message,
        "sources": [
            {"cite": s.cite, "path": s.path, "url": _source_link(s.path)} for s in finding.sources
        ],
    }


def _by_group(findings, groups) -> tuple[dict[str, list], list]:
    """(slug -> the findings about that group, the findings about no group shown here)."""
    by_slug: dict[str, list] = {g.slug: [] for g in groups}
    loose = []
    for f in findings:
        targets = [s for s in f.groups if s in by_slug]
        for slug in targets:
            by_slug[slug].append(f)
        if not targets:
            loose.append(f)
    return by_slug, loose


def _row(group, items: list) -> dict:
    worst = min((SEVERITIES.index(f.severity) for f in items), default=len(SEVERITIES))
    light = LIGHTS[SEVERITIES[worst] if items else None]
    return {
        "name": group.name,
        "slug": group.slug,
        "url": group.get_absolute_url(),
        "status": group.status,
        "light": light,
        "light_words": LIGHT_WORDS[light],
        "rank": worst,
        "count": len(items),
        "counts": counts(items),
        "findings": [_present(f) for f in items],
    }


def health(request):
    findings = compute_findings()
    groups = list(Group.objects.only("name", "slug", "status", "position"))
    by_slug, loose = _by_group(findings, groups)
    rows = [_row(g, by_slug[g.slug]) for g in groups]
    sort = request.GET.get("sort", "health")
    if sort not in SORTS:
        sort = "health"
    rows.sort(key=SORTS[sort][1])
    tally = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    lights = {c: sum(1 for r in rows if r["light"] == c) for c in ("red", "amber", "green")}
    context = {
        "rows": rows,
        "loose": [_present(f) for f in loose],
        "total": len(findings),
        "tally": tally,
        "lights": lights,
        "sort": sort,
        "sorts": [{"key": k, "label": v[0], "current": k == sort} for k, v in SORTS.items()],
    }
    return render(request, "checks/health.html", context)
