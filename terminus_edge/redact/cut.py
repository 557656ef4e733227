"""Cutting text for length without cutting a secret: a token cut in two loses the shape (its length, its key, its
`@host`) that lets the redactor find it afterwards, so `ghp_sMehGAkW … [449 more characters]` would leave the
machine. A secret that straddles the cut goes wholly into the part that is cut off (`safe_cut` keeps a head,
`safe_start` a tail), and so does one the kept part alone no longer shows as a secret: a URL's password kept
without the `@host` after it, a value kept without the `password=` before it."""

from __future__ import annotations

SECRET_REACH = 512  # past the cut, how much is read for a secret that starts before it (and its context)


def _spans(text: str, low: int, command: str | None) -> list[tuple[int, int]]:
    from terminus_edge.redact import find_secrets

    return [(f.start + low, f.end + low) for f in find_secrets(text, None, command)]


def _covered(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def safe_cut(text: str, at: int, command: str | None = None) -> int:
    """An offset ≤ `at` to cut `text` at: `at` itself unless a secret spans it or `text[:at]` alone hides one, else
    where that secret starts."""
    if at >= len(text):
        return at
    around = _spans(text[: at + SECRET_REACH], 0, command)
    while True:
        kept = _spans(text[:at], 0, command)
        lost = [start for start, end in around if start < at and (end > at or not _covered((start, end), kept))]
        if not lost:
            return at
        at = min(lost)


def safe_start(text: str, at: int, command: str | None = None) -> int:
    """An offset ≥ `at` to keep `text[at:]` from: `at` itself unless a secret spans it or `text[at:]` alone hides one,
    else where that secret ends."""
    if at <= 0 or at >= len(text):
        return at
    low, high = max(at - SECRET_REACH, 0), min(at + SECRET_REACH, len(text))
    around = _spans(text[low:high], low, command)
    while True:
        kept = _spans(text[at:high], at, command)
        lost = [end for start, end in around if end > at and (start < at or not _covered((start, end), kept))]
        if not lost:
            return at
        at = max(lost)


def cut(text: str, at: int, command: str | None = None) -> str:
    """text[:at], moved back so no secret is split."""
    return text[: safe_cut(text, at, command)]
