"""Turn raw output bytes into clean text, on a copy: the raw log itself is never touched.

ANSI escapes go, carriage-return progress collapses to its final state, invalid UTF-8 is replaced,
NUL separators become line breaks, binary output is detected, and runs of near-identical lines can be
folded for reading. Line by line cleaning (escapes, progress redraws) is terminal.py's, and status areas
redrawn with cursor moves are drawn by screen.py; both stream, so a 100 MB output or a 10 MB line without a
newline costs bounded memory.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from terminus_edge.summarize.terminal import LineCleaner

BINARY_SAMPLE = 8192
CHUNK_BYTES = 1 << 18


@dataclass
class Normalized:
    text: str
    binary: bool
    n_bytes: int
    full_screen: str = ""  # how a full-screen program used the terminal (screen.FULL_SCREEN_KINDS); "" for none

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def is_binary(sample: bytes) -> bool:
    """Many bytes that are neither text controls nor valid UTF-8 mean binary (judged on the first 8 KB).

    A few NULs do not: `find -print0`, `git ls-files -z` and /proc files separate text with them.
    """
    sample = bytes(sample[:BINARY_SAMPLE])
    if not sample:
        return False
    nuls = sample.count(0)
    controls = sum(1 for b in sample if b < 32 and b not in (0, 9, 10, 13, 27, 8, 12))
    if controls / len(sample) > 0.10 or nuls / len(sample) > 0.20 or (nuls > 1 and b"\x00\x00" in sample):
        return True
    decoded = sample.decode("utf-8", errors="replace")
    # The sample may cut a multi-byte char at its end; allow that one.
    return decoded.count("\ufffd") / max(len(decoded), 1) > 0.30


MAGIC = (
    (b"\x7fELF", "an ELF executable or library"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a zip archive (or jar/wheel/docx)"),
    (b"\x1f\x8b", "gzip-compressed data"), (b"BZh", "bzip2-compressed data"), (b"\xfd7zXZ", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"), (b"SQLite format 3", "an SQLite database"), (b"\x00asm", "WebAssembly"),
    (b"MZ", "a Windows executable"), (b"\xcf\xfa\xed\xfe", "a Mach-O executable"), (b"\xca\xfe\xba\xbe", "a Java class or Mach-O fat binary"),
    (b"\xff\xfe", "UTF-16 text"), (b"\xfe\xff", "UTF-16 text"),
)


def describe_binary(sample: bytes) -> str | None:
    """What binary output probably is, from its first bytes (a file printed to the terminal, say)."""
    for magic, kind in MAGIC:
        if sample.startswith(magic):
            return kind
    if len(sample) >= 2 and sample[1:64:2].count(0) > 0.8 * len(sample[1:64:2]):
        return "UTF-16 text"
    return None


def iter_chunks(raw: bytes | bytearray | memoryview | str | Iterable[bytes]) -> Iterator[bytes]:
    """Bytes (or str, or an iterator of byte chunks) as a stream of byte chunks, without copying a big input."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="surrogateescape")
    if isinstance(raw, (bytes, bytearray, memoryview)):
        view = memoryview(raw)
        for start in range(0, len(view), CHUNK_BYTES):
            yield bytes(view[start : start + CHUNK_BYTES])
        return
    for chunk in raw:
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8", errors="surrogateescape")
        if chunk:
            yield bytes(chunk)


def decode_stream(chunks: Iterable[bytes]) -> Iterator[str]:
    """UTF-8 decode with U+FFFD for invalid bytes; a character split across chunks is decoded whole."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    for chunk in chunks:
        text = decoder.decode(chunk)
        if text:
            yield text
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def clean_stream(texts: Iterable[str], cleaner: LineCleaner | None = None) -> Iterator[str]:
    """Clean blocks of complete lines; pass a `cleaner` to ask it afterwards what it saw (`full_screen`)."""
    cleaner = cleaner or LineCleaner()
    for text in texts:
        block = cleaner.feed(text)
        if block is not None:
            yield block
    block = cleaner.finish()
    if block is not None:
        yield block


def clean_text(text: str) -> str:
    return "\n".join(clean_stream([text])).strip("\n")


def normalize(raw: bytes | str | Iterable[bytes]) -> Normalized:
    """The whole output as clean text (for views that show all of it); summaries use `window.read_output`."""
    chunks = iter_chunks(raw)
    first = next(chunks, b"")
    while len(first) < BINARY_SAMPLE:
        more = next(chunks, None)
        if more is None:
            break
        first += more
    if is_binary(first):
        n_bytes = len(first) + sum(len(c) for c in chunks)
        return Normalized(text=f"binary output, {n_bytes} bytes", binary=True, n_bytes=n_bytes)
    n_bytes = 0

    def counted() -> Iterator[bytes]:
        nonlocal n_bytes
        for chunk in chain_first(first, chunks):
            n_bytes += len(chunk)
            yield chunk

    cleaner = LineCleaner()
    text = "\n".join(clean_stream(decode_stream(counted()), cleaner)).strip("\n")
    return Normalized(text=text, binary=False, n_bytes=n_bytes, full_screen=cleaner.full_screen)


def chain_first(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


_SHAPE_RE = re.compile(r"0x[0-9a-fA-F]+|\d+(?:\.\d+)?")


def line_shape(line: str) -> str:
    """Lines that differ only in numbers (counters, timestamps, percentages, addresses) share a shape."""
    return _SHAPE_RE.sub("#", line.strip())


def fold_similar(lines: list[str], min_run: int = 6, keep_head: int = 2, keep_tail: int = 1) -> list[str]:
    """Replace the middle of each run of >= min_run near-identical lines with '… N similar lines …'."""
    out: list[str] = []
    shapes = [line_shape(line) for line in lines]
    i = 0
    while i < len(lines):
        shape = shapes[i]
        j = i + 1
        while j < len(lines) and shapes[j] == shape:
            j += 1
        run = j - i
        if run >= min_run and shape and all(lines[k] == lines[i] for k in range(i + 1, j)):
            # the same line again and again (`yes | head`): one copy, and how many more; kept copies of it were
            # merged downstream (a summary says a line once), which left '… N similar lines …' counting short
            out.extend([lines[i], f"… {run - 1} more identical lines …"])
        elif run >= min_run and shape:
            hidden = run - keep_head - keep_tail
            out.extend(lines[i : i + keep_head])
            out.append(f"… {hidden} similar lines …")
            out.extend(lines[j - keep_tail : j])
        else:
            out.extend(lines[i:j])
        i = j
    return out
