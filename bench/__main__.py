"""`python -m bench`: measure Workgroups and write bench/REPORT.md (see bench/__init__.py)."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench import load as loadgen
from bench import mixed

PROJECT = Path(__file__).resolve().parent.parent
REPORT = Path(__file__).resolve().parent / "REPORT.md"
BUNDLED = ["data/seeds", "data/psf-wiki"]
SECRET = "bench-only-secret-key-not-for-production-0123456789abcdefghijklmnop"
REFERENCE_RPS = 7800  # DESIGN.md: bare WSGI, 40 KB page, on this machine
GOAL_RPS = REFERENCE_RPS // 2
# The mixed read/write load (issue 12); BENCH_LOAD_SECONDS shortens it for a quick check.
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
LOAD_CLIENTS = 50
LOAD_GROUPS = 30
LOAD_USER = "bench-board"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Skipped(Exception):
    """A step left out (not available yet, or no time left); the reason goes in the report."""


class Budget:
    """The whole run's time, and the share of it that the current stage may use."""

    def __init__(self, seconds: float):
        self.started = time.monotonic()
        self.seconds = seconds
        self.stage_end = self.started + seconds

    @property
    def total_left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    @property
    def left(self) -> float:
        return min(self.total_left, self.stage_end - time.monotonic())

    def stage(self, seconds: float) -> None:
        self.stage_end = time.monotonic() + seconds

    def need(self, seconds: float, what: str) -> None:
        if self.left < seconds:
            raise Skipped(f"skipped: {what} needs ~{seconds:.0f} s, {self.left:.0f} s left")


# -- running commands ----------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    stdout: str
    stderr: str


