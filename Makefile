# Any Python from 3.11 up: the first of these that is new enough (or say PY=python3.12).
PY ?= $(shell for p in python3.11 python3.12 python3.13 python3.14 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean browser validators shell screenshots

$(STAMP): pyproject.toml
	@test -n "$(PY)" || { echo "Python 3.11 or newer is needed: install it, or set PY=python3.12"; exit 1; }
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@# setuptools warns on every editable install that a folder named like the package may
	@# shadow it: here that folder is the package itself, so the warning is noise.
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/workgroups serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/pytest

# A shell with .venv active, so that `workgroups` is on the PATH (exit to leave).
shell: $(STAMP)
	@echo "workgroups is on the PATH in this shell; exit to leave it"
	@. $(BIN)/activate && exec $${SHELL:-/bin/sh} -i

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# wrk from Debian's packages when missing (root or sudo); else a Python load generator.
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; } || \
		echo "wrk could not be installed: the bench falls back to its Python load generator"
	$(BIN)/python -m bench

# The README's screenshots (group page, dashboard, history; desktop and phone) into docs/.
screenshots: $(STAMP) browser
	$(BIN)/python docs/screenshots.py

# Debian's chromium for the browser tests (root or sudo; never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q chromium; }

# The Nu HTML Checker and axe-core for the standards tests, in a project-local folder: the
# tests skip without them on a developer's machine and fail under CI. No install scripts:
# vnu-jar's would download a Java runtime, and the system's Java (17 or newer) runs vnu.jar.
validators:
	@command -v npm >/dev/null 2>&1 || { echo "npm (Node.js) is needed to install the validators"; exit 1; }
	@command -v java >/dev/null 2>&1 || { echo "Java 17 or newer is needed to run the Nu HTML Checker"; exit 1; }
	npm install --prefix .ci/node --no-audit --no-fund --ignore-scripts vnu-jar axe-core

clean:
	rm -rf $(VENV) var build *.egg-info
