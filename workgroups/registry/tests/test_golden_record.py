"""The import of `data/` against the golden record: every group, person, seat, resolution and
page as a careful reader of both seeds and the whole wiki corpus states them.

The golden files under `fixtures/golden/` were written by reading the sources line by line
(each fact that is not obvious cites its file and line). A difference fails with a readable
diff; it is resolved by fixing the importer, or by a reasoned correction of the golden file.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from workgroups.registry.tests.golden import record_view

GOLDEN = Path(__file__).parent / "fixtures" / "golden"

pytestmark = pytest.mark.usefixtures("psf_data")


def _plain(value):
    """YAML's dates back to the EDTF strings the golden files mean."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def golden_groups() -> dict:
    groups = {}
    for path in sorted((GOLDEN / "groups").glob("*.yaml")):
        for slug, group in yaml.safe_load(path.read_text()).items():
            assert slug not in groups, f"{slug} is in two golden files"
            groups[slug] = _plain(group)
    return groups


def golden_people() -> dict[str, list[str]]:
    people: dict[str, set[str]] = {}
    for path in sorted((GOLDEN / "people").glob("*.yaml")):
        for name, aliases in (yaml.safe_load(path.read_text()) or {}).items():
            people.setdefault(name, set()).update(aliases or [])
    return {name: sorted(aliases) for name, aliases in people.items()}


def _seat_key(seat: dict) -> tuple:
    return (
        seat["person"],
        seat["role"],
        seat.get("voting", True),
        seat.get("start") or "",
        seat.get("end") or "",
    )


def _resolution_key(resolution: dict) -> tuple:
    return tuple(str(resolution.get(k) or "") for k in ("kind", "date", "vote", "medium"))


def _diff(expected, actual) -> tuple[list, list]:
    return sorted(set(expected) - set(actual)), sorted(set(actual) - set(expected))


def compare_group(expected: dict, actual: dict) -> list[str]:
    """Every difference between a golden group and the imported one, one line each."""
    problems = []
    for field in ("name", "status", "formed", "dissolved", "purpose"):
        if expected.get(field) != actual.get(field):
            problems.append(f"{field}: expected {expected.get(field)!r}, got {actual.get(field)!r}")
    checks = {
        "aliases": lambda g: g.get("aliases") or [],
        "mailing lists": lambda g: [
            (m["address"], m.get("url") or "") for m in g.get("mailing_lists") or []
        ],
        "links": lambda g: g.get("links") or [],
        "seats": lambda g: [_seat_key(s) for s in g.get("seats") or []],
        "resolutions": lambda g: [_resolution_key(r) for r in g.get("resolutions") or []],
        "pages": lambda g: list((g.get("pages") or {}).items()),
    }
    for label, values in checks.items():
        missing, extra = _diff(values(expected), values(actual))
        problems += [f"{label}: missing {item}" for item in missing]
        problems += [f"{label}: unexpected {item}" for item in extra]
    return problems


def test_it_imports_every_group_as_the_golden_record_states_it(db):
    expected, actual = golden_groups(), record_view()["groups"]
    problems = [f"group missing: {slug}" for slug in sorted(set(expected) - set(actual))]
    problems += [f"group unexpected: {slug}" for slug in sorted(set(actual) - set(expected))]
    for slug in sorted(set(expected) & set(actual)):
        problems += [f"{slug}: {p}" for p in compare_group(expected[slug], actual[slug])]
    assert not problems, "the import differs from the golden record:\n" + "\n".join(problems)


def test_it_knows_every_person_once_with_their_other_spellings(db):
    expected, actual = golden_people(), record_view()["people"]
    problems = [f"person missing: {name}" for name in sorted(set(expected) - set(actual))]
    problems += [f"person unexpected: {name}" for name in sorted(set(actual) - set(expected))]
    for name in sorted(set(expected) & set(actual)):
        missing, extra = _diff(expected[name], actual[name])
        problems += [f"{name}: alias missing {a!r}" for a in missing]
        problems += [f"{name}: alias unexpected {a!r}" for a in extra]
    assert not problems, "people differ from the golden record:\n" + "\n".join(problems)


def test_every_seat_names_a_golden_person():
    people = golden_people()
    unknown = sorted(
        {
            seat["person"]
            for group in golden_groups().values()
            for seat in group.get("seats") or []
            if seat["person"] not in people
        }
    )
    assert not unknown, f"seats name people the golden people files do not list: {unknown}"
