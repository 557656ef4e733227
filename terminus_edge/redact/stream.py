"""Line-by-line redaction for pipes and live output.

Most secrets sit on one line, so a line is redacted and released at once. A line that opens a
multi-line context (blocks.py: PEM BEGIN, a Kubernetes `data:` block, PuTTY `Private-Lines:`, `openssl -text`
private components, a terraform `"sensitive": true` object, a YAML `key: |` block, `- name: DB_PASSWORD`
before its `value:`) is held with the
lines that follow until the context closes, and the block is redacted as a whole. A run of base64 lines goes in
keyfrag.MAX_RUN chunks as keybody.key_chunk judges them; the last lines wait for the line after the run (a private key's
END line makes them the key's body: `tail id_rsa`), and from the first chunk that reads as a key's body by its width
alone the run waits (fewer than keyfrag.MAX_HELD_RUN lines) for a public END line that makes it public (`tail mirror.asc`). A bash -x `+ echo …` line waits
for the next line (a pipeline's other end, `+ chpasswd`, is traced on its own line). Secrets found
earlier in the stream stay masked when they show up again later. Context a line needs from above (the manifest's
`kind:`, the INI/TOML `[section]` an indented line sits under, an echoed `$ pass show x`: above.py) is remembered and
redacted with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from terminus_edge.redact.above import LinesAbove
from terminus_edge.redact.blocks import block_closer
from terminus_edge.redact.commands import printenv_names
from terminus_edge.redact.keybody import (
    body_spans, body_width, carries_on, ends_public, judged_by_content, key_chunk, shows_certificate,
)
from terminus_edge.redact.keyfrag import MAX_HELD_RUN, MAX_RUN, body_line, encrypted_key_header, ends_private_key
from terminus_edge.redact.pairlists import pair_line
from terminus_edge.redact.pieces import PieceIndex
from terminus_edge.redact.positional import traced_echo
from terminus_edge.redact.reflow import cut_before_space

_MAX_HELD_LINES = 400  # a block longer than any real one is flushed as it is (still redacted as a block)


@dataclass
class StreamRedactor:
    """feed() lines (with their newline); get back redacted text, "" while a block is held;
    call flush() at the end of the stream."""

    known: dict[str, str] = field(default_factory=dict)  # secret -> kind, for later echoes
    command: str | None = None  # the command whose output this is (see redact.commands)
    held: list[str] = field(default_factory=list)
    findings: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    _closes: Callable[[str], bool] | None = None
    _after: int = 0  # lines still to hold after the closing line
    _pieces: PieceIndex = field(default_factory=PieceIndex)  # the `known` handed in, for secrets cut short
    # base64 lines (with the context each would be redacted with) that a private key's END line may still close
    # (redact.keyfrag): released one by one when something else comes, as a block with the END line
    _run: list[tuple[str, str]] = field(default_factory=list)
    _run_public: bool = False  # the lines above were inside a public armour where the held run began
    _run_width: int | None = None  # the run's previous chunk was judged a key's body, wrapped at this width
    _run_long: bool = False  # the run reached MAX_HELD_RUN lines: its chunks go as they come
    _run_seen: int = 0  # the lines of the current run so far, let go or held
    _last: str = ""  # the line fed before this one, as it came
    _before: str = ""  # the line fed before that one
    _encrypted_above: bool = False  # an encrypted key's `DEK-Info:` header is right above (past a blank line)
    _traced: tuple[str, str] | None = None  # a bash -x `+ echo …` line held for the next line, with the line above it
    _held_chain: str = ""  # the headers enclosing the line that opened the held block
    _held_above: str = ""  # the line above the held block's first, when that row began with the space fold cut before

    _above: LinesAbove = field(default_factory=LinesAbove)  # what the lines above say (redact.above)
    _whole: bool = False  # the output is judged whole, held to the end (a lone `printenv A B C`: commands.py)

    def __post_init__(self) -> None:
        self._pieces = PieceIndex(self.known)
        self._above = LinesAbove(self.command)
        self._whole = printenv_names(self.command) is not None

    def feed(self, line: str) -> str:
        traced, self._traced = self._traced, None
        above, self._last = self._last, line
        before, self._before = self._before, above
        self._encrypted_above = encrypted_key_header(above) or (not above.strip() and encrypted_key_header(before))
        out = self._redact(traced[0], traced[1], key_runs=False, after=line) if traced else ""
        return out + self._feed(line, above)

    def _feed(self, line: str, above: str) -> str:
        self._above.note(line)
        if self.held:
            self.held.append(line)
            if self._closes is not None and self._closes(line):
                self._closes = None
                reopened = block_closer(line, above)  # the closing line may open the next block (prime1: after …)
                if reopened is not None:
                    self._closes, self._after = reopened
                elif self._after == 0:
                    return self.flush()
            elif self._closes is None:
                self._after -= 1
                if self._after <= 0:
                    return self.flush()
            if len(self.held) >= _MAX_HELD_LINES:
                return self.flush()
            return ""
        opened = block_closer(line, above)
        if self._whole:  # (`printenv A B C`: which line is whose needs the line count)
            opened = (lambda _: False), 0
        if opened is None and body_line(line):  # maybe a key's body, its END line still to come
            if not self._run_seen:  # (a new run: a run let go in chunks goes on with what they showed)
                self._run_public = self._above.public
                if self._encrypted_above:  # (an encrypted key's body, as if a chunk of it had been judged already)
                    self._run_width = body_width(line)
            self._run.append((line, self._context(line)))
            self._run_seen += 1
            if self._run_long or self._run_seen >= MAX_HELD_RUN:
                self._run_long = True
                return self._release() if len(self._run) >= MAX_RUN else ""
            # (a chunk whose judgement no public END line could change goes at once)
            return self._release() if len(self._run) == MAX_RUN and not self._by_width_only() else ""
        if self._run and ends_private_key(line):  # the chunks before go as judged, the last lines with the END line
            full = len(self._run) // MAX_RUN * MAX_RUN
            out, rest = self._release(held=full), self._run
            text, self._run = "".join(held for held, _ in rest) + line, []
            self._run_width, self._run_long, self._run_seen = None, False, 0
            return out + self._redact(text, "")
        out = self._release(line)
        self._run_width, self._run_long, self._run_seen = None, False, 0
        if opened is None and traced_echo(line):  # the pipe's other end may be the next trace line
            context = self._context(line)
            self._traced = (line, context if context.endswith(above) else context + above)
            return out
        if opened is None:  # (no base64 run on this line to judge: body lines were held above)
            return out + self._redact(line, key_runs=False)
        self._closes, self._after = opened
        self._held_chain = self._above.chain
        self._held_above = above if cut_before_space(line.rstrip("\r\n"), above) else ""
        self.held.append(line)
        return out

    def _release(self, next_line: str = "", held: int | None = None) -> str:
        """Let the held run (its first `held` lines) go in MAX_RUN chunks, each masked as a key's body when
        keybody.key_chunk says so, else line by line. next_line: the line that ends the run (none while it goes on)."""
        run, self._run = self._run[:held], self._run[len(self._run) if held is None else held:]
        by_width = judged_by_content(self.command) and not (not self._run_long and ends_public(self._run_seen, next_line))
        return "".join(self._release_chunk(run[i:i + MAX_RUN], next_line if len(run) - i < MAX_RUN else "", by_width)
                       for i in range(0, len(run), MAX_RUN))

    def _by_width_only(self) -> bool:
        """The held chunk is a key's body by its width alone: it waits for a public END line (MAX_HELD_RUN lines)."""
        lines = [line for line, _ in self._run]
        return judged_by_content(self.command) and key_chunk(lines, self._run_public, self._run_width) is not None \
            and key_chunk(lines, self._run_public, self._run_width, by_width=False) is None

    def _release_chunk(self, run: list[tuple[str, str]], next_line: str, by_width: bool) -> str:
        lines = [line for line, _ in run]
        width = key_chunk(lines, self._run_public, self._run_width, next_line, by_width)
        self._run_width = carries_on(lines, width)
        self._run_public = self._run_public or shows_certificate(lines)  # (the run's next chunks are a certificate's)
        if width:
            return self._mask(lines)
        return "".join(self._redact(line, context, key_runs=False, after=next_line if k == len(run) - 1 else "")
                       for k, (line, context) in enumerate(run))

    def _mask(self, lines: list[str]) -> str:
        """A chunk judged a key's body: each line masked (not learned for echoes, as in the whole text)."""
        from terminus_edge.redact import Finding, _apply

        text = "".join(lines)
        found = [Finding("private-key", a, b) for a, b in body_spans(lines)]
        self.kinds["private-key"] = self.kinds.get("private-key", 0) + len(found)
        self.findings += len(found)
        return _apply(text, found)

    def flush(self) -> str:
        traced, self._traced = self._traced, None
        out = self._redact(traced[0], traced[1], key_runs=False) if traced else ""
        out += self._release()
        self._run_width, self._run_long, self._run_seen = None, False, 0
        text, self.held, self._closes, self._after = "".join(self.held), [], None, 0
        if not text:
            return out
        context = self._context(text)
        if not context and self._held_chain and any(pair_line(held) for held in text.splitlines()[1:]):
            context = self._held_chain  # (`chpasswd:` above a `list: |` block of `user:password` strings)
        if not context and self._held_above:
            context = self._held_above  # (the full row that says where fold cut: reflow.cut_before_space)
        return out + self._redact(text, context)

    def _context(self, text: str) -> str:
        return self._above.context(text)

    def _redact(self, text: str, context: str | None = None, key_runs: bool = True, after: str = "") -> str:
        """key_runs: whether base64 runs in text are still to be judged as a key's body (not a run's lines let go).
        after: the line below text that its detectors need (a traced pipe's other end), redacted on its own."""
        from terminus_edge.redact import Finding, _apply, _settle, _worth_echoing, find_secrets

        context = self._context(text) if context is None else context
        found = find_secrets(context + text + after, self.known, self.command, known_pieces=self._pieces,
                             key_runs=key_runs)
        if context or after:
            n, m = len(context), len(context) + len(text)
            found = [Finding(f.kind, max(f.start - n, 0), min(f.end, m) - n) for f in found if f.end > n and f.start < m]
        if not found:
            return text
        for f in found:
            value = text[f.start:f.end]
            if _worth_echoing(value):  # (as the whole text would echo it; `known` is echoed whole)
                self.known.setdefault(value, f.kind)
            self.kinds[f.kind] = self.kinds.get(f.kind, 0) + 1
        self.findings += len(found)
        return _settle(_apply(text, found))


def redact_lines(lines: Iterable[str], command: str | None = None) -> Iterator[str]:
    """Redact an iterable of lines (keep their newlines); yields redacted chunks in order."""
    stream = StreamRedactor(command=command)
    for line in lines:
        out = stream.feed(line)
        if out:
            yield out
    tail = stream.flush()
    if tail:
        yield tail
