"""Old wiki addresses, and the 404 page that answers the ones this site does not hold."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render

from workgroups.registry.models import GroupAlias, LegacyPath, Page

WIKI_INDEX = {"psf/working-groups/index", "psf/working-groups", "psf/working-groups/Contents"}
# The wiki section this registry holds; other old names are sent on to the wiki itself.
OUR_WIKI = "psf/"
WIKI_SITE = "https://wiki.python.org/"


def _normal(path: str) -> str:
    """A wiki path as the registry stores it: no slashes around it, no .md or .html ("" if
    it cannot be one)."""
    if any(ord(c) < 32 or c == "\x7f" for c in path):
        return ""
    path = path.strip().strip("/")
    for suffix in (".md", ".html"):
        path = path.removesuffix(suffix)
    return path.rstrip("/")


def live_wiki_url(path: str) -> str:
    """The address of a wiki path (a page, or a file with its query) on the PSF wiki itself."""
    return WIKI_SITE + quote(_normal(path) or path.strip("/"), safe="/()?=&:")


def resolve_wiki_path(path: str, depth: int = 0) -> str | None:
    """The site address that now holds an old wiki page, or None.

    A page's wiki path, a group folder (GroupAlias of kind "path"), the wiki index, or an old
    MoinMoin name from redirects-wg.json (LegacyPath), resolved in turn.
    """
    path = _normal(path)
    if not path:
        return None
    if path in WIKI_INDEX:
        return "/"
    page = Page.objects.select_related("group").filter(path=path).first()
    if page is not None:
        return page.get_absolute_url()
    names = {path, path + "/index", path.removesuffix("/index")}
    alias = (
        GroupAlias.objects.select_related("group")
        .filter(kind=GroupAlias.Kind.PATH, name__in=names)
        .order_by("name")
        .first()
    )
    if alias is not None:
        return alias.group.get_absolute_url()
    legacy = LegacyPath.objects.filter(old=path).first()
    if legacy is not None and depth < 3 and legacy.new != path:
        found = resolve_wiki_path(legacy.new, depth + 1)
        if found is None and not legacy.new.startswith(OUR_WIKI):
            # Renamed to a wiki page outside the working groups: it lives on in the wiki.
            return WIKI_SITE + quote(legacy.new, safe="/()")
        return found
    return None


def unanswered(paths) -> set[str]:
    """Those of the wiki paths that `resolve_wiki_path` would answer None, in a fixed number of
    queries (a page's text may link dozens)."""
    normal = {path: _normal(path) for path in paths}
    answered = _answered({n for n in normal.values() if n})
    return {path for path, n in normal.items() if n not in answered}


def _variants(name: str) -> set[str]:
    return {name, name + "/index", name.removesuffix("/index")}


def _answered(names: set[str], depth: int = 0) -> set[str]:
    """The names `resolve_wiki_path` resolves, found in the same order it looks."""
    found = names & WIKI_INDEX
    rest = names - found
    if rest:
        found |= set(Page.objects.filter(path__in=rest).values_list("path", flat=True))
        rest = names - found
    if rest:
        variants = set().union(*(_variants(n) for n in rest))
        aliases = set(
            GroupAlias.objects.filter(kind=GroupAlias.Kind.PATH, name__in=variants).values_list(
                "name", flat=True
            )
        )
        found |= {n for n in rest if _variants(n) & aliases}
        rest = names - found
    if rest and depth < 3:
        renamed = {
            old: new
            for old, new in LegacyPath.objects.filter(old__in=rest).values_list("old", "new")
            if new != old
        }
        targets = _answered({_normal(new) for new in renamed.values()} - {""}, depth + 1)
        found |= {
            old
            for old, new in renamed.items()
            if _normal(new) in targets or not new.startswith(OUR_WIKI)
        }
    return found


def wiki_redirect(request, path):
    target = resolve_wiki_path(path)
    if target is None:
        raise Http404("No wiki page has this address")
    return HttpResponsePermanentRedirect(target)


def not_found(request, exception=None):
    context = {"path": request.path}
    if request.path.startswith("/wiki/") and _normal(request.path.removeprefix("/wiki/")):
        # An old address of a page this registry never held: the wiki may still have it.
        context["live_wiki"] = live_wiki_url(request.path.removeprefix("/wiki/"))
    return render(request, "web/404.html", context, status=404)
