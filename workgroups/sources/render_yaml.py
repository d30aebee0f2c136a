"""The registry dump: a `Snapshot` as one YAML document, and back.

The document is meant to be read and reviewed as a diff: keys in a fixed order, one group at a
time with everything that belongs to it, multi-line text (purposes, resolutions, page bodies) as
literal block scalars, partial dates as quoted strings, and no timestamps or database ids.
Its keys and their order are the fields of the shapes (`workgroups.sources.shapes`); keys whose
value is the default (no date, `voting: true`, position 0, "") are left out. Reading validates
the document against the same shapes and reports every error as `path:line: field: message`.

`render_yaml(parse_yaml(text)[0]) == text` for any text `render_yaml` produced.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Callable
from typing import Any

import pydantic
import yaml
from yaml.emitter import ScalarAnalysis

from workgroups.sources.records import SourceError, SourceErrors
from workgroups.sources.shapes import FORMAT, FORMAT_VERSION, QuotedDate, Snapshot
from workgroups.sources.shapes import Group as GroupShape

# ---------------------------------------------------------------------------------------------
# Writing


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line strings as literal blocks whenever that is lossless.

    PyYAML refuses block style for text with trailing spaces on a line (common in the wiki's
    headings); YAML itself keeps them, so allow it. Text that a block cannot hold exactly
    (carriage returns and the other YAML 1.1 line breaks, control characters) is written as a
    double-quoted string with escapes instead.
    """

    def analyze_scalar(self, scalar):
        if "\n" in scalar and _block_is_lossless(scalar):
            # The whole-string character scan of PyYAML is the slow part of a dump; a
            # literal block needs none of its answers.
            return ScalarAnalysis(
                scalar=scalar,
                empty=False,
                multiline=True,
                allow_flow_plain=False,
                allow_block_plain=False,
                allow_single_quoted=False,
                allow_double_quoted=True,
                allow_block=True,
            )
        return super().analyze_scalar(scalar)


