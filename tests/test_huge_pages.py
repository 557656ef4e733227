"""runtime.huge_pages: which memory counts as grown while loading, and that it really ends up in huge pages."""

import mmap
import sys
from pathlib import Path

import pytest

from terminus_edge.runtime import huge_pages as hp

MIB = 1 << 20

MAPS = """\
55d0c0000000-55d0c0400000 rw-p 00000000 00:00 0                          [heap]
7f0000000000-7f0000a00000 rw-p 00000000 00:00 0
7f0000a00000-7f0000c00000 r--p 00000000 fe:00 123                        /usr/lib/libc.so.6
7f0001000000-7f0001800000 rw-s 00000000 00:05 7                          /dev/zero (deleted)
7f0002000000-7f0002400000 rw-p 00001000 fe:00 99                         /bundle/model.onnx.data
7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]
"""


def test_only_private_anonymous_memory_and_the_heap_count():
    assert hp.anonymous_ranges(MAPS) == ((0x55D0C0000000, 0x55D0C0400000), (0x7F0000000000, 0x7F0000A00000))


def test_growth_is_what_no_earlier_range_covered_trimmed_to_whole_huge_pages():
    heap, anon = (0x55D0C0000000, 0x55D0C0400000), (0x7F0000000000, 0x7F0000A00000)
    grown_heap = (heap[0], heap[1] + 64 * MIB + 12345)  # brk moved up by 64 MiB and a bit
    new_map = (0x7F1000001000, 0x7F1000001000 + 9 * MIB)  # not 2 MiB aligned
    grown = hp.growth((heap, anon), (grown_heap, anon, new_map))
    assert grown == ((heap[1], heap[1] + 64 * MIB), (0x7F1000200000, 0x7F1000800000))
    assert hp.growth((heap, anon), (heap, anon)) == ()


def test_nothing_happens_when_little_grew_or_when_turned_off(monkeypatch):
    before = hp.snapshot()
    if before is None:
        pytest.skip("no /proc/self/maps")
    assert "grew while loading" in hp.collapse_growth(before, min_bytes=1 << 40).wait().note
    monkeypatch.setenv(hp.ENV, "0")
    assert hp.collapse_growth(before).wait().note == f"{hp.ENV}=0"
    assert hp.collapse_growth(None).note == "not Linux"


def anon_huge_kib() -> int:
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("AnonHugePages:"):
            return int(line.split()[1])
    return 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="transparent huge pages are Linux's")
def test_memory_mapped_while_loading_ends_up_in_huge_pages(monkeypatch):
    if hp.thp_mode() in ("", "never"):
        pytest.skip(f"transparent huge pages: {hp.thp_mode() or 'unavailable'}")
    monkeypatch.delenv(hp.ENV, raising=False)
    before = hp.snapshot()
    region = mmap.mmap(-1, 32 * MIB, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    try:
        for offset in range(0, len(region), mmap.PAGESIZE):  # touched in 4 KiB pages, like a packed weight
            region[offset] = 1
        huge_before = anon_huge_kib()
        result = hp.collapse_growth(before, min_bytes=8 * MIB).wait(timeout=60)
        assert result.advised_bytes >= 28 * MIB  # 32 MiB less the unaligned ends
        if result.collapsed_bytes == 0:
            pytest.skip("MADV_COLLAPSE unsupported here (Linux < 6.1) or no free huge page")
        assert anon_huge_kib() - huge_before >= result.collapsed_bytes // 1024 // 2
        assert region[0] == 1 and region[len(region) - mmap.PAGESIZE] == 1  # the data survived the move
    finally:
        region.close()
