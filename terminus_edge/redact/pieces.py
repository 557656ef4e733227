"""Secrets cut short: a known secret's head or tail where a line was clipped (`eyJhbGciOi… … [146 more characters]`,
`… 9fK2x` in a summary's excerpt, `cut -c1-80`). Twelve characters of a secret give it away (the shared scorer's
window), so a run of token characters that ends with 12+ characters of a secret's start, or starts with 12+ of its
end, is masked. Another token that merely shares a prefix (JWTs share their header) goes on with other characters
and is left alone. Runs are looked up by their first and last 12 characters: the cost does not grow with the number
of secrets (a stream indexes the ones it was handed once: StreamRedactor)."""

from __future__ import annotations

import re
from typing import Iterator, Mapping

MIN_LENGTH = 24  # a secret this long can show up cut short
PIECE = 12
_RUN = re.compile(r"[A-Za-z0-9+/=_.~:$-]{12,}")
_TOKEN = re.compile(r"[A-Za-z0-9+/=_.~:$-]+")  # one token: a value with blanks or code punctuation is no cut-off key
_SEP = re.compile(r"[=:]")
_MAX_STARTS = 4  # where a piece may start inside a run: its start, or after one of its first `=`/`:` (`token=…`)


class PieceIndex:
    """Secrets (value -> kind) indexed by their first and last PIECE characters."""

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self.kinds: dict[str, str] = {}
        self.heads: dict[str, list[str]] = {}
        self.tails: dict[str, list[str]] = {}
        for value, kind in (values or {}).items():
            self.add(value, kind)

    def add(self, value: str, kind: str) -> None:
        if len(value) >= MIN_LENGTH and value not in self.kinds and _TOKEN.fullmatch(value):
            self.kinds[value] = kind
            self.heads.setdefault(value[:PIECE], []).append(value)
            self.tails.setdefault(value[-PIECE:], []).append(value)

    def match(self, piece: str) -> str | None:
        """The kind of the secret `piece` is a head or a tail of (not the whole of), or None."""
        for value in self.heads.get(piece[:PIECE], []) + self.tails.get(piece[-PIECE:], []):
            if len(piece) < len(value) and (value.startswith(piece) or value.endswith(piece)):
                return self.kinds[value]
        return None


def find_pieces(text: str, index: PieceIndex) -> Iterator[tuple[str, int, int]]:
    if not index.kinds:
        return
    for run in _RUN.finditer(text):
        end, starts = run.end(), [run.start()]
        for sep in _SEP.finditer(text, run.start(), end - PIECE):
            if len(starts) > _MAX_STARTS:
                break
            starts.append(sep.end())
        for start in starts:
            piece = text[start:end]
            kind = index.match(piece) if len(piece) >= PIECE else None
            if kind:
                yield kind, start, end
                break
