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
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from terminus_edge import leftover_processes
from terminus_edge.command_watch import Watch
from terminus_edge.errors import TerminusError
from terminus_edge.input_wait import NEEDED_INPUT, ends_at_prompt
from terminus_edge.model_cut import MODEL_CUT_BYTES, cut_for_model, join_cut
from terminus_edge.process_group import forward_signals, killpg, start_watchdog, stop_watchdog
from terminus_edge.signal_exit import shell_status
from terminus_edge.spool import Spool

__all__ = ["MODEL_CUT_BYTES", "TIMEOUT_EXIT_CODE", "Capture", "CaptureError", "cut_for_model", "run_command"]

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

    @property
    def chunks(self) -> RawChunks:
        """The output as chunks read from the spool each time it is iterated: a summary streams a 400 MB flood
        instead of holding it whole (`raw` did: 388 MB peak RSS for 2 s of `yes`), and may read it twice."""
        return RawChunks(self)

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
        return join_cut(head, self.spool.read(half), self.bytes - 2 * half)

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()
            self.spool = None


class RawChunks:
    """Capture.chunks: re-iterable, one pass at a time (each pass reads the spool from its start)."""

    def __init__(self, capture: Capture):
        self.capture = capture

    def __iter__(self) -> Iterator[bytes]:
        return self.capture.iter_raw()


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
        watch = Watch(proc, spool, on_output, on_tick, t0, cancel)
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
