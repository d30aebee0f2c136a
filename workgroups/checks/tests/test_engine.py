import subprocess
import sys
from datetime import date

import pytest

from workgroups.checks.engine import Finding, SourceRef, compute_findings, finding
from workgroups.checks.rules import RULES
from workgroups.checks.tests.make import INDEX, PSF, claim, group, member
from workgroups.lib.vocabulary import FindingCode, Severity


def test_it_registers_every_rule_once_under_its_own_name():
    assert len(RULES) == len(set(RULES)) == 17


def test_it_sorts_findings_by_severity_then_code(db):
    g = group("Scientific Python Work Group", "scientific", status="inactive")
    claim(g, "status", "inactive", PSF, 188)
    claim(g, "status", "active", INDEX, 20)
    group("Meta Work Group", "meta")
    found = compute_findings(today=date(2026, 3, 10))
    assert [f.severity for f in found] == sorted(
        (f.severity for f in found), key=("error", "warning", "info").index
    )
    assert found[0].code == "status-conflict"
    assert {f.code for f in found} >= {"no-chair", "no-contact", "dormant"}


def test_it_builds_findings_from_rows_and_refs(db):
    g = group("Meta Work Group", "meta")
    code, info = FindingCode.NO_CHAIR, Severity.INFO
    f = finding(code, info, [g, "meta", "other"], "m", [None, SourceRef("a", 1, 3)])
    assert f == Finding(code, info, ("meta", "other"), "m", (SourceRef("a", 1, 3),))
    assert f.sources[0].cite == "a:1-3"
    assert f.as_dict()["code"] == "no-chair" and type(f.as_dict()["severity"]) is str
    with pytest.raises(ValueError):
        finding("x", info, [g], "m")


def test_it_runs_each_rule_in_a_constant_number_of_queries(db, django_assert_max_num_queries):
    for n in range(30):
        g = group(f"Group {n}", f"g{n}", formed="2019")
        claim(g, "status", "active", INDEX, n + 1)
        member(g, f"Person Number{n}", role="chair" if n % 2 else "member", start="2019")
    with django_assert_max_num_queries(12):
        compute_findings(today=date(2026, 3, 10))


def test_the_rules_do_not_import_the_engine():
    code = (
        "import sys, workgroups.checks.rules; assert 'workgroups.checks.engine' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