class Commands:
    """Runs `workgroups ...` in the project with a given environment; remembers what ran."""

    def __init__(self):
        self.seen: list[str] = []

    def note(self, text: str) -> None:
        if text not in self.seen:
            self.seen.append(text)

    def run(self, args: list[str], env: dict, *, timeout: float, shown: str | None = None) -> Run:
        cmd = [sys.executable, "-m", "workgroups", *args]
        self.note(shown or "workgroups " + " ".join(args))
        began = time.perf_counter()
        try:
            out = subprocess.run(
                cmd, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired as exc:
            raise Skipped(f"did not finish in {timeout:.0f} s") from exc
        seconds = time.perf_counter() - began
        if out.returncode:
            last = (out.stderr.strip() or out.stdout.strip() or "no output").splitlines()[-1]
            raise RuntimeError(f"`workgroups {' '.join(args)}` exited {out.returncode}: {last}")
        return Run(seconds, out.stdout, out.stderr)

    def lines(self, code: str, env: dict, *, timeout: float, shown: str) -> tuple[list, bool]:
        """Like `snippet`, but every stdout line is JSON; on timeout, the lines so far."""
        prelude = (
            "import os, json, time, django\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'workgroups.settings')\n"
            "django.setup()\n"
        )
        self.note(shown)
        timed_out = False
        try:
            out = subprocess.run(
                [sys.executable, "-c", prelude + code],
                cwd=PROJECT,
                env=env,
                capture_output=True,
                timeout=timeout,
            )
            stdout = out.stdout
            if out.returncode:
                last = (out.stderr.decode(errors="replace").strip() or "?").splitlines()[-1]
                raise RuntimeError(f"{shown} failed: {last}")
        except subprocess.TimeoutExpired as exc:
            stdout, timed_out = exc.stdout or b"", True
        rows = []
        for line in stdout.decode(errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                rows.append(json.loads(line))
        return rows, timed_out

    def snippet(self, code: str, env: dict, *, timeout: float, shown: str) -> dict:
        """Python run with Django set up; its last stdout line is JSON."""
        prelude = (
            "import os, json, time, django\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'workgroups.settings')\n"
            "django.setup()\n"
        )
        self.note(shown)
        try:
            out = subprocess.run(
                [sys.executable, "-c", prelude + code],
                cwd=PROJECT,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise Skipped(f"did not finish in {timeout:.0f} s") from exc
        if out.returncode:
            last = (out.stderr.strip() or "no output").splitlines()[-1]
            raise RuntimeError(f"{shown} failed: {last}")
        return json.loads(out.stdout.strip().splitlines()[-1])


# -- databases -----------------------------------------------------------------------------


class SQLiteBackend:
    name = "SQLite"

    def __init__(self, root: Path, commands: Commands, base_env: dict):
        self.root = root / "sqlite"
        self.commands = commands
        self.base_env = {k: v for k, v in base_env.items() if k != "DATABASE_URL"}
        self.template = self.root / "template"
        self.version = sqlite3.sqlite_version

    def env(self, label: str) -> dict:
        (self.root / label).mkdir(parents=True, exist_ok=True)
        return {**self.base_env, "WORKGROUPS_DATA_DIR": str(self.root / label)}

    def prepare(self) -> float:
        """Migrate once; every fresh database is a copy of this one."""
        return self.commands.run(["migrate", "-v0"], self.env("template"), timeout=300).seconds

    def fresh(self, label: str) -> dict:
        target = self.root / label
        target.mkdir(parents=True)
        for path in self.template.glob("workgroups.sqlite3*"):
            shutil.copy2(path, target / path.name)
        return self.env(label)

    def cleanup(self) -> None:
        pass  # the temporary folder goes as a whole


class PostgresBackend:
    name = "PostgreSQL"

    def __init__(self, root: Path, commands: Commands, base_env: dict, url: str):
        import psycopg

        self.root = root / "postgresql"
        self.commands = commands
        self.base_env = base_env
        self.url = url
        self.prefix = f"wgbench_{os.getpid()}_"
        self.created: list[str] = []
        self.admin = psycopg.connect(url, autocommit=True)
        self.version = self.admin.execute("SHOW server_version").fetchone()[0]
        self.template = self._create("template")

    def _create(self, label: str, template: str | None = None) -> str:
        name = self.prefix + label
        sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        self.admin.execute(sql)
        self.created.append(name)
        return name

    def _url(self, name: str) -> str:
        parts = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + name))

    def env(self, label: str) -> dict:
        (self.root / label).mkdir(parents=True, exist_ok=True)
        return {
            **self.base_env,
            "DATABASE_URL": self._url(self.prefix + label),
            "WORKGROUPS_DATA_DIR": str(self.root / label),
            "WORKGROUPS_HTTPS": "0",  # plain HTTP on loopback
        }

    def prepare(self) -> float:
        return self.commands.run(["migrate", "-v0"], self.env("template"), timeout=300).seconds

    def fresh(self, label: str) -> dict:
        self._create(label, template=self.template)
        return self.env(label)

    def cleanup(self) -> None:
        for name in reversed(self.created):
            with contextlib.suppress(Exception):
                self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.close()


# -- servers -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A process group of ours (gunicorn master and workers), ended by its id."""

    live: list[Server] = []

    def __init__(self, argv: list[str], env: dict, logfile: Path):
        self.port = free_port()
        self.logfile = logfile
        argv = [a.replace("{port}", str(self.port)) for a in argv]
        self.log = open(logfile, "wb")
        self.proc = subprocess.Popen(
            argv,
            cwd=PROJECT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        Server.live.append(self)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited {self.proc.returncode}: {self.tail()}")
            try:
                with urllib.request.urlopen(self.base + "/", timeout=30):
                    return
            except urllib.error.HTTPError:
                return  # it answers, even if not with 200
            except (OSError, urllib.error.URLError):
                time.sleep(0.5)
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s: {self.tail()}")

    def tail(self) -> str:
        self.log.flush()
        lines = self.logfile.read_text(errors="replace").strip().splitlines()
        return " | ".join(lines[-3:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()
        if self in Server.live:
            Server.live.remove(self)


# -- measurements --------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    path: str
    status: int | str = "-"
    size: int = 0
    first_ms: float = 0.0
    result: loadgen.LoadResult | None = None
    note: str = ""


@dataclass
class Dataset:
    label: str
    description: str
    pages: list[Page] = field(default_factory=list)
    note: str = ""


@dataclass
class BackendResult:
    name: str
    version: str
    migrate_s: float | None = None
    startup_s: float | None = None
    import_runs: list[float] = field(default_factory=list)
    import_note: str = ""
    psf_counts: dict = field(default_factory=dict)
    psf_findings: dict | str = ""
    synth_s: float | None = None
    synth_line: str = ""
    synth_note: str = ""
    synth_counts: dict = field(default_factory=dict)
    findings_10k: dict | str = ""
    rules_10k: list = field(default_factory=list)  # (rule, seconds or None, count)
    rules_note: str = ""
    reindex_s: float | None = None
    reindex_note: str = ""
    http: list[Dataset] = field(default_factory=list)
    mixed: mixed.MixedResult | None = None
    mixed_note: str = ""


FINDINGS_CODE = """
from collections import Counter
from workgroups.checks.engine import compute_findings
times = []
for i in range(RUNS):
    began = time.perf_counter()
    found = compute_findings()
    times.append(time.perf_counter() - began)
    if times[-1] > 10:
        break
print(json.dumps({"times": times, "count": len(found),
                  "codes": dict(Counter(f.code for f in found).most_common())}))
"""

RULES_CODE = """
from workgroups.checks.engine import Registry
from workgroups.checks.rules import RULES
registry = Registry()
for rule in RULES:
    print(json.dumps({"rule": rule.__name__, "started": True}), flush=True)
    began = time.perf_counter()
    count = sum(1 for _ in rule(registry))
    print(json.dumps({"rule": rule.__name__, "seconds": time.perf_counter() - began,
                      "count": count}), flush=True)
"""

PICK_CODE = """
from django.db.models import Count, Q
from workgroups.registry.models import Group, Membership, Person
group = (Group.objects.annotate(n=Count("memberships", filter=Q(memberships__end=None)))
         .order_by("-n", "slug").first())
print(json.dumps({"groups": Group.objects.count(), "people": Person.objects.count(),
                  "memberships": Membership.objects.count(),
                  "slug": group.slug if group else None, "current": group.n if group else 0}))
"""


class Bench:
    def __init__(self, args, tmp: Path):
        self.args = args
        self.tmp = tmp
        self.budget = Budget(args.budget)
        self.commands = Commands()
        self.base_env = {
            **os.environ,
            "WORKGROUPS_SECRET_KEY": SECRET,
            "WORKGROUPS_DEBUG": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.import_available = any(
            (PROJECT / "workgroups").glob("*/management/commands/import.py")
        )
        self.references: list[Page] = []
        self.notes: list[str] = []

    # helpers

    def load_page(self, server: Server, page: Page) -> None:
        url = server.base + page.path
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                page.status, body = response.status, response.read()
        except urllib.error.HTTPError as exc:
            page.status, body = exc.code, exc.read()
        except OSError as exc:
            page.status, page.note = "error", str(exc)
            return
        page.first_ms = (time.perf_counter() - began) * 1000
        page.size = len(body)
        if not (200 <= page.status < 400):
            page.note = {404: "not built yet (404)"}.get(page.status, f"answers {page.status}")
            return
        try:
            self.budget.need(self.args.duration + 15, f"load on {page.path}")
        except Skipped as exc:
            page.note = str(exc)
            return
        log(f"  load {url} for {self.args.duration} s")
        page.result = loadgen.load(
            url,
            seconds=self.args.duration,
            connections=self.args.connections,
            threads=self.args.threads,
            workdir=self.tmp,
        )

    def serve(self, env: dict, label: str, *, direct: bool = False) -> Server:
        """`workgroups serve`; or, with `direct`, the gunicorn command it ends in.

        `serve` first migrates, and the web app rebuilds an empty search index after every
        migrate: about 100 s at 10,000 groups, which the synthetic database (written with
        plain inserts) would spend at each start. `direct` runs `collectstatic` and then
        the very gunicorn command line of `serve` (workgroups/registry/management/commands/
        serve.py) instead; the rebuild is timed on its own (`workgroups reindex`).
        """
        if direct:
            self.commands.run(["collectstatic", "--noinput", "-v0"], env, timeout=300)
            argv = [sys.executable, "-m", "gunicorn", "workgroups.wsgi:application"]
            argv += ["--bind", "127.0.0.1:{port}", "--workers", "2"]
            argv += ["--worker-class", "gthread", "--threads", "4"]
            argv += ["--forwarded-allow-ips", "127.0.0.1"]
            self.commands.note(
                "gunicorn workgroups.wsgi:application --bind 127.0.0.1:<port> --workers 2 "
                "--worker-class gthread --threads 4 --forwarded-allow-ips 127.0.0.1   (what "
                "`workgroups serve` runs, without its migrate step; for the synthetic database)"
            )
        else:
            argv = [sys.executable, "-m", "workgroups", "serve", "--host", "127.0.0.1"]
            argv += ["--port", "{port}", "--workers", "2"]
            self.commands.note("workgroups serve --host 127.0.0.1 --port <free port> --workers 2")
        server = Server(argv, env, self.tmp / f"serve-{label}.log")
        server.wait_ready()
        return server

    def http_reserve(self) -> float:
        """Time that the HTTP loads of one database (pages, then the mixed load) still need."""
        return 8 * (self.args.duration + 4) + 60 + LOAD_SECONDS + 90

    def findings(self, env: dict, *, runs: int, timeout: float) -> dict | str:
        try:
            self.budget.need(min(timeout, 30), "findings")
            return self.commands.snippet(
                FINDINGS_CODE.replace("RUNS", str(runs)),
                env,
                timeout=min(timeout, max(self.budget.left - self.http_reserve(), 20)),
                shown="python -c 'compute_findings()' (workgroups.checks.engine), timed inside",
            )
        except (Skipped, RuntimeError) as exc:
            return str(exc)

    def rules(self, env: dict, result: BackendResult) -> None:
        """Each rule of the findings engine on its own, to name the slow ones."""
        timeout = min(self.args.findings_timeout, self.budget.left - self.http_reserve())
        if timeout < 20:
            result.rules_note = "no time left for a per-rule breakdown"
            return
        try:
            rows, timed_out = self.commands.lines(
                RULES_CODE,
                env,
                timeout=timeout,
                shown="python -c '<each rule of workgroups.checks.rules.RULES, timed>'",
            )
        except RuntimeError as exc:
            result.rules_note = f"no per-rule breakdown: {exc}"
            return
        done = {r["rule"]: r for r in rows if "seconds" in r}
        for r in rows:
            if "started" in r:
                d = done.get(r["rule"])
                result.rules_10k.append(
                    (r["rule"], d["seconds"] if d else None, d["count"] if d else None)
                )
        if timed_out:
            result.rules_note = f"stopped after {timeout:.0f} s"

    def mixed_load(self, backend, result: BackendResult) -> None:
        """LOAD_CLIENTS clients reading and writing at once for LOAD_SECONDS, on a small synth."""
        try:
            self.budget.need(LOAD_SECONDS + 90, "mixed read/write load")
            env = backend.fresh("mixed")
            self.commands.run(
                ["synth", "--groups", str(LOAD_GROUPS), "--seed", "1"], env, timeout=300
            )
            board = {
                **env,
                "DJANGO_SUPERUSER_USERNAME": LOAD_USER,
                "DJANGO_SUPERUSER_EMAIL": "bench@example.org",
                "DJANGO_SUPERUSER_PASSWORD": SECRET,
            }
            self.commands.run(["createsuperuser", "--noinput"], board, timeout=120)
            token = self.commands.run(["token", LOAD_USER], env, timeout=120).stdout.split()[-1]
            server = self.serve(env, f"{backend.name.lower()}-mixed")
        except (Skipped, RuntimeError) as exc:
            result.mixed_note = str(exc)
            return
        try:
            # Active groups only: a dissolved group rightly refuses a new member (422).
            url = server.base + "/api/v1/groups?status=active&limit=100"
            with urllib.request.urlopen(url, timeout=60) as r:
                slugs = [g["slug"] for g in json.loads(r.read())["items"]]
            log(f"{backend.name}: mixed load, {LOAD_CLIENTS} clients for {LOAD_SECONDS} s")
            result.mixed = mixed.run(
                server.base, token, slugs, seconds=LOAD_SECONDS, clients=LOAD_CLIENTS
            )
        finally:
            server.stop()

    # the steps

    def reference_pages(self) -> None:
        """DESIGN.md's bare WSGI app under gunicorn, as `workgroups serve` runs it.

        Two variants show what the server's settings cost (access log, keep-alive).
        """
        variants = [
            ("bare WSGI, 40 KB, as `serve` runs gunicorn (gthread, 4 threads, keep-alive)",
             ["--worker-class", "gthread", "--threads", "4"]),
            ("bare WSGI, 40 KB, sync workers, no access log", []),
            ("bare WSGI, 40 KB, sync workers, access log", ["--access-logfile", "-"]),
        ]  # fmt: skip
        for label, extra in variants:
            argv = [sys.executable, "-m", "gunicorn", "bench.refapp:application", "--bind"]
            argv += ["127.0.0.1:{port}", "--workers", "2", *extra]
            self.commands.note(
                "gunicorn bench.refapp:application --bind 127.0.0.1:<port> --workers 2 "
                + " ".join(extra)
                + "   (bare WSGI reference)"
            )
            server = Server(argv, self.base_env, self.tmp / "reference.log")
            try:
                server.wait_ready(60)
                page = Page(label, "/")
                self.load_page(server, page)
                self.references.append(page)
            finally:
                server.stop()

    def run_backend(self, backend) -> BackendResult:
        result = BackendResult(backend.name, backend.version)
        log(f"{backend.name}: migrating a template database")
        result.migrate_s = backend.prepare()
        startup = [
            self.commands.run(["version"], backend.env("template"), timeout=60).seconds
            for _ in range(3)
        ]
        result.startup_s = statistics.median(startup)

        # (a) import of the bundled data, median of 3 into an empty database
        psf_env = None
        if not self.import_available:
            result.import_note = (
                "not available: workgroups/registry/management/commands/import.py "
                "does not exist yet"
            )
        else:
            for i in range(self.args.import_runs):
                try:
                    self.budget.need(60, "import")
                    env = backend.fresh(f"import{i}")
                    log(f"{backend.name}: import run {i + 1}")
                    run = self.commands.run(["import", *BUNDLED], env, timeout=300)
                    result.import_runs.append(run.seconds)
                    psf_env = env
                except (Skipped, RuntimeError) as exc:
                    result.import_note = str(exc)
                    break
        description = "the bundled PSF data (`workgroups import data/seeds data/psf-wiki`)"
        if psf_env is None:
            psf_env = backend.fresh("psf-standin")
            self.commands.run(["synth", "--groups", "30", "--seed", "1"], psf_env, timeout=300)
            description = (
                "a stand-in for the PSF data, which cannot be imported yet: "
                "`workgroups synth --groups 30 --seed 1`"
            )
        result.psf_counts = self.commands.snippet(
            PICK_CODE, psf_env, timeout=120, shown="python -c '<count rows, pick a group>'"
        )
        result.psf_findings = self.findings(psf_env, runs=3, timeout=120)

        # (b) synth at scale
        synth_env = None
        try:
            self.budget.need(120, "synth")
            synth_env = backend.fresh("synth")
            log(f"{backend.name}: synth --groups {self.args.groups}")
            run = self.commands.run(
                ["synth", "--groups", str(self.args.groups), "--seed", "1"],
                synth_env,
                timeout=max(60, min(600, self.budget.left - 60)),
            )
            result.synth_s = run.seconds
            result.synth_line = next(
                (x for x in run.stdout.splitlines() if x.startswith("Synthesised")), ""
            )
            result.synth_counts = self.commands.snippet(
                PICK_CODE, synth_env, timeout=120, shown="python -c '<count rows, pick a group>'"
            )
        except (Skipped, RuntimeError) as exc:
            result.synth_note = str(exc)
            synth_env = None

        # (c) findings at scale
        if synth_env is not None:
            log(f"{backend.name}: findings at {self.args.groups} groups")
            result.findings_10k = self.findings(
                synth_env, runs=3, timeout=self.args.findings_timeout
            )
            self.rules(synth_env, result)
        else:
            result.findings_10k = "skipped: no synthetic database"

        # (d) HTTP
        if not self.references:
            log("reference: bare WSGI app")
            self.reference_pages()
        datasets = [("psf", psf_env, description, result.psf_counts)]
        if synth_env is not None:
            synth_description = (
                f"{self.args.groups:,} synthetic groups "
                f"(`workgroups synth --groups {self.args.groups} --seed 1`)"
            )
            datasets.append(("synth", synth_env, synth_description, result.synth_counts))
        for label, env, text, counts in datasets:
            dataset = Dataset(label, text)
            result.http.append(dataset)
            try:
                self.budget.need(self.args.duration * 4 + 60, f"HTTP on {label}")
            except Skipped as exc:
                dataset.note = str(exc)
                continue
            slug = counts.get("slug") or "none"
            dataset.pages = [
                Page("directory", "/"),
                Page(
                    f"group page ({counts.get('current', 0)} current members)", f"/groups/{slug}/"
                ),
                Page("API group list", "/api/v1/groups?limit=100"),
                Page("API group detail", f"/api/v1/groups/{slug}"),
            ]
            log(f"{backend.name}: serving {label}")
            try:
                server = self.serve(env, f"{backend.name.lower()}-{label}", direct=label == "synth")
            except RuntimeError as exc:
                dataset.note = str(exc)
                continue
            try:
                for page in dataset.pages:
                    self.load_page(server, page)
            finally:
                server.stop()

        self.mixed_load(backend, result)

        # The search index of the synthetic database, last: it is the web app's, not synth's.
        if synth_env is not None:
            try:
                self.budget.need(150, "search index rebuild")
                log(f"{backend.name}: workgroups reindex at {self.args.groups} groups")
                run = self.commands.run(
                    ["reindex"], synth_env, timeout=max(30, self.budget.left - 20)
                )
                result.reindex_s = run.seconds
            except (Skipped, RuntimeError) as exc:
                result.reindex_note = str(exc)
        return result


# -- the report ----------------------------------------------------------------------------


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def findings_cell(value: dict | str) -> str:
    if isinstance(value, str):
        return value or "-"
    times = value["times"]
    text = f"{statistics.median(times):.2f} s ({value['count']} findings"
    if len(times) > 1:
        text += f"; median of {len(times)}"
    text += ")"
    if value["count"] == 0:
        text += " - the engine finds nothing yet: are its rules written?"
    return text


def git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=PROJECT, capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except OSError:
        return ""


def machine(args, backends: list) -> list[tuple[str, str]]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    import django
    import gunicorn

    rows = [
        ("nproc", str(len(os.sched_getaffinity(0)))),
        ("CPU", cpu or platform.processor() or "?"),
        ("memory", mem or "?"),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("Django", django.get_version()),
        (
            "gunicorn",
            gunicorn.__version__
            + " (2 gthread workers x 4 threads, as `workgroups serve` runs it)",
        ),
    ]
    rows += [(b.name, b.version) for b in backends]
    gen = loadgen.wrk_version() if loadgen.wrk_available() else "Python threads (wrk missing)"
    rows.append(
        (
            "load generator",
            f"{gen}: {args.threads} threads, {args.connections} connections, "
            f"{args.duration} s per page, on 127.0.0.1",
        )
    )
    return rows


def render(args, started: dt.datetime, took: float, loads: tuple, backends, results, bench):
    out = _head(args, started, took, loads, backends)
    out += _summary(args, results, bench)
    out += _at_scale(results)
    for r in results:
        out += _rules(args, r)
    out += _http(args, results, bench)
    out += _mixed(results)
    out += ["## Commands", "", "Every command ran with its own fresh data dir or database:", ""]
    out += [f"- `{c}`" for c in bench.commands.seen]
    out += [
        "",
        "Reproduce with `make bench` (installs Debian's `wrk` when missing), or "
        "`python -m bench --help` for options.",
    ]
    if bench.notes:
        out += ["", "## Notes", ""] + [f"- {n}" for n in bench.notes]
    return "\n".join(out) + "\n"


def _head(args, started: dt.datetime, took: float, loads: tuple, backends) -> list[str]:
    head = git("rev-parse", "--short", "HEAD") or "?"
    dirty = " with uncommitted changes" if git("status", "--porcelain", "--", "workgroups") else ""
    out = [
        "# Workgroups benchmark report",
        "",
        f"`make bench` (`python -m bench`) on {started:%Y-%m-%d %H:%M} UTC at commit "
        f"{head}{dirty}; it took {took:.0f} s. Figures are wall-clock times on a shared "
        "machine: the load average shows how busy it was.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
    ]
    out += [f"| {k} | {v} |" for k, v in machine(args, backends)]
    out.append(f"| load average (1 min) at start / end | {loads[0]:.2f} / {loads[1]:.2f} |")
    return out


def _summary(args, results, bench) -> list[str]:
    """The table of every measure by backend, with its goal; then the reference server."""
    names = [r.name for r in results]
    out = ["", "## Summary", ""]
    out.append("| measure | " + " | ".join(names) + " | goal |")
    out.append("| --- | " + " | ".join("---" for _ in names) + " | --- |")
    out += [
        f"| {label} | " + " | ".join(cells) + f" | {goal} |"
        for label, cells, goal in _summary_rows(args, results)
    ]
    if bench.references and bench.references[0].result:
        ref = bench.references[0].result.rps
        out += [
            "",
            f"Reference measured in this run: a bare WSGI app serving a constant 40 KB page "
            f"under the gunicorn settings of `workgroups serve` answers **{ref:,.0f} req/s** "
            f"(DESIGN.md: ~{REFERENCE_RPS:,} on this machine, a constant Django view ~5,100, "
            f"`cache_page` ~3,500; the goal is at least half of the bare figure, "
            f"{GOAL_RPS:,} req/s).",
        ]
    return out


def _summary_rows(args, results):
    """(measure, a cell per backend, goal) for each row of the summary."""
    yield (
        "import seeds + corpus into an empty database (median)",
        [_import_cell(r) for r in results],
        "< 2 s (issue 3)",
    )
    yield (
        "process start-up alone (`workgroups version`)",
        [seconds(r.startup_s) for r in results],
        "",
    )
    yield (
        f"synth {args.groups:,} groups",
        [seconds(r.synth_s) if r.synth_s else r.synth_note for r in results],
        "well under 60 s",
    )
    yield (
        f"search index rebuild, {args.groups:,} groups (`workgroups reindex`)",
        [seconds(r.reindex_s) if r.reindex_s else r.reindex_note or "-" for r in results],
        "",
    )
    yield (
        "findings, PSF data",
        [findings_cell(r.psf_findings) for r in results],
        "< 1 s (issue 6)",
    )
    yield (
        f"findings, {args.groups:,} groups",
        [findings_cell(r.findings_10k) for r in results],
        "measured (issue 6)",
    )
    for label in ("directory", "API group list"):
        for i, what in enumerate(("PSF data", f"{args.groups:,} groups")):
            cells = [_rps_cell(r, i, label) for r in results]
            yield (f"`{label}`, {what}", cells, f">= {GOAL_RPS:,} req/s (DESIGN.md)")


def _import_cell(r: BackendResult) -> str:
    if not r.import_runs:
        return r.import_note
    return f"{statistics.median(r.import_runs):.2f} s (of {len(r.import_runs)})"


def _rps_cell(r: BackendResult, dataset: int, label: str) -> str:
    """Requests per second of the page `label` in the backend's `dataset`-th data set."""
    page = next(
        (p for d in r.http[dataset : dataset + 1] for p in d.pages if p.label == label), None
    )
    return f"{page.result.rps:,.0f} req/s" if page and page.result else _why(page)


def _at_scale(results) -> list[str]:
    out = ["", "## Data at scale", ""]
    out += [f"- {r.name}: {r.synth_line}" for r in results if r.synth_line]
    for r in results:
        out += _psf_data_lines(r)
    for r in results:
        for label, value in (("PSF data", r.psf_findings), ("synthetic", r.findings_10k)):
            if isinstance(value, dict) and value["codes"]:
                codes = ", ".join(f"{k} {v}" for k, v in value["codes"].items())
                out.append(f"- {r.name} findings, {label}: {codes}.")
    return out


def _psf_data_lines(r: BackendResult) -> list[str]:
    out = []
    if r.psf_counts:
        c = r.psf_counts
        out.append(
            f"- {r.name}, PSF data: {c['groups']} groups, {c['people']} people, "
            f"{c['memberships']} memberships."
        )
    if r.import_runs:
        runs = ", ".join(f"{x:.2f}" for x in r.import_runs)
        out.append(f"- {r.name}: import runs {runs} s (each into a fresh migrated database).")
    if r.migrate_s is not None:
        out.append(f"- {r.name}: `workgroups migrate` of an empty database {r.migrate_s:.1f} s.")
    return out


def _rules(args, r: BackendResult) -> list[str]:
    """The findings rules one by one at scale, for one backend (nothing if they did not run)."""
    if not (r.rules_10k or r.rules_note):
        return []
    out = ["", f"### {r.name}: findings rules one by one at {args.groups:,} groups", ""]
    out.append(
        "Each rule's time includes loading the rows it is the first to read "
        "(`workgroups.checks.engine.Registry` loads each kind once)."
    )
    out += ["", "| rule | time | findings |", "| --- | ---: | ---: |"]
    for rule, secs, count in r.rules_10k:
        if secs is None:
            out.append(f"| {rule} | did not finish ({r.rules_note}) | |")
        else:
            out.append(f"| {rule} | {secs:.2f} s | {count} |")
    if r.rules_note and not any(x is None for _, x, _ in r.rules_10k):
        out.append(f"| ({r.rules_note}) | | |")
    return out


_HTTP_HEADER = [
    "| page | status | size | first | req/s | p50 | p90 | p99 | max | non-2xx/3xx | errors |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]


def _http(args, results, bench) -> list[str]:
    out = ["", "## HTTP", ""]
    out.append(
        "Each page is fetched once (status, size, time of that first answer), then loaded for "
        f"{args.duration} s. Latencies are per request under that load."
    )
    out.append("")
    if bench.references:
        out += ["### Reference", "", *_HTTP_HEADER]
        out += [_page_row(p, p.label) for p in bench.references] + [""]
    for r in results:
        for dataset in r.http:
            out += _dataset(r, dataset)
    return out


def _mixed(results) -> list[str]:
    out = ["", "## Mixed reads and writes", ""]
    out.append(
        f"{LOAD_CLIENTS} clients at once for {LOAD_SECONDS} s against `workgroups serve` on "
        f"`workgroups synth --groups {LOAD_GROUPS}`, each in rounds of: "
        f"{', '.join(mixed.ROUND)} (directory `/`, a group page, API list and detail; writes "
        "through the API with a board token: a member, a meeting-notes page, and a PATCH of "
        "the group with the version its client just read). A PATCH that lost the race "
        "answers 409: expected, counted apart. Errors are every other unexpected answer "
        "(goal: 0)."
    )
    out += [
        "",
        "| database | requests | req/s | reads | writes | errors | 409s | read p50 | read p99 "
        "| write p50 | write p99 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        m = r.mixed
        if m is None:
            out.append(f"| {r.name} | {r.mixed_note or 'did not run'} | | | | | | | | | |")
            continue
        out.append(
            f"| {r.name} | {m.requests:,} | {m.requests / m.seconds:,.0f} | {m.reads:,} "
            f"| {m.writes:,} | {m.errors} | {m.conflicts} "
            f"| {m.percentile('read', 50):.0f} ms | {m.percentile('read', 99):.0f} ms "
            f"| {m.percentile('write', 50):.0f} ms | {m.percentile('write', 99):.0f} ms |"
        )
    for r in results:
        if r.mixed and r.mixed.error_kinds:
            kinds = ", ".join(f"{k} x{v}" for k, v in r.mixed.error_kinds.most_common())
            out += ["", f"{r.name} errors (operation, status): {kinds}."]
    return out


def _dataset(r: BackendResult, dataset: Dataset) -> list[str]:
    out = [f"### {r.name}: {dataset.description}", ""]
    if dataset.note:
        out += [dataset.note, ""]
    if dataset.pages:
        out += _HTTP_HEADER
        out += [_page_row(p, f"{p.label} `{p.path}`") for p in dataset.pages]
        out.append("")
    return out


def _why(page: Page | None) -> str:
    if page is None:
        return "-"
    return page.note or str(page.status)


def _page_row(page: Page, label: str) -> str:
    r = page.result
    size = f"{page.size / 1024:,.1f} KB" if page.size else "-"
    first = f"{page.first_ms:,.0f} ms" if page.first_ms else "-"
    if r is None:
        return f"| {label} | {page.status} | {size} | {first} | {_why(page)} | | | | | | |"
    return (
        f"| {label} | {page.status} | {size} | {first} | {r.rps:,.0f} | {r.p50_ms:.1f} ms "
        f"| {r.p90_ms:.1f} ms | {r.p99_ms:.1f} ms | {r.max_ms:.0f} ms | {r.non_2xx} | {r.errors} |"
    )


# -- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--groups", type=int, default=10_000, help="synthetic groups (10000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--findings-timeout", type=float, default=180)
    # Room for the mixed load on both databases (~150 s each) after the page and import stages.
    parser.add_argument("--budget", type=float, default=900, help="seconds for the whole run")
    parser.add_argument("--no-postgres", action="store_true", help="ignore DATABASE_URL")
    parser.add_argument("--output", type=Path, default=REPORT)
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 500 groups, 2 s loads, 1 import"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.groups, args.duration, args.import_runs = 500, 2, 1

    # SIGTERM ends us like Ctrl-C does, so that servers and temporary files are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    started = dt.datetime.now(dt.UTC)
    load_start = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="workgroups-bench-"))
    bench = Bench(args, tmp)
    backends: list = []
    results: list[BackendResult] = []
    try:
        backends.append(SQLiteBackend(tmp, bench.commands, bench.base_env))
        url = os.environ.get("DATABASE_URL")
        if url and not args.no_postgres:
            try:
                backends.append(PostgresBackend(tmp, bench.commands, bench.base_env, url))
            except Exception as exc:  # noqa: BLE001 - report it and go on with SQLite
                bench.notes.append(f"PostgreSQL left out: {exc}")
        else:
            bench.notes.append("PostgreSQL left out: DATABASE_URL is not set.")
        if not loadgen.wrk_available():
            bench.notes.append(
                "wrk is not installed: the Python load generator's figures are lower bounds."
            )
        for i, backend in enumerate(backends):
            bench.budget.stage(bench.budget.total_left / (len(backends) - i))
            try:
                results.append(bench.run_backend(backend))
            except (RuntimeError, Skipped) as exc:
                bench.notes.append(f"{backend.name} stopped: {exc}")
                log(f"{backend.name} stopped: {exc}")
        took = time.monotonic() - bench.budget.started
        report = render(
            args, started, took, (load_start, os.getloadavg()[0]), backends, results, bench
        )
        args.output.write_text(report)
        print(report)
        log(f"wrote {args.output}")
        return 0
    finally:
        for server in list(Server.live):
            server.stop()
        for backend in backends:
            backend.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