_ODD_BREAKS = "\r\x85\u2028\u2029\ufeff"
# What a literal block cannot carry as it is: other line breaks, control characters,
# non-characters.
_NOT_IN_BLOCK = re.compile(
    "[\r\x85\u2028\u2029\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)


def _block_is_lossless(text: str) -> bool:
    # A first line opening with a tab cannot show the block's indentation.
    return not text.startswith("\t") and _NOT_IN_BLOCK.search(text) is None


def _represent_str(dumper: yaml.SafeDumper, value: str):
    if "\n" in value and _block_is_lossless(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if any(ch in value for ch in _ODD_BREAKS):
        # Line breaks YAML 1.1 knows besides \n: only escapes keep them as they are.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)
# Line ranges are the only tuples of a dump: one line each, `lines: [8, 29]`.
_Dumper.add_representer(
    tuple, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", list(v), flow_style=True)
)
_Dumper.add_representer(
    QuotedDate, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style="'")
)

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMP = {"exclude_defaults": True, "context": {"quote_dates": True}}


def _rows(rows) -> list[dict]:
    return [row.model_dump(**_DUMP) for row in rows]


def to_document(snapshot: Snapshot) -> dict:
    """The snapshot as plain data, in the document's key order."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "sources": _rows(snapshot.sources),
        "people": _rows(snapshot.people),
        "groups": _rows(snapshot.groups),
        "pages": _rows(snapshot.pages),
        "legacy_paths": dict(snapshot.legacy_paths),
    }


_OPTIONS = {
    "Dumper": _Dumper,
    "sort_keys": False,
    "allow_unicode": True,
    "default_flow_style": False,
    "width": 1 << 30,
    "indent": 2,
}


def render_yaml(snapshot: Snapshot) -> str:
    """The registry dump; the same snapshot always gives the same text."""
    # A list of parts joined once: a StringIO of the dump would hold four bytes a character.
    parts: list[str] = []
    write_yaml(snapshot, parts.append)
    return "".join(parts)


def write_yaml(snapshot: Snapshot, write: Callable[[str], Any]) -> None:
    """Write the dump a group at a time, in the same bytes as `render_yaml`."""
    emitter = _Emitter()
    write("---\n")
    head = {"format": FORMAT, "version": FORMAT_VERSION}
    sections = [
        ("sources", snapshot.sources),
        ("people", snapshot.people),
        ("groups", snapshot.groups),
        ("pages", snapshot.pages),
    ]
    write(emitter.mapping_text(head))
    for key, rows in sections:
        if not rows:
            write(emitter.mapping_text({key: []}))
            continue
        write(f"{key}:\n")
        for row in rows:
            # One row at a time: the plain data of 10,000 groups is never built all at once.
            write(emitter.item_text(key, row.model_dump(**_DUMP)))
    write(emitter.mapping_text({"legacy_paths": dict(snapshot.legacy_paths)}))
    if emitter.open_ended:
        write("...\n")


class _Fallback(Exception):
    """A value the quick emitter does not write exactly as PyYAML would."""


_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
# Text PyYAML writes plain, as it is: no indicator first, no control or odd characters.
_ODD = "\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff"
_PLAIN = re.compile("[^-?:#,\\[\\]{}&*!|>'\"%@` ." + _ODD + "][^" + _ODD + "]*")


# The first characters of text some implicit type (int, bool, null, date...) may read; other
# text is a string without asking the resolver (a million texts in a dump of 10,000 groups).
_TYPED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)


def _is_plain(text: str) -> bool:
    return (
        _PLAIN.fullmatch(text) is not None
        and text[-1] not in " :"
        and ": " not in text
        and " #" not in text
        and (
            text[0] not in _TYPED_FIRST
            or _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR
        )
    )


def _literal(text: str, indent: str) -> str:
    """PyYAML's literal block (`Emitter.write_literal`) for text holding only \\n breaks."""
    hints = "2" if text[0] in " \n" else ""
    if text[-1] != "\n":
        hints += "-"
    elif len(text) == 1 or text[-2] == "\n":
        hints += "+"
    body = "\n".join(indent + line if line else "" for line in text.split("\n"))
    return f"|{hints}\n{body}" + ("" if text[-1] == "\n" else "\n")


class _Emitter:
    """PyYAML's block style for the dump's plain data, without PyYAML's per-event machinery.

    What it does not know to write exactly (nested lists, unusual keys, floats) it hands back
    to PyYAML, a row at a time; the two give the same bytes (tests compare them).
    """

    def __init__(self):
        self.open_ended = False  # the last scalar was a `|+` block: the stream ends with ...
        self.scalars: dict[tuple[type, Any], str] = {}
        self.keys: dict[str, str] = {}

    def mapping_text(self, data: dict) -> str:
        try:
            out: list[str] = []
            self.mapping(out, data, 0, inline=False)
            return "".join(out)
        except _Fallback:
            return self.pyyaml(data)

    def item_text(self, key: str, row: dict) -> str:
        try:
            out: list[str] = []
            self.sequence(out, [row], 0)
            return "".join(out)
        except _Fallback:
            return self.pyyaml({key: [row]}).split("\n", 1)[1]

    def pyyaml(self, data: dict) -> str:
        text = yaml.dump(data, **_OPTIONS)
        self.open_ended = text.endswith("\n...\n")
        return text.removesuffix("...\n") if self.open_ended else text

    def key(self, key: Any) -> str:
        if type(key) is not str:
            raise _Fallback
        text = self.keys.get(key)
        if text is None:
            if len(key) < 128 and _is_plain(key):
                text = key
            else:
                dumped = yaml.dump({key: 0}, **_OPTIONS)
                if dumped.count("\n") != 1 or not dumped.endswith(": 0\n"):
                    raise _Fallback
                text = dumped[: -len(": 0\n")]
            self.keys[key] = text
        return text

    def mapping(self, out: list[str], data: dict, indent: int, inline: bool) -> None:
        pad = " " * indent
        for i, (key, value) in enumerate(data.items()):
            out.append(f"{'' if inline and i == 0 else pad}{self.key(key)}:")
            self.value(out, value, indent, indent)

    def sequence(self, out: list[str], items: list, indent: int) -> None:
        pad = " " * indent
        for item in items:
            out.append(f"{pad}-")
            if isinstance(item, list) and item:
                raise _Fallback
            if isinstance(item, dict) and item:
                out.append(" ")
                self.mapping(out, item, indent + 2, inline=True)
            else:
                self.value(out, item, indent, indent)

    def value(self, out: list[str], value: Any, indent: int, seq_indent: int) -> None:
        """After `key:` or `-`: the value, from a space or a new line."""
        if isinstance(value, dict):
            if value:
                out.append("\n")
                self.mapping(out, value, indent + 2, inline=False)
            else:
                out.append(" {}\n")
            self.open_ended = False
        elif isinstance(value, list):
            if value:
                out.append("\n")
                self.sequence(out, value, seq_indent)
            else:
                out.append(" []\n")
                self.open_ended = False
        elif isinstance(value, tuple):
            if any(v is not None and type(v) is not int for v in value):
                raise _Fallback
            out.append(f" [{', '.join('null' if v is None else str(v) for v in value)}]\n")
            self.open_ended = False
        else:
            out.append(f" {self.scalar(value, indent + 2)}\n")

    def scalar(self, value: Any, indent: int) -> str:
        kind = type(value)
        if kind is str and "\n" in value and _block_is_lossless(value):
            text = _literal(value, " " * indent)
            self.open_ended = text[: text.index("\n")].endswith("+")
            return text[:-1]
        self.open_ended = False
        if value is None:
            return "null"
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return str(value)
        if kind is str and _is_plain(value):
            return value
        if kind not in (str, QuotedDate, float):
            raise _Fallback
        text = self.scalars.get((kind, value))
        if text is None:
            dumped = yaml.dump([value], **_OPTIONS)
            if dumped.count("\n") != 1 or not dumped.startswith("- "):
                raise _Fallback
            text = dumped[2:-1]
            if len(text) < 64:
                self.scalars[(kind, value)] = text
        return text


# ---------------------------------------------------------------------------------------------
# Reading


class _Map(dict):
    """A mapping that remembers its line and the line of each of its values (1-based)."""

    line: int = 1
    lines: dict

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _LocatingLoader(_SafeLoader):
    pass


def _construct_map(loader, node):
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise _located(key_node, f"a key must be text, not {key!r}")
        if key in out:
            raise _located(key_node, f"duplicate key {key!r}")
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = value_node.start_mark.line + 1
    return out


class _LocatedError(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


def _located(node, message: str) -> _LocatedError:
    return _LocatedError(node.start_mark.line + 1, message)


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)


_SHORT = 40  # texts up to this long are kept once however often they appear


class _Chunks:
    """A text read a piece at a time (LibYAML copies a whole text given at once as UTF-8)."""

    def __init__(self, text: str):
        self.text, self.at = text, 0

    def read(self, size: int) -> str:
        piece = self.text[self.at : self.at + size]
        self.at += len(piece)
        return piece


class _Unusual(Exception):
    """Something the quick reader leaves to PyYAML's loader: anchors, tags, merges, errors."""


def _read_events(loader: _SafeLoader, each_group: Callable[[int, Any], Any] | None) -> Any:
    """What `yaml.load(text, _LocatingLoader)` makes of a plain document, from its events.

    PyYAML composes a tree of every node first, resolving each scalar's tag in Python; a dump
    of 10,000 groups holds millions of scalars. This builds the same values (located
    mappings, lists, scalars) straight from the parser's events, without the tree. Anything
    beyond plain block or flow data raises _Unusual: PyYAML's loader reads those (and reports
    errors exactly as it does). Each item of the root's `groups` goes through `each_group`
    (index, item) as soon as it is read: only what that returns is kept.
    """
    get, check = loader.get_event, loader.check_event
    first_chars, constructors = loader.yaml_implicit_resolvers, loader.yaml_constructors
    tags: dict[str, str] = {}  # short plain scalars' resolved tags (keys, roles, dates...)
    # One copy of each short text (roles, kinds, source paths repeat on every row).
    texts: dict[str, str] = {}
    keys: dict[str, str] = {}  # plain keys read before, interned

    def scalar(event):
        value = event.value
        if event.anchor is not None or event.tag is not None:
            raise _Unusual
        if not event.implicit[0] or (value and value[0] not in first_chars):
            # quoted, or plain text no implicit type starts with
            return texts.setdefault(value, value) if len(value) <= _SHORT else value
        tag = tags.get(value)
        if tag is None:
            tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
            if len(value) <= _SHORT:
                tags[value] = tag
        if tag == _STR:
            return texts.setdefault(value, value) if len(value) <= _SHORT else value
        construct = constructors.get(tag)
        if construct is None:
            raise _Unusual  # a merge key ("<<"), a value key ("=")
        return construct(loader, yaml.ScalarNode(tag, value, event.start_mark, event.end_mark))

    def mapping(event, root=False):
        if event.anchor is not None or event.tag is not None:
            raise _Unusual
        out = _Map()
        out.line = event.start_mark.line + 1
        lines = out.lines = {}
        while True:
            event = get()
            if type(event) is yaml.MappingEndEvent:
                return out
            if type(event) is not yaml.ScalarEvent:
                raise _Unusual
            # Most keys are plain words no implicit type reads, met again and again.
            key = keys.get(event.value)
            plain = event.implicit[0] and event.anchor is None and event.tag is None
            if key is None or not plain:
                key = scalar(event)
                if not isinstance(key, str):
                    raise _Unusual  # PyYAML's loader says what is wrong with it
                key = sys.intern(key)
                if plain and key[:1] not in first_chars and len(key) <= _SHORT:
                    keys[key] = key
            if key in out:
                raise _Unusual
            event = get()
            lines[key] = event.start_mark.line + 1
            if root and key == "groups" and each_group and type(event) is yaml.SequenceStartEvent:
                out[key] = sequence(event, each_group)
            else:
                out[key] = node(event)

    def sequence(event, each=None):
        if event.anchor is not None or event.tag is not None:
            raise _Unusual
        out = []
        while True:
            event = get()
            if type(event) is yaml.SequenceEndEvent:
                return out
            out.append(node(event) if each is None else each(len(out), node(event)))

    def node(event):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            return scalar(event)
        if kind is yaml.MappingStartEvent:
            return mapping(event)
        if kind is yaml.SequenceStartEvent:
            return sequence(event)
        raise _Unusual  # an alias

    get()  # the stream's start
    if check(yaml.StreamEndEvent):
        return None
    if get().tags:  # %TAG directives
        raise _Unusual
    event = get()
    doc = mapping(event, root=True) if type(event) is yaml.MappingStartEvent else node(event)
    get()  # the document's end
    if not check(yaml.StreamEndEvent):
        raise _Unusual  # more than one document
    return doc


def _load_located(text: str, each_group: _GroupReader | None = None) -> Any:
    """The document as located mappings, lists and scalars (as `_LocatingLoader` reads it).

    Each item of its `groups` goes through `each_group` (index, item), whichever reads it.
    """
    loader = _LocatingLoader(_Chunks(text))
    try:
        return _read_events(loader, each_group)
    except Exception:  # noqa: BLE001 - PyYAML's loader reads it again, and says what is wrong
        pass
    finally:
        loader.dispose()
    if each_group is not None:
        each_group.restart()  # forget the groups read before the quick reader gave up
    doc = yaml.load(text, Loader=_LocatingLoader)
    if each_group and isinstance(doc, dict) and isinstance(doc.get("groups"), list):
        doc["groups"] = [each_group(i, item) for i, item in enumerate(doc["groups"])]
    return doc


class Lines:
    """The line of each parsed row (by `id()` of its shape), for errors found later.

    Only the rows' own lines are kept (a dump of 10,000 groups has half a million rows); the
    lines of their keys too with `keys=True`.
    """

    def __init__(self, *, keys: bool = False):
        self.of: dict[int, int] = {}
        self.keys: dict[int, dict[str, int]] | None = {} if keys else None

    def __call__(self, row: Any, key: str | None = None) -> int | None:
        """The line of the row, or of one of its keys."""
        line = self.of.get(id(row))
        if key and line is not None and self.keys is not None:
            return self.keys[id(row)].get(key, line)
        return line

    def record(self, data: Any, shape: Any) -> None:
        """Walk the located document and the shapes made of it side by side."""
        if isinstance(data, _Map) and isinstance(shape, pydantic.BaseModel):
            self.of[id(shape)] = data.line
            if self.keys is not None:
                self.keys[id(shape)] = data.lines
            for key, value in data.items():
                child = getattr(shape, key, None)
                if isinstance(value, list) and isinstance(child, list):
                    for item, row in zip(value, child, strict=False):
                        self.record(item, row)
                elif isinstance(value, _Map):
                    self.record(value, child)


def _share_fields_sets(shape: pydantic.BaseModel, shared: dict) -> None:
    """Let the rows that were given the same keys share one set of their names.

    Pydantic keeps a set of the keys given for each model (about 700 bytes for a membership;
    a dump of 10,000 groups holds half a million rows), which only `exclude_unset` reads: the
    registry's shapes are dumped with `exclude_defaults` and loaded, never dumped unset.
    """
    given = shape.__pydantic_fields_set__
    key = (type(shape), frozenset(given))
    object.__setattr__(shape, "__pydantic_fields_set__", shared.setdefault(key, given))
    for value in shape.__dict__.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, pydantic.BaseModel):
                    _share_fields_sets(item, shared)
        elif isinstance(value, pydantic.BaseModel):
            _share_fields_sets(value, shared)


