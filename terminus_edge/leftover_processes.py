"""Processes a command started that outlive it, whatever group or session they moved to (`setsid cmd &`, `nohup`,
`disown`, a double-fork daemon): every descendant inherits a token in its environment (capture sets it), so they are
found by reading /proc/PID/environ. A command that was stopped (timeout, cancel, input wait) takes them all down with
it; after a command that ended by itself, those still writing to its output are stopped (as its process group's are)
and the others go on running, named with their PIDs in the answer."""

from __future__ import annotations

import os
import re
import secrets
import shlex
import time
from dataclasses import dataclass

import psutil

from terminus_edge.run_relatives import TOKEN_VAR, holds, relatives, root_of  # noqa: F401 (root_of: capture uses it)

MAX_NAMED = 5
_LEFT_RUNNING: dict[int, float] = {}  # PID -> start time of those this process's commands left running on purpose


@dataclass
class Leftover:
    process: psutil.Process
    command: str  # its command line, cut and without control characters
    holds_output: bool  # it still has the command's output pipe open

    def __str__(self) -> str:
        return f"PID {self.process.pid} (`{self.command}`)"


def token_env(token: str) -> dict[str, str]:
    """The environment entry a command runs with, keeping an outer run's token."""
    outer = os.environ.get(TOKEN_VAR)
    return {TOKEN_VAR: f"{outer},{token}" if outer else token}


def new_token() -> str:
    return secrets.token_hex(8)


def find(token: str, pipe_inode: int | None = None, root: tuple[int, int] | None = None) -> list[Leftover]:
    """The live processes (zombies left out) that carry `token`, and with the command's shell `root`
    (run_relatives.root_of) those tied to it otherwise (one that cleared its environment); without /proc, none."""
    found = []
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return found
    carrying, unread = _carrying(pids, token)
    if unread:  # read mid-exec (the environment is empty for that moment): once more, a moment later
        time.sleep(0.02)
        carrying += _carrying(unread, token)[0]
    if root is not None:
        carrying += sorted(relatives(pids, root, set(carrying), pipe_inode) - set(carrying))
    for pid in carrying:
        try:
            process = psutil.Process(pid)
            if process.status() == psutil.STATUS_ZOMBIE:
                continue
            command = shlex.join(process.cmdline()) or process.name()
        except psutil.Error:
            continue
        command = re.sub(r"[\x00-\x1f\x7f]", "?", command)
        found.append(Leftover(process, command if len(command) <= 80 else command[:79] + "…",
                              pipe_inode is not None and holds(pid, pipe_inode)))
    return found


def _carrying(pids: list[int], token: str) -> tuple[list[int], list[int]]:
    """(the PIDs whose environment carries `token`, those whose environment read empty though they have one: a
    process caught in the middle of an exec)."""
    prefix, carrying, unread = f"{TOKEN_VAR}=".encode(), [], []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                environ = fh.read()
        except OSError:  # gone, or another user's
            continue
        if not environ and pid != os.getpid() and not _no_environment(pid):
            unread.append(pid)
        for entry in environ.split(b"\0"):
            if entry.startswith(prefix) and token.encode() in entry[len(prefix):].split(b",") and pid != os.getpid():
                carrying.append(pid)
    return carrying, unread


def _no_environment(pid: int) -> bool:
    """A zombie, a kernel thread (its parent is kthreadd, PID 2) or init's parentless self: none has one to read."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state, parent = fh.read().rsplit(")", 1)[1].split()[:2]
    except (OSError, ValueError):
        return True
    return state == "Z" or parent in ("0", "2")


def signal_all(leftovers: list[Leftover], kill: bool = False) -> None:
    """SIGTERM (or SIGKILL) each; psutil checks it is still the process it was, not a reused PID."""
    for leftover in leftovers:
        try:
            leftover.process.kill() if kill else leftover.process.terminate()
        except psutil.Error:
            pass


def any_alive(leftovers: list[Leftover]) -> bool:
    """A zombie counts as ended: not our child, it waits for an init that may be slow to reap it."""
    for leftover in leftovers:
        try:
            if leftover.process.status() != psutil.STATUS_ZOMBIE:
                return True
        except psutil.Error:
            continue
    return False


def stop(leftovers: list[Leftover], wait_s: float = 1.0) -> None:
    """SIGTERM, then SIGKILL for what is left after `wait_s`."""
    signal_all(leftovers)
    deadline = time.monotonic() + wait_s
    while any_alive(leftovers) and time.monotonic() < deadline:
        time.sleep(0.02)
    signal_all(leftovers, kill=True)


def left_here(pid: int) -> bool:
    """An earlier command run by this process left `pid` running (the same process, not a reused PID): an agent may
    stop what it started itself (policy.unattended's `kill PID`)."""
    try:
        process = psutil.Process(pid)
        return _LEFT_RUNNING.get(pid) == process.create_time() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def note(running: list[Leftover], stopped: list[Leftover]) -> str | None:
    """What the answer says about them, or None when the command left nothing behind. Those left running are
    remembered (left_here)."""
    lines = []
    for leftover in running:
        try:
            _LEFT_RUNNING[leftover.process.pid] = leftover.process.create_time()
        except psutil.Error:
            pass
    if running:
        lines.append(f"Note: still running in the background after the command ended: {_named(running)}; "
                     f"`kill {running[0].process.pid}` stops it")
    if stopped:
        lines.append(f"Note: {_processes(stopped)} stopped when the command ended (still holding its output): "
                     f"{_named(stopped)}; to keep one running, redirect its output (`cmd > file 2>&1 &`)")
    return "\n".join(lines) or None


def _processes(leftovers: list[Leftover]) -> str:
    return "background process" if len(leftovers) == 1 else f"{len(leftovers)} background processes"


def _named(leftovers: list[Leftover]) -> str:
    named = ", ".join(str(leftover) for leftover in leftovers[:MAX_NAMED])
    more = len(leftovers) - MAX_NAMED
    return named + (f" and {more} more" if more > 0 else "")
