"""A command's process group from the outside: the watchdog that kills it if terminus-edge dies, signals to the
group, and forwarding our own Ctrl-C / SIGTERM / SIGHUP to it (capture.run_command runs each command in its own
session)."""

from __future__ import annotations

import os
import signal
import subprocess
import threading


def start_watchdog(pgid: int, token: str | None = None) -> subprocess.Popen | None:
    """A tiny `sh` that SIGKILLs the command's process group when our end of its stdin pipe closes, and the
    processes that left the group carrying the run's `token` (leftover_processes: setsid, nohup, daemons).

    The pipe closes however we die (SIGKILL included), so a command is never orphaned by a killed
    terminus-edge. The write end is close-on-exec, so only this process holds it."""
    script = f"read _; kill -9 -{pgid} 2>/dev/null"
    if token:  # the token is hex: safe in the pattern; grep -z reads each NUL-ended environment entry as a line
        script += (f"; for f in $(grep -lszE '^TERMINUS_EDGE_RUN=(.*,)?{token}(,.*)?$' /proc/[0-9]*/environ); do "
                   'p=${f#/proc/}; kill -9 "${p%/environ}" 2>/dev/null; done')
    try:
        return subprocess.Popen(["sh", "-c", script], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:  # no sh: run without the guard rather than not at all
        return None


def stop_watchdog(watchdog: subprocess.Popen | None) -> None:
    """We are alive and done: dismiss it without letting it kill (children left running on purpose stay)."""
    if watchdog is None:
        return
    watchdog.kill()
    watchdog.wait()
    watchdog.stdin.close()


def killpg(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


class forward_signals:
    """Ctrl-C / SIGTERM / SIGHUP to us go to the command's group (it is in its own session, so the
    terminal does not reach it); a second one kills the group. Only possible in the main thread.

    Entered before the command starts: a Ctrl-C that comes while it is being started is held and delivered
    by `attach`, never lost (the default handler would end us and leave the new group running)."""

    def __init__(self):
        self.pgid, self.watch, self.saved, self.pending = None, None, {}, []

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                self.saved[sig] = signal.signal(sig, self._forward)
        return self

    def attach(self, pgid: int, watch) -> None:  # watch: capture's read loop (.interrupted, .signals)
        self.pgid, self.watch = pgid, watch
        for signum in self.pending:
            self._forward(signum, None)

    def _forward(self, signum, frame) -> None:
        if self.watch is None:
            self.pending.append(signum)
            return
        self.watch.interrupted = True
        self.watch.signals += 1
        killpg(self.pgid, signum if self.watch.signals == 1 else signal.SIGKILL)

    def __exit__(self, *exc) -> None:
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)
