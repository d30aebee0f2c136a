"""`workgroups --help`: the product's commands first, each with its purpose."""

import os
import subprocess
import sys

PRODUCT = ["backup", "export", "findings", "import", "reindex", "remind", "restore", "serve"]


def run_help(tmp_path, *args):
    env = {**os.environ, "WORKGROUPS_DATA_DIR": str(tmp_path)}
    code = "from workgroups.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_it_lists_the_product_commands_first_with_their_purpose(tmp_path):
    result = run_help(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    ours, django = out.split("Django's commands")
    for name in PRODUCT + ["synth", "token"]:
        line = next(line for line in ours.splitlines() if line.strip().startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 15, line
    assert "Import the python.org page" in ours
    assert "migrate" in django and "createsuperuser" in django
    assert "migrate" not in ours
    assert not (tmp_path / "workgroups.sqlite3").exists()


def test_it_still_gives_one_commands_own_help(tmp_path):
    result = run_help(tmp_path, "help", "export")
    assert result.returncode == 0, result.stderr
    assert "--format" in result.stdout
