"""How the TUI closes: Ctrl+Q, or the shell ending; what it says after (signals.farewell), and what a command still
running leaves (its output so far, in the log store). A mixin of TerminusApp (close_on_signal is OutboxActions')."""

from __future__ import annotations

import sqlite3
import time

from terminus_edge.tui.pipeline import finished_command
from terminus_edge.tui.signals import farewell

QUIT_AGAIN_S = 4.0  # a second Ctrl+Q within this quits even with a full-screen program open


class ClosingActions:
    def on_terminal_process_exited(self, message) -> None:
        """The shell ended (exit, Ctrl+D): the TUI ends with it, as a terminal window would, and says so."""
        self.running = None  # it was the `exit` itself, or whatever ended the shell: nothing was hung up
        self.exit(return_code=0, message=self._farewell(f"the shell exited (exit code {message.exit_code})"))

    _quit_warned_at = float("-inf")

    async def action_quit(self) -> None:
        """Ctrl+Q. While a full-screen program (vim, less, top) has the shell's screen, the first press only warns:
        quitting hangs the program up, and an editor's unsaved work would be lost; a second press soon after quits."""
        full_screen = getattr(self.query_one("#terminal"), "in_full_screen", False) if self.is_mounted else False
        if self.running and full_screen and time.monotonic() - self._quit_warned_at > QUIT_AGAIN_S:
            self._quit_warned_at = time.monotonic()
            program = _shortened(self.running, 40)
            self.notify(f"`{program}` is running full-screen: quitting hangs it up, and unsaved work in it is lost. "
                        "Press Ctrl+Q again to quit.", severity="warning", timeout=QUIT_AGAIN_S)
            return
        self.exit(message=self._farewell(None))

    def _farewell(self, why: str | None) -> str | None:
        """What is printed after the TUI closes. A command still running ends as in a closed terminal window,
        without a card: it is said, and its output so far is kept in the log store (marked cancelled)."""
        if self.running:
            command = _shortened(self.running, 60)
            running = f"`{command}` was still running; the shell and its commands were hung up (SIGHUP)"
            log_id = self._keep_running_output()
            if log_id is not None:
                running += f"; its output so far is log #{log_id} (terminus-edge logs show {log_id})"
            why = f"{why}; {running}" if why else running
        sending = {item.key for item in self.delivering}
        unsent = len([item for item in self.outbox.items if item.key not in sending]) if self.is_mounted else 0
        return farewell(why, unsent, bool(self.is_mounted and self.cards.states()), sending=len(sending))

    def _keep_running_output(self) -> int | None:
        """Store what the running command printed so far (it was lost with the TUI: a long build's log gone on
        Ctrl+Q); None when there is no shell, no store or the store cannot take it (the TUI closes anyway)."""
        unfinished = getattr(self.query_one("#terminal"), "unfinished", lambda: None)() if self.is_mounted else None
        if unfinished is None or self.pipeline.store is None:
            return None
        from terminus_edge.logstore_db import LogStoreError

        self._next_key += 1
        try:
            log_id = self.pipeline.record(self._next_key, finished_command(unfinished))
            self.pipeline.store.mark_cancelled(log_id)
        except (LogStoreError, OSError, sqlite3.Error):
            return None
        return log_id


def _shortened(command: str, limit: int) -> str:
    """The command as typed (blanks kept: it is quoted back to the user), cut to `limit` characters."""
    return command if len(command) <= limit else command[: limit - 1] + "…"
