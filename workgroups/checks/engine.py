"""Findings: what the registry shows to be contradictory, stale or missing.

The interface other parts use: `compute_findings()` returns a list of `Finding`, and
`Finding.as_dict()` is the JSON shape of DESIGN.md (code, severity, groups, message, sources).

Rules live in `workgroups.checks.rules`: each is a function of a `Registry` (the rows the
rules read, loaded once per run with a fixed number of queries; `checks.registry`) that
yields findings (`checks.findings`). The rules import neither this module nor each other's
callers: this module is the only one that gathers them.
Findings are never stored: every call recomputes them from the registry.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import date

from workgroups.checks.findings import SEVERITIES, Finding, SourceRef, finding
from workgroups.checks.registry import Registry
from workgroups.checks.rules import RULES

__all__ = ["SEVERITIES", "Finding", "Registry", "Rule", "SourceRef", "compute_findings", "finding"]

Rule = Callable[[Registry], Iterable[Finding]]


def compute_findings(today: date | None = None, rules: Iterable[Rule] | None = None):
    """Every rule over the registry, in a stable order (severity, code, groups, message).

    `today` fixes the date that "overdue" and "dormant" count from (tests pass one).
    """
    with _no_cycle_collection():
        # The registry is gone (its frame returned) before the collector is back on: the
        # first collection then walks the findings, not the million rows read.
        return _findings(Registry(today), RULES if rules is None else rules)


def _findings(registry: Registry, rules: Iterable[Rule]) -> list[Finding]:
    return sorted((f for rule in rules for f in rule(registry)), key=Finding.sort_key)


@contextmanager
def _no_cycle_collection():
    """The cycle collector off while the rows are loaded and read: at 10,000 groups a run
    makes a million objects, none garbage, and each full collection walked them all (a third
    of the run's time). The few cycles made meanwhile are collected when it is back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
