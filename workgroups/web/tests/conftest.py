"""Made-up registry rows for the website's tests, and a real server for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from workgroups.tests.factories import made_up_registry

PROJECT = Path(__file__).resolve().parents[3]
ARTIFACTS = PROJECT / "test-artifacts"


@pytest.fixture
def registry(db):
    """A builder: registry(groups, size) fills the database with made-up rows."""
    return made_up_registry


# --- A real server for the browser ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"`workgroups serve` exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(
        f"`workgroups serve` did not answer in {timeout}s:\n{log.read_text()[-3000:]}"
    )


def server_env(data: Path, **extra) -> dict:
    """The environment of a test server over `data`: SQLite, no shared cache, no debug."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WORKGROUPS_CACHE_URL")}
    env.update(WORKGROUPS_DATA_DIR=str(data), WORKGROUPS_DEBUG="0", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


@contextmanager
def serving(data: Path, env: dict):
    """`workgroups serve` on a free port over `data` (it migrates, and loads the bundled PSF data
    into an empty database); yields the base URL and stops the server after."""
    port = _free_port()
    log = data / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "workgroups", "serve", "--port", str(port), "--workers", "2"],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/", proc, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """`workgroups serve` over a fresh data dir, with the bundled PSF data. Yields the base URL."""
    data = tmp_path_factory.mktemp("site-data")
    # An empty home of its own: the server must write nothing outside its data dir.
    home = tmp_path_factory.mktemp("site-home")
    with serving(data, server_env(data, HOME=str(home))) as base:
        yield base


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
