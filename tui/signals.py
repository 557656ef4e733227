"""SIGTERM, and SIGHUP (the terminal window closed), end the TUI the way Ctrl+Q does instead of killing it on
the spot: the app exits, which cancels its workers, so a remote delivery under way is cancelled too and says
which signal did it (its command's process group ended, its log kept and marked cancelled, nothing more sent);
the farewell names the signal and the exit status is 128 + its number."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable

SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def close_on_signals(app) -> Callable[[], None]:
    """Route SIGTERM/SIGHUP to `app.close_on_signal(signum)` through the running event loop; returns the undo.
    Nothing is installed off the main thread (signals reach only it) or without a running loop."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return lambda: None
    installed = []
    for signum in SIGNALS:
        try:
            loop.add_signal_handler(signum, app.close_on_signal, signum)
        except (ValueError, RuntimeError, NotImplementedError):  # not the main thread
            continue
        installed.append(signum)

    def undo() -> None:
        for signum in installed:
            try:
                loop.remove_signal_handler(signum)
            except (ValueError, RuntimeError):  # the loop is already closed
                pass

    return undo


def farewell(why: str | None, unsent: int, had_commands: bool, sending: int = 0) -> str | None:
    """What is printed after the TUI closes: why it closed, queued outbox items that were not sent (they are
    gone with the TUI), and those it was sending (their exchange was cancelled, but they may have reached the agent);
    None when there is nothing to say (Ctrl+Q with an empty outbox)."""
    parts = [why] if why else []
    if sending:
        parts.append(f"the exchange with the agent was cancelled: {sending} outbox item(s) it was sending may have "
                     "reached it")
    if unsent:
        parts.append(f"{unsent} queued outbox item(s) were not sent")
    if not parts:
        return None
    logs = " (the commands' logs stay: terminus-edge logs list)" if had_commands else ""
    return f"terminus-edge: {'; '.join(parts)}{logs}"
