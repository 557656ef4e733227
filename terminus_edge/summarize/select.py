"""A bounded excerpt of the output for the model: head, tail and windows around error lines.

The excerpt never exceeds `max_tokens`, whatever the size of the output, so the model's reading
time (and the summary's latency) stays flat as logs grow.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from terminus_edge.summarize.facts.generic import BENIGN_RE, ERROR_RE
from terminus_edge.summarize.normalize import fold_similar
from terminus_edge.summarize.tokens import count_tokens

HEAD_LINES = 8
TAIL_LINES = 30
WINDOW = 3
MAX_LINE_CHARS = 300


def _clip_line(line: str) -> str:
    from terminus_edge.redact.cut import cut

    return line if len(line) <= MAX_LINE_CHARS else cut(line, MAX_LINE_CHARS) + " …"


WORD_RE = re.compile(r"\w+")


def _stated(line: str, said: set[str]) -> bool:
    words = WORD_RE.findall(line.lower())
    return len(words) >= 3 and all(word in said for word in words)


def select_excerpt(
    text: str, max_tokens: int = 1500, known: str = "", measure: Callable[[str], int] = count_tokens
) -> str:
    """`known` (the facts already given to the model): output lines all of whose words (three or more)
    the facts already contain are left out, so the model's prompt does not say things twice.
    `measure`: the token count the budget is in (the model's own tokenizer, when there is one)."""
    said = set(WORD_RE.findall(known.lower()))
    folded = fold_similar(text.splitlines())
    # The cheap count first: a text far over budget in words is never filtered or measured whole.
    if count_tokens(text) <= 4 * max_tokens:
        lines = [_clip_line(line) for line in folded if not _stated(line, said)]
        whole = "\n".join(lines)
        if count_tokens(whole) <= 2 * max_tokens and measure(whole) <= max_tokens:
            return whole
    else:  # only the lines the selection looks at are checked against the facts (below)
        lines = [_clip_line(line) for line in folded]
    n = len(lines)
    # Priority: the tail (final status), windows around error lines (in order), then the head.
    wanted: list[range] = [range(max(n - TAIL_LINES, 0), n)]
    for i, line in enumerate(lines):
        if ERROR_RE.search(line) and not BENIGN_RE.search(line):
            wanted.append(range(max(i - WINDOW, 0), min(i + WINDOW + 1, n)))
    wanted.append(range(0, min(HEAD_LINES, n)))
    chosen: set[int] = set()
    used = 0
    for block in wanted:
        for i in block:
            if i in chosen or _stated(lines[i], said):
                continue
            cost = measure(lines[i]) + 1
            if used + cost > max_tokens:
                break
            chosen.add(i)
            used += cost
        if used >= max_tokens - 5:
            break
    out: list[str] = []
    previous = -1
    for i in sorted(chosen):
        if i != previous + 1:
            out.append(f"… [{i - previous - 1} lines omitted] …")
        out.append(lines[i])
        previous = i
    if previous < n - 1:
        out.append(f"… [{n - 1 - previous} lines omitted] …")
    return "\n".join(out)
