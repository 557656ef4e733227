"""Who cancelled a request: a threading.Event that carries the reason with it.

Everything that stops on a cancel (capture.run_command, the subagent loop, the model's CancelGuard, the bridge)
takes a plain threading.Event and only calls is_set()/wait(); a Cancel is one, so it goes wherever an Event
does. Whoever sets it may say why (`cancel.set(USER_INTERRUPT, signum=signal.SIGINT)`); the notes a cancel
leaves (the log's summary, read_log's header) then name that instead of "the client". A plain Event, or a
Cancel set without a reason, reads as the MCP client's cancel, as before.

    cancel = Cancel()
    cancel.set(APP_CLOSED)
    cancelled_by(cancel)        # "the TUI closing"
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from terminus_edge.signal_exit import signal_exit

T = TypeVar("T")

CLIENT = "the client"  # a plain Event's cancel: whoever handed it over (an MCP client, a test)
CLIENT_CANCELLED = "the client (notifications/cancelled)"  # an MCP client cancelled the request
CLIENT_GONE = "the client disconnecting (stdin closed)"  # the MCP server's stdin ended with the request under way
USER_INTERRUPT = "the user (Ctrl-C)"
APP_CLOSED = "the TUI closing"


def by_signal(signum: int) -> str:
    """The reason for a cancel that a signal to us caused: Ctrl-C is the user's, the others say their name."""
    if signum == signal.SIGINT:
        return USER_INTERRUPT
    try:
        name = signal.Signals(signum).name
    except ValueError:
        name = f"signal {signum}"
    return f"a signal ({name})"


class Cancel(threading.Event):
    """A threading.Event with `reason` (who cancelled, in words: "the user (Ctrl-C)") and `signum` (the signal
    that caused it, if one did). The first reason given stays: a second Ctrl-C does not rename the cancel."""

    def __init__(self) -> None:
        super().__init__()
        self.reason: str | None = None
        self.signum: int | None = None

    def set(self, reason: str | None = None, *, signum: int | None = None) -> None:  # noqa: A003 - Event's name
        if not self.is_set() and self.reason is None:
            self.reason = reason if reason is not None else (by_signal(signum) if signum is not None else None)
            self.signum = signum
        super().set()


def cancelled_by(cancel: threading.Event | None) -> str:
    """Who set `cancel`, in words for a note ("cancelled by {…}"); a plain Event is the client's."""
    return getattr(cancel, "reason", None) or CLIENT


def exit_status(cancel: threading.Event | None, default: int = 130) -> int:
    """The exit status a command-line tool ends with after `cancel` stopped it: 128 + the signal that caused it
    (Ctrl-C 130, SIGTERM 143, SIGHUP 129), `default` when no signal did."""
    signum = getattr(cancel, "signum", None)
    return signal_exit(signum) if signum else default


def cancel_with(cancel: threading.Event, reason: str | None = None, *, signum: int | None = None) -> None:
    """Set `cancel`, saying why when it is a Cancel (a plain Event just gets set)."""
    if isinstance(cancel, Cancel):
        cancel.set(reason, signum=signum)
    else:
        cancel.set()


SHOWN_IDS = 5  # a long-lived server may have kept hundreds: the first and last id then


def cancelled_line(command: str, by: str, took_s: float, kept: list[int] | None, *, stores_logs: bool = True) -> str:
    """One line: who cancelled `command` after how long, and the logs it kept (said only of a command that
    `stores_logs`; None: they could not be read)."""
    line = f"terminus-edge: {command} cancelled by {by} after {took_s:.1f} s"
    if not stores_logs:
        return line
    if kept is None:
        return line + " (the logs it kept, if any: terminus-edge logs list)"
    if not kept:
        return line + ", before it stored any log"
    if len(kept) == 1:
        return line + f"; the log it kept: terminus-edge logs show {kept[0]}"
    shown = ", ".join(map(str, kept)) if len(kept) <= SHOWN_IDS else f"{kept[0]} … {kept[-1]}"
    return line + f"; the {len(kept)} logs it kept: {shown} (terminus-edge logs show {kept[0]})"


