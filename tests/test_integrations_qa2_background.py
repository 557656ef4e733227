"""Processes a command starts that leave its process group (`setsid cmd &`, `nohup cmd &`, `disown`, a double fork).

Before: they outlived run_in_terminal even when it timed out or was cancelled (only the process group was killed),
and after a command that ended by itself nobody was told they were still running. Now a stopped command takes
everything it started down with it; after one that ended by itself, those still holding its output are stopped and
named, and the others (a server started on purpose) go on running, named with their PIDs in the answer."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from terminus_edge.capture import run_command

REPO = Path(__file__).resolve().parents[1]
ESCAPES = {  # each writes the PID of the sleeper that outlives the shell to `pid`, in its own session or group
    "setsid": "setsid sh -c 'echo $$ > pid; exec sleep 300' {out} &",
    "nohup": "nohup sh -c 'echo $$ > pid; exec sleep 300' {out} &",
    "disown": "sh -c 'echo $$ > pid; exec sleep 300' {out} & disown",
    "double fork": "( ( sh -c 'echo $$ > pid; exec sleep 300' {out} & ) & )",
}


def _pid(folder: Path) -> int:
    for _ in range(100):
        text = (folder / "pid").read_text().strip() if (folder / "pid").exists() else ""
        if text:
            return int(text)
        time.sleep(0.05)
    raise AssertionError("the sleeper never wrote its PID")


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _ended(pid: int) -> bool:
    """Ended within a moment: a process killed as the capture returns may still be closing its files."""
    deadline = time.monotonic() + 3
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not _running(pid)


@pytest.fixture
def sleepers():
    """PIDs a test leaves running on purpose: killed after it whatever happens."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        try:
            psutil.Process(pid).kill()
        except psutil.Error:
            pass


@pytest.mark.parametrize("how", ESCAPES)
def test_a_timed_out_command_takes_what_it_started_down_with_it(tmp_path, sleepers, how):
    capture = run_command(ESCAPES[how].format(out="") + "\nsleep 60", cwd=str(tmp_path), timeout_s=1.5)
    pid = _pid(tmp_path)
    sleepers.append(pid)
    assert capture.timed_out and capture.exit_code == 124
    assert _ended(pid), f"{how}: PID {pid} outlived the timed-out command"


def test_a_cancelled_command_takes_its_setsid_child_down_too(tmp_path, sleepers):
    cancel = threading.Event()
    threading.Timer(1.0, cancel.set).start()
    capture = run_command(ESCAPES["setsid"].format(out=">/dev/null 2>&1") + "\nsleep 60", cwd=str(tmp_path),
                          timeout_s=30, cancel=cancel)
    pid = _pid(tmp_path)
    sleepers.append(pid)
    assert capture.cancelled and _ended(pid)


@pytest.mark.parametrize("how", ESCAPES)
def test_one_left_running_on_purpose_is_named_with_its_pid(tmp_path, sleepers, how):
    capture = run_command(ESCAPES[how].format(out=">/dev/null 2>&1") + "\necho started", cwd=str(tmp_path),
                          timeout_s=30)
    pid = _pid(tmp_path)
    sleepers.append(pid)
    assert capture.exit_code == 0 and capture.raw == b"started\n"
    assert _running(pid), "a server started on purpose, its output sent elsewhere, must be left running"
    note = capture.left_behind  # its command line: `sleep 300`, or the sh before its exec
    assert note.startswith(f"Note: still running in the background after the command ended: PID {pid} (`"), note
    assert note.endswith(f"`); `kill {pid}` stops it") and "\n" not in note


@pytest.mark.parametrize("how", ["setsid", "double fork"])
def test_one_still_holding_the_output_is_stopped_and_named(tmp_path, sleepers, how):
    """As the command's own process group's background children are: the output pipe must close."""
    started = time.monotonic()
    capture = run_command(ESCAPES[how].format(out="") + "\necho started", cwd=str(tmp_path), timeout_s=30)
    pid = _pid(tmp_path)
    sleepers.append(pid)
    assert capture.exit_code == 0 and capture.raw == b"started\n" and _ended(pid)
    assert capture.left_behind.startswith(f"Note: background process stopped when the command ended (still "
                                          f"holding its output): PID {pid} (`")
    assert time.monotonic() - started < 10  # not held for the sleeper's 300 s


