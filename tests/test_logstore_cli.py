"""`terminus-edge logs list|show|rm|prune` through click and, for --raw, a real process."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.logstore import LogStore


@pytest.fixture
def logs():
    with LogStore() as store:
        a = store.add("pytest -q", b"".join(b"test_%d PASSED\n" % i for i in range(1, 51)) + b"1 failed\n", exit_code=1)
        b = store.add("printf bin", b"\x00\xff\xfebinary\r\n", exit_code=0, timed_out=True)
    return a, b


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_list(logs):
    result = cli("logs", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[0] == str(logs[1]) and "timed out (exit 0)" in lines[0] and "printf bin" in lines[0]
    assert lines[1].split()[0] == str(logs[0]) and "exit 1" in lines[1] and "pytest -q" in lines[1]
    assert '"command": "pytest -q"' in cli("logs", "list", "--json").stdout


def test_list_empty():
    assert "no logs yet" in cli("logs", "list").stdout


def test_show_lines_and_grep(logs):
    out = cli("logs", "show", str(logs[0]), "--lines", "10:12").stdout.splitlines()
    assert out[0] == f"# log {logs[0]}: pytest -q" and out[2:] == [
        "    10: test_10 PASSED", "    11: test_11 PASSED", "    12: test_12 PASSED"]
    out = cli("logs", "show", str(logs[0]), "--grep", "fail").stdout.splitlines()
    assert out[2:] == ["    51: 1 failed"]
    result = cli("logs", "show", str(logs[0]), "--lines", "x")
    assert result.exit_code != 0 and "bad line range" in result.output and "Traceback" not in result.output


def test_show_raw_is_exact_bytes(logs, te_home):
    proc = subprocess.run([sys.executable, "-m", "terminus_edge", "logs", "show", str(logs[1]), "--raw"],
                          capture_output=True)
    assert proc.returncode == 0 and proc.stdout == b"\x00\xff\xfebinary\r\n"


def test_unknown_id_is_one_line(logs):
    for args in (("show", "999"), ("rm", "999"), ("show", "nope")):
        result = cli("logs", *args)
        assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output


def test_rm_and_prune(logs):
    assert cli("logs", "rm", str(logs[0])).stdout.strip() == "removed 1 log"
    assert cli("logs", "rm").exit_code == 2
    result = cli("logs", "prune", "--max-size", "1")
    assert result.exit_code == 0 and result.stdout.startswith("removed 1 logs")
    with LogStore() as store:
        store.add("x", b"y", exit_code=0)
    assert cli("logs", "rm", "--all").stdout.strip() == "removed 1 log"
    assert "not a size" in cli("logs", "prune", "--max-size", "huge").output


def test_a_run_stopped_without_an_exit_code_is_listed_as_cancelled_alone():
    with LogStore() as store:
        store.mark_cancelled(store.add("make watch", b"watching...\n", exit_code=None))
    line = cli("logs", "list").stdout.splitlines()[0]
    assert "cancelled," in line and "None" not in line
