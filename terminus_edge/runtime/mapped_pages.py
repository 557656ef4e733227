"""Give back the resident pages of weight files that onnxruntime keeps mapped but no longer reads.

onnxruntime memory-maps a bundle's external data and, on the CPU, prepacks MatMulNBits weights into
its own buffers. The file pages it read while prepacking stay mapped in the process afterwards: clean
page-cache pages, but counted in its RSS (about 130 MiB at the Qwen3-4B shape, block 128). Dropping
them from this process with madvise(MADV_DONTNEED) is free for the pages nothing reads again and costs
one minor fault for those something still reads (embedding rows, norms): the page cache keeps them.
The embedding table's mapping fills up again row by row as new tokens are seen, so a long-lived model
releases its ranges again after each generation (`release_again`, about a millisecond).

onnxruntime maps the file MAP_PRIVATE and writable, so a page it wrote to would be private data that
MADV_DONTNEED discards: only mappings with no anonymous (copied-on-write) pages are released, right after
the session is created. Running the session never writes them (concurrent runs share initializers), and
a range is released again only while /proc/self/maps still shows it mapping the same file.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from dataclasses import dataclass
from pathlib import Path

MADV_DONTNEED = 4  # Linux <sys/mman.h>
SMAPS = Path("/proc/self/smaps")
MAPS = Path("/proc/self/maps")
REGROW_MIN_BYTES = 4 << 20  # mappings that can fill up again (embedding tables) are this big or bigger


@dataclass(frozen=True)
class Mapping:
    start: int
    end: int
    path: str
    rss_kib: int = 0
    anonymous_kib: int = 0  # copy-on-write pages: the process's own data (dirty page cache is not)

    @property
    def releasable(self) -> bool:
        return self.anonymous_kib == 0


@dataclass(frozen=True)
class Released:
    mappings: int  # mappings of the files given back
    skipped: int  # mappings left alone: some page of theirs is private data
    rss_kib: int  # their resident size before
    ranges: tuple[tuple[int, int, str], ...] = ()  # (start, end, path) of the mappings given back


def read_mappings(smaps: Path = SMAPS) -> list[Mapping]:
    """Every mapping of this process (from smaps, or from maps without the page counts); [] off Linux."""
    try:
        text = smaps.read_text()
    except OSError:
        return []
    rows: list[dict] = []
    for line in text.splitlines():
        head, _, rest = line.partition(" ")
        if "-" in head and ":" not in head:
            fields = rest.split(maxsplit=4)
            start, end = head.split("-")
            rows.append({"start": int(start, 16), "end": int(end, 16), "path": fields[4] if len(fields) > 4 else ""})
        elif rows and head in ("Rss:", "Anonymous:"):
            rows[-1]["rss_kib" if head == "Rss:" else "anonymous_kib"] = int(rest.split()[0])
    return [Mapping(**row) for row in rows]


@functools.cache
def _madvise():
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    function = libc.madvise
    function.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    function.restype = ctypes.c_int
    return function


def release(files: list[Path]) -> Released:
    """Drop this process's resident pages of the clean mappings of `files` (a no-op off Linux)."""
    madvise = _madvise()
    wanted = {str(Path(file).resolve()) for file in files}
    if madvise is None or not wanted:
        return Released(0, 0, 0)
    skipped = rss = 0
    ranges = []
    for mapping in read_mappings():
        if mapping.path not in wanted:
            continue
        if not mapping.releasable:
            skipped += 1
            continue
        if madvise(mapping.start, mapping.end - mapping.start, MADV_DONTNEED) == 0:
            ranges.append((mapping.start, mapping.end, mapping.path))
            rss += mapping.rss_kib
    return Released(len(ranges), skipped, rss, tuple(ranges))


def release_again(released: Released, min_bytes: int = REGROW_MIN_BYTES) -> int:
    """Release `released`'s ranges of at least `min_bytes` again, those still mapping the same file; returns
    how many. Small mappings (norm weights, a layer's scales) hold a few pages at most: not worth a syscall each."""
    wanted = {r for r in released.ranges if r[1] - r[0] >= min_bytes}
    madvise = _madvise() if wanted else None
    if madvise is None:
        return 0
    still = {(m.start, m.end, m.path) for m in read_mappings(MAPS)} & wanted
    return sum(madvise(start, end - start, MADV_DONTNEED) == 0 for start, end, _ in still)
