"""Cut a command's output for a model: the head and the tail, a marker with the bytes left out between them.

Cuts fall at line boundaries when one is near and never inside a UTF-8 character, so no half lines reach the model.
"""

from __future__ import annotations

MODEL_CUT_BYTES = 60_000


def cut_for_model(data: bytes | str, limit: int = MODEL_CUT_BYTES) -> str:
    """Cut output to about `limit` bytes for a model: the head and the tail, a marker between them."""
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    if len(raw) <= limit:
        return raw.decode("utf-8", "replace")
    half = limit // 2
    return join_cut(raw[:half], raw[-half:], len(raw) - 2 * half)


def join_cut(head: bytes, tail: bytes, omitted: int) -> str:
    # Cut at line boundaries when one is near, so no half lines (or half UTF-8 characters) reach the model.
    newline = head.rfind(b"\n")
    if newline > len(head) * 0.8:
        omitted += len(head) - newline - 1
        head = head[: newline + 1]
    newline = tail.find(b"\n")
    if 0 <= newline < len(tail) * 0.2:
        omitted += newline + 1
        tail = tail[newline + 1 :]
    cut = 0  # no split UTF-8 character at either edge: drop the partial bytes
    while cut < 3 and len(tail) > cut and 0x80 <= tail[cut] < 0xC0:
        cut += 1
    tail, omitted = tail[cut:], omitted + cut
    for back in range(1, min(4, len(head)) + 1):
        byte = head[-back]
        if byte >= 0xC0:  # a lead byte: is its sequence complete?
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            if need > back:
                head, omitted = head[:-back], omitted + back
            break
        if byte < 0x80:
            break
    marker = f"\n[... {omitted} bytes omitted: the full output is in the raw log ...]\n"
    return head.decode("utf-8", "replace") + marker + tail.decode("utf-8", "replace")
