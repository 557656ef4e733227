"""One token count for budgets and benchmarks: words and single punctuation marks (the corpus's measure)."""

from __future__ import annotations

import re

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_WORD_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"\s+")

# ASCII text is counted with bytes.translate and bytes.count (C speed, no match objects): every byte becomes
# its class, "a" for a word character, " " for a space, "." for a mark; the classes come from the same
# regular expressions as TOKEN_RE, so both paths agree on every ASCII character.
_CLASS_OF_BYTE = bytes(
    ord("a") if _WORD_RE.match(chr(i)) else ord(" ") if _SPACE_RE.match(chr(i)) else ord(".") for i in range(128)
) + b"." * 128


def _count_ascii(text: str) -> int:
    classes = text.encode("ascii").translate(_CLASS_OF_BYTE)
    word_starts = classes.count(b" a") + classes.count(b".a") + (classes[:1] == b"a")
    return word_starts + classes.count(b".")


def count_tokens(text: str) -> int:
    if len(text) < 2_048:
        return len(TOKEN_RE.findall(text))
    if text.isascii():
        return _count_ascii(text)
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
