"""Cancelling a bridge send() (terminus_edge.integrations.bridge): the waiting thread sees Ctrl-C, SIGTERM,
SIGHUP or Bridge.cancel() and sets the request's cancel event; the tool call under way stops on it (process
group ended, log kept and marked cancelled, model within one decode step); an endpoint request is abandoned."""

from __future__ import annotations

import queue
import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager

from terminus_edge.cancel import Worker, cancel_with
from terminus_edge.errors import TerminusError
from terminus_edge.signal_exit import signal_exit

POLL_S = 0.05  # how often a waiting send() looks at its cancel event
STOP_WAIT_S = 15.0  # how long a cancelled send() waits for the tool call under way to stop (group ended, log kept)


class BridgeCancelled(TerminusError):
    """A send() was cancelled (Ctrl-C, SIGTERM or SIGHUP to us, or Bridge.cancel()); see Bridge.send.
    `by`: who cancelled, in words (terminus_edge.cancel); `signum`: the signal that caused it, if one did."""

    def __init__(self, message: str, *, by: str | None = None, signum: int | None = None):
        super().__init__(message)
        self.by, self.signum = by, signum

    @property
    def exit_status(self) -> int:
        """What a command-line tool exits with: 128 + the signal (Ctrl-C 130, SIGTERM 143, SIGHUP 129), else 130."""
        return signal_exit(self.signum) if self.signum else 130


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def wait_for(work: Callable[[], object], cancel: threading.Event, approvals: queue.Queue | None, what: str, *,
             abandon: bool = False, stop_wait_s: float = STOP_WAIT_S):
    """work()'s value. On the main thread (approvals given) or with `abandon`, work() runs on a worker thread
    while this one waits, running the approval prompts it hands over. On a cancel (set elsewhere, or Ctrl-C
    here) it raises BridgeCancelled(what): at once with `abandon` (an endpoint request: its answer is dropped),
    else once work() has stopped on the same event (at most stop_wait_s; a second Ctrl-C stops waiting).
    Off the main thread a tool call runs right here (the TUI's approver must see its own worker)."""
    if approvals is None and not abandon:
        value = work()
        if cancel.is_set():
            raise BridgeCancelled(what)
        return value
    worker = Worker(work, "bridge-work")
    done = worker.done
    try:
        while not done.is_set() and not cancel.is_set():
            _serve_approvals(approvals, done)
    except KeyboardInterrupt:
        cancel_with(cancel, signum=signal.SIGINT)
    if cancel.is_set():
        if not abandon:
            try:
                done.wait(stop_wait_s)
            except KeyboardInterrupt:
                pass
        raise BridgeCancelled(what if abandon or done.is_set() else f"{what} (still stopping after {stop_wait_s:g} s)")
    return worker.result()


def _serve_approvals(approvals: queue.Queue | None, done: threading.Event) -> None:
    if approvals is None:
        done.wait(POLL_S)
        return
    try:
        ask, answered = approvals.get(timeout=POLL_S)
    except queue.Empty:
        return
    ask()  # on this (the main) thread: the approver's own Ctrl-C handling answers the prompt
    answered.set()


@contextmanager
def approvals_on_this_thread(toolkit, cancel: threading.Event):
    """The toolkit's approvers for one send(): once it is cancelled they refuse, unasked, and an answer given
    after the cancel counts as a refusal (no command starts after a cancel). When send() runs on the main
    thread, tool calls run on a worker and the prompts are handed back to the main thread (the queue yielded),
    so Ctrl-C at a prompt still answers that prompt as before (a refusal) and Ctrl-C anywhere else cancels.
    Off the main thread (the TUI) the approvers are called where they are asked; the queue is None."""
    approvals: queue.Queue | None = queue.Queue() if _on_main_thread() else None
    saved = toolkit.approve, toolkit.approve_command
    toolkit.approve = _until_cancelled(saved[0], approvals, cancel, refused=False)
    toolkit.approve_command = _until_cancelled(saved[1], approvals, cancel, refused=None)
    try:
        yield approvals
    finally:
        toolkit.approve, toolkit.approve_command = saved


def _until_cancelled(approver, approvals: queue.Queue | None, cancel: threading.Event, *, refused):
    """`approver`, run by the thread serving `approvals` (or right here without a queue); a refusal once
    cancelled. refused=None: the per-command approver's refusal (a UserDecision)."""
    if approver is None:
        return None

    def refusal():
        if refused is not None:
            return refused
        from terminus_edge.subagent.approval import UserDecision

        return UserDecision.unanswered("the request was cancelled")

    def asked(*args):
        if cancel.is_set():
            return refusal()
        if approvals is None:
            answer = approver(*args)
            return refusal() if cancel.is_set() else answer
        result, answered = {}, threading.Event()

        def ask() -> None:
            try:
                result["value"] = approver(*args)
            except BaseException as error:  # noqa: BLE001 - handed back to the asking thread
                result["error"] = error

        approvals.put((ask, answered))
        while not answered.wait(POLL_S):
            if cancel.is_set():
                return refusal()
        if "error" in result:
            raise result["error"]
        return refusal() if cancel.is_set() else result["value"]

    return asked


@contextmanager
def cancel_on_signals(cancel: threading.Event):
    """While a send() runs on the main thread, SIGTERM and SIGHUP (the terminal gone) cancel it as Ctrl-C does,
    instead of ending us with the command's log unfinished and nothing marked."""
    if not _on_main_thread():
        yield
        return
    saved = {sig: signal.signal(sig, lambda signum, frame: cancel_with(cancel, signum=signum))
             for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
