"""MyST Markdown as HTML the site's templates may show as it is.

The conversion and its sanitising are pure and live in `workgroups.lib.markdown_text`, where
the search index reads plain text from the same parser; this adds Django's safe-string mark,
and sends the links this site cannot answer to the site that can: python.org's own addresses
(`/psf/trademarks/`) to python.org, the wiki's pages that were never imported and its
attachments to the PSF wiki.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

from django.urls import Resolver404, resolve
from django.utils.safestring import SafeString, mark_safe

from workgroups.lib.markdown_text import to_html
from workgroups.lib.text import publishable
from workgroups.lib.vocabulary import SourceKind
from workgroups.web.wiki_views import live_wiki_url, unanswered

PYTHON_ORG = "https://www.python.org"
WIKI_ORIGINS = {SourceKind.WIKI_PAGE, SourceKind.WIKI_INDEX}
_HREF = re.compile(r'(<a\s[^>]*?href=")([^"]*)(")')
# A wiki file: MoinMoin's ?action=AttachFile, or the export's attachments/ folder.
_ATTACHMENT = re.compile(r"[?&]action=AttachFile|(?:^|/)attachments/")


def render(
    text: str | None,
    *,
    base: str | None = None,
    origin: str | None = None,
    top: int = 2,
    drop_title: bool = False,
    id_prefix: str = "h-",
) -> SafeString:
    """MyST Markdown (wiki leftovers cleaned) as sanitised HTML (see `to_html` for the options),
    holding no character HTML forbids whatever the stored text holds.

    `origin`: the kind of source the text came from (a `SourceKind`), which says whose site
    its root-relative links belong to; without it, text with a wiki `base` is the wiki's and
    other text python.org's.
    """
    html_text = to_html(text, base=base, top=top, drop_title=drop_title, id_prefix=id_prefix)
    if "href=" in html_text:
        wiki = origin in WIKI_ORIGINS if origin else base is not None
        html_text = _retarget(html_text, base=base, wiki=wiki)
    # A code block with long lines scrolls sideways: in the tab order, a keyboard can scroll it.
    html_text = html_text.replace("<pre>", '<pre tabindex="0">')
    return mark_safe(publishable(html_text))  # noqa: S308 - sanitised by to_html


def _retarget(fragment: str, *, base: str | None, wiki: bool) -> str:
    """The HTML with each link this site would answer 404 sent to the site that has it."""
    links = {html.unescape(m.group(2)) for m in _HREF.finditer(fragment)}
    wiki_paths = {
        href: unquote(href.removeprefix("/wiki/").partition("#")[0])
        for href in links
        if href.startswith("/wiki/")
    }
    missing = unanswered(p for p in wiki_paths.values() if not _ATTACHMENT.search(p))
    new = {}
    for href in links:
        if href in wiki_paths:
            path = wiki_paths[href]
            if _ATTACHMENT.search(path) or path in missing:
                new[href] = live_wiki_url(path)
        elif href.startswith("?") and _ATTACHMENT.search(href) and base:
            new[href] = live_wiki_url(base + href)
        elif href.startswith("/") and not href.startswith("//") and not _ours(href):
            new[href] = live_wiki_url(href) if wiki else PYTHON_ORG + href
    if not new:
        return fragment

    def swap(match: re.Match) -> str:
        href = html.unescape(match.group(2))
        if href not in new:
            return match.group(0)
        return match.group(1) + html.escape(new[href]) + match.group(3)

    return _HREF.sub(swap, fragment)


def _ours(href: str) -> bool:
    """Whether this site has a view for the address (whether or not that finds a row)."""
    try:
        resolve(urlsplit(href).path)
    except Resolver404:
        return False
    return True