class SignalInterrupt(KeyboardInterrupt):
    """SIGTERM or SIGHUP raised the way Python raises Ctrl-C (signals_interrupt); `signum` says which."""

    def __init__(self, signum: int):
        super().__init__(by_signal(signum))
        self.signum = signum


def interrupt_signum(interrupt: KeyboardInterrupt) -> int:
    """The signal behind a KeyboardInterrupt: a SignalInterrupt's own, else Ctrl-C's."""
    return getattr(interrupt, "signum", signal.SIGINT)


@contextmanager
def signals_interrupt() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise SignalInterrupt (a KeyboardInterrupt) where Python's default would end
    the process on the spot, so whatever handles Ctrl-C (a log finished, a work folder removed, one line said)
    handles them too. A signal someone chose to ignore (nohup's SIGHUP) or handle stays as it was; off the main
    thread nothing changes."""
    def interrupt(signum, frame) -> None:
        raise SignalInterrupt(signum)

    with signals_handled(interrupt, (signal.SIGTERM, signal.SIGHUP), over=lambda now: now is signal.SIG_DFL):
        yield


@contextmanager
def signals_handled(handler, signals, *, over: Callable[[object], bool]) -> Iterator[None]:
    """While inside, `handler` handles each of `signals` whose present handler passes `over` (e.g. "is SIG_DFL",
    "is not SIG_IGN"); each is put back after. Off the main thread (where Python sets no handler) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {sig: signal.signal(sig, handler) for sig in signals if over(signal.getsignal(sig))}
    try:
        yield
    finally:
        for sig, before in saved.items():
            signal.signal(sig, before)


STOP_WAIT_S = 15.0  # how long a cancelled run is waited for (its command group ended, its log kept)


class StillStopping(Exception):
    """The cancelled work had not stopped within the wait (or a second Ctrl-C ended the wait)."""


def run_interruptible(work: Callable[[], T], cancel: Cancel, *, stop_wait_s: float = STOP_WAIT_S) -> T:
    """work()'s value, with Ctrl-C, SIGTERM and SIGHUP to us turned into `cancel` (saying which) instead of ending
    us: work() runs on a worker thread and is expected to stop on `cancel` (a command's group ended, its log
    kept, a model call stopped within a decode step) and return what it has; this thread waits for that, at
    most stop_wait_s (StillStopping then, or at a second Ctrl-C). Off the main thread (no signals to take
    over) work() simply runs here."""
    if threading.current_thread() is not threading.main_thread():
        return work()
    signals = [0]

    def on_signal(signum, frame) -> None:
        signals[0] += 1
        cancel_with(cancel, signum=signum)

    saved = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        worker = Worker(work, "interruptible-work")
        done = worker.done
        while not done.wait(0.05) and not cancel.is_set():
            pass
        waited_from = time.monotonic()
        if not done.is_set():  # cancelled: wait for work() to stop on it; a second signal stops the wait
            while not done.wait(0.05) and signals[0] < 2 and time.monotonic() - waited_from < stop_wait_s:
                pass
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    if not done.is_set():
        raise StillStopping(f"still stopping {time.monotonic() - waited_from:.1f} s after the cancel")
    return worker.result()


class Worker(Generic[T]):
    """work() on a daemon thread: `done` is set when it ends, result() then returns its value or raises its error;
    on_done(), if given, is called (on that thread) once result() is ready."""

    def __init__(self, work: Callable[[], T], name: str, *, on_done: Callable[[], None] | None = None):
        self.done = threading.Event()
        self._outcome: dict = {}
        self._on_done = on_done
        threading.Thread(target=self._run, args=(work,), name=name, daemon=True).start()

    def _run(self, work: Callable[[], T]) -> None:
        try:
            self._outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            self._outcome["error"] = error
        finally:
            self.done.set()
            if self._on_done is not None:
                self._on_done()

    def result(self) -> T:
        if "error" in self._outcome:
            raise self._outcome["error"]
        return self._outcome["value"]
