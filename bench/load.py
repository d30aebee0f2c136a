"""HTTP load on loopback: wrk when installed, else a bounded Python load generator.

Both return the same `LoadResult`. Every run is bounded in time; only 127.0.0.1 is loaded.
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK-JSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"bytes\\": %d, " ..
    "\\"connect\\": %d, \\"read\\": %d, \\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d, " ..
    "\\"p50\\": %d, \\"p90\\": %d, \\"p99\\": %d, \\"max\\": %d}\\n",
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


@dataclass
class LoadResult:
    tool: str
    requests: int
    seconds: float
    bytes: int
    non_2xx: int  # responses with a status outside 2xx/3xx
    errors: int  # connect, read, write errors and timeouts
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    notes: list[str] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk_version() -> str:
    if not wrk_available():
        return "not installed"
    out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10)
    return (out.stdout or out.stderr).splitlines()[0].split(" Copyright")[0].strip()


def _loopback(url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"refusing to load {host}: loopback only")


def run_wrk(url: str, *, seconds: int, connections: int, threads: int, workdir: Path) -> LoadResult:
    _loopback(url)
    script = workdir / "report.lua"
    script.write_text(WRK_SCRIPT)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    line = next((x for x in out.stdout.splitlines() if x.startswith("WRK-JSON ")), None)
    if out.returncode or line is None:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr.strip() or out.stdout}")
    d = json.loads(line.removeprefix("WRK-JSON "))
    return LoadResult(
        tool="wrk",
        requests=d["requests"],
        seconds=d["duration_us"] / 1e6,
        bytes=d["bytes"],
        non_2xx=d["status"],
        errors=d["connect"] + d["read"] + d["write"] + d["timeout"],
        p50_ms=d["p50"] / 1000,
        p90_ms=d["p90"] / 1000,
        p99_ms=d["p99"] / 1000,
        max_ms=d["max"] / 1000,
    )


def run_python(url: str, *, seconds: int, connections: int) -> LoadResult:
    """Threads with keep-alive connections (reopened when the server closes them)."""
    _loopback(url)
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    totals = {"bytes": 0, "non_2xx": 0, "errors": 0}

    def worker():
        mine: list[float] = []
        nbytes = bad = errors = 0
        conn = None
        while time.perf_counter() < deadline:
            if conn is None:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            began = time.perf_counter()
            try:
                conn.request("GET", target)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = None
                continue
            mine.append(time.perf_counter() - began)
            nbytes += len(body)
            bad += not (200 <= response.status < 400)
            if response.will_close:
                conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            latencies.extend(mine)
            totals["bytes"] += nbytes
            totals["non_2xx"] += bad
            totals["errors"] += errors

    started = time.perf_counter()
    workers = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(seconds + 60)
    elapsed = time.perf_counter() - started
    ms = sorted(x * 1000 for x in latencies) or [0.0]
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return LoadResult(
        tool="python",
        requests=len(latencies),
        seconds=elapsed,
        bytes=totals["bytes"],
        non_2xx=totals["non_2xx"],
        errors=totals["errors"],
        p50_ms=q[49],
        p90_ms=q[89],
        p99_ms=q[98],
        max_ms=ms[-1],
        notes=["Python load generator (GIL-bound, shares the CPUs): a lower bound"],
    )


def load(url: str, *, seconds: int, connections: int, threads: int, workdir: Path) -> LoadResult:
    if wrk_available():
        return run_wrk(
            url, seconds=seconds, connections=connections, threads=threads, workdir=workdir
        )
    return run_python(url, seconds=seconds, connections=connections)
