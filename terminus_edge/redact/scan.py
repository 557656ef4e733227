"""Keep every detector linear on large logs: find the few lines worth a close look with plain
substring search (C speed), and bound every look-back/look-ahead to a window."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

WINDOW = 4096  # the longest line stretch a single detector inspects around one match
_RUN = re.compile(r"[A-Za-z0-9_$][A-Za-z0-9_.+/=~:$-]{14,}")


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the line holding pos, clipped to WINDOW on each side."""
    lo = max(0, pos - WINDOW)
    start = text.rfind("\n", lo, pos) + 1 or lo
    hi = min(len(text), pos + WINDOW)
    end = text.find("\n", pos, hi)
    return start, (hi if end == -1 else end)


def keyword_ranges(text: str, low: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Merged (start, end) ranges of the lines that contain any of `words` (lowercase)."""
    if len(low) != len(text):  # lower() changed lengths (rare Unicode): scan everything
        return [(0, len(text))]
    hits = []
    for word in words:
        i = low.find(word)
        while i != -1:
            start = text.rfind("\n", 0, i) + 1
            end = text.find("\n", i)
            end = len(text) if end == -1 else end
            hits.append((start, end))
            i = low.find(word, end)
    hits.sort()
    merged: list[tuple[int, int]] = []
    for start, end in hits:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def finditer_in(pattern: re.Pattern, text: str, ranges: list[tuple[int, int]]) -> Iterator[re.Match]:
    for start, end in ranges:
        yield from pattern.finditer(text, start, end)


def long_runs(text: str) -> Iterator[tuple[int, int]]:
    """Stretches of token characters at least 15 long: the only places a vendor token can be."""
    for m in _RUN.finditer(text):
        yield m.start(), m.end()


# Every detector needs one of these words (or URL userinfo, or PEM armour), or a token run of 15+ characters.
_HINTS = ("pass", "pwd", "pw", "secret", "token", "key", "auth", "cred", "sess", "sig", "dsn", "pat", "bearer", "basic",
          "cookie", "begin", "@", "priv", "login", "-p", "-u")


def worth_a_look(text: str) -> bool:
    """False when a short text has none of the detectors' words and no long token run, so they would find nothing
    there (a `.pgpass` line aside): a quick test before decoded text is scanned (encoded.py)."""
    low = text.lower()
    return any(h in low for h in _HINTS) or _RUN.search(text) is not None


@dataclass
class Scan:
    """One text under inspection, with its lowercase copy and the keyword-line ranges (cached)."""

    text: str
    low: str = ""
    _ranges: dict = field(default_factory=dict, repr=False)
    config: bool = False  # the text is a configuration file or environment dump (commands.config_output)

    def __post_init__(self) -> None:
        self.low = self.low or self.text.lower()

    def runs(self) -> list[tuple[int, int]]:
        """long_runs(text), found once for the detectors that look only there (formats, encoded)."""
        if "runs" not in self._ranges:
            self._ranges["runs"] = list(long_runs(self.text))
        return self._ranges["runs"]

    def ranges(self, words: tuple[str, ...]) -> list[tuple[int, int]]:
        if words not in self._ranges:
            self._ranges[words] = keyword_ranges(self.text, self.low, words)
        return self._ranges[words]

    def finditer(self, pattern: re.Pattern, words: tuple[str, ...]) -> Iterator[re.Match]:
        """pattern's matches on the lines that contain one of words."""
        return finditer_in(pattern, self.text, self.ranges(words))
