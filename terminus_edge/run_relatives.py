"""Processes tied to one run by something other than the token in their environment (leftover_processes), for those
that cleared it (`env -i cmd &`, `sudo` with env_reset) and left the process group: Linux's /proc only, one pass.

Three signals, from the surest: a descendant of the command's shell or of a process already found (the parent chain,
while the parents live); a holder of the command's output pipe (only the run's processes have it); and, for an orphan
whose parents are gone, a process of this user adopted by init, started after the command's shell, whose environment
has no run token at all (a process started inside a run has one unless it cleared it)."""

from __future__ import annotations

import os

TOKEN_VAR = "TERMINUS_EDGE_RUN"  # leftover_processes: each run's token, a comma-separated list


def root_of(pid: int) -> tuple[int, int] | None:
    """The command's shell as `relatives` needs it, (PID, start time), read while it runs: once it is waited for, its
    start time is gone with it."""
    stat = _stat(pid)
    return None if stat is None else (pid, stat[1])


def relatives(pids: list[int], root: tuple[int, int], found: set[int], pipe_inode: int | None) -> set[int]:
    """The PIDs among `pids` tied to the run whose shell is `root` (root_of)."""
    stats = {pid: stat for pid in pids if (stat := _stat(pid)) is not None}
    (root, root_start), me, uid = root, os.getpid(), os.getuid()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    tied = set()
    for pid, (parent, start) in stats.items():
        if pid in (me, root) or start < root_start or _uid(pid) != uid:
            continue  # older than the run: not the run's, whatever holds what
        if (pipe_inode is not None and holds(pid, pipe_inode)) or (parent == 1 and not _has_token_var(pid)):
            tied.add(pid)
    todo = [root, *found, *tied]
    while todo:  # and everything below them
        for child in children.get(todo.pop(), ()):
            if child not in tied and child != me:
                tied.add(child)
                todo.append(child)
    return tied - {root}


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent PID, start time in clock ticks since boot)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return int(fields[1]), int(fields[19])
    except (OSError, ValueError, IndexError):
        return None


def _uid(pid: int) -> int | None:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def _has_token_var(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as fh:
            environ = fh.read()
    except OSError:
        return True  # unreadable: not counted as cleared
    return environ.startswith(f"{TOKEN_VAR}=".encode()) or f"\0{TOKEN_VAR}=".encode() in environ


def holds(pid: int, inode: int) -> bool:
    """Whether `pid` has the pipe `inode` open."""
    target = f"pipe:[{inode}]"
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                return True
        except OSError:
            continue
    return False
