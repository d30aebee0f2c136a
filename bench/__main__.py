"""`python -m bench`: measure Workgroups and write bench/REPORT.md (see bench/__init__.py)."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import filecmp
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
import sysconfig
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench import goals, mixed
from bench import load as loadgen

PROJECT = Path(__file__).resolve().parent.parent
REPORT = Path(__file__).resolve().parent / "REPORT.md"
BUNDLED = ["data/seeds", "data/psf-wiki"]
SECRET = "bench-only-secret-key-not-for-production-0123456789abcdefghijklmnop"
# PostgreSQL when DATABASE_URL is not set: the local server, if it answers.
LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
# The Redis of the two-server stage: a db of the bench's own, flushed before and after.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
# Shares of the run's time budget, stage by stage, in their order: a database's stage is ~8
# minutes (reindex ~90 s, ready answers ~3 min, import and mixed load ~3 min), the two servers
# ~4, the YAML round trip up to ~4 (each step is killed at three times its goal).
STAGE_WEIGHTS = {"SQLite": 5, "PostgreSQL": 5, "shared": 2.5, "yaml": 2.5}
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
        self.prefix = f"bench_{os.getpid()}_"
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
    synth_env: dict | None = None
    token: str = ""
    cold: dict | str = "not measured"
    hit: goals.HitConfig | None = None
    mixed: mixed.MixedResult | None = None
    mixed_note: str = ""


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
# The two active groups with the most current members: A (timed, then edited) and B.
largest = list(Group.objects.filter(status=Group.Status.ACTIVE)
               .annotate(n=Count("memberships", filter=Q(memberships__end=None)))
               .order_by("-n", "slug")[:2])
print(json.dumps({"groups": Group.objects.count(), "people": Person.objects.count(),
                  "memberships": Membership.objects.count(),
                  "slug": largest[0].slug if largest else None,
                  "current": largest[0].n if largest else 0,
                  "other": largest[1].slug if len(largest) > 1 else None}))
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
        self.base_env.pop("WORKGROUPS_CACHE_URL", None)  # only the two-server stage has Redis
        self.import_available = any(
            (PROJECT / "workgroups").glob("*/management/commands/import.py")
        )
        self.notes: list[str] = []
        self.shared: goals.HitConfig | None = None  # two servers on PostgreSQL + Redis
        self.yaml: dict = {}

    # helpers

    def serve(self, env: dict, label: str) -> Server:
        """`workgroups serve --no-migrate`: the database as it is, under serve's own gunicorn.

        Without --no-migrate, the web app rebuilds an empty search index after each migrate
        (~100 s at 10,000 groups, written by synth with plain inserts); it is timed on its own
        (`workgroups reindex`).
        """
        argv = [sys.executable, "-m", "workgroups", "serve", "--no-migrate"]
        argv += ["--host", "127.0.0.1", "--port", "{port}"]
        self.commands.note("workgroups serve --no-migrate --host 127.0.0.1 --port <free port>")
        server = Server(argv, env, self.tmp / f"serve-{label}.log")
        server.wait_ready()
        return server

    def ceiling(self, answers: Path, label: str) -> Server:
        """bench.refapp returning the app's ready answers, under the same gunicorn settings."""
        argv = goals.gunicorn_argv("bench.refapp:application")
        self.commands.note(
            " ".join(argv[2:]).replace("{port}", "<port>")
            + "   (the ceiling: the app's ready answers, byte for byte)"
        )
        env = {**self.base_env, "BENCH_REFAPP_ANSWERS": str(answers)}
        server = Server(argv, env, self.tmp / f"ceiling-{label}.log")
        server.wait_ready(60)
        return server

    def findings(self, env: dict, *, runs: int, timeout: float) -> dict | str:
        """`workgroups findings --format json` as a user runs it: wall time of the whole command
        (start-up included; it runs some rules in a forked child on a command line only)."""
        times, found = [], []
        try:
            for _ in range(runs):
                self.budget.need(min(timeout, 30), "findings")
                run = self.commands.run(
                    ["findings", "--format", "json"],
                    env,
                    timeout=min(timeout, max(self.budget.left - 60, 20)),
                )
                times.append(run.seconds)
                found = json.loads(run.stdout)
                if run.seconds > 10:
                    break
        except (Skipped, RuntimeError) as exc:
            if not times:
                return str(exc)
        codes = Counter(f["code"] for f in found)
        return {"times": times, "count": len(found), "codes": dict(codes.most_common())}

    def rules(self, env: dict, result: BackendResult) -> None:
        """Each rule of the findings engine on its own, to name the slow ones."""
        timeout = min(self.args.findings_timeout, self.budget.left - 60)
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

    def token(self, env: dict) -> str:
        """A board member's API token in this database (for the writes of the bench)."""
        board = {
            **env,
            "DJANGO_SUPERUSER_USERNAME": LOAD_USER,
            "DJANGO_SUPERUSER_EMAIL": "bench@example.org",
            "DJANGO_SUPERUSER_PASSWORD": SECRET,
        }
        self.commands.run(["createsuperuser", "--noinput"], board, timeout=120)
        return self.commands.run(["token", LOAD_USER], env, timeout=120).stdout.split()[-1]

    def mixed_load(self, backend, result: BackendResult) -> None:
        """LOAD_CLIENTS clients reading and writing at once for LOAD_SECONDS, on a small synth."""
        try:
            self.budget.need(LOAD_SECONDS + 90, "mixed read/write load")
            env = backend.fresh("mixed")
            self.commands.run(
                ["synth", "--groups", str(LOAD_GROUPS), "--seed", "1"], env, timeout=300
            )
            token = self.token(env)
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

    # the goals of issue #14

    def cold(self, env: dict) -> dict | str:
        """bench.cold's medians (page cache off, in-process) and a profile of the slowest page."""
        argv = [sys.executable, "-m", "bench.cold", "--json", "--runs", str(self.args.cold_runs)]
        self.commands.note(f"python -m bench.cold --json --runs {self.args.cold_runs}")
        try:
            self.budget.need(60, "cold renders")
            out = subprocess.run(
                argv,
                cwd=PROJECT,
                env=env,
                capture_output=True,
                text=True,
                timeout=max(60, min(600, self.budget.left - 30)),
            )
        except Skipped as exc:
            return str(exc)
        except subprocess.TimeoutExpired:
            return "did not finish in time"
        if out.returncode:
            return f"bench.cold failed: {(out.stderr.strip() or '?').splitlines()[-1]}"
        return json.loads(out.stdout.strip().splitlines()[-1])

    def hit_path(
        self, name: str, env: dict, *, servers: int, goal: float, counts: dict, token: str
    ) -> goals.HitConfig:
        """Ready answers of the app against the ceiling returning the same bytes, interleaved;
        then the invalidation check on the same servers."""
        config = goals.HitConfig(name, servers, goal)
        label = name.split(",")[0].lower().replace(" ", "-")
        pages = goals.hit_pages(counts.get("slug") or "none")
        seconds = self.args.hit_seconds
        running: list[Server] = []
        try:
            runs = len(pages) * 2 * goals.HIT_RUNS
            self.budget.need(runs * (seconds + 2) + 30, f"ready answers, {name}")
            log(f"{name}: {servers} app server(s) and ceiling(s)")
            apps = [self.serve(env, f"{label}-{i}") for i in range(servers)]
            running += apps
            answers = {}
            for _, path in pages:
                for app in apps:
                    answers[path] = goals.all_ready(app.base, path)
            table = self.tmp / f"answers-{label}.pickle"
            goals.write_answers(table, answers)
            ceilings = [self.ceiling(table, f"{label}-{i}") for i in range(servers)]
            running += ceilings
            for page_label, path in pages:
                page = goals.HitPage(page_label, path, size=len(answers[path][1]))
                config.pages.append(page)
                try:
                    self.budget.need(2 * goals.HIT_RUNS * (seconds + 2), f"load on {path}")
                    log(f"  {name}: {page_label} {path}, app and ceiling x{goals.HIT_RUNS}")
                    goals.measure_page(
                        page,
                        [a.base for a in apps],
                        [c.base for c in ceilings],
                        seconds=seconds,
                        connections=self.args.connections,
                        threads=self.args.threads,
                        workdir=self.tmp,
                    )
                except (Skipped, RuntimeError) as exc:
                    page.note = str(exc)
            if counts.get("other") and token:
                try:
                    config.invalidation = goals.invalidation(
                        [a.base for a in apps], counts["slug"], counts["other"], token
                    )
                except (RuntimeError, OSError) as exc:
                    config.invalidation_note = str(exc)
            else:
                config.invalidation_note = "no second group or no token"
        except (Skipped, RuntimeError, OSError) as exc:
            config.note = str(exc)
            log(f"{name}: {exc}")
        finally:
            for server in running:
                server.stop()
        return config

    def shared_hit_path(self, pg: BackendResult | None) -> None:
        """Two `workgroups serve` on PostgreSQL sharing freshness through Redis (its own db)."""
        name = "2 servers, PostgreSQL + Redis"
        if pg is None or pg.synth_env is None:
            self.shared = goals.HitConfig(name, 2, goals.SHARED_GOAL, note="no PostgreSQL run")
            return
        try:
            import redis

            client = redis.Redis.from_url(self.args.redis_url, socket_timeout=5)
            client.ping()
        except Exception as exc:  # noqa: BLE001 - no Redis here: say so in the report
            self.shared = goals.HitConfig(name, 2, goals.SHARED_GOAL, note=f"no Redis: {exc}")
            return
        client.flushdb()  # this db only: the bench's own (BENCH_REDIS_URL)
        version = client.info("server")["redis_version"]
        self.notes.append(f"Redis {version} at {self.args.redis_url}, flushed before and after.")
        env = {**pg.synth_env, "WORKGROUPS_CACHE_URL": self.args.redis_url}
        try:
            self.shared = self.hit_path(
                name,
                env,
                servers=2,
                goal=goals.SHARED_GOAL,
                counts=pg.synth_counts,
                token=pg.token,
            )
        finally:
            client.flushdb()
            client.close()

    def yaml_round_trip(self, sqlite: BackendResult | None, backend) -> None:
        """Dump the synthetic database to YAML, load it into an empty one, dump that again.

        Each step is killed at three times its goal: today's load takes minutes.
        """
        if sqlite is None or sqlite.synth_env is None:
            self.yaml = {"note": "no SQLite synthetic database"}
            return
        first, second = self.tmp / "dump.yaml", self.tmp / "reloaded.yaml"
        py = [sys.executable, "-m", "workgroups"]
        dump = ["export", "--format", "yaml", "--output"]
        shown = "workgroups export --format yaml --output <file>   (wall, max RSS)"
        self.commands.note(shown)
        self.commands.note("workgroups import <file>   (into an empty database; wall, max RSS)")
        try:
            self.budget.need(goals.DUMP_GOAL_S + 30, "YAML dump")
            log(f"YAML dump of {self.args.groups} groups")
            self.yaml["dump"] = run = goals.measured(
                [*py, *dump, str(first)],
                sqlite.synth_env,
                PROJECT,
                timeout=max(30, min(3 * goals.DUMP_GOAL_S, self.budget.left - 60)),
                log=self.tmp / "yaml-dump.log",
            )
            if run.returncode:
                raise Skipped("no dump to load")
            self.budget.need(goals.LOAD_GOAL_S + 30, "YAML load")
            env = backend.fresh("yaml-load")
            log("YAML load into an empty database")
            self.yaml["load"] = run = goals.measured(
                [*py, "import", str(first)],
                env,
                PROJECT,
                timeout=max(30, min(3 * goals.LOAD_GOAL_S, self.budget.left - 30)),
                log=self.tmp / "yaml-load.log",
            )
            if run.returncode:
                raise Skipped("the load did not finish")
            self.budget.need(goals.DUMP_GOAL_S, "dump of the loaded database")
            log("YAML dump of the loaded database")
            self.commands.run([*dump, str(second)], env, timeout=3 * goals.DUMP_GOAL_S, shown=shown)
            self.yaml["same"] = filecmp.cmp(first, second, shallow=False)
            self.yaml["bytes"] = first.stat().st_size
        except (Skipped, RuntimeError) as exc:
            self.yaml["same_note"] = str(exc)

    # the steps

    def run_backend(self, backend) -> BackendResult:
        """The goals first (synth, findings, cold renders, ready answers), then the rest."""
        result = BackendResult(backend.name, backend.version)
        log(f"{backend.name}: migrating a template database")
        result.migrate_s = backend.prepare()
        startup = [
            self.commands.run(["version"], backend.env("template"), timeout=60).seconds
            for _ in range(3)
        ]
        result.startup_s = statistics.median(startup)

        # synth at scale, its findings, its search index, cold renders and ready answers
        try:
            self.budget.need(120, "synth")
            env = backend.fresh("synth")
            log(f"{backend.name}: synth --groups {self.args.groups}")
            run = self.commands.run(
                ["synth", "--groups", str(self.args.groups), "--seed", "1"],
                env,
                timeout=max(60, min(600, self.budget.left - 60)),
            )
            result.synth_s = run.seconds
            result.synth_line = next(
                (x for x in run.stdout.splitlines() if x.startswith("Synthesised")), ""
            )
            result.synth_counts = self.commands.snippet(
                PICK_CODE, env, timeout=120, shown="python -c '<count rows, pick two groups>'"
            )
            result.synth_env = env
        except (Skipped, RuntimeError) as exc:
            result.synth_note = str(exc)
        if result.synth_env is not None:
            env = result.synth_env
            log(f"{backend.name}: findings at {self.args.groups} groups")
            result.findings_10k = self.findings(env, runs=3, timeout=self.args.findings_timeout)
            try:
                # The search index is the web app's, not synth's; cold search needs it.
                self.budget.need(90, "search index rebuild")
                log(f"{backend.name}: workgroups reindex at {self.args.groups} groups")
                run = self.commands.run(["reindex"], env, timeout=max(30, self.budget.left - 60))
                result.reindex_s = run.seconds
            except (Skipped, RuntimeError) as exc:
                result.reindex_note = str(exc)
            log(f"{backend.name}: cold renders")
            result.cold = self.cold(env)
            try:
                result.token = self.token(env)
            except RuntimeError as exc:
                self.notes.append(f"{backend.name}: no API token: {exc}")
            result.hit = self.hit_path(
                backend.name,
                env,
                servers=1,
                goal=goals.HIT_GOAL,
                counts=result.synth_counts,
                token=result.token,
            )
            findings = result.findings_10k
            if not isinstance(findings, dict) or max(findings["times"]) > goals.FINDINGS_GOAL_S:
                self.rules(env, result)  # which rules keep the findings over their goal
        else:
            result.findings_10k = "skipped: no synthetic database"

        # the bundled data: import (median of several into an empty database), its findings
        psf_env = None
        if not self.import_available:
            result.import_note = "not available: `workgroups import` does not exist"
        for i in range(self.args.import_runs if self.import_available else 0):
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
        if psf_env is not None:
            result.psf_counts = self.commands.snippet(
                PICK_CODE, psf_env, timeout=120, shown="python -c '<count rows, pick two groups>'"
            )
            result.psf_findings = self.findings(psf_env, runs=3, timeout=120)

        self.mixed_load(backend, result)
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
            f"{args.hit_seconds} s per load, on 127.0.0.1",
        )
    )
    return rows


