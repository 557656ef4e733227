"""Secrets cut short: a known secret's head or tail where a line was clipped (`eyJhbGciOi… … [146 more characters]`,
`… 9fK2x` in a summary's excerpt, `cut -c1-80`). Twelve characters of a secret give it away (the shared scorer's
window), so a run of token characters that ends with 12+ characters of a secret's start, or starts with 12+ of its
end, is masked. Another token that merely shares a prefix (JWTs share their header) goes on with other characters
and is left alone. Runs are looked up by their first and last 12 characters: the cost does not grow with the number
of secrets (a stream indexes the ones it was handed once: StreamRedactor).

A piece may start after a run's `=`, `:` or `/` (`token=…`, `https://ghp_…`). A secret under 24 characters (a
password from a URL, `user:Tr0ub4dorWq7…`) counts as cut short only where the cut shows: its head ends the line or
is followed by `…`, its tail starts the line or follows `…`; elsewhere 12 of its characters are too few to tell it
from a name that merely starts the same way."""

from __future__ import annotations

import re
from typing import Iterator, Mapping

MIN_LENGTH = 24  # a secret this long can show up cut short anywhere
PIECE = 12
SHORT_LENGTH = PIECE + 1  # a secret this long can show up cut short where the cut is marked
_RUN = re.compile(r"[A-Za-z0-9+/=_.~:$-]{12,}")
_TOKEN = re.compile(r"[A-Za-z0-9+/=_.~:$-]+")  # one token: a value with blanks or code punctuation is no cut-off key
_SEP = re.compile(r"[=:/]+")  # (`://` is one)
_MAX_STARTS = 4  # where a piece may start inside a run: its start, or after one of its first separators (`token=…`)
_CUT_AFTER = re.compile(r"[ \t]*(?:…|$)", re.M)
_CUT_BEFORE_REACH = 8


class PieceIndex:
    """Secrets (value -> kind) indexed by their first and last PIECE characters."""

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self.kinds: dict[str, str] = {}
        self.heads: dict[str, list[str]] = {}
        self.tails: dict[str, list[str]] = {}
        for value, kind in (values or {}).items():
            self.add(value, kind)

    def add(self, value: str, kind: str) -> None:
        if len(value) >= SHORT_LENGTH and value not in self.kinds and _TOKEN.fullmatch(value):
            self.kinds[value] = kind
            self.heads.setdefault(value[:PIECE], []).append(value)
            self.tails.setdefault(value[-PIECE:], []).append(value)

    def match(self, piece: str, head_cut: bool = True, tail_cut: bool = True) -> str | None:
        """The kind of the secret `piece` is a head or a tail of (not the whole of), or None. `head_cut`: a cut shows
        after the piece, `tail_cut`: before it (a secret under MIN_LENGTH counts only there)."""
        for value in self.heads.get(piece[:PIECE], []):
            if len(piece) < len(value) and value.startswith(piece) and (head_cut or len(value) >= MIN_LENGTH):
                return self.kinds[value]
        for value in self.tails.get(piece[-PIECE:], []):
            if len(piece) < len(value) and value.endswith(piece) and (tail_cut or len(value) >= MIN_LENGTH):
                return self.kinds[value]
        return None


def _cut_before(text: str, start: int) -> bool:
    """Whether `text[start:]` starts a line or follows an ellipsis (blanks between)."""
    before = text[max(start - _CUT_BEFORE_REACH, 0) : start]
    if start <= _CUT_BEFORE_REACH or "\n" in before:
        before = before.rpartition("\n")[2]
        if not before.strip(" \t"):
            return True
    return before.rstrip(" \t").endswith("…")


def find_pieces(text: str, index: PieceIndex) -> Iterator[tuple[str, int, int]]:
    if not index.kinds:
        return
    for run in _RUN.finditer(text):
        end, starts = run.end(), [run.start()]
        for sep in _SEP.finditer(text, run.start(), end - PIECE):
            if len(starts) > _MAX_STARTS:
                break
            starts.append(sep.end())
        head_cut = _CUT_AFTER.match(text, end) is not None
        for start in starts:
            piece = text[start:end]
            kind = index.match(piece, head_cut, _cut_before(text, start)) if len(piece) >= PIECE else None
            if kind:
                yield kind, start, end
                break
