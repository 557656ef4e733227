"""capture.run_command(cancel=...): a set event ends the whole process group the way a timeout does."""

from __future__ import annotations

import os
import threading
import time
import uuid
from pathlib import Path

from terminus_edge.capture import run_command


def procs_with(marker: str) -> list[int]:
    """Pids whose command line holds `marker` (read off /proc, so nothing of ours is needed to see them)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != "Z" and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return found


def unique_marker() -> str:
    """Digits to put in `sleep 30.<digits>`: sleep keeps them in its own command line (bash execs it)."""
    return str(uuid.uuid4().int)[:12]


def cancel_after(event: threading.Event, delay_s: float) -> threading.Timer:
    timer = threading.Timer(delay_s, event.set)
    timer.start()
    return timer


def test_cancel_stops_the_group_keeps_the_output_and_says_so(tmp_path):
    marker = unique_marker()
    cancel = threading.Event()
    pieces = []
    # A background sleeper as well as the loop: the whole group must go, not only bash.
    command = f"sleep 30.{marker} &\nfor i in $(seq 1 300); do echo line $i; sleep 0.1; done"
    seen = []
    threading.Timer(1.0, lambda: (seen.extend(procs_with(marker)), cancel.set())).start()
    t0 = time.monotonic()
    capture = run_command(command, cwd=str(tmp_path), timeout_s=60, on_output=pieces.append, cancel=cancel)
    took = time.monotonic() - t0
    try:
        assert capture.cancelled and not capture.timed_out and not capture.waiting_for_input
        assert took < 1.0 + 2.5, took  # the cancel, then at most the SIGTERM grace
        assert capture.exit_code == 143  # bash ended by the SIGTERM to its group
        assert capture.note.startswith("cancelled by the client after 1.") and "exit code 143" in capture.note
        lines = capture.raw.decode().splitlines()
        assert lines[0] == "line 1" and len(lines) <= 12, lines  # printed until the cancel, no more
        assert b"".join(pieces) == capture.raw  # what on_output got is all of it
        assert len(seen) == 2 and procs_with(marker) == []  # bash and its sleeper ran until the cancel; both gone
    finally:
        capture.close()


def test_a_command_that_ignores_sigterm_is_killed_after_the_grace(tmp_path):
    marker = unique_marker()
    cancel = threading.Event()
    cancel_after(cancel, 0.5)
    t0 = time.monotonic()
    capture = run_command(f"trap '' TERM; echo ready; sleep 30.{marker}", cwd=str(tmp_path), timeout_s=60,
                          cancel=cancel)
    took = time.monotonic() - t0
    assert capture.cancelled and capture.exit_code == 137 and capture.raw == b"ready\n"
    assert 2.0 <= took < 4.5, took
    assert procs_with(marker) == []


def test_an_unset_event_changes_nothing(tmp_path):
    cancel = threading.Event()
    with_event = run_command("echo hi; exit 3", cwd=str(tmp_path), cancel=cancel)
    without = run_command("echo hi; exit 3", cwd=str(tmp_path))
    assert (with_event.exit_code, with_event.raw, with_event.cancelled, with_event.note) == (3, b"hi\n", False, None)
    assert (without.exit_code, without.raw, without.cancelled, without.note) == (3, b"hi\n", False, None)


def test_a_timeout_still_wins_when_nobody_cancels(tmp_path):
    capture = run_command("sleep 5", cwd=str(tmp_path), timeout_s=0.5, cancel=threading.Event())
    assert capture.timed_out and not capture.cancelled and capture.exit_code == 124


def test_an_event_set_after_the_command_finished_is_not_a_cancel(tmp_path):
    cancel = threading.Event()
    capture = run_command("echo done", cwd=str(tmp_path), cancel=cancel)
    cancel.set()
    assert not capture.cancelled and capture.exit_code == 0


def test_an_event_already_set_stops_the_command_at_once(tmp_path):
    marker = unique_marker()
    cancel = threading.Event()
    cancel.set()
    t0 = time.monotonic()
    capture = run_command(f"sleep 30.{marker}", cwd=str(tmp_path), cancel=cancel)
    assert capture.cancelled and time.monotonic() - t0 < 1.5
    assert procs_with(marker) == []
