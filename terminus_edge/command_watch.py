"""The read loop of one running command (capture.run_command): read its output, stop it on a timeout, a cancel or
evidence that it waits for input, and at its end stop or name the processes it left behind."""

from __future__ import annotations

import os
import selectors
import signal
import time

from terminus_edge import leftover_processes
from terminus_edge.cancel import cancelled_by
from terminus_edge.input_wait import blocked_on_terminal, prompt_loop
from terminus_edge.process_group import group_alive, killpg


class Watch:
    """The read loop's state: what came out, when, and why we stopped."""

    def __init__(self, proc, spool, on_output, on_tick, t0, cancel=None):
        self.proc, self.spool, self.on_output, self.on_tick, self.t0 = proc, spool, on_output, on_tick, t0
        self.cancel, self.cancelled = cancel, False
        self.root = leftover_processes.root_of(proc.pid)  # for find(), once the shell is gone
        self.fd = proc.stdout.fileno()
        self.pipe = os.fstat(self.fd).st_ino  # the output pipe: a process reading it waits for input that never comes
        self.total, self.tail = 0, b""
        self.timed_out = self.stuck_on_input = self.interrupted = self.eof = False
        self.note: str | None = None
        self.left_behind: str | None = None
        self.signals = 0

    def read(self, wait_s: float) -> None:
        with selectors.DefaultSelector() as sel:
            sel.register(self.fd, selectors.EVENT_READ)
            if not sel.select(wait_s):
                return
        data = os.read(self.fd, 1 << 16)
        if not data:
            self.eof = True
            return
        self.spool.write(data)
        self.total += len(data)
        self.tail = (self.tail + data)[-4096:]
        self.last_output = time.monotonic()
        if self.on_output:
            self.on_output(data)

    def loop(self, timeout_s, grace_s, input_quiet_s) -> None:
        self.last_output = self.t0
        exited_at = last_check = None
        while True:
            if self.eof:
                time.sleep(0.05)
            else:
                self.read(0.1)
            if self.on_tick:
                self.on_tick()
            now = time.monotonic()
            if exited_at is None and self.proc.poll() is not None:
                exited_at = now
            if exited_at is not None and (self.eof or now - exited_at > grace_s):
                return  # done; children still holding the pipe are killed with the group
            if self.cancel is not None and self.cancel.is_set():
                self.cancelled = True
                self.note = (f"cancelled by {cancelled_by(self.cancel)} after {now - self.t0:.1f} s; "
                             "the process group was stopped")
                return
            if timeout_s and now - self.t0 > timeout_s:
                self.timed_out, self.note = True, f"timed out after {timeout_s:g} s; the process group was killed"
                return
            if exited_at is None and input_quiet_s is not None and (last_check is None or now - last_check > 0.5):
                last_check = now
                reason = prompt_loop(self.tail.decode("utf-8", "replace"))
                if not reason and now - self.last_output >= input_quiet_s:
                    reason = blocked_on_terminal(self.proc.pid, self.pipe)
                if reason:
                    self.stuck_on_input, self.note = True, f"waiting for input ({reason}); stopped it"
                    return

    def stop_group(self, token: str) -> None:
        """Ended by itself: stop what it left writing to our pipe, whatever its group or session, and name the others
        (left running: a server started on purpose). Timed out, cancelled, stuck on input: stop all it started."""
        stopped_it = self.timed_out or self.stuck_on_input or self.cancelled
        if self.proc.poll() is not None and not stopped_it:
            left = leftover_processes.find(token, self.pipe, self.root)
            stopped = [leftover for leftover in left if leftover.holds_output]
            leftover_processes.stop(stopped)
            self.left_behind = leftover_processes.note([item for item in left if not item.holds_output], stopped)
            deadline = time.monotonic() + 0.5
            while not self.eof and time.monotonic() < deadline:
                self.read(0.05)
        escaped = leftover_processes.find(token, self.pipe, self.root) if stopped_it else []  # setsid, env -i…
        if escaped or ((stopped_it or not self.eof) and group_alive(self.proc.pid)):  # or a writer that lost the token
            self._end_all(escaped)
        self.proc.wait()
        deadline = time.monotonic() + 1.0  # a writer out of reach (another user's setuid program): bounded drain
        while not self.eof and time.monotonic() < deadline:
            self.read(0.05)
        self.proc.stdout.close()

    def _end_all(self, escaped) -> None:
        """SIGTERM the group and the processes that left it, read what they still say (up to 2 s), SIGKILL the rest."""
        killpg(self.proc.pid, signal.SIGTERM)
        leftover_processes.signal_all(escaped)
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline and not self.eof and (group_alive(self.proc.pid)
                                                                 or leftover_processes.any_alive(escaped)):
            self.read(0.05)
        killpg(self.proc.pid, signal.SIGKILL)
        leftover_processes.signal_all(escaped, kill=True)
