"""Where the standards checkers live (`make validators` installs them), and what a test does when
one is missing: skip on a developer's machine, fail under CI, which must check every standard."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

NODE_MODULES = Path(__file__).resolve().parents[3] / ".ci" / "node" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"


def missing(what: str) -> None:
    message = f"{what} is not installed: `make validators` installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def vnu_command() -> list[str]:
    """The Nu HTML Checker's command line, or the test skips (fails under CI)."""
    java = shutil.which("java")
    if not VNU_JAR.exists() or java is None:
        missing("The Nu HTML Checker (npm vnu-jar, run with Java 17 or newer)")
    return [java, "-jar", str(VNU_JAR)]


def axe_script() -> Path:
    """axe-core's browser script, or the test skips (fails under CI)."""
    if not AXE_JS.exists():
        missing("axe-core (npm axe-core)")
    return AXE_JS
