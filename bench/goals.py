"""The goals of issue #14 ("Fast at 10,000 groups"), measured by `python -m bench`.

Pure helpers: reading `X-Cache`, confirming ready answers, the interleaved app/ceiling loads,
the invalidation check, a child's wall time and peak memory, and the goals table that opens
bench/REPORT.md. `bench/__main__.py` starts the servers and databases and calls these.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import pickle
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from bench import load as loadgen

HIT_GOAL = 0.8  # one server: ready answers against the bare WSGI ceiling
SHARED_GOAL = 0.7  # two servers sharing freshness through Redis
HIT_RUNS = 3  # app, ceiling, app, ceiling...: the median of this many each
COLD_GOALS_MS = {"directory": 10, "search": 15, "group": 6, "api detail": 5, "person": 3}
FINDINGS_GOAL_S = 3.0
DUMP_GOAL_S = 30.0
LOAD_GOAL_S = 60.0
MEMORY_GOAL = 1 << 30  # bytes, for the YAML dump and load each
# gunicorn adds these itself to every answer, the ceiling's as the app's.
SERVER_HEADERS = {"date", "server", "connection", "transfer-encoding", "keep-alive"}


def hit_pages(slug: str) -> list[tuple[str, str]]:
    """(label, path) of the four pages whose ready answers issue #14 times."""
    return [
        ("directory", "/"),
        ("group page", f"/groups/{slug}/"),
        ("API list", "/api/v1/groups?limit=100"),
        ("API detail", f"/api/v1/groups/{slug}"),
    ]


def gunicorn_argv(app: str) -> list[str]:
    """The gunicorn command line `workgroups serve` ends in (its defaults), for another app.

    Mirrors workgroups/registry/management/commands/serve.py: 2 gthread workers x 4 threads,
    keep-alive, no access log, no control socket where gunicorn has one.
    """
    from gunicorn.config import KNOWN_SETTINGS

    argv = [sys.executable, "-m", "gunicorn", app, "--bind", "127.0.0.1:{port}"]
    argv += ["--workers", "2", "--worker-class", "gthread", "--threads", "4"]
    argv += ["--forwarded-allow-ips", "127.0.0.1"]
    if any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS):
        argv += ["--no-control-socket"]
    return argv


# -- reading answers -----------------------------------------------------------------------


