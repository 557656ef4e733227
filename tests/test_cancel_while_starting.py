"""Ctrl-C, SIGTERM or SIGHUP while `terminus-edge` is still starting (importing click and the CLI's modules, reading
its arguments before its root group runs) end it as a signal during a command does: one line on stderr naming who
cancelled, exit 130 (143, 129). Before: a KeyboardInterrupt traceback for Ctrl-C (click's "Aborted!" and 1 while
--help listed the commands), a silent death by signal for the other two. The start-up is held in the chosen import
by tests/slow_start/sitecustomize.py until the signal comes."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import pytest

from signal_runs import BY, REPO, console_script, signal_when, start_slow

SIGNALS = pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                                  ids=["ctrl-c", "term", "hup"])


def assert_cancelled_starting(result: tuple[int, str, str], signum: int) -> None:
    returncode, out, err = result
    assert "Traceback" not in err and returncode == 128 + signum, (returncode, err)
    assert re.fullmatch(rf"terminus-edge: terminus-edge cancelled by {re.escape(BY[signum])} after \d+\.\d s\n",
                        err), err
    assert out == ""


@SIGNALS
@pytest.mark.parametrize("module", ["terminus_edge.cli", "click"])
def test_a_signal_while_python_m_imports_the_cli(tmp_path, signum, module):
    proc, ready = start_slow(["run", "--", "echo", "never"], tmp_path, module)
    assert_cancelled_starting(signal_when(proc, ready, signum), signum)
    assert not (tmp_path / "data" / "logs.sqlite3").exists()  # the command never ran


@SIGNALS
def test_a_signal_while_the_console_script_imports_the_cli(tmp_path, signum):
    """The script pip writes for pyproject's [project.scripts] (not the installed one, which may predate it)."""
    proc, ready = start_slow(["--help"], tmp_path, "click", script=True)
    assert_cancelled_starting(signal_when(proc, ready, signum), signum)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_a_signal_while_the_command_module_is_imported(tmp_path, signum):
    """The command's own module is imported lazily once the root group runs: that group takes the signal."""
    proc, ready = start_slow(["run", "--", "echo", "never"], tmp_path, "terminus_edge.cli.run_cmd")
    assert_cancelled_starting(signal_when(proc, ready, signum), signum)


@SIGNALS
def test_a_signal_while_help_lists_the_commands(tmp_path, signum):
    """The root group reads its arguments (--help looks up each command's module) before it runs: the same end."""
    proc, ready = start_slow(["--help"], tmp_path, "terminus_edge.cli.run_cmd")
    assert_cancelled_starting(signal_when(proc, ready, signum), signum)


def test_the_console_script_runs_the_cli_and_passes_its_exit_status_on(tmp_path):
    script = tmp_path / "terminus-edge"
    script.write_text(console_script())
    env = {"TERMINUS_EDGE_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    ran = subprocess.run([sys.executable, str(script), "run", "--no-model", "--", "echo hi; exit 3"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 3 and "exit code 3" in ran.stdout, (ran.returncode, ran.stdout, ran.stderr)
    version = subprocess.run([sys.executable, str(script), "--version"], env=env, capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("terminus-edge, version "), version
