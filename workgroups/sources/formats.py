"""The source formats, in one place: how a file is recognised, parsed, and rendered back.

Each `Format` names its documents' kind (`SourceKind`), how a file of it is detected (by its
suffix alone, or by sniffing its place and text), the parser that turns its text into records
and, where it has one, the `Export` that renders a snapshot back (`workgroups export --format`).
The importer, the export command and the reconciler read this registry: a new format is one
module plus one `register()` line (and, if its records are to be written, one reconcile step
keyed by its name in `workgroups.registry.reconcile.STEPS`).

Formats are kept in their declared order, which is the order their documents are reconciled
in: a YAML dump first (a whole registry that later documents add to), then the python.org
page (authoritative for what it states), then the wiki. Parsers and renderers are imported
when first used, so that commands that need neither do not pay for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workgroups.lib.vocabulary import SourceKind

if TYPE_CHECKING:
    from pathlib import Path

    from workgroups.sources.shapes import Snapshot

PageUrl = Callable[[str, str], str]  # (group slug, page slug) -> the page's URL on the site


@dataclass(frozen=True)
class Export:
    """How a snapshot is rendered as this format, under the name `export --format` takes."""

    name: str
    render: Callable[[Snapshot, PageUrl], str | dict[str, str]]
    folder: bool = False  # renders {relative path: text}, written under the folder given
    # Data for programs rather than pages for readers: listed after the pages.
    data: bool = False
    # Writes the same text piece by piece through `write`, so a large export is never held
    # whole in memory (optional: formats without it are rendered, then written).
    stream: Callable[[Snapshot, PageUrl, Callable[[str], Any]], None] | None = None


@dataclass(frozen=True)
class Format:
    name: str  # the kind of its documents (a SourceKind value), or the export's name
    label: str  # what a message calls one of its files ("a wiki page")
    # A folder walk picks up files with these suffixes. Without `sniff`, the suffix alone
    # decides that a file is of this format.
    suffixes: tuple[str, ...] = ()
    # The document name of a file that reads as this format (its place and its text), else None.
    sniff: Callable[[Path, str], str | None] | None = None
    # (text, document name) -> records; None for a format whose reconcile step reads the text.
    parse: Callable[[str, str], Any] | None = None
    # Each document is kept as a Source with its checksum, and skipped while it is unchanged;
    # an untracked document (a dump) is read in full every time.
    tracked: bool = True
    export: Export | None = None

    @property
    def imports(self) -> bool:
        return bool(self.suffixes) or self.sniff is not None


_FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    if fmt.name in _FORMATS:
        raise ValueError(f"format {fmt.name!r} is already registered")
    _FORMATS[fmt.name] = fmt
    return fmt


def unregister(name: str) -> None:
    del _FORMATS[name]


def get(name: str) -> Format:
    return _FORMATS[name]


def importable() -> list[Format]:
    """The formats `workgroups import` reads, in the order their documents are reconciled."""
    return [f for f in _FORMATS.values() if f.imports]


def exports() -> list[Export]:
    """What `workgroups export --format` offers: pages for readers first, then data."""
    found = [f.export for f in _FORMATS.values() if f.export is not None]
    return sorted(found, key=lambda e: e.data)


def export(name: str) -> Export:
    for candidate in exports():
        if candidate.name == name:
            return candidate
    raise ValueError(name)


def wanted_suffixes() -> set[str]:
    """The suffixes of the files a folder walk picks up."""
    return {suffix for f in importable() for suffix in f.suffixes}


def detect(path: Path, text: str) -> tuple[Format, str] | None:
    """(format, document name) of one file: a suffix a format owns, else the first sniff."""
    for fmt in importable():
        if fmt.sniff is None and path.suffix in fmt.suffixes:
            return fmt, path.name
    for fmt in importable():
        if fmt.sniff is not None and (name := fmt.sniff(path, text)) is not None:
            return fmt, name
    return None


def unknown_format_message() -> str:
    """'not a python.org working-groups page, a wiki index or a wiki page'."""
    labels = [f.label for f in importable() if f.sniff is not None]
    if len(labels) < 2:
        return "not " + "".join(labels)
    return "not " + ", ".join(labels[:-1]) + " or " + labels[-1]


# -- the wiki's files ---------------------------------------------------------------------------

WIKI_INDEX_PATH = "psf/working-groups/index"
_SNIFFED_CHARS = 4000  # headings that identify a page sit near its top


def wiki_path_of(file: Path) -> str | None:
    """'psf/working-groups/Conduct/Charter' for a file inside a wiki checkout, else None."""
    parts = file.resolve().with_suffix("").parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == "psf" and i < len(parts) - 1:
            return "/".join(parts[i:])
    return None


def _is_wiki_index(file: Path, text: str) -> bool:
    """The wiki's working-groups index: by its place, or (a copy elsewhere) by its text."""
    if wiki_path_of(file) == WIKI_INDEX_PATH:
        return True
    return "## Active Working Groups" in text[:_SNIFFED_CHARS] and "{toctree}" in text


