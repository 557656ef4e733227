"""Shared by the CLI cancel tests: find a test's own `sleep N` processes, and signal a CLI once its command runs."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]


def sleeps(duration: str) -> list[psutil.Process]:
    """Live `sleep DURATION` processes (each test picks a duration no other process uses)."""
    return [proc for proc in psutil.process_iter(["cmdline"]) if (proc.info["cmdline"] or [])[:2] == ["sleep", duration]]


def signal_while_running(args: list[str], env: dict, duration: str, signum: int) -> tuple[int, str, str, float]:
    """Run `python -m terminus_edge ARGS`, send `signum` once its `sleep DURATION` has started, and return the exit
    status, stdout, stderr and the seconds from the signal to the exit."""
    proc = subprocess.Popen([sys.executable, "-m", "terminus_edge", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not sleeps(duration):  # the command is running
            time.sleep(0.05)
        assert sleeps(duration), "the command never started"
        time.sleep(0.3)
        sent = time.monotonic()
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
        return proc.returncode, out, err, time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
