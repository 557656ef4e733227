"""Bad commands through `terminus-edge run` end to end (a real process): each gives a clear summary,
keeps its exit code, ends within its timeout and stays within a memory bound (peak RSS via wait4)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest

TE = [sys.executable, "-m", "terminus_edge"]
PY = sys.executable
RSS_BOUND_MB = 200  # terminus-edge alone is ~60 MB; a run must not grow with the output


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str
    wall_s: float
    peak_rss_mb: float


# A small parent forks terminus-edge and reads its rusage: a fork's ru_maxrss starts at its parent's RSS,
# so forking straight from a large pytest process would measure pytest, not terminus-edge.
MEASURE = ("import os, sys\n"
           "pid = os.fork()\n"
           "if pid == 0:\n"
           "    os.execv(sys.argv[2], sys.argv[2:])\n"
           "_, status, usage = os.wait4(pid, 0)\n"
           "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
           "sys.exit(os.waitstatus_to_exitcode(status))\n")


def run_te(command: str, cwd, *, timeout_s: float = 20, extra=()) -> Ran:
    """`terminus-edge run --no-model` in its own process; peak RSS is the largest of it and what it waited for."""
    out, err, rss = cwd / "te.out", cwd / "te.err", cwd / "te.rss"
    started = time.monotonic()
    with open(out, "wb") as o, open(err, "wb") as e:
        code = subprocess.run([PY, "-c", MEASURE, str(rss), *TE, "run", "--no-model", "--timeout", str(timeout_s),
                               *extra, "--", command], cwd=cwd, stdout=o, stderr=e, stdin=subprocess.DEVNULL).returncode
    wall = time.monotonic() - started
    return Ran(code, out.read_text("utf-8"), err.read_text("utf-8"), wall, int(rss.read_text()) / 1024)


def _clean(ran: Ran) -> None:
    assert "Traceback" not in ran.stderr + ran.stdout
    assert ran.peak_rss_mb < RSS_BOUND_MB, f"peak RSS {ran.peak_rss_mb:.0f} MB"
    assert ran.stdout.startswith("Command: ") and "Log: 1" in ran.stdout


def test_binary_output(tmp_path):
    ran = run_te("head -c 300000 /dev/urandom; exit 0", tmp_path)
    _clean(ran)
    assert ran.code == 0 and "binary" in ran.stdout.lower()
    assert len(ran.stdout) < 2000


def test_invalid_utf8(tmp_path):
    ran = run_te(r"printf 'caf\xe9 ok\n\xff\xfe\xfd\nerror: bad byte \xc3(\n'; exit 1", tmp_path)
    _clean(ran)
    assert ran.code == 1 and "error: bad byte" in ran.stdout and "exit code 1" in ran.stdout


def test_carriage_return_storm(tmp_path):
    script = "for i in $(seq 1 30000); do printf '\\rdownloading %d%%' $((i % 101)); done; echo; echo 'saved model.bin'"
    ran = run_te(script, tmp_path)
    _clean(ran)
    assert ran.code == 0 and "saved model.bin" in ran.stdout
    assert ran.stdout.count("downloading") <= 2 and len(ran.stdout) < 2000


def test_heavy_ansi(tmp_path):
    code = ("import sys\n"
            "for i in range(3000): print(f'\\x1b[1;3{i % 8}m\\x1b[48;5;{i % 256}mrow {i}\\x1b[0m\\x1b[2K\\x1b[1G')\n"
            "print('\\x1b[31merror:\\x1b[0m \\x1b[1mlink failed: undefined reference to `main`\\x1b[0m')\n"
            "sys.exit(2)")
    (tmp_path / "ansi.py").write_text(code)
    ran = run_te(f"{PY} ansi.py", tmp_path)
    _clean(ran)
    assert ran.code == 2 and "undefined reference to `main`" in ran.stdout and "\x1b" not in ran.stdout


def test_never_ending_command_is_stopped_at_the_timeout(tmp_path):
    ran = run_te("echo started; sleep 1000", tmp_path, timeout_s=2)
    _clean(ran)
    assert ran.code == 124 and ran.wall_s < 2 + 8
    assert "timed out" in ran.stdout + ran.stderr


def test_waiting_for_input_is_named(tmp_path):
    ran = run_te("while true; do printf 'Overwrite file? [y/N] '; read a || true; done", tmp_path, timeout_s=30)
    _clean(ran)
    assert ran.code == 124 and ran.wall_s < 12
    assert "waiting for input" in (ran.stdout + ran.stderr).lower()


def test_background_children_holding_the_pipe_do_not_hang_it(tmp_path):
    ran = run_te("(sleep 300; echo late) & (while :; do sleep 1; done) & echo 'server started'", tmp_path, timeout_s=60)
    _clean(ran)
    assert ran.code == 0 and "server started" in ran.stdout and ran.wall_s < 10


@pytest.mark.slow
def test_100_mb_of_output_in_bounded_memory(tmp_path):
    script = "yes 'compiling module 0123456789 abcdefghij' | head -c 100000000; echo 'error: final link failed'; exit 2"
    ran = run_te(script, tmp_path, timeout_s=300)
    _clean(ran)
    assert ran.code == 2 and "final link failed" in ran.stdout
    print(f"100 MB: wall {ran.wall_s:.1f} s, peak RSS {ran.peak_rss_mb:.0f} MB")