def render(args, started: dt.datetime, took: float, loads: tuple, backends, results, bench):
    out = _head(args, started, took, loads)
    out += _goals(args, results, bench)
    out += _machine(args, loads, backends)
    out += _hits(args, results, bench)
    out += _cold(results)
    out += _yaml(args, bench)
    out += _summary(args, results)
    out += _at_scale(results)
    for r in results:
        out += _rules(args, r)
    out += _mixed(results)
    out += ["", "## Commands", "", "Every command ran with its own fresh data dir or database:", ""]
    out += [f"- `{c}`" for c in bench.commands.seen]
    out += [
        "",
        "Reproduce with `make bench` (installs Debian's `wrk` when missing; PostgreSQL when "
        "DATABASE_URL is set, Redis at BENCH_REDIS_URL), or `python -m bench --help`.",
    ]
    if bench.notes:
        out += ["", "## Notes", ""] + [f"- {n}" for n in bench.notes]
    return "\n".join(out) + "\n"


def _head(args, started: dt.datetime, took: float, loads: tuple) -> list[str]:
    head = git("rev-parse", "--short", "HEAD") or "?"
    dirty = " with uncommitted changes" if git("status", "--porcelain", "--", "workgroups") else ""
    return [
        "# Workgroups benchmark report",
        "",
        f"`make bench` (`python -m bench`) on {started:%Y-%m-%d %H:%M} UTC at commit "
        f"{head}{dirty}; it took {took:.0f} s. Figures are wall-clock times on a shared "
        f"machine: the load average (1 min) was {loads[0]:.2f} at the start and "
        f"{loads[1]:.2f} at the end.",
    ]


