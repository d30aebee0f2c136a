"""Mixed read/write load on loopback: many clients reading pages and the API while writing
members, pages and group edits through the API with a token.

A PATCH carries the version its client just read, so a concurrent write makes it answer 409:
that is the API working, counted apart from errors. Anything else unexpected is an error.
"""

from __future__ import annotations

import http.client
import itertools
import json
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

# One round of a client: mostly reads, a write in three.
ROUND = ("directory", "group", "member", "list", "detail", "page", "group", "patch", "list")
READS = {"directory", "group", "list", "detail"}


@dataclass
class MixedResult:
    clients: int
    seconds: float
    requests: int = 0
    errors: int = 0
    conflicts: int = 0
    read_ms: list[float] = field(default_factory=list)
    write_ms: list[float] = field(default_factory=list)
    error_kinds: Counter = field(default_factory=Counter)

    @property
    def reads(self) -> int:
        return len(self.read_ms)

    @property
    def writes(self) -> int:
        return len(self.write_ms)

    def percentile(self, which: str, p: int) -> float:
        values = sorted(self.read_ms if which == "read" else self.write_ms)
        if len(values) < 2:
            return values[0] if values else 0.0
        return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


class Client:
    """One keep-alive connection (reopened when the server closes it) doing rounds of ROUND."""

    result_lock = threading.Lock()

    def __init__(self, base: str, token: str, slugs: list[str], number: int, result: MixedResult):
        parts = urllib.parse.urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"refusing to load {parts.hostname}: loopback only")
        self.host, self.port = parts.hostname, parts.port
        self.token = token
        self.slugs = slugs
        self.number = number
        self.result = result
        self.conn: http.client.HTTPConnection | None = None
        self.read_ms: list[float] = []
        self.write_ms: list[float] = []
        self.errors: Counter = Counter()
        self.conflicts = 0

    def request(self, method: str, path: str, body: dict | None = None):
        """(status, parsed JSON or None, milliseconds); status 0 when the connection failed."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"}
        began = time.perf_counter()
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            return 0, None, (time.perf_counter() - began) * 1000
        ms = (time.perf_counter() - began) * 1000
        if response.will_close:
            self.conn.close()
            self.conn = None
        parsed = None
        if response.getheader("Content-Type", "").startswith("application/json"):
            parsed = json.loads(payload or b"null")
        return response.status, parsed, ms

    def step(self, op: str, n: int) -> None:
        slug = self.slugs[(self.number + n) % len(self.slugs)]
        api = f"/api/v1/groups/{slug}"
        if op in READS:
            path = {"directory": "/", "group": f"/groups/{slug}/", "list": "/api/v1/groups"}
            status, _, ms = self.request("GET", path.get(op, api))
            self.read_ms.append(ms)
            self.check(op, status, 200)
        elif op == "member":
            # Letters between the numbers: the registry joins names that differ only in
            # punctuation ("Load Person 1-23" is "Load Person 12-3"), a seat it already holds.
            body = {"person": f"Load Person c{self.number} r{n}", "role": "member"}
            self.write(op, "POST", api + "/members", body, 201)
        elif op == "page":
            body = {
                "kind": "minutes",
                "date": "2024-01-02",
                "title": f"Load note {self.number}-{n}",
                "body": f"Notes of client {self.number}, round {n}.",
            }
            self.write(op, "POST", api + "/pages", body, 201)
        else:
            status, group, ms = self.request("GET", api)
            self.read_ms.append(ms)
            if self.check("detail", status, 200):
                body = {"summary": f"Edited by client {self.number}", "version": group["version"]}
                self.write(op, "PATCH", api, body, 200)

    def write(self, op: str, method: str, path: str, body: dict, expected: int) -> None:
        status, _, ms = self.request(method, path, body)
        self.write_ms.append(ms)
        if status == 409 and op == "patch":
            self.conflicts += 1
        else:
            self.check(op, status, expected)

    def check(self, op: str, status: int, expected: int) -> bool:
        if status != expected:
            self.errors[f"{op} {status or 'connection'}"] += 1
        return status == expected

    def run(self, deadline: float) -> None:
        for n in itertools.count():
            for op in ROUND:
                if time.perf_counter() >= deadline:
                    self.finish()
                    return
                self.step(op, n)

    def finish(self) -> None:
        if self.conn is not None:
            self.conn.close()
        with self.result_lock:
            self.result.read_ms += self.read_ms
            self.result.write_ms += self.write_ms
            self.result.error_kinds += self.errors
            self.result.conflicts += self.conflicts


def run(base: str, token: str, slugs: list[str], *, seconds: int, clients: int) -> MixedResult:
    result = MixedResult(clients=clients, seconds=0.0)
    deadline = time.perf_counter() + seconds
    workers = [
        threading.Thread(
            target=Client(base, token, slugs, i, result).run, args=(deadline,), daemon=True
        )
        for i in range(clients)
    ]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join(seconds + 120)
    result.seconds = time.perf_counter() - started
    result.requests = result.reads + result.writes
    result.errors = sum(result.error_kinds.values())
    return result
