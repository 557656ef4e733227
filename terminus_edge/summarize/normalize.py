"""Turn raw output bytes into clean text, on a copy: the raw log itself is never touched.

ANSI escapes go, carriage-return progress collapses to its final state, invalid UTF-8 is replaced,
binary output is detected, and runs of near-identical lines can be folded for reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# CSI sequences, OSC sequences (terminated by BEL or ST), and two-byte escapes.
ANSI_RE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_()#%*+][0-9A-Za-z]?")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BINARY_SAMPLE = 8192


@dataclass
class Normalized:
    text: str
    binary: bool
    n_bytes: int

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def is_binary(raw: bytes) -> bool:
    """NUL bytes, or many bytes that are neither text controls nor valid UTF-8, mean binary."""
    sample = raw[:BINARY_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 27, 8, 12))
    if controls / len(sample) > 0.10:
        return True
    decoded = sample.decode("utf-8", errors="replace")
    # The sample may cut a multi-byte char at its end; allow that one.
    return decoded.count("\ufffd") / max(len(decoded), 1) > 0.30


def _collapse_cr(line: str) -> str:
    """`a\\rb\\rc` was drawn over itself on a terminal; keep the last non-empty state."""
    if "\r" not in line:
        return line
    parts = [p for p in line.split("\r") if p.strip()]
    return parts[-1] if parts else ""


def _apply_backspaces(line: str) -> str:
    if "\b" not in line:
        return line
    out: list[str] = []
    for ch in line:
        if ch == "\b":
            if out:
                out.pop()
        else:
            out.append(ch)
    return "".join(out)


def clean_text(text: str) -> str:
    text = ANSI_RE.sub("", text)
    text = text.replace("\r\n", "\n")
    lines = [_apply_backspaces(_collapse_cr(line)) for line in text.split("\n")]
    text = "\n".join(CONTROL_RE.sub("", line).rstrip() for line in lines)
    return text.strip("\n")


def normalize(raw: bytes | str) -> Normalized:
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="surrogateescape")
    if is_binary(raw):
        return Normalized(text=f"binary output, {len(raw)} bytes", binary=True, n_bytes=len(raw))
    return Normalized(text=clean_text(raw.decode("utf-8", errors="replace")), binary=False, n_bytes=len(raw))


_SHAPE_RE = re.compile(r"0x[0-9a-fA-F]+|\d+(?:\.\d+)?")


def line_shape(line: str) -> str:
    """Lines that differ only in numbers (counters, timestamps, percentages, addresses) share a shape."""
    return _SHAPE_RE.sub("#", line.strip())


def fold_similar(lines: list[str], min_run: int = 6, keep_head: int = 2, keep_tail: int = 1) -> list[str]:
    """Replace the middle of each run of >= min_run near-identical lines with '… N similar lines …'."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        shape = line_shape(lines[i])
        j = i + 1
        while j < len(lines) and line_shape(lines[j]) == shape:
            j += 1
        run = j - i
        if run >= min_run and shape:
            hidden = run - keep_head - keep_tail
            out.extend(lines[i : i + keep_head])
            out.append(f"… {hidden} similar lines …")
            out.extend(lines[j - keep_tail : j])
        else:
            out.extend(lines[i:j])
        i = j
    return out
