"""Line-by-line redaction for pipes and live output: PEM blocks are held until their END line, and
secrets found earlier in the stream stay masked when they show up again later."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
_MAX_HELD_LINES = 400  # a block longer than any real key is flushed (and its body still masked)


@dataclass
class StreamRedactor:
    """feed() lines (with or without their newline); get back redacted text, possibly "" while a
    private-key block is being held; call flush() at the end of the stream."""

    known: dict[str, str] = field(default_factory=dict)  # secret -> kind, for later echoes
    held: list[str] = field(default_factory=list)
    findings: int = 0
    kinds: dict[str, int] = field(default_factory=dict)

    def feed(self, line: str) -> str:
        if self.held:
            self.held.append(line)
            if _END.search(line) or len(self.held) >= _MAX_HELD_LINES:
                return self.flush()
            return ""
        begin = _BEGIN.search(line)
        if begin and not _END.search(line, begin.end()):
            self.held.append(line)
            return ""
        return self._redact(line)

    def flush(self) -> str:
        text, self.held = "".join(self.held), []
        return self._redact(text) if text else ""

    def _redact(self, text: str) -> str:
        from terminus_edge.redact import _apply, find_secrets

        found = find_secrets(text, self.known)
        if not found:
            return text
        for f in found:
            value = text[f.start:f.end]
            if len(value) >= 8:
                self.known.setdefault(value, f.kind)
            self.kinds[f.kind] = self.kinds.get(f.kind, 0) + 1
        self.findings += len(found)
        return _apply(text, found)


def redact_lines(lines: Iterable[str]) -> Iterator[str]:
    """Redact an iterable of lines (keep their newlines); yields redacted chunks in order."""
    stream = StreamRedactor()
    for line in lines:
        out = stream.feed(line)
        if out:
            yield out
    tail = stream.flush()
    if tail:
        yield tail
