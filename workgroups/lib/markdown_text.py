"""MyST Markdown to sanitised HTML and to plain text, with the PSF wiki's leftovers cleaned.

Pure functions, no database, no Django: `to_html(text)` returns HTML that is safe to put in a
page (markdown-it-py with raw HTML off, then nh3 as a second line of defence), `plain_text(text)`
the readable text (for search and summaries), `first_sentence(text)` a one-line summary,
`search_text(text)` a fast approximation of `plain_text` for bulk indexing. The website marks
the HTML safe for its templates (`workgroups.web.markdown.render`); the search index reads the
text; both live above this layer.

The wiki export carries artefacts of its MoinMoin past. They stay in the stored text (imports
and exports are lossless) and are cleaned here, for display only (`clean_wiki`):
the "Legacy Wiki Page" admonition, pandoc's `{.backtick}` code spans, `::: {}` divs holding
pandoc simple tables, MoinMoin smiley images, `[BR](./BR.html)` line breaks, and CamelCase
auto-links to pages that never existed (`[PyCon](./PyCon.html)`). Link targets with spaces,
which CommonMark does not accept, are made valid.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

# --- Cleaning the wiki's leftovers (text in, text out) -------------------------------------

_LEGACY_ADMONITION = re.compile(
    r"^(`{3,}|:{3,})[ \t]*(?:plain[ \t]*\n)?\{admonition\}[ \t]*Legacy Wiki Page[ \t]*\n"
    r".*?^\1[ \t]*(?:\n|\Z)",
    re.MULTILINE | re.DOTALL,
)
_BACKTICK_SPAN = re.compile(r"(`+)(.+?)\1\{\.backtick\}")
_SMILEY = re.compile(
    r"!\[([^\]\n]{1,6})\]\(/wiki/[^\s)]*?/img/[\w-]+\.png(?:%20|\s+)\"[^\"\n]*\"\)"
)
_SMILEYS = {
    ":)": "🙂",
    ":-)": "🙂",
    ":))": "😄",
    ":-))": "😄",
    ":(": "🙁",
    ":-(": "🙁",
    ":D": "😀",
    ":-D": "😀",
    ":\\": "😕",
    ":o": "😮",
    ";)": "😉",
    ";-)": "😉",
}
_BR_RUN = re.compile(r"(?:\[BR\]\(\./BR\.html\)[ \t]*)+")
# A MoinMoin CamelCase auto-link to a page that is not in the wiki: `./Name.html`, the name
# possibly hex-escaped with parentheses (`./Board(2f)marketing(2d)material.html`, `./(20).html`).
_MOIN_LINK = re.compile(
    r"\[([^\]\n]*)\]\(\./(?:[^()\s]|\([0-9a-fA-F]{2,8}\))*\.html(?:#[^)\s]*)?\)"
)
# Links to wiki user pages: there is no people folder in the wiki any more.
_PEOPLE_LINK = re.compile(r"\[([^\]\n]*)\]\((?:\.\./)+people/[^)\s]*\)")
# `[text](Project Funding/index)`: spaces make it no link at all in CommonMark.
_SPACED_TARGET = re.compile(r"(\]\()([^()\n\"<>]*? [^()\n\"<>]*?)(\))")
_COLONS = re.compile(r"^[ \t]{0,3}(:{3,})(.*)$")
_MYST_OPEN = re.compile(r"^[ \t]{0,3}(:{3,})\{[\w-]+\}")
_DIV_OPEN = re.compile(r"^:::+[ \t]*\{[^}\n]*\}[ \t]*$")
_DIV_CLOSE = re.compile(r"^:::+[ \t]*$")
_DASHES = re.compile(r"^[ \t]*-{3,}(?:[ \t]+-{3,})*[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


def _smiley(match: re.Match) -> str:
    alt = match.group(1).replace("\\\\", "\\")
    return _SMILEYS.get(alt, alt)


def _br(match: re.Match) -> str:
    # One break ends the line; two or more end the paragraph.
    return "\\\n" if match.group(0).count("[BR]") == 1 else "\n\n"


def _simple_table(lines: list[str]) -> list[str] | None:
    """A pandoc simple table (dashed rules around aligned columns) as a pipe table."""
    rules = [i for i, line in enumerate(lines) if _DASHES.match(line)]
    if not rules or rules[0] != 0:
        return None
    starts = [m.start() for m in re.finditer(r"-+", lines[0])]
    rows = []
    for line in lines[1:]:
        if _DASHES.match(line) or not line.strip():
            continue
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) != len(starts):
            bounds = [*starts[1:], None]
            cells = [line[a:b].strip() for a, b in zip(starts, bounds, strict=True)]
        rows.append([cell.replace("|", "\\|") for cell in cells])
    if not rows:
        return None
    out = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * len(starts)]
    out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return ["", *out, ""]


def _unwrap_divs(text: str) -> str:
    """Drop pandoc's `:::` div fences, turning a simple table inside one into a pipe table.

    MyST colon fences (`:::{note}` ... `:::`) stay; so does anything inside code fences.
    """
    lines = text.split("\n")
    out: list[str] = []
    fence = None  # the marker of the code fence we are in
    myst: list[int] = []  # colon counts of the open MyST directives
    i = 0
    while i < len(lines):
        line = lines[i]
        colons = _COLONS.match(line)
        if fence is not None:
            if line.strip() and set(line.strip()) == {fence[0]} and len(line.strip()) >= len(fence):
                fence = None
        elif m := _FENCE.match(line):
            fence = m.group(1)
        elif m := _MYST_OPEN.match(line):
            myst.append(len(m.group(1)))
        elif colons and not colons.group(2).strip() and myst and len(colons.group(1)) >= myst[-1]:
            myst.pop()
        elif colons:
            if _DIV_OPEN.match(line):
                j = i + 1
                while j < len(lines) and not _DIV_CLOSE.match(lines[j]):
                    j += 1
                table = _simple_table(lines[i + 1 : j])
                if table:
                    out.extend(table)
                    i = j + 1
                    continue
            i += 1  # a pandoc div marker: dropped, its content kept
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def clean_wiki(text: str) -> str:
    """The text with the MoinMoin/pandoc artefacts of the wiki export cleaned for display."""
    text = text.replace("\r\n", "\n")
    text = _LEGACY_ADMONITION.sub("", text)
    if ":::" in text:
        text = _unwrap_divs(text)
    text = _BACKTICK_SPAN.sub(lambda m: m.group(1) + html.unescape(m.group(2)) + m.group(1), text)
    text = _SMILEY.sub(_smiley, text)
    text = _BR_RUN.sub(_br, text)
    text = _MOIN_LINK.sub(lambda m: m.group(1), text)
    text = _PEOPLE_LINK.sub(lambda m: m.group(1), text)
    text = _SPACED_TARGET.sub(
        lambda m: m.group(1) + m.group(2).replace(" ", "%20") + m.group(3), text
    )
    return text


# --- Markdown to HTML ----------------------------------------------------------------------

ADMONITIONS = {
    "admonition",
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
    "note",
    "seealso",
    "tip",
    "warning",
}
_DIRECTIVE = re.compile(r"^\{([\w-]+)\}\s*(.*)$")
_OPTION = re.compile(r"^:[\w-]+:.*$")


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = re.sub(r"[^\w\s-]", "", text.encode("ascii", "ignore").decode()).strip().lower()
    return re.sub(r"[\s_-]+", "-", text) or "section"


def _directive_body(content: str) -> str:
    """A directive's content without its `:option: value` lines."""
    lines = content.split("\n")
    while lines and _OPTION.match(lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def _wiki_href(target: str, base: str) -> str:
    """A relative wiki link, resolved against the page's wiki path, as an /wiki/ address."""
    path, _, fragment = unquote(target).partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    path = path.removesuffix(".md").removesuffix(".html").lstrip("/")
    if path.startswith(".."):
        return ""
    href = "/wiki/" + quote(path, safe="/()-_.~")
    return href + ("#" + quote(fragment) if fragment else "")


# Ids the site's own templates use: a heading in user text never takes one.
RESERVED_IDS = {"main", "site-q", "q", "q404", "versions-h", "content", "top"}
_TEXTUAL = {"text", "code_inline", "myst_role"}


def _core_headings(state) -> None:
    """Drop the leading title if asked, shift headings so the highest is `top`, add ids."""
    env = state.env
    tokens = state.tokens
    if env.get("drop_title") and len(tokens) >= 3 and tokens[0].type == "heading_open":
        if tokens[0].tag == "h1":
            del tokens[0:3]
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = max(0, env.get("top", 2) - min(levels)) if levels else 0
    seen: set[str] = set()
    prefix = env.get("id_prefix", "h-")
    for i, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
        if token.type == "heading_open":
            inline = tokens[i + 1]
            text = "".join(c.content for c in inline.children or [] if c.type in _TEXTUAL)
            slug = _slug(text or inline.content)
            if prefix or slug in RESERVED_IDS:
                slug = (prefix or "h-") + slug
            base = slug
            n = 1
            while slug in seen:
                n += 1
                slug = f"{base}-{n}"
            seen.add(slug)
            token.attrSet("id", slug)


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin).use(deflist_plugin)
    md.use(colon_fence_plugin).use(myst_role_plugin)
    md.core.ruler.push("wg_headings", _core_headings)

    default_fence = md.renderer.rules["fence"]

    def fence(self, tokens, idx, options, env):
        token = tokens[idx]
        match = _DIRECTIVE.match(token.info.strip())
        if not match:
            return default_fence(tokens, idx, options, env)
        name, argument = match.group(1), match.group(2).strip()
        body = _directive_body(token.content)
        if name in ADMONITIONS:
            title = argument or name.capitalize()
            kind = name if name != "admonition" else "note"
            inner = md.render(body, {**env, "drop_title": False})
            return (
                f'<aside class="admonition {kind}"><p class="admonition-title">'
                f"{escapeHtml(title)}</p>{inner}</aside>\n"
            )
        if name == "toctree":
            items = []
            for line in body.split("\n"):
                entry = line.strip()
                if not entry or entry.startswith(":"):
                    continue
                href = _wiki_href(entry, env["base"]) if env.get("base") else ""
                label = escapeHtml(entry.removesuffix("/index").rsplit("/", 1)[-1])
                items.append(
                    f'<li><a href="{escapeHtml(href)}">{label}</a></li>'
                    if href
                    else f"<li>{label}</li>"
                )
            return f"<ul>{''.join(items)}</ul>\n" if items else ""
        if name in ("code", "code-block", "sourcecode"):
            return f"<pre><code>{escapeHtml(body)}</code></pre>\n"
        return f"<pre><code>{escapeHtml(token.content)}</code></pre>\n"

    md.add_render_rule("fence", fence)
    md.add_render_rule("colon_fence", fence)

    def link_open(self, tokens, idx, options, env):
        token = tokens[idx]
        href = token.attrGet("href") or ""
        if href and env.get("base") and not urlsplit(href).scheme:
            if not href.startswith(("/", "#", "?")):
                token.attrSet("href", _wiki_href(href, env["base"]) or href)
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)

    def image(self, tokens, idx, options, env):
        # Pictures from other sites would be blocked by the Content-Security-Policy anyway:
        # show them as links. Same-site pictures stay pictures.
        token = tokens[idx]
        src = token.attrGet("src") or ""
        alt = self.renderInlineAsText(token.children or [], options, env)
        if src.startswith("/") and not src.startswith("//"):
            return f'<img src="{escapeHtml(src)}" alt="{escapeHtml(alt)}">'
        return f'<a href="{escapeHtml(src)}">{escapeHtml(alt or src)}</a>'

    md.add_render_rule("image", image)

    def table_open(self, tokens, idx, options, env):
        return '<div class="table-wrap"><table>\n'

    def table_close(self, tokens, idx, options, env):
        return "</table></div>\n"

    md.add_render_rule("table_open", table_open)
    md.add_render_rule("table_close", table_close)

    def myst_role(self, tokens, idx, options, env):
        return f"<code>{escapeHtml(tokens[idx].content)}</code>"

    md.add_render_rule("myst_role", myst_role)
    return md