def _goals(args, results, bench) -> list[str]:
    """Issue #14's goals, each with its figure in this run: the table the report opens with."""
    rows: list[goals.Goal] = []
    configs = [r.hit for r in results if r.hit] + ([bench.shared] if bench.shared else [])
    for config in configs:
        rows += goals.hit_goals(config)
    for r in results:
        rows += goals.cold_goals(r.name, r.cold)
    for r in results:
        rows.append(goals.findings_goal(r.name, args.groups, r.findings_10k))
    rows += goals.yaml_goals(args.groups, bench.yaml)
    rows += [goals.invalidation_goal(config) for config in configs]
    return [
        "",
        f"## Goals of issue #14 at {args.groups:,} groups",
        "",
        "Ready answers: the app's req/s over the ceiling's, a bare WSGI app returning the same "
        "bytes under the same gunicorn settings (median of "
        f"{goals.HIT_RUNS} interleaved {args.hit_seconds} s loads each). Cold: page cache off, "
        "in-process median (`python -m bench.cold`). Findings: wall time of "
        "`workgroups findings --format json`, start-up included (median of 3).",
        "",
        *goals.table(rows),
    ]


def _machine(args, loads: tuple, backends) -> list[str]:
    out = ["", "## Machine", "", "| | |", "| --- | --- |"]
    out += [f"| {k} | {v} |" for k, v in machine(args, backends)]
    out.append(f"| load average (1 min) at start / end | {loads[0]:.2f} / {loads[1]:.2f} |")
    return out


