"""The terminus-edge TUI: a real shell on the left, one summary card per command on the right, an outbox
of what the user approved to leave the machine, and a status bar. `launch.make_app()` builds it for the CLI
and the tests alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from terminus_edge.tui.agent_cards import AgentCardActions, agent_log_view
from terminus_edge.tui.closing import ClosingActions
from terminus_edge.tui.keys import ACTIONS, destination_words, help_note, help_sections
from terminus_edge.tui.outbox_actions import OutboxActions
from terminus_edge.tui.pipeline import FinishedCommand, Pipeline, finished_command
from terminus_edge.tui.scrollback import ScrollbackActions
from terminus_edge.tui.side_panel import PANEL_ACTIONS, SidePanelActions
from terminus_edge.tui.screens import EditScreen, HelpScreen, RawLogScreen, clip_for_view
from terminus_edge.tui.widgets.cards import CardList, CardState, edited_body
from terminus_edge.tui.widgets.keyhints import KeyLine, key_context
from terminus_edge.tui.widgets.outbox import OutboxList, OutboxSink
from terminus_edge.tui.widgets.status import StatusBar, no_model_line


class TerminusApp(ClosingActions, SidePanelActions, OutboxActions, ScrollbackActions, AgentCardActions, App):
    CSS_PATH = "app.tcss"
    TITLE = "terminus-edge"
    # Ctrl+P belongs to the shell (history); the palette lives on F2.
    COMMAND_PALETTE_BINDING = "f2"
    BINDINGS = [
        Binding("f1", "help", "Help", priority=True),
        Binding("f3", "focus_cards", "Cards", priority=True),
        Binding("f4", "focus_outbox", "Outbox", priority=True),
        Binding("f5", "toggle_side", "Zoom", priority=True),
    ]

    def __init__(self, *, shell_argv: list[str] | None, shell_label: str, pipeline: Pipeline,
                 model_loader: Callable[[], object] | None, sink: OutboxSink, model_label: str | None = None):
        super().__init__()
        self.shell_argv = shell_argv
        self.shell_label = shell_label
        self.pipeline = pipeline
        self.model_loader = model_loader
        self.sink = sink
        self.model_label = model_label
        self._next_key = 0
        self.tokens_saved = 0

    # -- layout --------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            if self.shell_argv:
                from terminus_edge.tui.widgets.terminal import ShellTerminal

                yield ShellTerminal(self.shell_argv, id="terminal")
            else:
                yield Static("(no shell in this view)", id="terminal")
            with Vertical(id="side"):
                yield Static("Commands", classes="pane-title")
                yield Static("No commands yet.\nEach command you run in the shell gets a card here.",
                             id="cards-empty")
                yield CardList(id="cards")
                yield Static("Outbox · empty", id="outbox-title", classes="pane-title")
                yield OutboxList(id="outbox")
        yield StatusBar(id="status")
        yield KeyLine(lambda screen: key_context(screen, self.sink), id="keys")

    @property
    def cards(self) -> CardList:
        return self.query_one(CardList)

    @property
    def outbox(self) -> OutboxList:
        return self.query_one(OutboxList)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def _refresh_keys(self, *_) -> None:
        self.query_one(KeyLine).refresh()

    def on_list_view_highlighted(self, _event) -> None:
        self._refresh_keys()  # m says "unqueue" on a queued card

    def on_mount(self) -> None:
        self.status.set(shell=self.shell_label)
        if "no command marks" in self.shell_label:
            self.notify("This shell has no terminus-edge integration (bash and zsh do): no command cards. "
                        "Try --shell bash.", severity="warning", timeout=10)
            self.query_one("#cards-empty", Static).update(  # it said each command would get a card here
                "No cards with this shell: it does not report its commands (bash and zsh do: --shell bash).")
        self.query_one("#terminal").focus()
        self._refresh_side()
        if self.model_loader is None:
            self.status.set(model=self.model_label or "no model: deterministic")
            self.pipeline.set_model(None)
        else:
            self.load_model()

    @work(thread=True, exclusive=True, group="model")
    def load_model(self) -> None:
        try:
            model = self.model_loader()
        except Exception as error:  # onnxruntime's own errors too: a model that cannot load must not end the shell
            self.pipeline.set_model(None)
            self.call_from_thread(self.show_missing_model, error)
            return
        self.pipeline.set_model(model)
        self.call_from_thread(self._show_model, model)

    def _show_model(self, model) -> None:
        self.status.set(model=getattr(model, "name", type(model).__name__),
                        precision=getattr(model, "precision", None),
                        provider=getattr(model, "provider", None) or getattr(model, "ep", None))

    def show_missing_model(self, error: Exception) -> None:
        """One line, no dialog: a dialog a second after start took the keys the user was typing into the shell."""
        self.status.set(model="no model: deterministic")
        self.notify(no_model_line(error), severity="warning", timeout=20)

    def _refresh_side(self) -> None:
        has_cards = bool(self.cards.states())
        self.query_one("#cards-empty").display = not has_cards
        self.cards.display = has_cards
        n = len(self.outbox.items)
        title = f"Outbox · {n} queued · {self.sink.name}" if n else "Outbox · empty"
        if self.delivering:
            title = f"Outbox · sending {len(self.delivering)} to {self.sink.name}…"
        self.query_one("#outbox-title", Static).update(title)
        self.outbox.display = n > 0
        self.status.set(queued=n, tokens_saved=self.tokens_saved)
        self._refresh_keys()

    # -- commands in, cards out --------------------------------------------------------------------

    running: str | None = None  # the shell's command under way

    def on_shell_terminal_command_started(self, message) -> None:
        self.running = message.command
        self.status.set(running=message.command)

    def on_shell_terminal_command_finished(self, message) -> None:
        self.running = None
        self.status.set(running=None)
        self.add_command(finished_command(message))

    def add_command(self, finished: FinishedCommand) -> int:
        """A command finished: show its card now, store and summarize it in a worker. Returns the card key."""
        self._next_key += 1
        state = CardState(key=self._next_key, command=finished.command, exit_code=finished.exit_code,
                          duration_s=finished.duration_s)
        self.cards.add(state)
        self._refresh_side()
        self._store_and_summarize(state, finished)
        return state.key

    @work(thread=True, group="summaries")
    def _store_and_summarize(self, state: CardState, finished: FinishedCommand) -> None:
        log_id = self.pipeline.record(state.key, finished)
        state = replace(state, log_id=log_id)
        self.call_from_thread(self.cards.update_card, state)
        self._summarize_now(state)

    @work(thread=True, group="summaries")
    def _resummarize(self, state: CardState) -> None:
        self._summarize_now(state)

    def _summarize_now(self, state: CardState) -> None:
        """On a worker thread. The card says "waiting for the model…" until the model is its own (the cards behind a
        slow summary all said "summarizing…")."""
        started = lambda: self.call_from_thread(self._summary_started, state.key)  # noqa: E731
        self.call_from_thread(self._summary_done, self.pipeline.summarize(state, on_start=started))

    def _summary_started(self, key: int) -> None:
        now = self.cards.state(key)
        if now is not None and now.pending:
            self.cards.update_card(replace(now, started=True))

    def _summary_done(self, state: CardState) -> None:
        state = replace(state, queued=self.outbox.item_for(state.key) is not None)  # it may have changed meanwhile
        self.cards.update_card(state)
        if state.queued and not state.error:
            self._requeue(state)
        if state.tokens_raw is not None and state.tokens_summary is not None:
            self.tokens_saved += max(0, state.tokens_raw - state.tokens_summary)
        self.status.set(last_latency_ms=state.latency_ms)
        self._refresh_side()

    # -- card actions -----------------------------------------------------------------------------

    def _current_card(self, *, finished: bool = False) -> CardState | None:
        state = self.cards.current()
        if state is None:
            self.notify("No command card yet.", severity="warning")
        elif finished and state.pending:
            self.notify("That summary is still being made.", severity="warning")
            return None
        elif finished and state.refused:
            self.notify("That command was not run: it has no output or summary (Enter shows what the agent was sent).",
                        severity="warning")
            return None
        return state

    def action_raw_log(self) -> None:
        state = self._current_card()
        if state is not None:
            self._open_raw_log(state)

    @work(thread=True, group="io")
    def _open_raw_log(self, state: CardState) -> None:
        from terminus_edge.summarize.compose import full_screen_phrase
        from terminus_edge.summarize.normalize import normalize

        output = normalize(self.pipeline.raw(state))
        empty = f"({full_screen_phrase(output.full_screen, False)})" if output.full_screen else "(no output)"
        text = agent_log_view(state, clip_for_view(output.text, state.log_id) or empty)
        ran = "not run" if state.refused else f"exit {state.exit_code}"
        title = f"#{state.key} {'agent: ' * (state.agent_sent is not None)}{state.command} · {ran}"
        if state.log_id is not None:
            title += f" · log #{state.log_id} (terminus-edge logs show {state.log_id})"
        self.call_from_thread(self.push_screen, RawLogScreen(title, text))

    def action_resummarize(self) -> None:
        state = self._current_card(finished=True)
        if state is not None:
            state = replace(state, pending=True, started=False)
            self.cards.update_card(state)
            self._resummarize(state)

    def action_edit_summary(self) -> None:
        state = self._current_card(finished=True)
        if state is None:
            return

        def done(text: str | None) -> None:
            if text is not None and text != state.text:
                now = self.cards.state(state.key)
                if now is None:  # it left the list meanwhile (MAX_CARDS)
                    self.notify(f"#{state.key} is no longer in the list: the edit was not kept.", severity="warning")
                    return
                note = now.model_note if now.model_note and f"({now.model_note})" in text else None  # still said?
                edited = replace(now, text=text, body=edited_body(state.text, text), model_note=note, edited=True)
                self.cards.update_card(edited)
                if edited.queued:
                    self._requeue(edited)

        self.push_screen(EditScreen(f"Edit what will be sent for #{state.key} {state.command}", state.text), done)

    # -- focus, help, palette --------------------------------------------------------------------

    def action_interrupt_shell(self) -> None:
        """Ctrl+C with the keyboard on the cards or the outbox still stops the shell's command (it reached
        nothing there: Textual's own Ctrl+C only says how to quit)."""
        terminal = self.query_one("#terminal")
        if hasattr(terminal, "board"):
            terminal.board.input("\x03")
        else:
            self.notify("No shell in this view.", severity="warning")

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):  # F1 again closes it (the app's F1 comes before the screen's)
            self.screen.dismiss()
        else:
            destination = destination_words(self.sink)
            self.push_screen(HelpScreen(help_sections(destination), help_note(destination)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The panel keys act on the main screen: under a dialog they would change it unseen."""
        return not (action in PANEL_ACTIONS and len(self.screen_stack) > 1)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for action, title, help_text in ACTIONS:
            yield SystemCommand(title, help_text, getattr(self, f"action_{action}"))
        yield from super().get_system_commands(screen)