class _GroupReader:
    """Checks each group of a document against its shape as soon as it is read.

    Only the shape and its rows' lines are kept, not the located document (which takes
    several times the memory); errors are kept, worded and located as the whole document's
    check words them.
    """

    def __init__(self, path: str, lines: Lines):
        self.path, self.lines = path, lines
        self.errors: list[SourceError] = []
        self.fields_sets: dict = {}

    def restart(self) -> None:
        self.lines.of.clear()
        self.errors.clear()

    def __call__(self, index: int, item: Any) -> Any:
        if not isinstance(item, _Map):
            return item  # the whole document's check says what is wrong with it
        try:
            shape = GroupShape.model_validate(item)
        except pydantic.ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = ("groups", index, *error["loc"])
                where = _line_of(item, tuple(error["loc"]))
                self.errors.append(
                    SourceError(self.path, where, f"{_field_of(loc)}: {_message(error)}")
                )
            return None
        self.lines.record(item, shape)
        _share_fields_sets(shape, self.fields_sets)
        return shape


def _line_of(doc: Any, loc: tuple) -> int | None:
    """The line of the deepest part of the document that `loc` reaches."""
    line, node = getattr(doc, "line", None), doc
    for key in loc:
        if isinstance(node, _Map) and key in node:
            line, node = node.line_of(key), node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
            line = getattr(node, "line", line)
        else:
            break
    return line


