"""Cutting text for length without cutting a secret: a token cut in two loses the shape (its length, its key, its
`@host`) that lets the redactor find it afterwards, so `ghp_sMehGAkW … [449 more characters]` would leave the
machine. A secret that straddles the cut goes wholly into the part that is cut off."""

from __future__ import annotations

SECRET_REACH = 512  # past the cut, how much is read for a secret that starts before it (and its context)


def safe_cut(text: str, at: int, command: str | None = None) -> int:
    """An offset ≤ `at` to cut `text` at: `at` itself unless a secret spans it, else where that secret starts."""
    if at >= len(text):
        return at
    from terminus_edge.redact import find_secrets

    findings = find_secrets(text[: at + SECRET_REACH], None, command)
    moved = True
    while moved:  # a secret's start may sit inside another one found around it
        moved = False
        for finding in findings:
            if finding.start < at < finding.end:
                at, moved = finding.start, True
    return at


def cut(text: str, at: int, command: str | None = None) -> str:
    """text[:at], moved back so no secret is split."""
    return text[: safe_cut(text, at, command)]
