"""Reading import inputs: find the files, detect each one's format, decode and parse it.

Everything here is read-only; `reconcile` writes. A bad file raises SourceError naming
the path as the user gave it and the line; several raise SourceErrors, every bad value of
every file at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workgroups.sources import formats
from workgroups.sources.records import SourceError, SourceErrors

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
    missing: list[SourceError] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and _wanted(file):
                    found.append((file, str(Path(given) / file.relative_to(path))))
        elif path.is_file():
            found.append((path, str(given)))
        else:
            missing.append(SourceError(str(given), None, "no such file or folder"))
    _raise(missing)
    return found


def _raise(errors: list[SourceError]) -> None:
    if errors:
        raise SourceErrors(errors) if len(errors) > 1 else errors[0]


def _each(error: SourceError) -> list[SourceError]:
    return list(error.errors) if isinstance(error, SourceErrors) else [error]


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
        _raise([SourceError(doc.display, e.line, e.message) for e in _each(exc)])


def read(paths: list[str | Path]) -> Bundle:
    """Read, detect and parse every input; bad files stop everything, all reported at once."""
    return read_files(collect(paths))


def read_files(files: list[tuple[Path, str]], progress=None, known=None) -> Bundle:
    """Decode and detect every file; parse those whose checksum `known` does not match.

    `known(names) -> {name: sha256}` tells which documents are already imported as they
    are: importing them again would change nothing, so they are not parsed again.
    """
    bundle = Bundle()
    errors: list[SourceError] = []
    for file, display in files:
        try:
            text = decode(file.read_bytes(), display)
            fmt, name = detect(file, text, display)
        except SourceError as exc:
            errors.append(exc)
            continue
        doc = Document(display, name, fmt, text, hashlib.sha256(text.encode()).hexdigest())
        bundle.documents.append(doc)
    stored = known([d.name for d in bundle.documents]) if known else {}
    for doc in bundle.documents:
        if not formats.get(doc.format).tracked or stored.get(doc.name) != doc.sha256:
            try:
                parse(doc)
            except SourceError as exc:
                errors.extend(_each(exc))
        if progress:
            progress()
    _raise(errors)
    return bundle
