"""Summary cards: one per finished command, newest at the bottom, in a keyboard-navigable list."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.widgets import ListItem, ListView, Static

from terminus_edge.tui.cell_text import safe_text

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


@dataclass
class CardState:
    key: int  # this session's card number
    command: str
    exit_code: int | None
    duration_s: float | None
    log_id: int | None = None
    pending: bool = True
    started: bool = False  # the summary is being made (pending and not started: waiting for the model to be free)
    text: str = ""  # the full "Command: … / Summary: …" block: what would leave the machine
    body: str = ""  # the summary shown on the card
    tokens_raw: int | None = None
    tokens_summary: int | None = None
    latency_ms: float | None = None
    model_note: str | None = None  # e.g. "model failed: …; deterministic summary"
    edited: bool = False
    queued: bool = False
    error: str | None = None  # the summary could not be made at all
    # A command the remote agent's subagent ran (or proposed) here: the answer its request sent back (redacted, as it
    # left); None for the shell's own commands. refused: why it was not run.
    agent_sent: str | None = None
    refused: str | None = None
    proposed: str | None = None  # what the agent proposed, when the user edited it before it ran


AGENT_MARK = ("agent ", "bold magenta")


def exit_badge(exit_code: int | None, refused: bool = False) -> Text:
    if refused:
        return Text(" ⊘ not run ", style="bold black on yellow")
    if exit_code is None:
        return Text(" ? ", style="bold black on yellow")
    if exit_code == 0:
        return Text(" ✔ 0 ", style="bold black on green")
    return Text(f" ✘ {exit_code} ", style="bold white on red")


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s"


class SummaryCard(Static):
    """Shows one CardState; the list calls `show()` with a new state, never the other way round."""

    DEFAULT_CLASSES = "card"

    SHOW_WAIT_S = 2.0  # a pending card says for how long, past this (a slow model: is anything happening?)

    def __init__(self, state: CardState) -> None:
        super().__init__()
        self.state = state
        self._frame = 0
        self._pending_since = time.monotonic()

    def on_mount(self) -> None:
        self._spin = self.set_interval(0.1, self._tick, pause=not self.state.pending)
        self.show(self.state)

    def _tick(self) -> None:
        self._frame = (self._frame + 1) % len(SPINNER)
        self.update(self._renderable())

    def show(self, state: CardState) -> None:
        if state.pending and not self.state.pending:  # made again (s)
            self._pending_since = time.monotonic()
        self.state = state
        self.set_class(state.exit_code not in (0, None), "failed")
        self.set_class(state.queued, "queued")
        if hasattr(self, "_spin"):
            (self._spin.resume if state.pending else self._spin.pause)()
        self.update(self._renderable())

    def _renderable(self) -> Group:
        s = self.state
        mark = AGENT_MARK if s.agent_sent is not None else ""
        head = Text.assemble(exit_badge(s.exit_code, bool(s.refused)), " ", mark, (s.command, "bold"))
        head.no_wrap, head.overflow = True, "ellipsis"
        meta = [] if s.refused else [format_duration(s.duration_s)]
        if s.agent_sent is not None:
            meta.append("proposed by the agent" if s.refused else
                        "ran for the agent, as you edited it" if s.proposed else "ran for the agent")
        if s.tokens_raw is not None and s.tokens_summary is not None:
            meta.append(f"{s.tokens_raw:,}→{s.tokens_summary:,} tok")
        if s.log_id is not None:
            meta.append(f"log #{s.log_id}")
        if s.edited:
            meta.append("edited")
        if s.queued:
            meta.append("● queued")
        line2 = Text(" · ".join(meta), style="dim")
        if s.pending:
            # one summary at a time (and none while the model loads): the cards behind it said "summarizing…" too
            doing = "summarizing…" if s.started else "waiting for the model…"
            waited = time.monotonic() - self._pending_since
            body = Text(f"{SPINNER[self._frame]} {doing}" + (f" {waited:.0f} s" if waited >= self.SHOW_WAIT_S else ""),
                        style="italic")
        elif s.refused:
            body = Text(s.refused, style="yellow")
        elif s.error:
            body = Text(f"no summary: {s.error}", style="red")
        else:
            text, note = split_note(s.body, s.model_note)
            body = Text(safe_text(text, keep="\n\t"))  # output it quotes, drawn as cell_text.py says
        parts = [head, line2, body]
        if s.model_note and not s.pending:
            parts.append(Text(note, style="yellow"))
        return Group(*parts)


def split_note(body: str, model_note: str | None) -> tuple[str, str | None]:
    """The body without the model note it says: the note is shown once, below, in yellow, in the words the summary
    says it (the summarizer's note is those words; the guard's reasons stay in the log store's note_detail). The
    TUI's own notes (a cut output, a pager quit early) may follow the model's in the body."""
    said = [found for found in NOTE.finditer(body) if model_note == found[1]] if model_note else []
    if said:
        return (body[: said[-1].start()].rstrip() + body[said[-1].end():]), said[-1][1]
    return body, model_note


NOTE = re.compile(r"\(([^()\n]+)\)")


def edited_body(before: str, after: str) -> str:
    """What a card shows of an edited summary: all of it but the framing it shows elsewhere, the `Command:` line
    (its title) and the `Log:` line (its meta) where the edit left them as they were, and the `Summary:` label.
    (Only the text after 'Summary:' was shown: an edit of the command line, or of the Log line, did not show.)"""
    old, lines = before.strip().splitlines(), after.strip().splitlines()
    if old and lines and lines[0] == old[0] and old[0].startswith("Command:"):
        lines = lines[1:]
    if old and lines and lines[-1] == old[-1] and old[-1].startswith("Log:"):
        lines = lines[:-1]
    if lines and lines[0].startswith("Summary:"):
        lines[0] = lines[0][len("Summary:"):].strip()
    return "\n".join(lines).strip()


# A ListView lays out every item again on each move: with 300 cards ↑/↓ took ~0.17 s a key (100: ~0.09 s) on the
# 2-core dev box. Older cards leave the list (their logs stay in the store); queued and pending ones stay.
MAX_CARDS = 100


class CardList(ListView):
    """The side panel's list of cards; actions on the highlighted card live on the app (palette too)."""

    BINDINGS = [
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("enter,l", "app.raw_log", "Full output"),
        Binding("s", "app.resummarize", "Summarize again"),
        Binding("e", "app.edit_summary", "Edit"),
        Binding("m", "app.mark", "Queue to send"),
        Binding("M", "app.mark_raw", "Queue full output", show=False),
        Binding("escape", "app.focus_terminal", "Shell", show=False),
        Binding("ctrl+c", "app.interrupt_shell", "Interrupt", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cards: dict[int, SummaryCard] = {}
        self.dropped = 0  # cards that left the list (MAX_CARDS)

    def add(self, state: CardState) -> None:
        card = SummaryCard(state)
        self._cards[state.key] = card
        self.append(ListItem(card))
        self.index = len(self._cards) - 1  # follow the newest
        self.scroll_end(animate=False)
        if len(self._cards) > MAX_CARDS:
            self.call_later(self._drop_oldest)  # after this message: one removal at a time, index kept by pop()

    async def _drop_oldest(self) -> None:
        keys = list(self._cards)
        highlighted = self.current()
        for position, key in enumerate(keys[: len(keys) - MAX_CARDS + 1]):
            state = self._cards[key].state
            if not (state.pending or state.queued or highlighted is None or state.key == highlighted.key):
                del self._cards[key]
                self.dropped += 1
                if self.dropped == 1:
                    self.app.notify(f"Only the newest {MAX_CARDS} cards stay in this list (and queued ones); "
                                    "the logs of all stay: terminus-edge logs list.")
                await self.pop(position)
                return

    def update_card(self, state: CardState) -> None:
        card = self._cards.get(state.key)
        if card is not None:
            card.show(state)
            following = self.index == len(self._cards) - 1 and state.key == next(reversed(self._cards))
            if following:  # its summary made the newest card taller: its end was left below the list's bottom
                self.call_after_refresh(self.scroll_end, animate=False)

    def reveal(self) -> None:
        """Bring the highlighted card into view once the list is laid out again: cards that came while the panel was
        hidden (F5, a narrow window) could not scroll it, so it opened on the oldest cards, the highlighted one
        (what m queues) out of sight."""

        def scroll() -> None:
            child = self.highlighted_child
            if child is not None and self.index == len(self._cards) - 1:
                self.scroll_end(animate=False)  # the newest: to the end of its summary
            elif child is not None:
                self.scroll_to_widget(child, animate=False)

        self.call_after_refresh(scroll)

    def state(self, key: int) -> CardState | None:
        card = self._cards.get(key)
        return card.state if card else None

    def current(self) -> CardState | None:
        """The highlighted card, else the newest."""
        item = self.highlighted_child
        if item is not None:
            cards = list(item.query(SummaryCard))
            if cards:
                return cards[0].state
        return list(self._cards.values())[-1].state if self._cards else None

    def states(self) -> list[CardState]:
        return [card.state for card in self._cards.values()]