def _hits(args, results, bench) -> list[str]:
    out = ["", "## Ready answers against the ceiling", ""]
    out.append(
        f"Each page is first asked until it answers `X-Cache: hit` on every server (and again "
        f"before each app run); then the app and the ceiling are loaded in turn, "
        f"{goals.HIT_RUNS} times each, {args.hit_seconds} s per load "
        f"(wrk -t{args.threads} -c{args.connections}; with two servers, two wrk at once, each "
        "with half the threads and connections on one server, req/s summed). The ceiling "
        "(`bench/refapp.py`) returns the app's own ready answer, headers and body, byte for "
        "byte."
    )
    configs = [r.hit for r in results if r.hit] + ([bench.shared] if bench.shared else [])
    for config in configs:
        out += ["", f"### {config.name}", ""]
        if config.note:
            out += [config.note, ""]
        if not config.pages:
            continue
        out += [
            "| page | size | app req/s (runs) | ceiling req/s (runs) | ratio | app p50 | app p99 |",
            "| --- | ---: | --- | --- | ---: | ---: | ---: |",
        ]
        for p in config.pages:
            app = ", ".join(f"{x:,.0f}" for x in p.app) or p.note or "-"
            ceiling = ", ".join(f"{x:,.0f}" for x in p.ceiling) or "-"
            ratio = f"{p.ratio:.2f}" if p.ratio is not None else "-"
            p50 = f"{p.p50_ms:.1f} ms" if p.p50_ms is not None else "-"
            p99 = f"{p.p99_ms:.1f} ms" if p.p99_ms is not None else "-"
            out.append(
                f"| {p.label} `{p.path}` | {p.size / 1024:,.1f} KB | {app} | {ceiling} "
                f"| {ratio} | {p50} | {p99} |"
            )
        inv = config.invalidation
        if inv:
            where = "the second server" if inv["servers"] > 1 else "the same server"
            after = ", ".join(f"{k} `X-Cache: {v}`" for k, v in inv["after"].items())
            out += [
                "",
                f"Invalidation: A = `{inv['a']}`, B = `{inv['b']}`, all four answers ready; a "
                f"member added to A through the API (POST, first server); then, on {where}: "
                f"{after}.",
            ]
        elif config.invalidation_note:
            out += ["", f"Invalidation not measured: {config.invalidation_note}"]
    return out


