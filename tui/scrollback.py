"""Shift+PgUp over the shell: what scrolled off. With a real shell, the pane's own history (screen_history.py): the
prompts, command lines and output as the shell printed them, in order, a flood's lines jump scroll never drew
included. Without one (a view with no shell), the recent commands and their output from the log store. A full-screen
program (vim, less) still gets Shift+PgUp itself: the view is only for the shell's own screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import work

from terminus_edge.tui.widgets.cards import CardState

MAX_LINES = 2000  # TextArea builds each line on the UI thread (dialogs.VIEW_LINES)
TAIL_BYTES = 256 * 1024  # of a bigger output only its end is read: the view shows its last lines anyway


class ScrollbackActions:
    """A mixin of TerminusApp: it uses the app's cards, pipeline and shell pane."""

    def on_shell_terminal_scrollback_wanted(self, _message) -> None:
        self.action_scrollback()

    def action_scrollback(self) -> None:
        history = getattr(self.query_one("#terminal"), "history", None)
        if history is not None:
            self._open_history(history.raw(), history.cut)
            return
        unfinished = getattr(self.query_one("#terminal"), "unfinished", lambda: None)()  # on the UI thread
        running = (unfinished.command, unfinished.output) if unfinished is not None else None
        self._open_scrollback(self.cards.states(), running)

    @work(thread=True, group="io")
    def _open_scrollback(self, states: list[CardState], running: tuple[str, str] | None) -> None:
        from terminus_edge.tui.screens import ScrollbackScreen

        text = transcript(states, self.pipeline.raw, running) or "(no command has run in this shell yet)"
        self.call_from_thread(self.push_screen, ScrollbackScreen("The shell's recent commands and their output", text))

    @work(thread=True, group="io")
    def _open_history(self, raw: str, cut: bool) -> None:
        from terminus_edge.tui.screen_history import history_lines
        from terminus_edge.tui.screens import ScrollbackScreen

        text = "\n".join(history_lines(raw, cut, MAX_LINES)) or "(the shell has printed nothing yet)"
        self.call_from_thread(self.push_screen, ScrollbackScreen("The shell's screen history (as it printed it)", text))


def transcript(states: Iterable[CardState], raw: Callable[[CardState], bytes], running: tuple[str, str] | None = None,
               max_lines: int = MAX_LINES) -> str:
    """The newest commands (the agent's left out: they never ran in this shell) and their output, the oldest first,
    at most `max_lines` lines; `running`: (command, output so far) of the command under way."""
    blocks: list[list[str]] = []
    if running is not None:
        blocks.append([f"$ {running[0]}    (running)"] + _lines(running[1].encode("utf-8", "surrogateescape")))
    total = len(blocks[0]) if blocks else 0
    for state in reversed(list(states)):
        if total >= max_lines:
            break
        if state.agent_sent is not None:
            continue
        ended = "cancelled" if state.exit_code is None else f"exit {state.exit_code}"
        block = [f"$ {state.command}    ({ended})"] + _lines(raw(state))
        blocks.append(block)
        total += len(block)
    lines = [line for block in reversed(blocks) for line in block]
    if len(lines) > max_lines:
        lines = ["… [earlier output: F3, then Enter on a card, or terminus-edge logs show ID] …"] + lines[-max_lines:]
    return "\n".join(lines)


def _lines(raw: bytes) -> list[str]:
    from terminus_edge.summarize.compose import full_screen_phrase
    from terminus_edge.summarize.normalize import normalize

    cut = len(raw) > TAIL_BYTES
    if cut:
        raw = raw[-TAIL_BYTES:]
        raw = raw[raw.find(b"\n") + 1:]
    output = normalize(raw)
    if output.full_screen and not output.text.strip():
        return [f"({full_screen_phrase(output.full_screen, False)})"]
    lines = output.text.rstrip("\n").split("\n") if output.text.strip() else []
    return (["… [the start of this output: F3, then Enter on its card] …"] if cut else []) + lines
