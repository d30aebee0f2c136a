"""The findings of the bundled PSF data are exactly those of the reviewed fixture: none false,
none missing. Each fixture entry says why a careful reader of the sources would agree."""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml

from workgroups.checks.engine import compute_findings

FIXTURE = Path(__file__).parent / "fixtures" / "psf_findings.yaml"
# The day the fixture was reviewed: "dormant" counts two years back from it.
REVIEWED = date(2026, 11, 29)

pytestmark = pytest.mark.usefixtures("psf_data")


def _key(code, groups, source) -> tuple:
    return (str(code), tuple(groups), source or "")


def _first_source(finding) -> str | None:
    if not finding.sources:
        return None
    ref = finding.sources[0]
    return f"{ref.path}:{ref.line_start}"


def test_it_finds_exactly_the_reviewed_findings(db):
    expected = Counter(
        _key(e["code"], e["groups"], e["source"]) for e in yaml.safe_load(FIXTURE.read_text())
    )
    found = compute_findings(today=REVIEWED)
    actual = Counter(_key(f.code, f.groups, _first_source(f)) for f in found)
    messages = {_key(f.code, f.groups, _first_source(f)): f.message for f in found}
    false = [f"not in the fixture: {k} {messages[k]}" for k in sorted(actual - expected)]
    missing = [f"not found: {k}" for k in sorted(expected - actual)]
    assert not false + missing, "\n".join(false + missing)


def test_every_entry_says_why():
    entries = yaml.safe_load(FIXTURE.read_text())
    assert all(len(e.get("why") or "") > 20 for e in entries)
