"""One runaway command must not push every earlier log out of the store: 2 s of `yes` under MCP's run_in_terminal
(timeout 2000) stored 468 MB of the 500 MB cap and pruned the logs whose ids the agent had just been given
("no log with id 12"). A log now keeps at most a quarter of the cap (its head and its rolling tail)."""
from __future__ import annotations

from terminus_edge.logstore import CHUNK_BYTES, LogStore


def test_a_flood_keeps_head_and_tail_and_the_earlier_logs_stay(te_home):
    with LogStore(cap_bytes=16 * CHUNK_BYTES) as store:
        earlier = [store.add(f"make {i}", b"error: step %d failed\n" % i, exit_code=2) for i in range(3)]
        writer = store.begin("yes spam")
        line = b"spam\n" * (CHUNK_BYTES // 5)
        for _ in range(24):
            writer.write(line)
        writer.write(b"the last line\n")
        writer.finish(exit_code=124, timed_out=True)
        assert [store.get(i).command for i in earlier] == ["make 0", "make 1", "make 2"]
        flood = store.get(writer.id)
        assert flood.truncated and flood.stored <= store.log_max_bytes() + CHUNK_BYTES
        assert b"".join(store.iter_raw(writer.id)).endswith(b"spam\nthe last line\n")


def test_the_share_never_exceeds_the_cap_and_keeps_four_chunks():
    assert LogStore(cap_bytes=500 * 1024 * 1024, path=":memory:").log_max_bytes() == 125 * 1024 * 1024
    assert LogStore(cap_bytes=6 * CHUNK_BYTES, path=":memory:").log_max_bytes() == 4 * CHUNK_BYTES
    assert LogStore(cap_bytes=CHUNK_BYTES, path=":memory:").log_max_bytes() == CHUNK_BYTES
