"""Reading import inputs: find the files, detect each one's format, decode and parse it.

Everything here is read-only; `reconcile` writes. A bad file raises SourceError naming
the path as the user gave it and the line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workgroups.sources import formats
from workgroups.sources.records import SourceError

SKIPPED_NAMES = {"README.md", "SOURCE.txt"}


@dataclass
class Document:
    """One input file: where it is, its stable name for provenance, and its parsed records."""

    display: str  # the path as the user gave it, for messages
    name: str  # stable document name kept as provenance ("psf/working-groups/Conduct/Charter.md")
    format: str  # the name of its format in workgroups.sources.formats
    text: str
    sha256: str
    parsed: Any = None  # what the format's parser made of the text


@dataclass
class Bundle:
    documents: list[Document] = field(default_factory=list)


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
    return file.suffix in formats.wanted_suffixes()


def decode(data: bytes, display: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(display, line, f"not UTF-8: byte 0x{data[exc.start]:02x}") from None
    return text.removeprefix("\ufeff")


def detect(file: Path, text: str, display: str) -> tuple[str, str]:
    """(format, document name) of one file, from its place and its content."""
    found = formats.detect(file, text)
    if found is None:
        raise SourceError(display, 1, formats.unknown_format_message())
    fmt, name = found
    return fmt.name, name


def parse(doc: Document) -> None:
    """Fill doc.parsed; a SourceError names the user's path, not the document name."""
    parser = formats.get(doc.format).parse
    if parser is None:
        return
    try:
        doc.parsed = parser(doc.text, doc.name)
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
        if not formats.get(doc.format).tracked or stored.get(doc.name) != doc.sha256:
            parse(doc)
        if progress:
            progress()
    return bundle
