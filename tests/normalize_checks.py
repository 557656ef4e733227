"""A property every terminal-output test of normalize shares (tests/test_terminal_*.py)."""

from __future__ import annotations

import re

from terminus_edge.summarize.normalize import clean_text, normalize


def assert_clean_and_the_same_however_chunked(raw: bytes, text: str, cuts: list[int]) -> None:
    """`text`, normalize's text of `raw`: no control character, no trailing blank, already clean_text's, and what
    normalize makes of `raw` cut into pieces of the sizes in `cuts` (then the rest)."""
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert clean_text(text) == text
    chunks, start = [], 0
    for size in cuts:
        chunks.append(raw[start : start + size])
        start += size
    chunks.append(raw[start:])
    assert normalize(iter(chunks)).text == text
