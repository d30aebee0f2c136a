import os
import subprocess
import sys
from datetime import date

import pytest

from workgroups.checks import engine
from workgroups.checks.engine import Finding, SourceRef, compute_findings, finding
from workgroups.checks.registry import Registry
from workgroups.checks.rules import APART, RULES
from workgroups.checks.tests.make import INDEX, PSF, claim, group, member, source
from workgroups.lib.vocabulary import FindingCode, Severity
from workgroups.registry.models import Resolution

CHARTER = "psf/working-groups/Project Funding/Charter.md"
YEARLY_APPROVAL = (
    "RESOLVED, that the Trademark Committee shall be a working group of the Python Software "
    "Foundation, with the current membership roster to be approved by the Python Software "
    "Foundation Board of Directors at least once per year"
)


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


@pytest.fixture
def registry_with_findings(db):
    for n, name in enumerate(["Marc-André Lemburg", "Marc-Andre Lemberg", "Jon Clement"]):
        g = group(f"Group {n}", f"g{n}", formed="2019", status="inactive")
        claim(g, "status", "inactive", PSF, n + 1)
        claim(g, "status", "active", INDEX, n + 1)
        member(g, name, role="chair")
        member(g, "Jon Clements")
    group("Chairless Group", "chairless")  # active: no-chair
    # A wiki group the board established in 2015, formed in 2019 by its record and missing
    # from python.org: formed-date-conflict and not-on-python-org.
    funding = group(
        "Project Funding Work Group",
        "funding",
        formed="2019",
        source=source(CHARTER),
        line_start=1,
    )
    claim(funding, "status", "active", INDEX, 17)
    Resolution.objects.create(
        group=funding,
        kind="establishing",
        text="RESOLVED.",
        date="2015-06-11",
        source=source(CHARTER),
        line_start=11,
    )
    # A resolution that asks for a yearly roster approval, under two active groups that have
    # none: roster-approval-overdue, and duplicate-resolution-text.
    trademarks = group("Trademarks Work Group", "trademarks")
    for g, line in ((trademarks, 161), (funding, 12)):
        Resolution.objects.create(
            group=g,
            kind="work-group",
            text=YEARLY_APPROVAL,
            date="2013-08-16",
            source=source(PSF),
            line_start=line,
        )


def test_a_forked_run_finds_what_one_process_finds_in_the_same_order(registry_with_findings):
    day = date(2026, 3, 10)
    one = compute_findings(today=day)
    assert {f.code for f in one} >= {"person-near-duplicate", "status-conflict"}
    assert compute_findings(today=day, fork=True) == one


def test_a_forked_rules_error_is_raised_in_the_parent(registry_with_findings, monkeypatch):
    def broken(reg):
        raise LookupError("no such row")

    monkeypatch.setattr(engine, "APART", {**APART, broken: ()})
    with pytest.raises(LookupError, match="no such row"):
        compute_findings(rules=[*RULES, broken], fork=True)


@pytest.mark.parametrize("rule", list(APART))
def test_a_rule_apart_asks_the_database_nothing_once_its_rows_are_read(
    rule, registry_with_findings, django_assert_num_queries
):
    # What lets the forked child share the parent's rows and never its connection: it reads
    # them before the fork, but the memberships, which the parent reads and sends.
    sent = Registry(date(2026, 3, 10)).membership_rows
    registry = Registry(date(2026, 3, 10))
    registry.load(*(rows for rows in APART[rule] if rows != "memberships"))
    registry.load(*engine._MEMBERSHIPS_READ)
    registry.receive("membership_rows", lambda: sent)
    with django_assert_num_queries(0):
        assert list(rule(registry))


def test_the_memberships_sent_are_the_memberships_read(registry_with_findings):
    read = Registry(date(2026, 3, 10))
    sent = Registry(date(2026, 3, 10))
    sent.receive("membership_rows", lambda: read.membership_rows)
    assert {
        g: [(m.pk, m.person.name, m.start) for m in rows] for g, rows in sent.memberships.items()
    } == {g: [(m.pk, m.person.name, m.start) for m in rows] for g, rows in read.memberships.items()}


def test_a_parent_that_cannot_read_the_memberships_raises_and_ends_its_child(
    registry_with_findings, monkeypatch
):
    parent, read = os.getpid(), Registry.membership_rows.func

    def membership_rows(registry):
        if os.getpid() == parent:
            raise LookupError("the database went away")
        return read(registry)  # the child's: from the pipe, closed empty

    monkeypatch.setattr(Registry, "membership_rows", property(membership_rows))
    with pytest.raises(LookupError, match="went away"):
        compute_findings(today=date(2026, 3, 10), fork=True)


def test_a_parent_whose_rules_fail_ends_a_child_with_many_findings(
    registry_with_findings, monkeypatch
):
    def many(reg):
        for n in range(20_000):  # more than a pipe holds, pickled
            yield finding(FindingCode.NO_CHAIR, Severity.INFO, ["g0"], f"finding {n}")

    def broken(reg):
        raise LookupError("no such row")

    monkeypatch.setattr(engine, "APART", {many: ()})
    with pytest.raises(LookupError, match="no such row"):
        compute_findings(rules=[broken, many], fork=True)


def test_the_rules_apart_run_in_another_process(registry_with_findings, monkeypatch):
    def where_run(reg):
        yield finding(FindingCode.NO_CHAIR, Severity.INFO, ["g0"], str(os.getpid()))

    def pid(**options) -> str:
        [found] = [f.message for f in compute_findings(rules=[where_run], **options)]
        return found

    monkeypatch.setattr(engine, "APART", {where_run: ()})
    # (The rules apart run in a child only beside others.)
    assert pid() == pid(fork=True) == str(os.getpid())
    forked = compute_findings(rules=[RULES[0], where_run], fork=True)
    assert [f.message for f in forked if f.message.isdigit()] != [str(os.getpid())]


def test_an_ending_run_leaves_its_rows_to_the_end(registry_with_findings, monkeypatch):
    import gc
    import weakref

    registries = []
    monkeypatch.setattr(
        engine, "Registry", lambda today: registries.append(Registry(today)) or registries[-1]
    )
    day = date(2026, 3, 10)
    assert compute_findings(today=day, ending=True) == compute_findings(today=day)
    left, freed = map(weakref.ref, registries)
    registries.clear()
    try:
        gc.collect()
        assert freed() is None
        assert left() is not None  # not even a full collection frees it
    finally:
        gc.unfreeze()  # the rest of the test session collects as before
