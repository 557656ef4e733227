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

CLIENT = "the client"  # an MCP client's notifications/cancelled, or its stdin closing
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
    return 128 + signum if signum else default


def cancel_with(cancel: threading.Event, reason: str | None = None, *, signum: int | None = None) -> None:
    """Set `cancel`, saying why when it is a Cancel (a plain Event just gets set)."""
    if isinstance(cancel, Cancel):
        cancel.set(reason, signum=signum)
    else:
        cancel.set()