def test_a_command_that_leaves_nothing_behind_says_nothing(tmp_path):
    capture = run_command("(sleep 0.1; echo late) & echo now; wait", cwd=str(tmp_path), timeout_s=30)
    assert capture.raw == b"now\nlate\n" and capture.left_behind is None


def test_mcp_and_run_say_it_to_the_agent(tmp_path, te_home, sleepers):
    import asyncio

    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONPATH=str(REPO))
    command = ESCAPES["setsid"].format(out=">/dev/null 2>&1") + "\necho started"
    params = StdioServerParameters(command=sys.executable, env=env, cwd=str(REPO),
                                   args=["-m", "terminus_edge", "mcp", "--no-model", "--cwd", str(tmp_path)])

    async def main():
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return await session.call_tool("run_in_terminal", {"command": command})

    answer = asyncio.run(asyncio.wait_for(main(), timeout=180)).content[0].text
    pid = _pid(tmp_path)
    sleepers.append(pid)
    assert f"still running in the background after the command ended: PID {pid} (`" in answer, answer
    (tmp_path / "pid").unlink()
    ran = subprocess.run([sys.executable, "-m", "terminus_edge", "run", "--no-model", "--", command], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=120)
    pid = _pid(tmp_path)
    sleepers.append(pid)
    assert ran.returncode == 0 and ran.stdout.startswith("Command: ")
    assert f"terminus-edge: still running in the background after the command ended: PID {pid}" in ran.stderr


def test_a_killed_terminus_edge_takes_the_escaped_ones_down_too(tmp_path, sleepers):
    """SIGKILL leaves no time to clean up: the watchdog, which outlives us, ends the group and the run's token."""
    script = ("import sys; from terminus_edge.capture import run_command; "
              f"run_command({ESCAPES['setsid'].format(out='>/dev/null 2>&1') + chr(10) + 'sleep 60'!r}, "
              f"cwd={str(tmp_path)!r}, timeout_s=60)")
    runner = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    try:
        pid = _pid(tmp_path)
        sleepers.append(pid)
        assert _running(pid)
    finally:
        runner.kill()
        runner.wait()
    assert _ended(pid), "the setsid sleeper outlived a SIGKILLed terminus-edge"


def test_the_subagent_answer_and_its_stored_summary_name_what_it_left_running(tmp_path, te_home, sleepers):
    from terminus_edge.integrations.toolkit import Toolkit

    command = "nohup sleep 300 >/dev/null 2>&1 & echo $! > pid"
    toolkit = Toolkit(cwd=tmp_path, use_model=False)
    try:
        answer = toolkit.execution_subagent(f"run `{command}`")
        pid = _pid(tmp_path)
        sleepers.append(pid)
        note = f"still running in the background after the command ended: PID {pid} (`"  # `sleep` or `nohup sleep`
        assert note in answer.text, answer.text
        assert note in toolkit.store.get(answer.log_ids[0]).summary
    finally:
        toolkit.close()


def test_the_agent_may_stop_what_its_earlier_command_left_running_and_nothing_else(tmp_path, te_home, sleepers):
    """The note says `kill PID` stops it: before, the unattended policy refused that very command ("signals processes
    this command did not start"). A PID no command here left running is still refused."""
    from terminus_edge.errors import ToolDenied
    from terminus_edge.integrations.toolkit import Toolkit

    stranger = subprocess.Popen(["sleep", "300"])
    sleepers.append(stranger.pid)
    toolkit = Toolkit(cwd=tmp_path, use_model=False)
    try:
        toolkit.run_in_terminal(ESCAPES["setsid"].format(out=">/dev/null 2>&1"))
        pid = _pid(tmp_path)
        sleepers.append(pid)
        answer = toolkit.run_in_terminal(f"kill {pid}")
        assert "exit code 0" in answer.text and _ended(pid), answer.text
        with pytest.raises(ToolDenied, match="did not start"):
            toolkit.run_in_terminal(f"kill {stranger.pid}")
        with pytest.raises(ToolDenied, match="did not start"):
            toolkit.run_in_terminal(f"kill {pid}")  # gone: a PID the system may give to another process
    finally:
        toolkit.close()
        stranger.kill()
        stranger.wait()
