"""Run one shell command the way an agent needs it: fresh non-interactive bash, stdin closed, own session.

stdout and stderr are merged in order; the whole process group is killed on timeout (SIGTERM, then
SIGKILL), likewise when the caller sets its `cancel` event (a client cancelled the request), and by a
watchdog if terminus-edge itself is killed; background children that keep the pipe open cannot hang us (we
stop reading shortly after the main process exits); output beyond a memory cap spills to a private temp file.

"Waiting for input" is reported only on evidence: a process of the command is blocked reading a
terminal (it made its own pty), the output loops on the same prompt (a program re-asking on EOF), the
command timed out with its output ending at a prompt, or it exited saying it needed a terminal/input.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from terminus_edge import leftover_processes
from terminus_edge.cancel import cancelled_by
from terminus_edge.errors import TerminusError
from terminus_edge.input_wait import NEEDED_INPUT, blocked_on_terminal, ends_at_prompt, prompt_loop
from terminus_edge.process_group import forward_signals, group_alive, killpg, start_watchdog, stop_watchdog
from terminus_edge.signal_exit import shell_status
from terminus_edge.spool import Spool

MODEL_CUT_BYTES = 60_000
TIMEOUT_EXIT_CODE = 124  # what coreutils `timeout` returns; also used when we stop a command stuck on input

class CaptureError(TerminusError):
    """The command could not be started (missing cwd, no bash)."""


@dataclass
class Capture:
    command: str
    cwd: str
    exit_code: int
    started_at: float
    ended_at: float
    duration_s: float
    timed_out: bool
    waiting_for_input: bool
    bytes: int
    interrupted: bool = False  # the user pressed Ctrl-C (forwarded to the command)
    note: str | None = None  # why we stopped it, or why we think it wanted input
    model_cut_bytes: int = MODEL_CUT_BYTES
    spool: Spool | None = field(default=None, repr=False)
    cancelled: bool = False  # the caller's cancel event stopped it (the exit code is what the group's end gave)
    left_behind: str | None = None  # note lines: processes it started still running after it, or stopped then

    @property
    def raw(self) -> bytes:
        """All output bytes, read in one piece (use iter_raw() to stream a large output)."""
        if self.spool is None:
            return b""
        self.spool.seek(0)
        return self.spool.read()

    def iter_raw(self, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        if self.spool is None:
            return
        self.spool.seek(0)
        while data := self.spool.read(chunk_size):
            yield data

    def for_model(self, limit: int | None = None) -> str:
        """Head + tail of the output, at most about `limit` bytes, without reading the middle."""
        limit = limit or self.model_cut_bytes
        if self.spool is None:
            return ""
        if self.bytes <= limit:
            return cut_for_model(self.raw, limit)
        half = limit // 2
        self.spool.seek(0)
        head = self.spool.read(half)
        self.spool.seek(self.bytes - half)
        return _join_cut(head, self.spool.read(half), self.bytes - 2 * half)

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()
            self.spool = None


def cut_for_model(data: bytes | str, limit: int = MODEL_CUT_BYTES) -> str:
    """Cut output to about `limit` bytes for a model: the head and the tail, a marker between them."""
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    if len(raw) <= limit:
        return raw.decode("utf-8", "replace")
    half = limit // 2
    return _join_cut(raw[:half], raw[-half:], len(raw) - 2 * half)


def _join_cut(head: bytes, tail: bytes, omitted: int) -> str:
    # Cut at line boundaries when one is near, so no half lines (or half UTF-8 characters) reach the model.
    newline = head.rfind(b"\n")
    if newline > len(head) * 0.8:
        omitted += len(head) - newline - 1
        head = head[: newline + 1]
    newline = tail.find(b"\n")
    if 0 <= newline < len(tail) * 0.2:
        omitted += newline + 1
        tail = tail[newline + 1 :]
    cut = 0  # no split UTF-8 character at either edge: drop the partial bytes
    while cut < 3 and len(tail) > cut and 0x80 <= tail[cut] < 0xC0:
        cut += 1
    tail, omitted = tail[cut:], omitted + cut
    for back in range(1, min(4, len(head)) + 1):
        byte = head[-back]
        if byte >= 0xC0:  # a lead byte: is its sequence complete?
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            if need > back:
                head, omitted = head[:-back], omitted + back
            break
        if byte < 0x80:
            break
    marker = f"\n[... {omitted} bytes omitted: the full output is in the raw log ...]\n"
    return head.decode("utf-8", "replace") + marker + tail.decode("utf-8", "replace")


def run_command(
    command: str,
    *,
    cwd: str | None = None,
    timeout_s: float | None = 30.0,
    on_output: Callable[[bytes], None] | None = None,
    on_tick: Callable[[], None] | None = None,
    model_cut_bytes: int = MODEL_CUT_BYTES,
    grace_s: float = 0.5,
    input_quiet_s: float = 2.0,
    memory_cap: int = 8 << 20,
    env: dict[str, str] | None = None,
    inherit_stdin: bool = False,
    cancel: threading.Event | None = None,
) -> Capture:
    """Run `command` with `bash -c` and capture everything it prints. See the module docstring.

    `model_cut_bytes` is the default limit of Capture.for_model(); `on_output` gets each piece of
    output as it arrives (live tee, streaming into the log store); `on_tick` is called about ten times a
    second while it runs (e.g. to commit buffered output); `env` adds variables.
    `inherit_stdin`: the command reads our stdin: a human at a terminal (then no input-wait detection), or the data
    piped or redirected into us (`producer | terminus-edge run -- consumer`).
    TERMINUS_EDGE_INSIDE=1 is set so shell wrappers inside the command do not wrap it again.
    `cancel`: once set, the command's process group is ended as on a timeout (SIGTERM, then SIGKILL) within
    about 0.1 s; the output so far is kept and the Capture says `cancelled` (exit code: what the group's end gave);
    its note names who cancelled (terminus_edge.cancel.Cancel's reason; a plain Event: "the client").
    """
    cwd = os.path.abspath(cwd or os.getcwd())
    if not os.path.isdir(cwd):
        raise CaptureError(f"working directory does not exist: {cwd}")
    spool = Spool(memory_cap)
    started, t0 = time.time(), time.monotonic()
    token = leftover_processes.new_token()
    with forward_signals() as signals:
        try:
            proc = subprocess.Popen(["bash", "-c", command], stdin=None if inherit_stdin else subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True,
                                    env={**os.environ, **(env or {}), "TERMINUS_EDGE_INSIDE": "1",
                                         **leftover_processes.token_env(token)})
        except OSError as error:
            spool.close()
            raise CaptureError(f"cannot start bash: {error.strerror or error}") from None
        watchdog = start_watchdog(proc.pid, token)
        watch = _Watch(proc, spool, on_output, on_tick, t0, cancel)
        signals.attach(proc.pid, watch)
        try:
            watch.loop(timeout_s, grace_s, None if inherit_stdin and _terminal_stdin() else input_quiet_s)
            watch.stop_group(token)
        except BaseException:  # a failing on_output/on_tick: the command must not run on, orphaned, without us
            killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            proc.stdout.close()
            spool.close()
            raise
        finally:
            stop_watchdog(watchdog)
    ended = time.time()
    code = shell_status(proc.returncode)
    if watch.timed_out or watch.stuck_on_input:
        code = TIMEOUT_EXIT_CODE
    note, waiting = watch.note, watch.stuck_on_input
    if watch.cancelled:
        note = f"{note} (exit code {code})"
    tail_text = watch.tail.decode("utf-8", "replace")
    if watch.timed_out and not waiting and ends_at_prompt(tail_text):
        waiting, note = True, f"timed out after {timeout_s:g} s with its output ending at a prompt (probably waiting for input)"
    elif code != 0 and not (watch.timed_out or watch.cancelled or waiting) and (match := NEEDED_INPUT.search(tail_text[-2000:])):
        waiting, note = True, f"it needed interactive input, but stdin is closed ({match.group(0)!r})"
    return Capture(command, cwd, code, started, ended, round(ended - started, 3), watch.timed_out, waiting,
                   watch.total, watch.interrupted, note, model_cut_bytes, spool, cancelled=watch.cancelled,
                   left_behind=watch.left_behind)


def _terminal_stdin() -> bool:
    try:
        return os.isatty(0)
    except OSError:
        return False


class _Watch:
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
