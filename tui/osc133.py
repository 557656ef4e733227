"""Cut a shell's output stream into commands using OSC 133 shell-integration marks.

The shell snippets (tui/shell/) print `ESC ] 133 ; X ST` marks: A (prompt start), B (prompt end),
C (command output starts; may carry `cmdline_url=<percent-encoded command>`), D;<exit> (command
finished). `CommandCutter.split()` takes decoded pty text in whatever chunks the pty delivers and
returns the text cut at each mark, with one event per mark, so the caller can feed the emulator up
to a mark and then look at its screen in exactly the state the mark was printed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

_MARK = re.compile(r"\x1b\]133;([^\x07\x1b]*)(?:\x07|\x1b\\)")
_INTRO = "\x1b]133;"
# zsh's PROMPT_SP (printed before precmd, so inside C..D): a reverse-video %/# then spaces and "\r \r".
_ZSH_PROMPT_SP = re.compile(r"(?:\x1b\[[0-9;]*m)*[%#](?:\x1b\[[0-9;]*m)* *\r \r\Z")
MAX_HELD = 4096  # an unterminated "mark" longer than this is not a mark: pass it on
PROMPT_SP_SPAN = 64 * 1024
DEFAULT_CAP = 8 * 1024 * 1024  # characters of one command's output kept (head and tail halves)


@dataclass(frozen=True)
class PromptEnd:
    """B: the prompt is drawn; what the user types next is the command line."""


@dataclass(frozen=True)
class CommandStarted:
    command: str | None  # from the shell (cmdline_url=), None when the shell did not say
    # C again before D: bash runs a multi-line input (a paste) one line at a time, each after its own C, and
    # prompts (D) only after the last. One command, one card: the output goes on, the lines add up.
    continued: bool = False


@dataclass(frozen=True)
class CommandFinished:
    command: str | None
    output: str  # everything the command printed, escape sequences and \r\n included
    exit_code: int | None
    dropped_chars: int = 0  # middle of a huge output not kept (see DEFAULT_CAP)


Event = PromptEnd | CommandStarted | CommandFinished


def parse_cmdline(params: str) -> str | None:
    """`C;cmdline_url=echo%20hi` -> "echo hi" (kitty's convention); `C;cmdline=...` is taken verbatim."""
    for field in params.split(";")[1:]:
        key, _, value = field.partition("=")
        if key == "cmdline_url":
            return unquote(value)
        if key == "cmdline":
            return value
    return None


def parse_exit_code(params: str) -> int | None:
    parts = params.split(";")
    if len(parts) > 1 and parts[1].strip().lstrip("-").isdigit():
        return int(parts[1])
    return None


def _strip_zsh_prompt_sp(output: str) -> str:
    """Drop zsh's PROMPT_SP filler from the end. It is at most a terminal width of spaces, so only the last
    PROMPT_SP_SPAN characters are searched: a regex pass over a whole 8 MB output took 0.16 s of the UI."""
    found = _ZSH_PROMPT_SP.search(output, max(0, len(output) - PROMPT_SP_SPAN))
    return output[:found.start()] if found else output


class _Output:
    """One command's output: all of it up to `cap`, then the head and the newest tail."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.head: list[str] = []
        self.head_len = 0
        self.tail: list[str] = []
        self.tail_len = 0
        self.dropped = 0

    def add(self, text: str) -> None:
        if not text:
            return
        half = self.cap // 2
        if self.head_len < half:
            take = text[: half - self.head_len]
            self.head.append(take)
            self.head_len += len(take)
            text = text[len(take):]
        if text:
            self.tail.append(text)
            self.tail_len += len(text)
            while self.tail_len > half and len(self.tail) > 1:
                gone = self.tail.pop(0)
                self.tail_len -= len(gone)
                self.dropped += len(gone)
            if self.tail_len > half:  # one chunk bigger than the half: keep its end
                extra = self.tail_len - half
                self.tail[0] = self.tail[0][extra:]
                self.tail_len -= extra
                self.dropped += extra

    def text(self) -> str:
        gap = f"\n[terminus-edge: {self.dropped} characters of output not kept here]\n" if self.dropped else ""
        return "".join(self.head) + gap + "".join(self.tail)


class CommandCutter:
    def __init__(self, cap: int = DEFAULT_CAP) -> None:
        self.cap = cap
        self._held = ""  # a possibly incomplete mark at the end of the last chunk
        self._command: str | None = None
        self._output: _Output | None = None  # set between C and D

    @property
    def running(self) -> bool:
        return self._output is not None

    def unfinished(self) -> CommandFinished | None:
        """The command under way as if it had ended now, without an exit code (the TUI closing keeps its output
        so far); None between commands. The cutter is left as it was."""
        if self._output is None:
            return None
        return CommandFinished(self._command, self._output.text(), None, self._output.dropped)

    def split(self, text: str) -> list[tuple[str, Event | None]]:
        """Return [(text_to_display, event_or_None), ...]; the mark's own bytes end the text before its event."""
        data = self._held + text
        self._held = ""
        pieces: list[tuple[str, Event | None]] = []
        pos = 0
        for match in _MARK.finditer(data):
            before = data[pos:match.start()]
            self._capture(before)
            pieces.append((before + match.group(0), self._on_mark(match.group(1))))
            pos = match.end()
        rest = data[pos:]
        keep = self._incomplete_mark_start(rest)
        if keep is not None:
            rest, self._held = rest[:keep], rest[keep:]
        self._capture(rest)
        if rest:
            pieces.append((rest, None))
        return pieces

    def _capture(self, text: str) -> None:
        if self._output is not None:
            self._output.add(text)

    def _on_mark(self, params: str) -> Event | None:
        kind = params.split(";", 1)[0]
        if kind == "B":
            return PromptEnd()
        if kind == "C":
            command = parse_cmdline(params)
            if self._output is not None:
                if self._command is not None and command is not None:
                    self._command = f"{self._command}\n{command}"
                return CommandStarted(command, continued=True)
            self._command = command
            self._output = _Output(self.cap)
            return CommandStarted(command)
        if kind == "D":
            if self._output is None:  # D without C (e.g. the first prompt): nothing ran
                return None
            output = _strip_zsh_prompt_sp(self._output.text())
            event = CommandFinished(self._command, output, parse_exit_code(params), self._output.dropped)
            self._output, self._command = None, None
            return event
        return None

    @staticmethod
    def _incomplete_mark_start(rest: str) -> int | None:
        """Where a mark that the next chunk may complete begins in `rest`, if anywhere."""
        idx = rest.rfind(_INTRO)
        if idx != -1:
            body = rest[idx + len(_INTRO):]
            still_open = "\x07" not in body and "\x1b" not in body
            if (still_open or body.endswith("\x1b") and body.count("\x1b") == 1) and len(body) < MAX_HELD:
                return idx
        for k in range(len(_INTRO) - 1, 0, -1):  # "...\x1b]13" at the very end
            if rest.endswith(_INTRO[:k]):
                return len(rest) - k
        return None