def _cold(results) -> list[str]:
    out = ["", "## Cold renders (page cache off, in-process)", ""]
    ran = [r for r in results if isinstance(r.cold, dict)]
    if not ran:
        return out + ["Not measured: " + "; ".join(f"{r.name}: {r.cold}" for r in results)]
    runs = ran[0].cold["runs"]
    out.append(
        f"`python -m bench.cold` on the synthetic database: median of {runs} requests per page "
        "through django.test.Client after 2 to warm up (view, queries, template; no server)."
    )
    out += ["", "| page | " + " | ".join(r.name for r in ran) + " | goal |"]
    out.append("| --- | " + " | ".join("---:" for _ in ran) + " | --- |")
    for page, limit in goals.COLD_GOALS_MS.items():
        cells = [
            f"{r.cold['medians'][page]:.1f} ms" if page in r.cold["medians"] else "-" for r in ran
        ]
        out.append(f"| {page} | " + " | ".join(cells) + f" | <= {limit} ms |")
    paths = ran[0].cold["paths"]
    out += ["", "Pages: " + ", ".join(f"{k} `{v}`" for k, v in paths.items()) + "."]
    for r in ran:
        if r.cold.get("profile"):
            slowest = r.cold["slowest"]
            out += [
                "",
                f"### {r.name}: profile of the slowest cold page, {slowest} "
                f"(`{r.cold['paths'][slowest]}`, 5 requests, by cumulative time)",
                "",
                "```",
                *_profile_lines(r.cold["profile"]),
                "```",
            ]
    return out


