"""Streams one command's output into the log store (see terminus_edge.logstore) in committed chunks."""

from __future__ import annotations

import time


class LogWriter:
    """Appends one log's bytes in ~1 MB chunks, each committed as it fills.

    Beyond max_bytes the head is kept and the tail rolls (middle chunks are dropped), so the end of a
    huge output, where the errors and totals usually are, is never lost.
    """

    def __init__(self, store, log_id: int, max_bytes: int, *, chunk_bytes: int = 1 << 20):
        self.store, self.id, self.max_bytes, self.chunk_bytes = store, log_id, max_bytes, chunk_bytes
        self.total = 0  # bytes received
        self._buffer = bytearray()
        self._seq = 0
        self._kept: list[tuple[int, int]] = []  # (seq, size) of chunks after the head
        self._head_done = False
        self._stored = 0
        self._last_flush = time.monotonic()

    def write(self, data: bytes) -> None:
        self._buffer += data
        self.total += len(data)
        while len(self._buffer) >= self.chunk_bytes:
            self._flush(bytes(self._buffer[:self.chunk_bytes]))
            del self._buffer[:self.chunk_bytes]
            self._last_flush = time.monotonic()
        self.flush_if_due()

    def _flush(self, data: bytes) -> None:
        offset = self.total - len(self._buffer)
        statements = [("INSERT INTO chunks (log_id, seq, offset, data) VALUES (?, ?, ?, ?)", (self.id, self._seq, offset, data))]
        self._stored += len(data)
        if self._head_done or self._stored > self.max_bytes // 2:
            self._head_done = True
            self._kept.append((self._seq, len(data)))
            while self._stored > self.max_bytes and len(self._kept) > 1:
                seq, size = self._kept.pop(0)
                statements.append(("DELETE FROM chunks WHERE log_id = ? AND seq = ?", (self.id, seq)))
                self._stored -= size
        statements.append(("UPDATE logs SET bytes = ?, stored = ?, truncated = ? WHERE id = ?",
                           (offset + len(data), self._stored, int(offset + len(data) > self._stored), self.id)))
        self.store._write(statements)
        self._seq += 1

    def flush(self) -> None:
        """Commit what is buffered now (chunks are otherwise committed as they fill)."""
        if self._buffer:
            self._flush(bytes(self._buffer))
            self._buffer.clear()
        self._last_flush = time.monotonic()

    def flush_if_due(self, max_age_s: float = 1.0) -> None:
        """Commit a partial chunk once it is `max_age_s` old, so slow output is durable within a second."""
        if self._buffer and time.monotonic() - self._last_flush >= max_age_s:
            self.flush()

    def finish(self, *, exit_code: int | None, ended_at: float | None = None, duration_s: float | None = None,
               timed_out: bool = False, waiting_for_input: bool = False, prune: bool = True) -> int:
        self.flush()
        ended = ended_at or time.time()
        started = self.store.get(self.id).started_at
        duration = duration_s if duration_s is not None else max(0.0, ended - started)
        self.store._write([(
            "UPDATE logs SET ended_at = ?, duration_s = ?, exit_code = ?, bytes = ?, stored = ?, truncated = ?, "
            "timed_out = ?, waiting_for_input = ?, complete = 1 WHERE id = ?",
            (ended, duration, exit_code, self.total, self._stored, int(self.total > self._stored),
             int(timed_out), int(waiting_for_input), self.id))])
        if prune:
            self.store.prune(keep=self.id)
        return self.id