def _sniff_wiki_index(file: Path, text: str) -> str | None:
    if not _is_wiki_index(file, text):
        return None
    wiki_path = wiki_path_of(file)
    return (wiki_path + ".md") if wiki_path else file.name


def _sniff_wiki_page(file: Path, text: str) -> str | None:
    wiki_path = wiki_path_of(file)
    if wiki_path is None or _is_wiki_index(file, text):
        return None
    return wiki_path + ".md"


def _parse_wiki_index(text: str, name: str):
    from workgroups.sources.wiki import parse_wiki_index

    return parse_wiki_index(text, name)


def _parse_wiki_page(text: str, name: str):
    from workgroups.sources.wiki import parse_wiki_page

    return parse_wiki_page(text, name, name.removesuffix(".md"))


def _parse_redirects(text: str, name: str):
    from workgroups.sources.wiki import parse_redirects

    return parse_redirects(text, name)


def _render_wiki(snapshot: Snapshot, page_url: PageUrl) -> dict[str, str]:
    from workgroups.sources.render_wiki import render_wiki

    return render_wiki(snapshot)


# -- the python.org page ------------------------------------------------------------------------


def _sniff_psf_page(file: Path, text: str) -> str | None:
    """A page outside any wiki checkout, with the python.org page's heading or title."""
    if wiki_path_of(file) is not None or _is_wiki_index(file, text):
        return None
    head = text[:_SNIFFED_CHARS]
    if "## Active Work Groups" in head or "Work Groups of the Python Software Foundation" in head:
        return file.name
    return None


def _parse_psf_page(text: str, name: str):
    from workgroups.sources.psf_page import parse_psf_page

    return parse_psf_page(text, name)


def _render_psf_page(snapshot: Snapshot, page_url: PageUrl) -> str:
    from workgroups.sources.render_psf_page import page_groups, render_psf_page

    return render_psf_page(page_groups(snapshot))


# -- dumps --------------------------------------------------------------------------------------


def _render_yaml(snapshot: Snapshot, page_url: PageUrl) -> str:
    from workgroups.sources.render_yaml import render_yaml

    return render_yaml(snapshot)


def _stream_yaml(snapshot: Snapshot, page_url: PageUrl, write: Callable[[str], Any]) -> None:
    from workgroups.sources.render_yaml import write_yaml

    write_yaml(snapshot, write)


def _render_json(snapshot: Snapshot, page_url: PageUrl) -> str:
    from workgroups.sources.render_json import render_json

    return render_json(snapshot, page_url=page_url)


register(
    Format(
        SourceKind.YAML,
        "a registry dump",
        suffixes=(".yaml", ".yml"),
        tracked=False,
        export=Export("yaml", _render_yaml, data=True, stream=_stream_yaml),
    )
)
register(
    Format(
        SourceKind.PSF_PAGE,
        "a python.org working-groups page",
        suffixes=(".md",),
        sniff=_sniff_psf_page,
        parse=_parse_psf_page,
        export=Export("psf-page", _render_psf_page),
    )
)
register(
    Format(
        SourceKind.WIKI_INDEX,
        "a wiki index",
        suffixes=(".md",),
        sniff=_sniff_wiki_index,
        parse=_parse_wiki_index,
        # The wiki folder as a whole: its index, every page and the redirects file.
        export=Export("wiki", _render_wiki, folder=True),
    )
)
register(
    Format(
        SourceKind.WIKI_REDIRECTS,
        "the wiki's redirects",
        suffixes=(".json",),
        parse=_parse_redirects,
    )
)
register(
    Format(
        SourceKind.WIKI_PAGE,
        "a wiki page",
        suffixes=(".md",),
        sniff=_sniff_wiki_page,
        parse=_parse_wiki_page,
    )
)
# The API's detail shape of every group: rendered, never imported.
register(Format("json", "the API's JSON", export=Export("json", _render_json, data=True)))
