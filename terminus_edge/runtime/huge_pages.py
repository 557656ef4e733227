"""Back the weights onnxruntime packed while loading with 2 MiB pages (Linux transparent huge pages).

Decode streams every packed weight once a token: about 2.1 GB at the Qwen3-4B shape, half a million 4 KiB
pages, far more than the TLB holds, so with small pages each one costs a page-table walk on top of its bytes.
onnxruntime allocates the packed weights with malloc, and where THP is in `madvise` mode (the Debian and
Ubuntu default) that memory gets 4 KiB pages. After the session is created, the anonymous memory that grew
during the load is advised MADV_HUGEPAGE and collapsed into huge pages with MADV_COLLAPSE (Linux 6.1+; on
older kernels the advice alone lets khugepaged collapse it over the following minutes).

Collapsing copies every page: a few seconds of one core for 2 GB, more on a busy machine. It runs on a
background thread at a low CPU priority, piece by piece, so the model answers at once and gets faster as the
pieces land; `Collapse.wait()` blocks until it is done (benchmarks count it in the load time).

Small loads are left alone (`MIN_BYTES`): the default 135M model's weights fit the TLB's reach either way,
and a huge page rounds its RSS up. Nothing here can fail a load: every step is best effort, and the result
says what happened.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

MADV_HUGEPAGE = 14  # Linux <sys/mman.h>
MADV_COLLAPSE = 25
HUGE = 2 << 20
MIN_BYTES = 256 << 20
PIECE = 32 << 20  # one MADV_COLLAPSE call: small enough that a piece's pause is short, big enough to be cheap
NICE = 10  # the collapsing thread's niceness: inference threads go first
MAPS = Path("/proc/self/maps")
THP_ENABLED = Path("/sys/kernel/mm/transparent_hugepage/enabled")
ENV = "TERMINUS_EDGE_HUGE_PAGES"  # "0" turns this off (comparisons, or a kernel where it misbehaves)

Ranges = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Collapsed:
    advised_bytes: int = 0
    collapsed_bytes: int = 0
    seconds: float = 0.0
    note: str = ""  # why nothing was done, when nothing was


def anonymous_ranges(maps_text: str) -> Ranges:
    """Private writable anonymous mappings (the heap included) from /proc/self/maps text."""
    ranges = []
    for line in maps_text.splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) < 5 or fields[1][:2] != "rw" or fields[1][3] != "p":
            continue
        name = fields[5].strip() if len(fields) == 6 else ""
        if name not in ("", "[heap]"):
            continue
        start, end = (int(value, 16) for value in fields[0].split("-"))
        ranges.append((start, end))
    return tuple(ranges)


def snapshot() -> Ranges | None:
    """The anonymous memory mapped now (None where /proc is not Linux's)."""
    try:
        return anonymous_ranges(MAPS.read_text())
    except OSError:
        return None


def growth(before: Ranges, after: Ranges) -> Ranges:
    """Parts of `after` that no range of `before` covered, trimmed inward to whole huge pages."""
    grown = []
    for start, end in after:
        pieces = [(start, end)]
        for b_start, b_end in before:
            pieces = [part for s, e in pieces for part in ((s, min(e, b_start)), (max(s, b_end), e)) if part[0] < part[1]]
        for s, e in pieces:
            s, e = -(-s // HUGE) * HUGE, e // HUGE * HUGE
            if s < e:
                grown.append((s, e))
    return tuple(grown)


@functools.cache
def _madvise():
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    libc.madvise.restype = ctypes.c_int
    return libc.madvise


def thp_mode() -> str:
    """The bracketed word of the THP setting ("always", "madvise", "never"), "" where there is none."""
    try:
        text = THP_ENABLED.read_text()
    except OSError:
        return ""
    return text[text.find("[") + 1 : text.find("]")] if "[" in text else ""


class Collapse:
    """Huge-page advice given at once; the collapse runs on a daemon thread (`wait()` for the result)."""

    def __init__(self, ranges: Ranges = (), note: str = ""):
        self.ranges, self.note = ranges, note
        self.advised_bytes = self.collapsed_bytes = 0
        self.seconds = 0.0
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        if not ranges:
            self._done.set()

    def start(self) -> Collapse:
        madvise = _madvise()
        self.ranges = tuple((s, e) for s, e in self.ranges if madvise(s, e - s, MADV_HUGEPAGE) == 0)
        self.advised_bytes = sum(e - s for s, e in self.ranges)
        self._thread = threading.Thread(target=self._run, name="huge-pages", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        start = time.perf_counter()
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)  # this thread only (Linux)
        except OSError:
            pass
        madvise = _madvise()
        try:
            for begin, end in self.ranges:
                for piece in range(begin, end, PIECE):
                    # May fail on part of a range (no free huge page, a page pinned); what it did stays done.
                    if madvise(piece, min(PIECE, end - piece), MADV_COLLAPSE) == 0:
                        self.collapsed_bytes += min(PIECE, end - piece)
        finally:
            self.seconds = time.perf_counter() - start
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> Collapsed:
        self._done.wait(timeout)
        return self.result()

    def result(self) -> Collapsed:
        return Collapsed(self.advised_bytes, self.collapsed_bytes, self.seconds, self.note)


def collapse_growth(before: Ranges | None, min_bytes: int = MIN_BYTES) -> Collapse:
    """Advise the anonymous memory mapped since `before` (from snapshot()) and start collapsing it."""
    if before is None or not sys.platform.startswith("linux"):
        return Collapse(note="not Linux")
    if os.environ.get(ENV, "1") == "0":
        return Collapse(note=f"{ENV}=0")
    mode = thp_mode()
    if mode in ("", "never"):
        return Collapse(note=f"transparent huge pages: {mode or 'unavailable'}")
    grown = growth(before, snapshot() or ())
    total = sum(end - start for start, end in grown)
    if total < min_bytes:
        return Collapse(note=f"{total >> 20} MiB grew while loading (< {min_bytes >> 20} MiB)")
    return Collapse(grown).start()
