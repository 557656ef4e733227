"""A process that clears its environment (`env -i`, so it carries no run token) and leaves the process group (setsid,
a double fork) was not found: it outlived a timed-out command and was never named. It is now found by the parent
chain, the output pipe it holds, or as an orphan of this user started during the run with no run token at all."""

from __future__ import annotations

import subprocess
import time

import pytest

from test_integrations_qa2_background import _ended, _pid, _running, sleepers  # noqa: F401  (a fixture)

from terminus_edge import leftover_processes
from terminus_edge.capture import run_command

SLEEPER = "/bin/sh -c 'echo $$ > pid; exec sleep 300'"
ESCAPES = {
    "env -i setsid": f"env -i setsid {SLEEPER} {{out}} &",
    "env -i double fork": f"( ( env -i setsid {SLEEPER} {{out}} & ) & )",
    "env -i nohup disown": f"env -i nohup {SLEEPER} {{out}} & disown",
}


@pytest.mark.parametrize("how", ESCAPES)
def test_a_timed_out_command_takes_its_env_cleared_child_down(tmp_path, sleepers, how):  # noqa: F811
    capture = run_command(ESCAPES[how].format(out="") + "\nsleep 60", cwd=str(tmp_path), timeout_s=1.5)
    pid = _pid(tmp_path)
    sleepers.append(pid)
    assert capture.timed_out and _ended(pid), f"{how}: PID {pid} outlived the timed-out command"


@pytest.mark.parametrize("how", ESCAPES)
def test_an_env_cleared_child_left_running_is_named(tmp_path, sleepers, how):  # noqa: F811
    capture = run_command(ESCAPES[how].format(out=">/dev/null 2>&1") + "\necho started", cwd=str(tmp_path),
                          timeout_s=30)
    pid = _pid(tmp_path)
    sleepers.append(pid)
    assert capture.exit_code == 0 and _running(pid)
    assert f"Note: still running in the background after the command ended: PID {pid} (`" in (capture.left_behind or "")


@pytest.mark.parametrize("how", ["env -i setsid", "env -i double fork"])
def test_an_env_cleared_child_holding_the_output_is_stopped(tmp_path, sleepers, how):  # noqa: F811
    capture = run_command(ESCAPES[how].format(out="") + "\necho started", cwd=str(tmp_path), timeout_s=30)
    pid = _pid(tmp_path)
    sleepers.append(pid)
    assert capture.raw == b"started\n" and _ended(pid)
    assert f"still holding its output): PID {pid} (`" in capture.left_behind


def test_an_orphan_older_than_the_run_is_not_taken_for_one_of_its_own(tmp_path, sleepers):  # noqa: F811
    subprocess.run(["bash", "-c", f"env -i setsid {SLEEPER} >/dev/null 2>&1 &"], cwd=tmp_path, check=True)
    pid = _pid(tmp_path)
    sleepers.append(pid)
    (tmp_path / "pid").unlink()
    time.sleep(0.05)
    capture = run_command("sleep 60", cwd=str(tmp_path), timeout_s=1.0)
    assert capture.timed_out and _running(pid) and capture.left_behind is None


def test_the_scan_stays_cheap(tmp_path):
    """One pass over /proc: the relatives cost about what the token scan costs (generous: a loaded box)."""
    proc = subprocess.Popen(["sleep", "5"])
    try:
        started = time.perf_counter()
        for _ in range(20):
            leftover_processes.find("0" * 16)
        token_only = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(20):
            leftover_processes.find("0" * 16, None, leftover_processes.root_of(proc.pid))
        with_relatives = time.perf_counter() - started
    finally:
        proc.kill()
        proc.wait()
    assert with_relatives < 5 * token_only + 0.2, (token_only, with_relatives)
