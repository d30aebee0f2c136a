import json
from io import StringIO

import pytest
from django.core.management import call_command

from workgroups.checks.tests.make import INDEX, PSF, claim, group


@pytest.fixture
def conflicted(db):
    g = group("Scientific Python Work Group", "scientific", status="inactive")
    claim(g, "status", "inactive", PSF, 188)
    claim(g, "status", "active", INDEX, 20)
    return g


def findings(*args) -> str:
    out = StringIO()
    call_command("findings", *args, stdout=out)
    return out.getvalue()


def test_it_prints_json_findings(conflicted):
    data = json.loads(findings("--format", "json"))
    [item] = [f for f in data if f["code"] == "status-conflict"]
    assert item["severity"] == "error"
    assert item["groups"] == ["scientific"]
    assert item["sources"][0] == {"path": PSF, "line_start": 188, "line_end": None}
    assert set(item) == {"code", "severity", "groups", "message", "sources"}


def test_it_prints_a_grouped_aligned_text_report_without_colour_off_a_tty(conflicted):
    text = findings("--today", "2026-03-10")
    assert "\033[" not in text
    lines = text.splitlines()
    assert lines[0] == "Errors (1)"
    assert lines[1].startswith("  ✖ status-conflict  Scientific Python Work Group:")
    assert f"{PSF}:188" in text
    assert lines[-1] == "1 finding: 1 error."
    by_group = findings("--by", "group")
    assert "✖ Scientific Python Work Group  (1 error)" in by_group


def test_it_colours_when_forced(conflicted):
    assert "\033[31m" in findings("--force-color")


def test_it_exits_1_under_strict_when_there_are_findings(conflicted):
    with pytest.raises(SystemExit) as exit:
        findings("--strict", "--format", "json")
    assert exit.value.code == 1


def test_it_exits_0_under_strict_when_there_are_none(db):
    assert "No findings" in findings("--strict")


def test_it_rejects_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        findings("--today", "soon")


def test_it_runs_without_the_system_checks(conflicted):
    # A read-only report: a failing system check (serve and migrate stop on it) does not stop
    # it. (call_command skips the checks anyway: the command line is what runs them.)
    from django.core import checks

    from workgroups.checks.management.commands.findings import Command

    def failing(**kwargs):
        return [checks.Error("broken", id="test.E001")]

    checks.register(failing)
    out = StringIO()
    try:
        Command(stdout=out).run_from_argv(["workgroups", "findings", "--format", "json"])
    finally:
        checks.registry.registry.registered_checks.discard(failing)
    assert "status-conflict" in [f["code"] for f in json.loads(out.getvalue())]
