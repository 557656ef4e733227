"""Read an output of any size in one streaming pass into a bounded view for the fact parsers and the model.

A small output is kept whole. A large one keeps its head, its tail and windows of lines around
error- and warning-looking lines, with "… [N lines omitted] …" markers between them. Error windows
are kept from the start of the output and, in a ring, from its end, so a failure buried in the
middle of a huge log is kept unless thousands of other errors crowd it out; a line repeated with
only its numbers changed opens at most two windows. Memory stays bounded whatever the input size,
except when a parser that counts every line (listings, access logs) asks for the whole text.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from terminus_edge.summarize.located import count_located, last_lines
from terminus_edge.summarize.normalize import (
    BINARY_SAMPLE, chain_first, clean_stream, decode_stream, describe_binary, is_binary, iter_chunks,
)
from terminus_edge.summarize.terminal import LineCleaner
from terminus_edge.summarize.tokens import TokenCounter
from terminus_edge.summarize.triggers import trigger_lines

LARGE_OUTPUT = 256_000  # characters of clean text kept whole
HEAD_CHARS = TAIL_CHARS = 64_000
BEFORE, AFTER = 1_500, 3_000  # context around a trigger line, in characters, line-aligned
ERROR_FIRST = ERROR_LAST = 160_000  # characters of error windows from the start / from the end
WARNING_BUDGET = 64_000
WINDOWS_PER_SHAPE = 2
MAX_SHAPES = 50_000
FULL_TEXT_CAP = 128_000_000  # characters; beyond this even a counting parser reads the view

_SHAPE_RE = re.compile(r"\d+")


@dataclass
class OutputView:
    text: str  # the whole clean text, or head + windows + tail with omission markers
    binary: bool = False
    n_bytes: int = 0
    n_lines: int = 0
    tokens_raw: int = 0
    complete: bool = True  # `text` is the whole output
    full_text: str | None = None  # the whole clean text when a counting parser asked for it
    omitted_lines: int = 0
    trigger_lines: dict[str, int] = field(default_factory=dict)  # error-/warning-looking lines in the whole output
    located: dict[str, int] = field(default_factory=dict)  # located diagnostics (LOCATED_RE) in the whole output
    full_screen: str = ""  # how a full-screen program used the terminal (screen.FULL_SCREEN_KINDS); "" for none
    added_line_feeds: int = 0  # lines of `text` that one-line JSON documents were broken into (json_lines.py), extra


@dataclass
class _Window:
    start: int  # offset in the clean text
    line: int  # line number of its first line
    parts: list[str]
    length: int


class ViewBuilder:
    """Feed clean blocks of complete lines (the text is their join with "\\n"); `finish()` gives the view."""

    def __init__(self, keep_full: Callable[[str], bool] | None = None) -> None:
        self.keep_full = keep_full
        self.blocks: list[str] | None = []  # every block, while the text is small or kept whole
        self.size = 0  # characters so far, counting the newline between blocks
        self.lines = 0
        self.head: list[str] = []
        self.head_len = 0
        self.head_done = False
        self.tail: deque[tuple[int, int, str]] = deque()  # (offset, line, block)
        self.tail_len = 0
        self.context = (0, 0, "")  # (offset, line, text): the end of the previous block, for context before
        self.last_end = -1  # offset of the newline that ends the last window (or the head)
        self.open: _Window | None = None
        self.owed = 0  # characters of context after still owed to the open window
        self.first: list[_Window] = []
        self.first_len = 0
        self.ring: deque[_Window] = deque()
        self.ring_len = 0
        self.warnings: list[_Window] = []
        self.warnings_len = 0
        self.shapes: dict[str, int] = {}
        self.triggers = {"error": 0, "warning": 0}
        self.located: dict[str, int] = {}
        self.located_tail = ""  # the last lines of the previous block: a `-->` place line may start the next one
        self.decided = False
        self._omitted = 0

    def feed(self, block: str) -> None:
        offset, line = self.size + (1 if self.size else 0), self.lines
        count_located(block, self.located, self.located_tail)  # exact totals whatever the view keeps
        self.located_tail = last_lines(block)
        self.size = offset + len(block)
        self.lines += block.count("\n") + 1
        if self.blocks is not None:
            self.blocks.append(block)
            if self.size > LARGE_OUTPUT and not self.decided:
                self.decided = True
                if not (self.keep_full and self.keep_full("\n".join(self.head) or "\n".join(self.blocks)[:HEAD_CHARS])):
                    self.blocks = None
            elif self.size > FULL_TEXT_CAP:
                self.blocks = None
        rest, offset, line = self._take_head(block, offset, line)
        if rest is None:
            return
        self.tail.append((offset, line, rest))
        self.tail_len += len(rest) + 1
        while self.tail and self.tail_len - len(self.tail[0][2]) - 1 >= TAIL_CHARS:
            self.tail_len -= len(self.tail.popleft()[2]) + 1
        self._scan(rest, offset, line)

    def _take_head(self, block: str, offset: int, line: int) -> tuple[str | None, int, int]:
        if self.head_done:
            return block, offset, line
        room = HEAD_CHARS - self.head_len
        if len(block) < room:
            self._count_triggers(block)
            self.head.append(block)
            self.head_len += len(block) + 1
            self.last_end = offset + len(block)
            return None, offset, line
        cut = block.rfind("\n", 0, room)
        self.head_done = True
        if cut >= 0:
            self._count_triggers(block[:cut])
            self.head.append(block[:cut])
            self.head_len += cut + 1
            self.last_end = offset + cut
            return block[cut + 1 :], offset + cut + 1, line + block.count("\n", 0, cut) + 1
        return block, offset, line

    def _count_triggers(self, block: str) -> None:
        """Count the error- and warning-looking lines of a block no window is opened for (the head's)."""
        for _, start_of_line, end_of_line, kind in trigger_lines(block):
            self._count(block, start_of_line, end_of_line, kind)

    def _count(self, text: str, start: int, end: int, kind: str) -> None:
        self.triggers[kind] += 1

    def _scan(self, block: str, offset: int, line: int) -> None:
        if self.open is not None and self.owed > 0:
            cut = block.find("\n", min(self.owed, len(block)))
            piece = block if cut < 0 else block[:cut]
            self.open.parts.append(piece)
            self.open.length += len(piece) + 1
            self.last_end = offset + len(piece)
            self.owed = self.owed - len(block) - 1 if cut < 0 else 0
        c_offset, c_line, c_text = self.context
        if c_offset + len(c_text) + 1 == offset and c_text:
            buf, base, base_line = c_text + "\n" + block, c_offset, c_line
        else:
            buf, base, base_line = block, offset, line
        cursor, cursor_line = 0, base_line  # a known (position, line number) pair in buf, moving forward
        for p, start_of_line, end_of_line, kind in trigger_lines(buf, offset - base):
            self._count(buf, start_of_line, end_of_line, kind)  # every such line of the whole output, inside a window or not
            if base + p <= self.last_end:
                continue
            shape = _SHAPE_RE.sub("#", buf[start_of_line:end_of_line].strip())[:200]
            seen = self.shapes.get(shape, 0)
            if seen >= WINDOWS_PER_SHAPE or (kind == "warning" and self.warnings_len >= WARNING_BUDGET):
                continue
            if seen or len(self.shapes) < MAX_SHAPES:
                self.shapes[shape] = seen + 1
            start = buf.rfind("\n", 0, max(start_of_line - BEFORE, 0)) + 1
            start = max(start, self.last_end + 1 - base, 0)
            want_end = end_of_line + AFTER
            end = buf.find("\n", min(want_end, len(buf)))
            end, owed = (len(buf), max(want_end - len(buf), 0)) if end < 0 else (end, 0)
            cursor_line += buf.count("\n", cursor, start)
            cursor = start
            window = _Window(base + start, cursor_line, [buf[start:end]], end - start + 1)
            self._keep(window, kind)
            self.open, self.owed, self.last_end = window, owed, base + end
        keep_from = block.rfind("\n", 0, max(len(block) - BEFORE, 0)) + 1
        self.context = (offset + keep_from, line + block.count("\n", 0, keep_from), block[keep_from:])

    def _keep(self, window: _Window, kind: str) -> None:
        if kind == "warning":
            self.warnings.append(window)
            self.warnings_len += window.length
        elif self.first_len < ERROR_FIRST:
            self.first.append(window)
            self.first_len += window.length
        else:
            self.ring.append(window)
            self.ring_len += window.length
            while len(self.ring) > 1 and self.ring_len > ERROR_LAST:
                self.ring_len -= self.ring.popleft().length

    def finish(self, n_bytes: int, tokens_raw: int) -> OutputView:
        common = dict(n_bytes=n_bytes, tokens_raw=tokens_raw, trigger_lines=dict(self.triggers), located=dict(self.located))
        if self.size <= LARGE_OUTPUT and self.blocks is not None:
            text = "\n".join(self.blocks).strip("\n")
            return OutputView(text=text, n_lines=text.count("\n") + 1 if text else 0, **common)
        full = "\n".join(self.blocks).strip("\n") if self.blocks is not None else None
        return OutputView(text=self._assemble(), complete=False, full_text=full, n_lines=self.lines,
                          omitted_lines=self._omitted, **common)

    def _assemble(self) -> str:
        tail_offset, tail_line, first_tail = self.tail[0] if self.tail else (self.size, self.lines, "")
        excess = self.tail_len - TAIL_CHARS
        if excess > 0 and first_tail:
            cut = first_tail.find("\n", excess)
            if cut >= 0:
                tail_offset, tail_line = tail_offset + cut + 1, tail_line + first_tail.count("\n", 0, cut) + 1
        tail = "\n".join(block for _, _, block in self.tail)[tail_offset - self.tail[0][0] :] if self.tail else ""
        parts = ["\n".join(self.head)]
        shown_to = len(self.head) and "\n".join(self.head).count("\n") + 1
        self._omitted = 0
        for window in sorted([*self.first, *self.ring, *self.warnings], key=lambda w: w.start):
            if window.start >= tail_offset:
                continue
            text = "\n".join(window.parts)
            if window.start + len(text) >= tail_offset:
                text = text[: max(tail_offset - window.start - 1, 0)]
            self._mark_gap(parts, window.line - shown_to)
            parts.append(text)
            shown_to = window.line + text.count("\n") + 1
        self._mark_gap(parts, tail_line - shown_to)
        parts.append(tail)
        return "\n".join(p for p in parts if p).strip("\n")

    def _mark_gap(self, parts: list[str], gap: int) -> None:
        if gap > 0:
            parts.append(f"… [{gap} lines omitted] …")
            self._omitted += gap


def read_output(raw: bytes | str | Iterable[bytes], *, keep_full: Callable[[str], bool] | None = None) -> OutputView:
    """One streaming pass: binary check, byte and token counts, clean text, bounded view."""
    chunks = iter_chunks(raw)
    first = b""
    for chunk in chunks:
        first += chunk
        if len(first) >= BINARY_SAMPLE:
            break
    counts = {"bytes": 0}
    tokens = TokenCounter()

    def counted(stream: Iterable[bytes]):
        for chunk in stream:
            counts["bytes"] += len(chunk)
            yield chunk

    if is_binary(first):
        for text in decode_stream(counted(chain_first(first, chunks))):
            tokens.feed(text)  # what the raw bytes would cost a reader, as for text output
        kind = describe_binary(first)
        text = f"binary output, {counts['bytes']} bytes" + (f", probably {kind}" if kind else "")
        return OutputView(text=text, binary=True, n_bytes=counts["bytes"], tokens_raw=tokens.finish())

    def tokenized(texts: Iterable[str]):
        for text in texts:
            tokens.feed(text)
            yield text

    builder, cleaner = ViewBuilder(keep_full), LineCleaner()
    for block in clean_stream(tokenized(decode_stream(counted(chain_first(first, chunks)))), cleaner):
        builder.feed(block)
    view = builder.finish(counts["bytes"], tokens.finish())
    view.full_screen, view.added_line_feeds = cleaner.full_screen, cleaner.added_line_feeds
    return view


def view_of_text(text: str, block_chars: int = 1 << 20) -> str:
    """The bounded view of an already clean text (for callers that hold the whole text)."""
    builder = ViewBuilder()
    start = 0
    while start < len(text):
        end = text.find("\n", start + block_chars)
        end = len(text) if end < 0 else end
        builder.feed(text[start:end])
        start = end + 1
    return builder.finish(len(text), 0).text