def _field_of(loc: tuple) -> str:
    names = [str(k) for k in loc if isinstance(k, str) and not k[:1].isupper()]
    return names[-1] if names else "document"


def _message(error: dict) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "is required"
    if error["type"] in ("enum", "literal_error"):
        return f"must be {error['ctx']['expected']}"
    if error["type"] in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number, not {error['input']!r}"
    if error["type"] in ("greater_than_equal", "less_than_equal"):
        bound = error["ctx"].get("ge", error["ctx"].get("le"))
        word = "at least" if error["type"] == "greater_than_equal" else "at most"
        return f"must be a whole number {word} {bound}, not {error['input']!r}"
    message = error["msg"]
    return message.removeprefix("Value error, ")


def _validation_errors(doc: Any, path: str, exc: pydantic.ValidationError) -> SourceErrors:
    errors = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        where = _line_of(doc, loc)
        errors.append(SourceError(path, where, f"{_field_of(loc)}: {_message(error)}"))
    errors.sort(key=lambda e: e.line or 0)
    return SourceErrors(errors)


def _references(snap: Snapshot, lines: Lines, path: str) -> list[SourceError]:
    """What the shapes cannot see alone: sources and people named in rows exist."""
    sources, people = {s.path for s in snap.sources}, {p.slug for p in snap.people}
    errors = []

    def check(row, field: str, value, known: set, what: str) -> None:
        if value is not None and value not in known:
            message = f"{field}: {value!r} is not in '{what}'"
            errors.append(SourceError(path, lines(row, field), message))

    for group in snap.groups:
        rows = [group, *group.mailing_lists, *group.links, *group.members, *group.resolutions]
        for row in [*rows, *group.claims, *group.pages]:
            check(row, "source", row.source, sources, "sources")
        for member in group.members:
            check(member, "person", member.person, people, "people")
    for page in snap.pages:
        check(page, "source", page.source, sources, "sources")
    return errors