class Connection:
    """One keep-alive connection to a loopback server: it stays with one gunicorn worker."""

    def __init__(self, base: str):
        parts = urllib.parse.urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"refusing {parts.hostname}: loopback only")
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)

    def request(
        self, path: str, *, method: str = "GET", body: dict | None = None, token: str = ""
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        headers, data = {}, None
        if body is not None:
            data = json.dumps(body).encode()
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        return response.status, response.getheaders(), response.read()

    def close(self) -> None:
        self.conn.close()


def x_cache(headers: list[tuple[str, str]]) -> str:
    return next((v for k, v in headers if k.lower() == "x-cache"), "absent")


def ready(conn: Connection, path: str, tries: int = 5) -> tuple[list, bytes]:
    """GET `path` until it answers `X-Cache: hit` (the first GETs render and fill it)."""
    seen = "-"
    for _ in range(tries):
        status, headers, body = conn.request(path)
        seen = f"{status}, X-Cache: {x_cache(headers)}"
        if status == 200 and x_cache(headers) == "hit":
            return headers, body
    raise RuntimeError(f"{path} never answered 200 with X-Cache: hit (last: {seen})")


def all_ready(base: str, path: str, connections: int = 6) -> tuple[list, bytes]:
    """`ready` on several fresh connections, so that each of the server's workers holds it."""
    answer = None
    for _ in range(connections):
        conn = Connection(base)
        try:
            answer = ready(conn, path)
        finally:
            conn.close()
    return answer


def write_answers(path: Path, answers: dict[str, tuple[list, bytes]]) -> None:
    """The app's ready answers (headers and body by path) for bench.refapp to return as is."""
    table = {
        key: ("200 OK", [(k, v) for k, v in headers if k.lower() not in SERVER_HEADERS], body)
        for key, (headers, body) in answers.items()
    }
    path.write_bytes(pickle.dumps(table))


# -- the hit path ----------------------------------------------------------------------------


@dataclass
class HitPage:
    label: str
    path: str
    size: int = 0
    app: list[float] = field(default_factory=list)  # req/s of each run
    ceiling: list[float] = field(default_factory=list)
    p50_ms: float | None = None  # of the app's median run (one server)
    p99_ms: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not (self.app and self.ceiling):
            return None
        return statistics.median(self.app) / statistics.median(self.ceiling)


@dataclass
class HitConfig:
    name: str
    servers: int
    goal: float
    pages: list[HitPage] = field(default_factory=list)
    note: str = ""
    invalidation: dict | None = None
    invalidation_note: str = ""


def split_load(
    urls: list[str], *, seconds: int, connections: int, threads: int, workdir: Path
) -> tuple[float, list[loadgen.LoadResult]]:
    """req/s summed over one load generator per URL, all at once; the load split evenly."""
    if len(urls) == 1:
        result = loadgen.load(
            urls[0], seconds=seconds, connections=connections, threads=threads, workdir=workdir
        )
        return result.rps, [result]

    def one(i: int, url: str) -> loadgen.LoadResult:
        own = workdir / f"split{i}"  # each wrk its own script file
        own.mkdir(exist_ok=True)
        return loadgen.load(
            url,
            seconds=seconds,
            connections=max(1, connections // len(urls)),
            threads=max(1, threads // len(urls)),
            workdir=own,
        )

    with concurrent.futures.ThreadPoolExecutor(len(urls)) as pool:
        results = list(pool.map(one, range(len(urls)), urls))
    return sum(r.rps for r in results), results


def measure_page(
    page: HitPage, apps: list[str], ceilings: list[str], *, seconds: int, connections: int,
    threads: int, workdir: Path,
) -> None:  # fmt: skip
    """App, ceiling, app, ceiling...: HIT_RUNS loads of each, interleaved, on the same page.

    A one-second load first lets every worker of every app server fill its ready answer; then
    fresh connections to each server confirm `X-Cache: hit` before each app run.
    """
    load = dict(seconds=seconds, connections=connections, threads=threads, workdir=workdir)
    split_load([b + page.path for b in apps], **{**load, "seconds": 1})
    app_runs = []
    for _ in range(HIT_RUNS):
        for base in apps:
            all_ready(base, page.path, connections=3)
        rps, results = split_load([b + page.path for b in apps], **load)
        _check(results, "app")
        page.app.append(rps)
        app_runs.append((rps, results))
        rps, results = split_load([b + page.path for b in ceilings], **load)
        _check(results, "ceiling")
        page.ceiling.append(rps)
    middle = sorted(app_runs, key=lambda run: run[0])[len(app_runs) // 2][1]
    if len(middle) == 1:
        page.p50_ms, page.p99_ms = middle[0].p50_ms, middle[0].p99_ms


def _check(results: list[loadgen.LoadResult], what: str) -> None:
    bad = sum(r.non_2xx + r.errors for r in results)
    if bad:
        raise RuntimeError(f"the {what} load saw {bad} errors or non-2xx answers")


# -- invalidation ----------------------------------------------------------------------------


def invalidation(bases: list[str], group_a: str, group_b: str, token: str) -> dict:
    """A roster edit of group A through the API of the first server; then, on the last one,
    A's page and API detail must miss and B's must still hit.

    One keep-alive connection reads before and after the write, so that it asks the very
    worker that held the ready answers; the write goes over another connection (any worker,
    any server): what it drops must be seen by the others.
    """
    watched = {
        "A page": f"/groups/{group_a}/",
        "A API detail": f"/api/v1/groups/{group_a}",
        "B page": f"/groups/{group_b}/",
        "B API detail": f"/api/v1/groups/{group_b}",
    }
    readers = [Connection(base) for base in bases]
    writer = Connection(bases[0])
    try:
        for reader in readers:
            for path in watched.values():
                ready(reader, path)
        status, _, body = writer.request(
            f"/api/v1/groups/{group_a}/members",
            method="POST",
            body={"person": f"Bench Invalidation {time.time_ns()}", "role": "member"},
            token=token,
        )
        if status != 201:
            raise RuntimeError(f"the roster edit answered {status}: {body[:200]!r}")
        after = {name: x_cache(readers[-1].request(path)[1]) for name, path in watched.items()}
    finally:
        for conn in [*readers, writer]:
            conn.close()
    expected = {"A page": "miss", "A API detail": "miss", "B page": "hit", "B API detail": "hit"}
    return {
        "a": group_a,
        "b": group_b,
        "after": after,
        "met": after == expected,
        "servers": len(bases),
    }


# -- a child's time and memory ---------------------------------------------------------------


@dataclass
class Measured:
    seconds: float
    max_rss: int  # bytes, the child's peak resident memory (ru_maxrss)
    returncode: int
    stderr: str = ""

    @property
    def timed_out(self) -> bool:
        return self.returncode == -signal.SIGKILL


def measured(argv: list[str], env: dict, cwd: Path, *, timeout: float, log: Path) -> Measured:
    """Run a command; its wall time and peak RSS (wait4's rusage of that child alone).

    Killed (with its process group) after `timeout` seconds.
    """
    with open(log, "wb") as err:
        began = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True
        )
        timer = threading.Timer(timeout, _kill_group, [proc.pid])
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - began
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    tail = log.read_text(errors="replace").strip().splitlines()[-1:] or [""]
    return Measured(seconds, usage.ru_maxrss * 1024, proc.returncode, tail[0])


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# -- the goals table -------------------------------------------------------------------------


@dataclass
class Goal:
    measure: str
    figure: str
    goal: str
    met: bool | None  # None: not measured in this run

    def row(self) -> str:
        verdict = {True: "met", False: "**not met**", None: "not measured"}[self.met]
        return f"| {self.measure} | {self.figure} | {self.goal} | {verdict} |"


def hit_goals(config: HitConfig) -> list[Goal]:
    if not config.pages:
        return [Goal(f"ready answers, {config.name}", config.note or "-", "", None)]
    out = []
    for page in config.pages:
        ratio = page.ratio
        if ratio is None:
            figure = page.note or config.note or "-"
        else:
            figure = (
                f"{ratio:.2f} ({statistics.median(page.app):,.0f} / "
                f"{statistics.median(page.ceiling):,.0f} req/s)"
            )
        out.append(
            Goal(
                f"ready {page.label}, {config.name}: app / ceiling",
                figure,
                f">= {config.goal:.1f}",
                None if ratio is None else ratio >= config.goal,
            )
        )
    return out


def invalidation_goal(config: HitConfig) -> Goal:
    measure = f"invalidation, {config.name}: after a roster edit of A"
    if config.invalidation is None:
        return Goal(measure, config.invalidation_note or config.note or "-", "", None)
    after = config.invalidation["after"]
    figure = ", ".join(f"{k} {v}" for k, v in after.items())
    return Goal(measure, figure, "A misses, B hits", config.invalidation["met"])


def cold_goals(name: str, cold: dict | str) -> list[Goal]:
    if isinstance(cold, str):
        return [Goal(f"cold renders, {name}", cold or "-", "", None)]
    out = []
    for page, limit in COLD_GOALS_MS.items():
        median = cold["medians"].get(page)
        out.append(
            Goal(
                f"cold {page}, {name} (median)",
                "-" if median is None else f"{median:.1f} ms",
                f"<= {limit} ms",
                None if median is None else median <= limit,
            )
        )
    return out


def findings_goal(name: str, groups: int, value: dict | str) -> Goal:
    measure = f"findings at {groups:,} groups, {name}"
    if isinstance(value, str):
        return Goal(measure, value or "-", f"<= {FINDINGS_GOAL_S:.0f} s", None)
    median = statistics.median(value["times"])
    figure = f"{median:.2f} s ({value['count']} findings, median of {len(value['times'])})"
    return Goal(measure, figure, f"<= {FINDINGS_GOAL_S:.0f} s", median <= FINDINGS_GOAL_S)


def yaml_goals(groups: int, yaml: dict) -> list[Goal]:
    out = []
    for step, limit in (("dump", DUMP_GOAL_S), ("load", LOAD_GOAL_S)):
        run: Measured | str | None = yaml.get(step)
        measure = f"YAML {step} of {groups:,} groups"
        if not isinstance(run, Measured):
            out.append(Goal(measure, run or yaml.get("note") or "-", f"<= {limit:.0f} s", None))
            out.append(Goal(f"{measure}: peak memory", "-", "< 1 GB", None))
            continue
        if run.returncode:
            why = "killed after" if run.timed_out else f"exited {run.returncode} after"
            figure = f"{why} {run.seconds:.0f} s"
            out.append(Goal(measure, figure, f"<= {limit:.0f} s", False))
        else:
            figure = f"{run.seconds:.1f} s"
            out.append(Goal(measure, figure, f"<= {limit:.0f} s", run.seconds <= limit))
        out.append(
            Goal(
                f"{measure}: peak memory (max RSS)",
                f"{run.max_rss / (1 << 20):,.0f} MB" + (" (so far)" if run.returncode else ""),
                "< 1 GB",
                False if run.max_rss >= MEMORY_GOAL else (None if run.returncode else True),
            )
        )
    same = yaml.get("same")
    out.append(
        Goal(
            "YAML load then dump reproduces the dump's bytes (cmp)",
            {True: "same bytes", False: "differs", None: yaml.get("same_note") or "-"}[same],
            "same bytes",
            same,
        )
    )
    return out


def table(goals: list[Goal]) -> list[str]:
    met = sum(g.met is True for g in goals)
    missed = sum(g.met is False for g in goals)
    out = ["| measure | figure | goal | met |", "| --- | ---: | --- | --- |"]
    out += [g.row() for g in goals]
    out += ["", f"{met} of {len(goals)} goals met, {missed} not met, "
            f"{len(goals) - met - missed} not measured."]  # fmt: skip
    return out
