"""Links in wiki page bodies (MyST Markdown), and where on the wiki they point.

Pure functions: no ORM. `wiki_links(body)` finds the links a reader can click;
`wiki_targets(page_path, target, text)` turns one into the wiki paths it may mean.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

_WIKI_URL = re.compile(r"^https?://wiki\.python\.org/(?P<path>.*)$", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_MOIN_HEX = re.compile(r"\(([0-9a-fA-F]{2})\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_SKIP_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".pdf", ".zip")


@dataclass(frozen=True)
class Link:
    target: str  # as written
    text: str
    line: int  # 1-based, in the body


def wiki_links(body: str) -> list[Link]:
    """Every `[text](target)` and `<https://...>` link of a body; images are left out.

    Targets may hold raw spaces and balanced parentheses (MoinMoin's `(2f)` escapes), which
    CommonMark would refuse but the wiki pages use.
    """
    links: list[Link] = []
    if "](" not in body and "<http" not in body:
        return links
    for number, line in enumerate(body.splitlines(), start=1):
        if "](" not in line and "<http" not in line:
            continue
        start = 0
        while (close := line.find("](", start)) != -1:
            start = close + 2
            opening = _opening_bracket(line, close)
            if opening is None or (opening > 0 and line[opening - 1] == "!"):
                continue
            target, end = _balanced(line, close + 2)
            if target is None:
                continue
            start = end
            target = re.sub(r'\s+"[^"]*"$', "", target.strip())
            links.append(Link(target, line[opening + 1 : close], number))
        if "<http" in line:
            links.extend(Link(m.group(1), m.group(1), number) for m in _AUTOLINK.finditer(line))
    return links


def _opening_bracket(line: str, close: int) -> int | None:
    depth = 0
    for i in range(close - 1, -1, -1):
        if line[i] == "]":
            depth += 1
        elif line[i] == "[":
            if depth == 0:
                return i
            depth -= 1
    return None


def _balanced(line: str, start: int) -> tuple[str | None, int]:
    depth = 0
    for i in range(start, len(line)):
        if line[i] == "(":
            depth += 1
        elif line[i] == ")":
            if depth == 0:
                return line[start:i], i + 1
            depth -= 1
    return None, len(line)


def moin_unescape(name: str) -> str:
    """'Board(2f)marketing(2d)material' -> 'Board/marketing-material'."""
    return _MOIN_HEX.sub(lambda m: chr(int(m.group(1), 16)), name)


def wiki_targets(page_path: str, target: str, text: str = "") -> list[str] | None:
    """The wiki paths a link may mean, most likely first; None when it is not a wiki link.

    `page_path` is the linking page's wiki path ("psf/working-groups/Grants").
    Left out: other sites, mail, anchors, attachments and images, and MoinMoin's automatic
    links (`[PyCon](./PyCon.html)`: a CamelCase word the old wiki linked by itself).
    """
    target = target.strip()
    if not target or target.startswith(("#", "[")):
        return None
    if match := _WIKI_URL.match(target):
        path = _clean(match.group("path"))
        if not path.startswith(("psf/", "moin/")):
            return None
        candidates = [path]
        if path.startswith("psf/") and not path.startswith("psf/working-groups/"):
            candidates.append("psf/working-groups/" + path.removeprefix("psf/"))
        return candidates
    if _SCHEME.match(target) or target.startswith("/"):
        return None
    if target.startswith("attachments/") or target.lower().endswith(_SKIP_SUFFIXES):
        return None
    if target.startswith("./") and target.split("#")[0].endswith(".html"):
        name = target[2:].split("#")[0].removesuffix(".html")
        if name == text.strip() or not name.strip("()0123456789abcdef "):
            # An automatic CamelCase link, or a link whose target was lost in conversion
            # (`./(20).html`): the latter is broken, say so with the text.
            return [] if name != text.strip() else None
        name = _clean(moin_unescape(name))
        return ["psf/" + name, "psf/working-groups/" + name]
    path = _clean(target)
    base = posixpath.dirname(page_path)
    return [posixpath.normpath(posixpath.join(base, path))]


def _clean(path: str) -> str:
    path = path.split("#", 1)[0].split("?", 1)[0]
    path = unquote(path).strip().rstrip("/")
    return path.removesuffix(".md").removesuffix(".html")
