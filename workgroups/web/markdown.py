"""MyST Markdown as HTML the site's templates may show as it is.

The conversion and its sanitising are pure and live in `workgroups.lib.markdown_text`, where
the search index reads plain text from the same parser; this adds Django's safe-string mark.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from workgroups.lib.markdown_text import to_html
from workgroups.lib.text import publishable


def render(
    text: str | None,
    *,
    base: str | None = None,
    top: int = 2,
    drop_title: bool = False,
    id_prefix: str = "h-",
) -> SafeString:
    """MyST Markdown (wiki leftovers cleaned) as sanitised HTML (see `to_html` for the options),
    holding no character HTML forbids whatever the stored text holds."""
    html = to_html(text, base=base, top=top, drop_title=drop_title, id_prefix=id_prefix)
    # A code block with long lines scrolls sideways: in the tab order, a keyboard can scroll it.
    html = html.replace("<pre>", '<pre tabindex="0">')
    return mark_safe(publishable(html))  # noqa: S308 - sanitised by to_html
