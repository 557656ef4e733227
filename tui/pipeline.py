"""The TUI's side of the one-way data flow, without any UI: store a finished command, summarize it,
turn the result into card fields, redact what may leave. Runs in worker threads.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from terminus_edge.tui.widgets.cards import CardState


# A program that switched to the alternate screen (less, vim, top) drew a UI rather than printing output.
ALT_SCREEN = re.compile(rb"\x1b\[\?(?:1049|1047|47)h")
# The summary itself says what the program left ("full-screen program (alternate screen): …"); this says the rest.
FULL_SCREEN_NOTE = "no model sentence for a full-screen program"
KEYPAD_ON, LESS_QUIT = b"\x1b[?1h\x1b=", b"\r\x1b[K\x1b[?1l\x1b>"  # see pager_left_early
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
TERMINAL_BYTES_NOTE = "bytes as the terminal got them: the terminal may have added a \\r before each newline"
# osc133._Output keeps the head and tail of a huge output and leaves this line where the middle was.
CUT_MARK = re.compile(rb"\n\[terminus-edge: (\d+) characters of output not kept here\]\n")


@dataclass(frozen=True)
class FinishedCommand:
    command: str
    raw: bytes = field(repr=False)  # Textual's @work puts its arguments' repr in the worker's description
    exit_code: int | None
    started_at: float
    ended_at: float
    cwd: str | None = None
    truncated: bool = False
    terminal_bytes: bool = False  # raw holds the pty's "\r\n" for "\n" (tui/onlcr.py could not undo it for sure)

    @property
    def duration_s(self) -> float:
        return max(0.0, self.ended_at - self.started_at)


def finished_command(message) -> FinishedCommand:
    """A ShellTerminal.CommandFinished as the pipeline takes it: the bytes the program wrote, as far as known."""
    from terminus_edge.tui.onlcr import as_written  # it reads CUT_MARK from here

    raw, exact = as_written(message.output.encode("utf-8", errors="surrogateescape"), message.translations)
    return FinishedCommand(message.command, raw, message.exit_code, message.started_at, message.ended_at,
                           message.cwd, truncated=message.dropped_chars > 0, terminal_bytes=not exact)


def default_summarizer() -> Callable:
    from terminus_edge.summarize import summarize

    return summarize


def default_redactor() -> Callable[[str], str]:
    from terminus_edge.redact import redact

    return redact


class Pipeline:
    """Store → summarize; thread-safe. The model is used by one summary at a time."""

    def __init__(self, store=None, summarizer: Callable | None = None, redactor: Callable[[str], str] | None = None):
        self.store = store
        self._summarize = summarizer
        self._redact = redactor
        self.model = None
        self.model_ready = threading.Event()
        self._model_lock = threading.Lock()
        self._raw: dict[int, bytes] = {}  # card key -> raw output, only when there is no store
        self._terminal_bytes: set[int] = set()  # card keys whose raw output is as the terminal got it

    def set_model(self, model) -> None:
        self.model = model
        self.model_ready.set()

    def record(self, key: int, finished: FinishedCommand) -> int | None:
        """Keep the raw output (the store when there is one) and return its log id."""
        if finished.terminal_bytes:
            self._terminal_bytes.add(key)
        if self.store is None:
            self._raw[key] = finished.raw
            return None
        return self.store.add(finished.command, finished.raw, exit_code=finished.exit_code, cwd=finished.cwd,
                              source="tui", started_at=finished.started_at, ended_at=finished.ended_at,
                              duration_s=finished.duration_s)

    def raw(self, state: CardState) -> bytes:
        if state.log_id is not None and self.store is not None:
            return self.store.read_raw(state.log_id)
        return self._raw.get(state.key, b"")

    def raw_size(self, state: CardState) -> int:
        """Bytes of the card's stored output, without reading them."""
        if state.log_id is not None and self.store is not None:
            return self.store.get(state.log_id).stored
        return len(self._raw.get(state.key, b""))

    def summarize(self, state: CardState, *, wait_for_model_s: float = 120.0,
                  on_start: Callable[[], None] = lambda: None) -> CardState:
        """Make the summary for a card (blocking; call from a worker). Never raises: failures go on the card.
        `on_start` is called when the model is this card's (one summary at a time)."""
        self.model_ready.wait(wait_for_model_s)
        raw = self.raw(state)
        full_screen = bool(ALT_SCREEN.search(raw))
        started = time.perf_counter()
        try:
            summarize = self._summarize or default_summarizer()  # inside: a broken install fails one card, not the app
            with self._model_lock:
                on_start()
                summary = summarize(state.command, raw, state.exit_code, log_id=state.log_id,
                                    model=None if full_screen else self.model, duration_s=state.duration_s)
        except Exception as error:  # a card must never vanish: show why there is no summary
            return replace(state, pending=False, error=f"{type(error).__name__}: {error}")
        summary = _with_cut_note(summary, raw)
        if state.key in self._terminal_bytes and getattr(getattr(summary, "facts", None), "binary", False):
            summary = _with_note(summary, TERMINAL_BYTES_NOTE)
        if not full_screen:  # less in the alternate screen left no pages in the log: FULL_SCREEN_NOTE says it
            summary = _with_pager_note(summary, raw)
        latency = summary.latency_ms if summary.latency_ms is not None else (time.perf_counter() - started) * 1000
        note = FULL_SCREEN_NOTE if full_screen else summary.model_note
        if self.store is not None and state.log_id is not None:
            facts = summary.facts.to_dict() if getattr(summary, "facts", None) is not None else None
            self.store.set_summary(state.log_id, summary.text, json.dumps(facts) if facts is not None else None,
                                   note=note, note_detail=getattr(summary, "model_detail", None))
        return replace(state, pending=False, error=None, edited=False, text=summary.text, body=summary.body,
                       tokens_raw=summary.tokens_raw, tokens_summary=summary.tokens_summary,
                       latency_ms=latency, model_note=note)

    def redact(self, text: str) -> str:
        return (self._redact or default_redactor())(text)

    def outgoing_raw(self, state: CardState) -> str:
        """The raw output as it would leave when the user chooses to send it: cleaned of escapes, redacted."""
        from terminus_edge.summarize.normalize import normalize

        text = normalize(self.raw(state)).text
        block = f"Command: {state.command}\nExit code: {state.exit_code}\nOutput:\n{text}"
        if self._redact is not None:
            return self._redact(block)
        from terminus_edge.redact import learn_secrets, redact

        # the command says when the output is itself a secret (`gh auth token`, `printenv DB_PASSWORD`)
        return redact(block, known=learn_secrets(text, command=state.command), command=state.command)