def _profile_lines(text: str) -> list[str]:
    """pstats' table without its blank lines, file names from the project or site-packages."""
    prefixes = [str(PROJECT) + "/", sysconfig.get_paths()["purelib"] + "/"]
    prefixes.append(sysconfig.get_paths()["stdlib"] + "/")
    lines = []
    for line in text.splitlines():
        if line.strip():
            for prefix in prefixes:
                line = line.replace(prefix, "")
            lines.append(line)
    return lines


def _yaml(args, bench) -> list[str]:
    y = bench.yaml
    out = ["", f"## YAML dump and load at {args.groups:,} groups", ""]
    if not y or y.get("note"):
        return out + [f"Not measured: {y.get('note', 'no run')}."]
    out.append(
        "`workgroups export --format yaml --output <file>` of the SQLite synthetic database, "
        "then `workgroups import <file>` into an empty migrated database, then a dump of that "
        "compared with the first (`cmp`). Peak memory: the child's ru_maxrss (os.wait4)."
    )
    out += ["", "| step | wall | max RSS | exit |", "| --- | ---: | ---: | --- |"]
    for step in ("dump", "load"):
        run = y.get(step)
        if isinstance(run, goals.Measured):
            exit_ = "killed (timeout)" if run.timed_out else str(run.returncode)
            out.append(
                f"| {step} | {run.seconds:.1f} s | {run.max_rss / (1 << 20):,.0f} MB | {exit_} |"
            )
        else:
            out.append(f"| {step} | - | - | not run |")
    if y.get("bytes"):
        same = "the same bytes" if y.get("same") else "**different bytes**"
        out += ["", f"The dump is {y['bytes'] / (1 << 20):,.1f} MB; load-then-dump gave {same}."]
    elif y.get("same_note"):
        out += ["", f"Load-then-dump not compared: {y['same_note']}."]
    return out