_MD = _build()

_TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre",
    "s", "section", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "li": {"id"},
    "sup": {"id"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
}
_CLASSES = {
    "aside": {"admonition", *ADMONITIONS},
    "p": {"admonition-title"},
    "div": {"table-wrap"},
    "section": {"footnotes"},
    "ol": {"footnotes-list"},
    "li": {"footnote-item"},
    "sup": {"footnote-ref"},
    "a": {"footnote-backref"},
    "hr": {"footnotes-sep"},
}


def sanitize(fragment: str) -> str:
    """HTML that cannot run anything: an allowlist of tags, attributes, classes, schemes."""
    return nh3.clean(
        fragment,
        tags=_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def to_html(
    text: str | None,
    *,
    base: str | None = None,
    top: int = 2,
    drop_title: bool = False,
    id_prefix: str = "h-",
) -> str:
    """MyST Markdown (wiki leftovers cleaned) as sanitised HTML.

    `base`: the wiki path of the page, to resolve its relative links to /wiki/ addresses;
    `top`: the level its highest heading gets (the page's own h1 stays the only h1);
    `drop_title`: leave out a leading `# Title` (the page shows its title itself);
    `id_prefix`: put before heading ids ("" on a page of its own, so that the text's own
    `#section` links work; the site's reserved ids are never taken).
    """
    if not text:
        return ""
    env = {
        "base": base,
        "top": max(2, min(6, top)),
        "drop_title": drop_title,
        "id_prefix": id_prefix,
    }
    return sanitize(_MD.render(clean_wiki(text), env))


_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd|tr|pre|blockquote|aside|div)>|<br\s*/?>|</t[hd]>")


