"""A stored log as text someone reads (`logs show`, the read_log tool): colours dropped, every other control
character shown as what it is instead of acting (terminal_text.shown: ESC ^[, CR ^M, NUL ^@, bidi overrides
\\u202e), and a binary log told apart from text, as summaries tell it. A log's cursor moves, screen clears, title or
clipboard sequences (OSC 52) must not act on the terminal of whoever reads them, nor reach a model as noise."""
from __future__ import annotations

import re

from terminus_edge.terminal_text import shown

_SGR = re.compile(r"\x1b\[[0-9;:]*m")  # colours: dropped, as click drops them when the output is not a terminal


def visible(text: str) -> str:
    return shown(_SGR.sub("", text))


def binary_kind(store, log_id: int) -> str | None:
    """None for text; for binary output "" or " (probably <what its first bytes say>)", judged as summaries judge it."""
    from terminus_edge.summarize.normalize import (
        BINARY_SAMPLE,
        describe_binary,
        is_binary,
    )

    head = b""
    for data in store.iter_raw(log_id):
        head += data
        if len(head) >= BINARY_SAMPLE:
            break
    if not is_binary(head):
        return None
    kind = describe_binary(head)
    return f" (probably {kind})" if kind else ""
