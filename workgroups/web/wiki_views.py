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


def resolve_wiki_path(path: str, depth: int = 0) -> str | None:
    """The site address that now holds an old wiki page, or None.

    A page's wiki path, a group folder (GroupAlias of kind "path"), the wiki index, or an old
    MoinMoin name from redirects-wg.json (LegacyPath), resolved in turn.
    """
    if any(ord(c) < 32 or c == "\x7f" for c in path):
        return None
    path = path.strip().strip("/")
    for suffix in (".md", ".html"):
        path = path.removesuffix(suffix)
    path = path.rstrip("/")
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


def wiki_redirect(request, path):
    target = resolve_wiki_path(path)
    if target is None:
        raise Http404("No wiki page has this address")
    return HttpResponsePermanentRedirect(target)


def not_found(request, exception=None):
    return render(request, "web/404.html", {"path": request.path}, status=404)