def plain_text(text: str | None) -> str:
    """The readable text of some Markdown: no markup, entities decoded, whitespace folded."""
    if not text:
        return ""
    raw = _MD.render(clean_wiki(text), {"top": 2}).replace("\n", " ")
    raw = _BLOCK_END.sub(lambda m: m.group(0) + "\n", raw)
    stripped = html.unescape(nh3.clean(raw, tags=set()))
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in stripped.split("\n"))
    return "\n".join(line for line in lines if line)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])")


def first_sentence(text: str | None, limit: int = 200) -> str:
    """The first sentence of some Markdown, as plain text, at most `limit` characters."""
    plain = plain_text(text)
    if not plain:
        return ""
    first = plain.split("\n", 1)[0]
    first = _SENTENCE_END.split(first, maxsplit=1)[0].strip()
    if len(first) > limit:
        first = first[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return first


_FENCE_BLOCK = re.compile(r"^(`{3,}|:{3,})\{admonition\}.*?^\1[ \t]*$", re.M | re.S)
_FENCE_LINE = re.compile(r"^[ \t]*(?:`{3,}|:{3,})[^\n]*$", re.M)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_LINE_MARK = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+|:[a-z]+:.*$)", re.M
)
_EMPHASIS = re.compile(r"(?<!\\)(?:\*{1,3}|_{2,3}|`+)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!'\"$<>|~])")


def search_text(text: str | None) -> str:
    """The words of some Markdown for the search index: fast, for bulk indexing.

    A close approximation of `plain_text` (links keep their text, markup and the wiki's
    leftovers go) at a tenth of the cost: no Markdown parse.
    """
    if not text:
        return ""
    text = _FENCE_BLOCK.sub("", clean_wiki(text))
    text = _FENCE_LINE.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _LINE_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = html.unescape(_ESCAPE.sub(r"\1", text))
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
