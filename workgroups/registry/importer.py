"""Reading import inputs: find the files, detect each one's format, decode and parse it.

Everything here is read-only; `reconcile` writes. A bad file raises SourceError naming
the path as the user gave it and the line.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from pathlib import Path

from workgroups.sources.records import PsfPage, SourceError, WikiIndex, WikiPage

SKIPPED_NAMES = {"README.md", "SOURCE.txt"}
FORMATS = ("psf-page", "wiki-index", "wiki-page", "wiki-redirects", "yaml")


@dataclass
class Document:
    """One input file: where it is, its stable name for provenance, and its parsed records."""

    display: str  # the path as the user gave it, for messages
    name: str  # stable document name kept as provenance ("psf/working-groups/Conduct/Charter.md")
    format: str
    text: str
    sha256: str
    parsed: PsfPage | WikiIndex | WikiPage | dict | None = None


@dataclass
class Bundle:
    documents: list[Document] = field(default_factory=list)

    def of(self, fmt: str) -> list[Document]:
        return [d for d in self.documents if d.format == fmt]


def collect(paths: list[str | Path]) -> list[tuple[Path, str]]:
    """Files to import, each with the path to show in messages; folders are walked."""
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and _wanted(file):
                    found.append((file, str(Path(given) / file.relative_to(path))))
        elif path.is_file():
            found.append((path, str(given)))
        else:
            raise SourceError(str(given), None, "no such file or folder")
    return found


def _wanted(file: Path) -> bool:
    if file.name in SKIPPED_NAMES or file.name.startswith("."):
        return False
    return file.suffix in {".md", ".json", ".yaml", ".yml"}


def decode(data: bytes, display: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(display, line, f"not UTF-8: byte 0x{data[exc.start]:02x}") from None
    return text.removeprefix("\ufeff")


def wiki_path_of(file: Path) -> str | None:
    """'psf/working-groups/Conduct/Charter' for a file inside a wiki checkout, else None."""
    parts = file.resolve().with_suffix("").parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == "psf" and i < len(parts) - 1:
            return "/".join(parts[i:])
    return None


def detect(file: Path, text: str, display: str) -> tuple[str, str]:
    """(format, document name) of one file, from its place and its content."""
    if file.suffix in {".yaml", ".yml"}:
        return "yaml", file.name
    if file.suffix == ".json":
        return "wiki-redirects", file.name
    wiki_path = wiki_path_of(file)
    head = text[:4000]
    if wiki_path == "psf/working-groups/index" or (
        "## Active Working Groups" in head and "{toctree}" in text
    ):
        return "wiki-index", (wiki_path + ".md") if wiki_path else file.name
    if wiki_path is not None:
        return "wiki-page", wiki_path + ".md"
    if "## Active Work Groups" in head or "Work Groups of the Python Software Foundation" in head:
        return "psf-page", file.name
    raise SourceError(
        display, 1, "not a python.org working-groups page, a wiki index or a wiki page"
    )


def _parser(module: str, name: str):
    return getattr(importlib.import_module(f"workgroups.sources.{module}"), name)


def parse(doc: Document) -> None:
    """Fill doc.parsed; a SourceError names the user's path, not the document name."""
    try:
        if doc.format == "psf-page":
            doc.parsed = _parser("psf_page", "parse_psf_page")(doc.text, doc.name)
        elif doc.format == "wiki-index":
            doc.parsed = _parser("wiki", "parse_wiki_index")(doc.text, doc.name)
        elif doc.format == "wiki-page":
            wiki_path = doc.name.removesuffix(".md")
            doc.parsed = _parser("wiki", "parse_wiki_page")(doc.text, doc.name, wiki_path)
        elif doc.format == "wiki-redirects":
            doc.parsed = _parser("wiki", "parse_redirects")(doc.text, doc.name)
    except SourceError as exc:
        raise SourceError(doc.display, exc.line, exc.message) from None


def read(paths: list[str | Path]) -> Bundle:
    """Read, detect and parse every input; the first bad file stops everything."""
    return read_files(collect(paths))


def read_files(files: list[tuple[Path, str]], progress=None, known=None) -> Bundle:
    """Decode and detect every file; parse those whose checksum `known` does not match.

    `known(names) -> {name: sha256}` tells which documents are already imported as they
    are: importing them again would change nothing, so they are not parsed again.
    """
    bundle = Bundle()
    for file, display in files:
        text = decode(file.read_bytes(), display)
        fmt, name = detect(file, text, display)
        doc = Document(display, name, fmt, text, hashlib.sha256(text.encode()).hexdigest())
        bundle.documents.append(doc)
    stored = known([d.name for d in bundle.documents]) if known else {}
    for doc in bundle.documents:
        if doc.format == "yaml" or stored.get(doc.name) != doc.sha256:
            parse(doc)
        if progress:
            progress()
    return bundle
