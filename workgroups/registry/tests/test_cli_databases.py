"""The console script on a fresh data directory, on an old schema, and with bad input: it
makes the database or says what to do in one line, never a traceback, and writes nothing
into the directory it runs in."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]
WORKGROUPS = PROJECT / ".venv" / "bin" / "workgroups"
DATABASE = "workgroups.sqlite3"

PRODUCT_COMMANDS = [
    ["import", str(PROJECT / "data" / "seeds")],
    ["export", "--format", "yaml"],
    ["findings"],
    ["remind", "--dry-run"],
    ["token", "nobody"],
    ["synth", "--groups", "1"],
    ["reindex"],
]

pytestmark = pytest.mark.skipif(
    not WORKGROUPS.exists(), reason="needs the installed console script"
)


def workgroups(data_dir: Path, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Runs the console script as a user would, and checks it left the working directory alone."""
    cwd.mkdir(exist_ok=True)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("WORKGROUPS_")}
    environ.pop("DATABASE_URL", None)
    environ.update(WORKGROUPS_DATA_DIR=str(data_dir), **env)
    result = subprocess.run(
        [str(WORKGROUPS), *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert list(cwd.iterdir()) == []
    return result


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A data directory with the current schema, copied by the tests that need one."""
    root = tmp_path_factory.mktemp("migrated")
    result = workgroups(root / "data", root / "cwd", "migrate", "-v0")
    assert result.returncode == 0, result.stderr
    return root / "data"


@pytest.fixture(scope="module")
def old_schema(migrated, tmp_path_factory) -> Path:
    """A database as an earlier version left it: the registry back at its migration 0003."""
    root = tmp_path_factory.mktemp("old")
    shutil.copytree(migrated, root / "data")
    result = workgroups(root / "data", root / "cwd", "migrate", "registry", "0003", "-v0")
    assert result.returncode == 0, result.stderr
    return root / "data"


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_every_command_on_an_empty_data_dir_makes_the_database(tmp_path):
    # A directory that does not exist yet; with the key given, nothing but the database makes it.
    data = tmp_path / "not" / "yet" / "there"
    key = {"WORKGROUPS_SECRET_KEY": "k" * 50}
    first, *others = PRODUCT_COMMANDS
    result = workgroups(data, tmp_path / "cwd", *first, **key)
    assert result.returncode == 0, result.stderr
    assert f"Created a new database at {data / DATABASE}" in result.stderr
    assert (data / DATABASE).exists()
    for args in others:
        result = workgroups(data, tmp_path / "cwd", *args, **key)
        assert "Created a new database" not in result.stderr
        if result.returncode != 0:
            assert one_line(result.stderr).startswith("CommandError: "), args


@pytest.mark.parametrize("args", PRODUCT_COMMANDS, ids=lambda args: args[0])
def test_an_old_schema_asks_for_migrate_in_one_line(old_schema, tmp_path, args):
    result = workgroups(old_schema, tmp_path / "cwd", *args)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "run `workgroups migrate`" in line
    assert str(old_schema / DATABASE) in line
    assert result.stdout == ""


def test_help_on_an_old_schema_is_still_answered(old_schema, tmp_path):
    result = workgroups(old_schema, tmp_path / "cwd", "export", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: workgroups export")


@pytest.mark.parametrize(
    "args, env, code, says",
    [
        (["export", "--format", "nope"], {}, 2, "invalid choice: 'nope'"),
        (["findings", "--format", "xml"], {}, 2, "invalid choice: 'xml'"),
        (["import", "/no/such/path"], {}, 1, "CommandError: /no/such/path"),
        (["nosuch"], {}, 1, "Unknown command: 'nosuch'"),
        # Nothing listens on port 1: an error no command expects, reported in one line.
        (["findings"], {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}, 1, "error: "),
    ],
    ids=["export-format", "findings-format", "import-path", "unknown-command", "no-server"],
)
def test_bad_input_gives_a_line_not_a_traceback(migrated, tmp_path, args, env, code, says):
    result = workgroups(migrated, tmp_path / "cwd", *args, **env)
    assert result.returncode == code
    assert says in result.stderr
    if code == 2:
        assert result.stderr.startswith("usage: workgroups ")
    elif args != ["nosuch"]:
        assert one_line(result.stderr).startswith(says)
