"""The YAML dump format, without a database: canonical text, lossless strings, located errors."""

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from workgroups.lib.partialdate import PartialDate
from workgroups.lib.text import bad_character
from workgroups.sources.records import SourceError
from workgroups.sources.render_yaml import parse_yaml, render_yaml
from workgroups.sources.shapes import Group, Page, Snapshot

FIXTURES = Path(__file__).parent / "fixtures" / "render"


def test_the_sample_is_in_canonical_form():
    text = (FIXTURES / "registry.yaml").read_text(encoding="utf-8")
    assert render_yaml(parse_yaml(text, "registry.yaml")[0]) == text


def _with_body(body: str) -> Snapshot:
    group = Group(slug="g", name="G", status="active", purpose=body, formed=PartialDate(2018))
    group.pages.append(Page(title="T", slug="t", kind="page", body=body, group="g"))
    return Snapshot(groups=[group])


# Any text the registry may hold (lib/text.py: no control characters but tab and line breaks).
PLAIN = st.characters().filter(lambda c: bad_character(c) is None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=PLAIN))
def test_any_text_survives_the_dump(body):
    snap = _with_body(body)
    back = parse_yaml(render_yaml(snap), "x.yaml")[0]
    assert back.groups[0].purpose == body
    assert back.groups[0].pages[0].body == body


# Characters that matter to YAML: breaks, indentation, indicators, quotes, odd spaces.
AWKWARD = list(" \t\n\r\u2028ab:#-|>'\"\\\xa0\ufeff{}[]&*!%@`")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(AWKWARD)))
def test_awkward_text_survives_the_dump(body):
    back = parse_yaml(render_yaml(_with_body(body)), "x.yaml")[0]
    assert back.groups[0].pages[0].body == body


@pytest.mark.parametrize(
    "body",
    [
        "# Heading \n\ntrailing spaces   \n",
        "  starts indented\nnext\n",
        "\n\nstarts with blank lines",
        "ends with blank lines\n\n\n",
        "tab\there\n\tand there",
        " \tspace then tab\n",
        "line\nno newline at the end",
        "Łukasz — “quotes”\n‘single’ 'plain' \"double\" \\ backslash\n",
    ],
)
def test_multiline_text_is_a_literal_block(body):
    text = render_yaml(_with_body(body))
    assert "  purpose: |" in text
    assert parse_yaml(text, "x.yaml")[0].groups[0].purpose == body


def test_partial_dates_are_quoted_strings():
    text = render_yaml(_with_body(""))
    assert "formed: '2018'" in text


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("[1, 2]\n", 1, "must be a mapping"),
        ("format: workgroups-registry\nversion: 2\n", 2, "version: must be 1"),
        ("format: workgroups-registry\ngroups:\n- slug: g\n  name: G\n  status: active\n"
         "  members:\n  - person: nobody\n", 7, "not in 'people'"),
        ("format: workgroups-registry\ngroups:\n- slug: g\n  name: G\n  status: active\n"
         "  source: nowhere.md\n", 6, "not in 'sources'"),
        ("format: workgroups-registry\ngroups:\n- slug: g\n  name: G\n  status: active\n"
         "  position: -1\n", 6, "whole number"),
        ("format: workgroups-registry\n\tbad: tab\n", 2, "tab character"),
        ("format: workgroups-registry\ngroups:\n- slug: g\n  name: G\n  status: active\n"
         "  purpose: \"a\\x0bb\"\n", 6, "purpose: holds U+000B (a control character) at "
         "position 2"),
        ("format: workgroups-registry\ngroups:\n- slug: g\n  name: G\n  status: active\n"
         "  aliases: [ok, \"x\\x85\"]\n", 6, "aliases: holds U+0085"),
    ],
)  # fmt: skip
def test_errors_name_the_line(text, line, message):
    with pytest.raises(SourceError) as info:
        parse_yaml(text, "bad.yaml")
    assert info.value.line == line
    assert message in info.value.message
    assert str(info.value).startswith(f"bad.yaml:{line}: ")


@pytest.mark.parametrize(
    "text",
    ["Tea", "True", "true", "null", "No", "on", "Off", "yes", "~", "12", "0x1F", "1_000", "1e3",
     "-3", ".5", ".inf", "2020-01-02", "<<", "=", "Zebra", "éclair", "Name (WG)", "a-b"],
)  # fmt: skip
def test_plain_text_is_what_pyyaml_writes_plain(text):
    from workgroups.sources import render_yaml as module

    # Text whose first character no implicit type starts with is not asked of the resolver.
    assert None not in module._RESOLVER.yaml_implicit_resolvers
    tag = module._RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    plain = yaml.dump([text], **module._OPTIONS) == f"- {text}\n"
    assert module._is_plain(text) is (tag == module._STR) is plain


@pytest.mark.parametrize("key", ["!!str name", "&k name", "'name'"])
def test_a_key_read_before_is_read_again_when_not_plain(key):
    from workgroups.sources import render_yaml as module

    text = f"a:\n  name: x\nb:\n  {key}: y\n"
    expected = yaml.load(text, Loader=module._LocatingLoader)
    assert module._load_located(text) == expected
    loader = module._LocatingLoader(module._Chunks(text))
    try:
        if key.startswith("'"):  # quoted: the quick reader reads it, as a key like any other
            assert module._read_events(loader, None) == expected
        else:  # tags and anchors are left to PyYAML's loader
            with pytest.raises(module._Unusual):
                module._read_events(loader, None)
    finally:
        loader.dispose()
