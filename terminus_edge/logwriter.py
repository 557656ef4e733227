"""Streams one command's output into the log store (see terminus_edge.logstore) in committed chunks."""

from __future__ import annotations

import sqlite3
import time

from terminus_edge.logstore_db import LogStoreError


class LogWriter:
    """Appends one log's bytes in ~1 MB chunks, each committed as it fills.

    Beyond max_bytes the head is kept and the tail rolls (middle chunks are dropped), so the end of a
    huge output, where the errors and totals usually are, is never lost.

    A store that fails while a command runs (a full disk, a write lock held past the busy timeout) must
    not cost the command or its summary: the first failure is kept in `error`, storing stops (what was
    committed stays readable) and write()/finish() go on without raising.
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
        self.error: str | None = None  # why storing stopped (one line), None while it works
        self.removed = False  # `logs rm` or another process's prune deleted this log while the command ran

    def write(self, data: bytes) -> None:
        self.total += len(data)
        if self.error is not None:
            return
        self._buffer += data
        while self.error is None and len(self._buffer) >= self.chunk_bytes:
            self._flush(bytes(self._buffer[:self.chunk_bytes]))
            del self._buffer[:self.chunk_bytes]
            self._last_flush = time.monotonic()
        self.flush_if_due()

    def _flush(self, data: bytes) -> None:
        saved = (self._stored, list(self._kept), self._head_done)
        try:
            self._commit(data)
        except (sqlite3.Error, OSError) as error:
            self._stored, self._kept, self._head_done = saved
            self._buffer.clear()
            self.error = str(error).splitlines()[0] if str(error).strip() else type(error).__name__

    def _commit(self, data: bytes) -> None:
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
        if self._buffer and self.error is None:
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
        if self.error is not None and _is_busy(self.error):
            return self.id  # another 60 s wait on the same lock would only delay the summary
        try:
            ended = ended_at or time.time()
            try:
                started = self.store.get(self.id).started_at
            except LogStoreError:  # removed while the command ran: nothing left to finish, and no error of the run's
                self.removed = True
                return self.id
            duration = duration_s if duration_s is not None else max(0.0, ended - started)
            self.store._write([(
                "UPDATE logs SET ended_at = ?, duration_s = ?, exit_code = ?, bytes = ?, stored = ?, truncated = ?, "
                "timed_out = ?, waiting_for_input = ?, complete = 1 WHERE id = ?",
                (ended, duration, exit_code, self.total, self._stored, int(self.total > self._stored),
                 int(timed_out), int(waiting_for_input), self.id))])
            if prune:
                self.store.prune(keep=self.id)
        except (sqlite3.Error, OSError) as error:
            self.error = self.error or (str(error).splitlines()[0] if str(error).strip() else type(error).__name__)
        return self.id


def _is_busy(reason: str) -> bool:
    return "locked" in reason or "busy" in reason