def _with_note(summary, note: str):
    """The summary with `note` after its body, in the card and in the block that leaves the machine."""
    if summary.body not in summary.text:
        return summary
    separator = "\n" if "\n" in summary.body else " "  # after quoted output lines: not read as one of them
    body = f"{summary.body}{separator}({note})"
    return replace(summary, body=body, text=summary.text.replace(f"Summary: {summary.body}", f"Summary: {body}", 1))


def _with_cut_note(summary, raw: bytes):
    """A huge output was kept as head and tail only: the summary's counts and sizes cover what was kept,
    so it must say that the middle is gone (it leaves the machine with the summary)."""
    cut = CUT_MARK.search(raw)
    if cut is None:
        return summary
    return _with_note(summary, f"only the start and end of the output were kept: {int(cut[1])} characters in the "
                               "middle are not in the log, so the counts above cover the kept part")


def pager_left_early(raw: bytes) -> bool:
    """Whether the output went through less in the normal screen (-X: git's, journalctl's pager) and the user
    quit at a prompt before its end: the output then holds the pages shown, not what was never drawn.

    less -X turns the keypad mode on, draws pages, waits at a prompt line (`:`, a -M prompt, `(END)` at the
    end) and on q erases that line and turns the keypad mode off. When all of it fitted (-F), no prompt."""
    quit_at = raw.rfind(LESS_QUIT)
    if quit_at == -1 or raw.rfind(KEYPAD_ON, 0, quit_at) == -1:
        return False
    prompt = ESCAPES.sub(b"", raw[raw.rfind(b"\n", 0, quit_at) + 1:quit_at]).strip()
    return bool(prompt) and b"(END)" not in prompt


def _with_pager_note(summary, raw: bytes):
    if not pager_left_early(raw):
        return summary
    return _with_note(summary, "shown through the pager less and quit before the end: the log holds only the "
                               "pages shown, so the counts above cover those")
