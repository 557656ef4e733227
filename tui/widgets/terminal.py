"""The shell pane: textual-tty's Terminal, plus OSC 133 command cutting.

Every chunk from the pty goes through `CommandCutter` before the emulator: the text is fed up to each
mark, so at a mark the screen is exactly as the shell had drawn it. The emulator skips what a flood
scrolls out of view unseen (jumpscroll); the cutter still gets every character, and bytes that are not UTF-8 as
they came (the emulator shows U+FFFD). A finished command goes up as a `ShellTerminal.CommandFinished`
message; the app decides what to do with it.
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager

from textual import events
from textual.message import Message
from textual.strip import Strip
from textual_tty import Terminal

from terminus_edge.tui import jumpscroll
from terminus_edge.tui.cell_text import safe_strip
from terminus_edge.tui.onlcr import pty_translation
from terminus_edge.tui.osc133 import CommandCutter, CommandFinished, CommandStarted, PromptEnd
from terminus_edge.tui.screen_history import ScreenHistory

MAX_COMMAND_ROWS = 12  # how far up to look for the prompt when the shell did not report the command
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape keeps it
_CSI = re.compile(r"(?:\x1b\[|\x9b)[0-9;:?<=>]*[ -/]*[@-~]")
SCROLLBACK_KEYS = ("shift+pageup", "shift+pagedown")


def keep_undecodable_bytes(pty) -> bool:
    """Make bittty's pty decoder keep bytes that are not UTF-8 (as lone surrogates) instead of U+FFFD, so
    a command's output encodes back to exactly the bytes the program wrote (`logs show --raw`).

    Python documents switching an incremental decoder's `errors` during its lifetime; bittty keeps its
    decoder in the private `_dec`, so a bittty without it leaves the text as it was (lossy, not broken).
    """
    decoder = getattr(pty, "_dec", None)
    if decoder is None or not hasattr(decoder, "errors"):
        return pty is not None  # no pty yet: try again on the next chunk
    decoder.errors = "surrogateescape"
    return True


def tolerate_bad_sequences(parser) -> None:
    """bittty raises TypeError on some CSI sequences with odd parameters (`ESC [ : D`; `cat` of a binary file
    is full of them). Out of the pty reader that error closes the pty and ends the user's shell: drop such a
    sequence, as terminals do, and go on with the rest of the text."""
    plain_feed = parser.feed

    def feed(text: str) -> None:
        while True:
            try:
                return plain_feed(text)
            except TypeError:
                rest = parser.buffer[parser.pos:]  # the parser stopped at the sequence it could not handle
                parser.reset()
                bad = _CSI.match(rest)
                text = rest[bad.end() if bad else 1:]

    parser.feed = feed


@contextmanager
def replies_dropped(board, drop: bool):
    """While `drop`, answers the emulator would send to the child (device attributes, cursor position, colours,
    answerback) are not sent. For binary noise (`cat` of a binary file): it is full of queries, and the shell
    reads the answers as typed text (`62;1;6;...c` ×300 before the next command line, run by the next Enter;
    xterm does the same). Programs that ask on purpose print valid UTF-8. A bittty without `host` answers."""
    host = getattr(board, "host", None)
    if not drop or host is None:
        yield
        return
    host.write = host.write_bytes = lambda *args, **kwargs: None  # the instance's, over the class's methods
    try:
        yield
    finally:
        del host.write, host.write_bytes


class ShellTerminal(Terminal):
    """A real shell in a pty; posts one message per finished command."""

    FLOOD_FRAME_S = 0.1

    class CommandFinished(Message):
        def __init__(self, command: str, output: str, exit_code: int | None, started_at: float,
                     ended_at: float, cwd: str | None, dropped_chars: int,
                     translations: frozenset[str] = frozenset()) -> None:
            self.command = command
            self.output = output
            self.exit_code = exit_code
            self.started_at = started_at
            self.ended_at = ended_at
            self.cwd = cwd
            self.dropped_chars = dropped_chars
            self.translations = translations  # what the pty did to the output while it ran (onlcr.py)
            super().__init__()

    class CommandStarted(Message):
        def __init__(self, command: str) -> None:
            self.command = command
            super().__init__()

    class ScrollbackWanted(Message):
        """Shift+PgUp over the shell's own screen: the app shows what scrolled off (tui/scrollback.py)."""

    def __init__(self, argv: list[str], *, id: str | None = None) -> None:
        super().__init__(command=argv, id=id)
        tolerate_bad_sequences(self.board.parser)
        self.board.modes.alt_sends_escape = True  # see _on_mark
        self.cutter = CommandCutter()
        self.history = ScreenHistory()  # all the pty printed, for Shift+PgUp (the emulator keeps no scrollback)
        self._prompt_at: tuple[int, int, str] | None = None  # (row, col, text left of col) at mark B
        self._started: tuple[str, float, str | None] | None = None
        self._lines_since_frame = 0
        self._last_frame = 0.0
        self._keeps_bytes = False
        self._unfed: list[str] = []  # text for the emulator, held during a flood until the next frame
        self._jump_scroll = jumpscroll.supported(self.board)
        self._unfed_noise = False  # some of _unfed was not UTF-8: binary noise, whose queries get no answer
        self._translation = ""  # what the pty did to output at this read (onlcr.py)
        self._translations: set[str] = set()  # ... at each read while the command ran
        self._sized = False  # the board has had the pane's size once (see on_resize)
        self._settle_timer = None

    # A window crossing side_panel.NARROW_WIDTH is laid out twice, the side panel shown or hidden in between: for a frame
    # the shell pane had 22 or 32 columns, and bittty cut every row of the screen to that width (the lines after 32
    # columns gone for good) and the shell and a full-screen program got that size too. The size the pane settles at
    # is the one passed on.
    RESIZE_SETTLE_S = 0.05

    def on_resize(self, event: events.Resize) -> None:
        event.prevent_default()  # textual-tty's own handler (Textual calls each class's) resizes at once
        if not (event.size.width and event.size.height):
            return
        if self._sized:
            self._settle_timer = self._settle_timer or self.set_timer(self.RESIZE_SETTLE_S, self._settled)
        else:  # the first size: the shell starts with it
            self._sized = True
            self.board.resize(event.size.width, event.size.height)

    def _settled(self) -> None:
        self._settle_timer = None
        width, height = self.size
        if width and height and (width, height) != (self.board.width, self.board.height):
            self.board.resize(width, height)

    def feed(self, data: str) -> None:
        if not self._keeps_bytes:
            self._keeps_bytes = keep_undecodable_bytes(self.board.pty)
        self.history.add(data)
        self._lines_since_frame += data.count("\n")
        flood = self._lines_since_frame >= self.board.height
        undecodable = not data.isascii() and _ESCAPED_BYTE.search(data) is not None
        self._translation = pty_translation(self.board.pty)
        if self.cutter.running:
            self._translations.add(self._translation)
        for piece, event in self.cutter.split(data):
            if piece:
                noise = undecodable and _ESCAPED_BYTE.search(piece) is not None
                self._unfed.append(_ESCAPED_BYTE.sub("\ufffd", piece) if noise else piece)
                self._unfed_noise |= noise
            if not flood or event is not None:  # a mark reads the screen as the shell drew it
                self._feed_screen()
            if event is not None:
                self._on_mark(event)
        self._dirty = True

    def render_line(self, y: int) -> Strip:
        return safe_strip(super().render_line(y), self.size.width)  # control characters in cells: cell_text.py

    @property
    def in_full_screen(self) -> bool:
        """Whether a program (vim, less, top) has switched the shell's screen to the alternate screen."""
        return bool(getattr(self.board.blitter, "in_alt_screen", False))

    def on_key(self, event: events.Key) -> None:
        """Alt+Backspace (readline's backward-kill-word) is Esc then the Backspace byte: bittty sends the byte
        without its Alt (altkeys.py). Shift+PgUp scrolls a terminal's scrollback, which bittty keeps none of: sent on,
        the shell typed `2~` into the command line; it asks the app for the scrollback view instead (a full-screen
        program still gets Shift+PgUp/PgDn)."""
        if event.key in SCROLLBACK_KEYS and not self.in_full_screen:
            event.stop()
            event.prevent_default()
            if event.key == "shift+pageup":
                self.post_message(self.ScrollbackWanted())
            return
        if event.key == "alt+backspace" and self.board.modes.alt_sends_escape:
            self.board.display.input("\x1b")
        super().on_key(event)  # it stops the event: Textual calls no handler of it again

    def _feed_screen(self) -> None:
        """Hand the emulator what came since it was last fed: during a flood that is one frame's worth, so
        jump scroll skips nearly all of it; otherwise (typing, full-screen programs) each read at once."""
        if self._unfed:
            text = "".join(self._unfed)
            self._unfed.clear()
            with replies_dropped(self.board, self._unfed_noise):
                if self._jump_scroll:
                    jumpscroll.feed(self.board, text)
                else:
                    self.board.parser.feed(text)
            self._unfed_noise = False
            self.board.prompt_marks.clear()  # bittty keeps every mark forever otherwise

    def _tick(self) -> None:
        """textual-tty repaints on a 60 Hz tick; while more than a screen of lines arrives between frames
        (a flood nobody can read), repaint at most every FLOOD_FRAME_S so the flood keeps the CPU."""
        now = time.monotonic()
        if (self._dirty and self._lines_since_frame >= self.board.height
                and now - self._last_frame < self.FLOOD_FRAME_S):
            self._dirty = False  # the rest of the tick (exit check, palette, size) still runs
            super()._tick()
            self._dirty = True
            return
        self._feed_screen()
        if self._dirty:
            self._last_frame, self._lines_since_frame = now, 0
        super()._tick()

    def _on_mark(self, event) -> None:
        if isinstance(event, PromptEnd):
            # Alt+key as Esc+key, as xterm's altSendsEscape and most terminals (bittty's default dropped the Alt:
            # Alt+. typed '.', vim lost a quick "Esc :"); again at each prompt, as `reset` turns it off.
            self.board.modes.alt_sends_escape = True
            cursor = self.board.cursor
            row_text = self.board.blitter.current_buffer.get_line_text(cursor.y)
            self._prompt_at = (cursor.y, cursor.x, row_text[: cursor.x])
        elif isinstance(event, CommandStarted) and event.continued and self._started is not None:
            command, started_at, cwd = self._started  # the next line of the same input (see CommandStarted)
            if event.command is not None:
                self._started = (f"{command}\n{event.command}", started_at, cwd)
        elif isinstance(event, CommandStarted):
            command = event.command if event.command is not None else self._command_from_screen()
            self._started = (command, time.time(), self.cwd or None)
            self._translations = {self._translation}
            self.post_message(self.CommandStarted(command))
        elif isinstance(event, CommandFinished) and self._started is not None:
            command, started_at, cwd = self._started
            self._started = None
            self.post_message(self.CommandFinished(
                command=command, output=event.output, exit_code=event.exit_code, started_at=started_at,
                ended_at=time.time(), cwd=cwd, dropped_chars=event.dropped_chars,
                translations=frozenset(self._translations | {self._translation})))

    def unfinished(self) -> ShellTerminal.CommandFinished | None:
        """The command still running, as a CommandFinished message not posted (no exit code, ended now): what
        the app keeps of it when it closes under it. None when no command runs."""
        cut = self.cutter.unfinished()
        if cut is None or self._started is None:
            return None
        command, started_at, cwd = self._started
        return self.CommandFinished(command=command, output=cut.output, exit_code=None, started_at=started_at,
                                    ended_at=time.time(), cwd=cwd, dropped_chars=cut.dropped_chars,
                                    translations=frozenset(self._translations | {self._translation}))

    def _command_from_screen(self) -> str:
        """The command line as drawn after the prompt: rows above the cursor back to the prompt's row.

        Used when the shell could not say (bash with ignorespace/ignoredups). The prompt's row may have
        scrolled since mark B, so it is found again by its text.
        """
        if self._prompt_at is None:
            return "(command not reported)"
        _, col, prefix = self._prompt_at
        page = self.board.blitter.current_buffer
        bottom = self.board.cursor.y - 1
        for top in range(bottom, max(-1, bottom - MAX_COMMAND_ROWS), -1):
            line = page.get_line_text(top)
            if prefix.strip() and line.startswith(prefix):
                rows = [line[col:]] + [page.get_line_text(y) for y in range(top + 1, bottom + 1)]
                text = "".join(row.rstrip() if i == len(rows) - 1 else row for i, row in enumerate(rows))
                return text.strip() or "(command not reported)"
        return "(command not reported)"
