"""The JSON export: every group in the API's detail shape."""

import json
from pathlib import Path

from workgroups.sources.render_json import render_json
from workgroups.sources.render_yaml import parse_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "render"


def sample():
    return parse_yaml((FIXTURES / "registry.yaml").read_text(encoding="utf-8"), "registry.yaml")[0]


def test_it_renders_the_expected_file():
    assert render_json(sample()) == (FIXTURES / "groups.json").read_text(encoding="utf-8")


def test_it_has_the_group_detail_keys_in_the_api_order():
    detail = json.loads(render_json(sample()))[1]
    assert list(detail) == [
        "slug",
        "name",
        "status",
        "formed",
        "dissolved",
        "version",
        "aliases",
        "purpose",
        "confirmed",
        "confirmed_by",
        "mailing_lists",
        "links",
        "members",
        "resolutions",
        "pages",
        "sources",
    ]
    assert detail["slug"] == "tea"
    # current members first, chairs first; past members after
    assert [(m["person"]["slug"], m["current"]) for m in detail["members"]] == [
        ("marc-andre-lemburg", True),
        ("grace-hopper", True),
        ("lukasz-langa", True),
        ("ada-lovelace", False),
    ]
    assert detail["resolutions"][0]["vote"] == {"yes": 7, "no": 0, "abstain": 1}
    assert [p["kind"] for p in detail["pages"]] == ["charter", "minutes", "members", "page"]
    assert detail["sources"][1] == {
        "path": "python-org-psf-workgroups.md",
        "kind": "psf-page",
        "lines": ["7-40"],
    }