def _summary(args, results) -> list[str]:
    """Every other measure by backend, with its goal where it has one."""
    names = [r.name for r in results]
    out = ["", "## Other measures", ""]
    out.append("| measure | " + " | ".join(names) + " | goal |")
    out.append("| --- | " + " | ".join("---" for _ in names) + " | --- |")
    out += [
        f"| {label} | " + " | ".join(cells) + f" | {goal} |"
        for label, cells, goal in _summary_rows(args, results)
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


def _import_cell(r: BackendResult) -> str:
    if not r.import_runs:
        return r.import_note
    return f"{statistics.median(r.import_runs):.2f} s (of {len(r.import_runs)})"


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


# -- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--groups", type=int, default=10_000, help="synthetic groups (10000)")
    parser.add_argument("--hit-seconds", type=int, default=5, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--cold-runs", type=int, default=20, help="requests per cold page")
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--findings-timeout", type=float, default=180)
    parser.add_argument("--budget", type=float, default=1500, help="seconds for the whole run")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--redis-url", default=REDIS_URL, help="its db is flushed (not 0!)")
    parser.add_argument(
        "--only",
        action="append",
        choices=list(STAGE_WEIGHTS),
        help="run only these stages (repeatable; shared needs PostgreSQL, yaml SQLite)",
    )
    parser.add_argument("--output", type=Path, default=REPORT)
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 500 groups, 2 s loads, 1 import"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.groups, args.hit_seconds, args.import_runs, args.cold_runs = 500, 2, 1, 5
    if urllib.parse.urlsplit(args.redis_url).path in ("", "/", "/0"):
        parser.error("--redis-url must name a db other than 0: the bench flushes it")

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
        url = os.environ.get("DATABASE_URL") or LOCAL_POSTGRES
        if not args.no_postgres:
            try:
                backends.append(PostgresBackend(tmp, bench.commands, bench.base_env, url))
            except Exception as exc:  # noqa: BLE001 - report it and go on with SQLite
                bench.notes.append(f"PostgreSQL left out: {exc}")
        if not loadgen.wrk_available():
            bench.notes.append(
                "wrk is not installed: the Python load generator's figures are lower bounds."
            )
        stages = [(b.name, b) for b in backends] + [("shared", None), ("yaml", None)]
        wanted = set(args.only or STAGE_WEIGHTS)
        if "shared" in wanted and len(backends) > 1:
            wanted.add("PostgreSQL")  # the two servers serve its synthetic database
        if "yaml" in wanted:
            wanted.add("SQLite")  # the dump is of its synthetic database
        stages = [(name, b) for name, b in stages if name in wanted]
        by_name = {}
        for i, (name, backend) in enumerate(stages):
            weights = sum(STAGE_WEIGHTS[n] for n, _ in stages[i:])
            bench.budget.stage(bench.budget.total_left * STAGE_WEIGHTS[name] / weights)
            try:
                if name == "shared":
                    bench.shared_hit_path(by_name.get("PostgreSQL"))
                elif name == "yaml":
                    bench.yaml_round_trip(by_name.get("SQLite"), backends[0])
                else:
                    by_name[name] = bench.run_backend(backend)
                    results.append(by_name[name])
            except (RuntimeError, Skipped) as exc:
                bench.notes.append(f"{name} stopped: {exc}")
                log(f"{name} stopped: {exc}")
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