def _plain(value: Any) -> Any:
    """Located containers back to plain dicts and lists (for JSON values)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def parse_yaml(text: str, path: str) -> tuple[Snapshot, Lines]:
    """Read a registry dump; SourceError(path, line, message) on anything malformed.

    Checks the document against the shapes (types, vocabulary, dates) and its references
    (sources, people); what needs the registry (lengths, uniqueness) is checked by the loader.
    """
    lines = Lines()
    reader = _GroupReader(path, lines)
    try:
        doc = _load_located(text, reader)
    except _LocatedError as exc:
        raise SourceError(path, exc.line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
        raise SourceError(path, mark.line + 1 if mark else None, message) from None
    except yaml.YAMLError as exc:
        raise SourceError(path, None, f"invalid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise SourceError(path, 1, "the document must be a mapping")
    if isinstance(doc.get("groups"), list):
        doc["groups"] = [g for g in doc["groups"] if g is not None]  # those refused
    try:
        snap = Snapshot.model_validate(doc)
    except pydantic.ValidationError as exc:
        errors = [*reader.errors, *_validation_errors(doc, path, exc).errors]
        raise SourceErrors(sorted(errors, key=lambda e: e.line or 0)) from None
    if reader.errors:
        raise SourceErrors(reader.errors)
    lines.record(doc, snap)
    del doc
    kinds, names = snap.kinds(), snap.names()
    for group in snap.groups:
        for member in group.members:
            member.name = names.get(member.person, "")
        for page in group.pages:
            page.group = group.slug
        for claim in group.claims:
            claim.value = _plain(claim.value)
        group.source_kind = kinds.get(group.source, "") if group.source else ""
    if _references(snap, lines, path):
        # Say where in their rows: the lines of the rows' keys, read again.
        located = Lines(keys=True)
        located.record(_load_located(text), snap)
        raise SourceErrors(_references(snap, located, path))
    return snap, lines
