"""One token count for budgets and benchmarks: words and single punctuation marks (the corpus's measure)."""

from __future__ import annotations

import re

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_WORD_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"\s+")


def count_tokens(text: str) -> int:
    if len(text) < 65_536:
        return len(TOKEN_RE.findall(text))
    # The same count without a list of millions of strings: word runs, then the marks left over.
    rest, words = _WORD_RE.subn("", text)
    return words + len(_SPACE_RE.sub("", rest))


class TokenCounter:
    """count_tokens over text that arrives in pieces; a word split between pieces is counted once."""

    def __init__(self) -> None:
        self.total = 0
        self._in_word = False  # the text so far ends inside a word

    def feed(self, text: str) -> None:
        if not text:
            return
        self.total += count_tokens(text)
        if self._in_word and _WORD_RE.match(text[0]):
            self.total -= 1  # the word begun in the last piece goes on
        self._in_word = bool(_WORD_RE.match(text[-1]))

    def finish(self) -> int:
        return self.total
