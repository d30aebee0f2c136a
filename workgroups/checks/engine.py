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
import marshal
import os
import pickle
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import date
from functools import partial

from workgroups.checks.findings import SEVERITIES, Finding, SourceRef, finding
from workgroups.checks.registry import Registry
from workgroups.checks.rules import APART, RULES

__all__ = ["SEVERITIES", "Finding", "Registry", "Rule", "SourceRef", "compute_findings", "finding"]

Rule = Callable[[Registry], Iterable[Finding]]


def compute_findings(
    today: date | None = None,
    rules: Iterable[Rule] | None = None,
    *,
    fork: bool = False,
    ending: bool = False,
):
    """Every rule over the registry, in a stable order (severity, code, groups, message).

    `today` fixes the date that "overdue" and "dormant" count from (tests pass one).
    `fork`: the rules of `rules.APART` run in a child process once the rows they read are
    read (but the memberships, which the parent reads meanwhile and sends), beside the others
    (a command line's run on two cores; never a server's, whose threads a fork would not copy).
    `ending`: the process ends after this call (a command line's run): the rows read are
    left in memory, neither freed one by one (0.2 s at 10,000 groups) nor walked by the
    cycle collector, to be given back with the process.
    """
    with _no_cycle_collection():
        registry = Registry(today)
        found = _findings(registry, list(RULES if rules is None else rules), fork)
        if ending:
            _left_to_the_end(registry)
        # Otherwise the registry is gone (this frame returned) before the collector is back
        # on: the first collection then walks the findings, not the million rows read.
        return found


def _left_to_the_end(rows: object) -> None:
    """`rows` never freed: held by a cycle that the collector, frozen out of it, never
    examines (not even as the interpreter ends; a module's global would be freed then)."""
    cycle: list = [rows]
    cycle.append(cycle)
    gc.freeze()


def _findings(registry: Registry, rules: list[Rule], fork: bool) -> list[Finding]:
    apart = [rule for rule in rules if rule in APART] if fork and hasattr(os, "fork") else []
    if apart and len(apart) < len(rules):
        # The child process asks the database nothing: what its rules read is read first, but
        # the memberships, which it reads last (person-near-duplicate's pairs of names found):
        # the parent reads those once the child is forked, and sends them down.
        rows = dict.fromkeys(rows for rule in apart for rows in APART[rule])
        send = "memberships" in rows
        rows.pop("memberships", None)
        registry.load(*rows, *(_MEMBERSHIPS_READ if send else ()))
        by_rule = _found_apart(registry, apart, [r for r in rules if r not in apart], send)
    else:
        by_rule = {rule: list(rule(registry)) for rule in rules}
    # Concatenated in the rules' order, as one process makes them: findings that sort the same
    # keep it.
    return sorted((f for rule in rules for f in by_rule[rule]), key=Finding.sort_key)


# What the memberships are made with, besides their rows: read before the fork.
_MEMBERSHIPS_READ = ("sources", "_people_by_id")


def _found_apart(registry: Registry, apart: list[Rule], here: list[Rule], send: bool) -> dict:
    """rule -> its findings: `apart` in a forked child (sent back pickled), `here` meanwhile.

    `send`: the parent reads the membership rows first and sends them to the child (its
    registry's `membership_rows`, read from the pipe when its rules first use them).
    """
    read, write = os.pipe()
    rows_in, rows_out = os.pipe() if send else (None, None)
    pid = os.fork()
    if pid == 0:  # the child: its findings or its error down the pipe, then out at once
        try:
            os.close(read)
            if send:
                os.close(rows_out)
                registry.receive("membership_rows", partial(_received, rows_in))
            try:
                found: object = [list(rule(registry)) for rule in apart]
            except BaseException as error:  # sent to the parent, which raises it
                found = error
            with os.fdopen(write, "wb") as pipe:
                pickle.dump(found, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            # Whatever happened (the parent reads an empty pipe as an error): no atexit, no
            # database connection closed, no return into the parent's code.
            os._exit(0)
    os.close(write)
    sender, pipe = None, os.fdopen(read, "rb")
    try:
        if send:
            os.close(rows_in)
            sender = _sending(rows_out, registry)
        by_rule = {rule: list(rule(registry)) for rule in here}
        found = pickle.load(pipe)
    finally:
        # Closed unread if this process failed: the child's findings, more than a pipe holds,
        # are then not written in vain (it ends), and it is waited for.
        pipe.close()
        if sender is not None:
            sender.join()
        os.waitpid(pid, 0)
    if isinstance(found, BaseException):
        raise found
    return {**by_rule, **dict(zip(apart, found, strict=True))}


def _sending(pipe_out: int, registry: Registry) -> threading.Thread:
    """The registry's membership rows written to the pipe by a thread (a pipe holds 64 KiB, the
    rows 20 MB: the child reads them when it needs them), which ends once all are written or
    the child is gone. The pipe is closed either way, so that the child never waits in vain."""
    try:
        data = marshal.dumps(registry.membership_rows)  # tuples of numbers, text and None
    except BaseException:
        os.close(pipe_out)
        raise
    sender = threading.Thread(target=_write, args=(pipe_out, data))
    sender.start()
    return sender


def _write(pipe_out: int, data: bytes) -> None:
    try:
        with os.fdopen(pipe_out, "wb") as pipe:
            pipe.write(data)
    except BrokenPipeError:
        pass  # the child ended before it read them: its error, sent back, says why


def _received(pipe_in: int) -> list[tuple]:
    with os.fdopen(pipe_in, "rb") as pipe:
        return marshal.loads(pipe.read())


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
