"""Made-up registry rows for the website's tests, and a real server for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from workgroups.registry.models import (
    Group,
    GroupAlias,
    LegacyPath,
    Link,
    MailingList,
    Membership,
    Page,
    Person,
    PersonAlias,
    Resolution,
    RosterApproval,
    Source,
)

PROJECT = Path(__file__).resolve().parents[3]
ARTIFACTS = PROJECT / "test-artifacts"
STATUSES = ["active", "inactive", "dissolved"]


def make_group(i: int, size: int, *, status: str | None = None) -> Group:
    """A group with `size` of everything: lists, links, members, past members, resolutions,
    minutes, charter versions; every row with provenance."""
    source, _ = Source.objects.get_or_create(path="made-up/groups.md", kind="psf-page")
    wiki, _ = Source.objects.get_or_create(path=f"made-up/wiki/G{i}.md", kind="wiki-page")
    status = status or STATUSES[i % 3]
    group = Group.objects.create(
        name=f"Made Up Group {i}",
        slug=f"made-up-{i}",
        status=status,
        formed=f"{2001 + i % 20}-0{1 + i % 9}",
        dissolved=f"{2022 + i % 3}-05" if status == "dissolved" else None,
        purpose=f"The group **{i}** looks after things. It meets monthly.\n\nMore about it.",
        position=i,
        source=source,
        line_start=10 * i + 1,
        line_end=10 * i + 9,
    )
    GroupAlias.objects.create(group=group, kind="name", name=f"MU{i} WG")
    GroupAlias.objects.create(group=group, kind="path", name=f"psf/working-groups/MU{i}")
    GroupAlias.objects.create(group=group, kind="path", name=f"psf/working-groups/MU{i}/index")
    for n in range(size):
        MailingList.objects.create(
            group=group, address=f"mu{i}-{n}@python.org", position=n, source=source, line_start=3
        )
        Link.objects.create(
            group=group, label=f"Link {n}", url=f"https://example.org/{i}/{n}", position=n
        )
        person = Person.objects.create(name=f"Pérson {i}-{n}", slug=f"person-{i}-{n}")
        PersonAlias.objects.create(person=person, name=f"Person {i}-{n} alias")
        Membership.objects.create(
            person=person,
            group=group,
            role="chair" if n == 0 else "member",
            start="2019-03",
            source=source,
            line_start=12,
        )
        Membership.objects.create(
            person=person, group=group, role="member", start="2015", end="2019-03", voting=False
        )
        Resolution.objects.create(
            group=group,
            kind="establishing" if n == 0 else "amending",
            title=f"Resolution {n}",
            date=f"{2010 + n}-06-0{1 + n % 9}",
            text=f"RESOLVED, that group {i} does thing {n}.",
            vote_yes=5,
            vote_no=0,
            vote_abstain=1,
            medium="IRC vote",
            position=n,
            source=source,
            line_start=20 + n,
            line_end=21 + n,
        )
        Page.objects.create(
            group=group,
            kind="minutes",
            title=f"MU{i}/2020-0{1 + n % 9}-{10 + n}-meeting",
            slug=f"2020-0{1 + n % 9}-{10 + n}-meeting",
            date=f"2020-0{1 + n % 9}-{10 + n}",
            path=f"psf/working-groups/MU{i}/2020-0{1 + n % 9}-{10 + n}-meeting",
            body=f"# MU{i} meeting {n}\n\nWe met and talked about `pip`{{.backtick}}.",
            source=wiki,
            line_start=1,
            line_end=4,
        )
        Page.objects.create(
            group=group,
            kind="charter",
            title=f"MU{i} Charter v{n}",
            slug=f"charter-v{n}",
            position=n,
            path=f"psf/working-groups/MU{i}/Charter_v{n}",
            body=f"# Charter v{n}\n\n## Mission\n\nDo things.",
        )
    RosterApproval.objects.create(group=group, date="2024-01-15", note="yearly")
    return group


def make_registry(groups: int, size: int) -> list[Group]:
    made = [make_group(i, size) for i in range(groups)]
    LegacyPath.objects.get_or_create(old="psf/MU0WG", defaults={"new": "psf/working-groups/MU0"})
    return made


@pytest.fixture
def registry(db):
    """A builder: registry(groups, size) fills the database with made-up rows."""
    return make_registry


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


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """`workgroups serve` on a free port over a fresh data dir: it migrates, loads the bundled
    PSF data itself and serves with gunicorn. Yields the base URL."""
    data = tmp_path_factory.mktemp("site-data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(WORKGROUPS_DATA_DIR=str(data), WORKGROUPS_DEBUG="0", PYTHONUNBUFFERED="1")
    env.pop("WORKGROUPS_CACHE_URL", None)
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
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
