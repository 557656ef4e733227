"""End to end: the real `terminus-edge tui` in tmux at 80x24 with a real bash; type two commands and find
both cards with the right exit codes on the screen (`tmux capture-pane`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="tmux is not installed (apt-get install -y tmux; .ci/run installs it)")


def tmux(socket: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], check=True, capture_output=True, text=True).stdout


def wait_for(socket: str, predicate, timeout: float = 40.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux(socket, "capture-pane", "-p", "-t", "e2e")
        if predicate(screen):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"timed out; the screen was:\n{screen}")


def test_two_commands_give_two_cards_with_exit_codes(tmp_path, te_home):
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    home = tmp_path / "home"
    home.mkdir()
    socket = f"te-e2e-{uuid.uuid4().hex[:8]}"
    env = {"HOME": str(home), "SHELL": shutil.which("bash"), "TERMINUS_EDGE_HOME": str(te_home),
           "LANG": "C.UTF-8", "TERM": "xterm-256color", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    command = " ".join(["env", "-i", *(f"{k}={v}" for k, v in env.items()),
                        sys.executable, "-m", "terminus_edge", "tui", "--no-model"])
    tmux(socket, "-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", command)
    try:
        wait_for(socket, lambda s: "No commands yet" in s and any(p in s.split("▏")[0] for p in ("$ ", "# ")))
        tmux(socket, "send-keys", "-t", "e2e", "echo hello", "Enter")
        wait_for(socket, lambda s: "✔ 0  echo hello" in s)
        tmux(socket, "send-keys", "-t", "e2e", "ls /nonexistent", "Enter")
        screen = wait_for(socket, lambda s: "✘ 2  ls /nonexistent" in s and "summarizing" not in s)
        assert "✔ 0  echo hello" in screen  # both cards, right exit codes
        assert "hello" in screen.split("▏")[0]  # the shell pane shows the real output
        assert "cannot access" in screen
        tmux(socket, "send-keys", "-t", "e2e", "C-q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # Ctrl+Q quits the app, which ends the tmux session
            if subprocess.run(["tmux", "-L", socket, "has-session", "-t", "e2e"], capture_output=True).returncode:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("Ctrl+Q did not quit the TUI")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
