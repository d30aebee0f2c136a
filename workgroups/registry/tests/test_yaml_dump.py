"""The YAML dump: lossless, deterministic, loads back into an empty registry byte for byte."""

import pydantic
import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from workgroups.registry import snapshot
from workgroups.registry.models import Group, Person
from workgroups.registry.yamlio import dump_yaml, load_yaml
from workgroups.sources.records import SourceError
from workgroups.sources.render_yaml import _OPTIONS, render_yaml, to_document
from workgroups.sources.shapes import Claim, Page, Snapshot
from workgroups.sources.shapes import Group as GroupShape
from workgroups.tests.factories import (
    REGISTRY_TABLES,
    make_group,
    make_person,
    make_resolution,
    seat,
    tea_registry,
)


def wipe():
    """Empty the registry (memberships are never deleted by the app: the test does it raw)."""
    for model in REGISTRY_TABLES:
        model.objects.all()._raw_delete(model.objects.db)


def counts():
    return {m.__name__: m.objects.count() for m in REGISTRY_TABLES}


@pytest.fixture
def registry(db):
    return tea_registry()


def test_the_dump_loads_back_into_an_empty_registry_byte_for_byte(registry):
    first = dump_yaml()
    before = counts()
    wipe()
    load_yaml(first, "registry.yaml")
    assert counts() == before
    assert dump_yaml() == first


def test_the_dump_is_readable_yaml(registry):
    text = dump_yaml()
    assert text.startswith("---\nformat: workgroups-registry\nversion: 1\n")
    assert "formed: '2018-05'" in text
    assert (
        "  purpose: |-\n    The group's purpose is tea\\-related.\n\n    Second paragraph.\n"
        in text
    )
    # trailing spaces on a line do not force an unreadable quoted string
    assert "    body: |\n      # Tea Charter \n" in text
    assert "Łukasz Langa" in text  # not \u escapes
    assert "updated_at" not in text and "version: 2" not in text


def test_loading_twice_changes_nothing_the_second_time(registry):
    text = dump_yaml()
    versions = dict(Group.objects.values_list("slug", "version"))
    load_yaml(text, "registry.yaml")
    load_yaml(text, "registry.yaml")
    assert dict(Group.objects.values_list("slug", "version")) == versions
    assert dump_yaml() == text


def test_loading_an_edit_updates_in_place_and_bumps_the_version(registry):
    text = dump_yaml()
    edited = text.replace("summary: Keeps the kettle on", "summary: Keeps the pot warm")
    assert edited != text
    load_yaml(edited, "registry.yaml")
    registry.refresh_from_db()
    assert registry.summary == "Keeps the pot warm"
    assert registry.version == 2
    assert Group.objects.get(slug="old-committee").version == 1
    assert dump_yaml() == edited


def test_the_snapshot_takes_a_constant_number_of_queries(registry):
    with CaptureQueriesContext(connection) as few:
        snapshot.take()
    for i in range(5):
        group = make_group(name=f"Extra {i}", slug=f"extra-{i}")
        seat(group, make_person(f"P {i}"))
        make_resolution(group, text="RESOLVED")
    with CaptureQueriesContext(connection) as more:
        snapshot.take()
    assert len(more) == len(few)


BAD = [
    ("format: nope\n", 1, "format: must be 'workgroups-registry'"),
    (
        "format: workgroups-registry\ngroups:\n- slug: x\n  name: X\n  status: asleep\n",
        5,
        "status: must be",
    ),
    (
        "format: workgroups-registry\ngroups:\n- slug: x\n  name: X\n  status: active\n"
        "  formed: '2018-02-30'\n",
        6,
        "February 2018 has no day 30",
    ),
    (
        "format: workgroups-registry\ngroups:\n- slug: x\n  name: X\n  status: active\n"
        "  members:\n  - person: ghost\n",
        7,
        "person: 'ghost' is not in 'people'",
    ),
    ("format: workgroups-registry\npeople: [\n", 3, "expected"),
    # every error of the document at once, in line order
    (
        "format: workgroups-registry\ngroups:\n- slug: x\n  nmae: X\n",
        3,
        "bad.yaml:4: nmae: unknown key",
    ),
    (
        "format: workgroups-registry\npeople:\n- {slug: a, name: A}\n- {slug: a, name: B}\n",
        4,
        "appears twice (line 3)",
    ),
    ("format: workgroups-registry\nformat: again\n", 2, "duplicate key"),
]


@pytest.mark.parametrize("text, line, message", BAD)
def test_bad_input_is_located_and_changes_nothing(registry, text, line, message):
    before = dump_yaml()
    with pytest.raises(SourceError) as info:
        load_yaml(text, "bad.yaml")
    assert info.value.path == "bad.yaml"
    assert info.value.line == line, info.value
    assert message in str(info.value)
    assert dump_yaml() == before


def test_a_late_error_rolls_back_what_was_already_written(registry):
    text = dump_yaml().replace("name: Nobody Yet", "name: Somebody Now")
    # a roster approval naming a resolution the group does not have: found before writing
    broken = text.replace("resolution: 0", "resolution: 9")
    assert broken != text
    with pytest.raises(SourceError, match="has no resolution 9"):
        load_yaml(broken, "bad.yaml")
    assert Person.objects.get(slug="nobody-yet").name == "Nobody Yet"


# Characters that decide how PyYAML writes a string: indicators, quotes, breaks, odd spaces,
# and the first letters of YAML's other types (numbers, booleans, null, dates).
AWKWARD = list(" \t\n\r\u2028ab:#-|>'\"\\\xa0\ufeff{}[]&*!%@`.?,1yNo~=<")
AWKWARD_TEXT = st.text(alphabet=st.sampled_from(AWKWARD), max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | AWKWARD_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(AWKWARD_TEXT, inner, max_size=3),
    max_leaves=8,
)


def _pyyaml(snap: Snapshot) -> str:
    return yaml.dump(to_document(snap), explicit_start=True, **_OPTIONS)


@settings(max_examples=300, deadline=None)
@given(AWKWARD_TEXT, JSON)
def test_it_writes_the_bytes_pyyaml_writes(text, value):
    try:
        group = GroupShape(slug="g", name="G", status="active", purpose=text, summary=text)
        group.aliases.append(text)
        group.claims.append(Claim(field="x", value=value))
        group.pages.append(Page(title="T", slug="t", kind="page", body=text, group="g"))
        snap = Snapshot(groups=[group], legacy_paths={text or "x": "y"})
    except pydantic.ValidationError:
        return  # text the shapes refuse (blank names) never reaches the dump
    assert render_yaml(snap) == _pyyaml(snap)
