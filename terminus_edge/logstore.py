"""The raw-log store: every command's output, byte for byte, in a private SQLite database (WAL).

Raw output is streamed in as chunks (one row each, committed as it arrives), so a 100 MB output is
never held in memory, and a process killed mid-command leaves the chunks it had committed readable
(the log shows as "interrupted"). The store is capped in size; the oldest logs are pruned first, and one log keeps
at most a quarter of the cap.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

from terminus_edge import paths
from terminus_edge.logstore_db import OPEN_WAIT_S, LogStoreError, open_db, says_cancelled
from terminus_edge.logstore_lines import decoded_lines, picked_lines
from terminus_edge.logwriter import LogWriter

DEFAULT_CAP_BYTES = 500 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
LOG_SHARE = 4  # one log keeps at most 1/LOG_SHARE of the store's cap (LogStore.log_max_bytes)
BUSY_TIMEOUT_MS = int(OPEN_WAIT_S * 1000)  # what open_db sets
WAIT_NOTICE_MS = 1000  # begin(on_wait=...): how long a held lock goes unremarked
CAP_ENV = "TERMINUS_EDGE_LOG_CAP"  # e.g. "200M", "2G", "1000000"

def parse_size(text: str) -> int:
    """'500M' -> bytes. Accepts K/M/G suffixes (powers of 1024) and plain integers."""
    given, text = text, text.strip().upper().removesuffix("B")
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    try:
        value = float(number)
    except ValueError:
        raise LogStoreError(f"not a size: {given!r} (use e.g. 500M, 2G or a number of bytes)") from None
    if value <= 0:
        raise LogStoreError(f"size must be positive: {given!r}")
    return int(value * scale)


def default_cap() -> int:
    env = os.environ.get(CAP_ENV)
    try:
        return parse_size(env) if env else DEFAULT_CAP_BYTES
    except LogStoreError as error:
        raise LogStoreError(f"{CAP_ENV}: {error}") from None


@dataclass
class LogRecord:
    id: int
    command: str
    cwd: str | None
    source: str
    started_at: float
    ended_at: float | None
    duration_s: float | None
    exit_code: int | None
    bytes: int
    stored: int
    timed_out: bool
    waiting_for_input: bool
    truncated: bool
    status: str  # "ok" | "running" | "interrupted" (its writer died before finishing)
    summary: str | None
    facts_json: str | None
    cancelled: bool = False  # a cancel (the client's, or the user's) stopped the command; exit_code is what that gave
    note: str | None = None  # the summary's note, in the words the summary says it
    note_detail: str | None = None  # JSON: what lies behind the note (the fact guard's reasons for each sentence)


class LogStore:
    """One connection per instance, shared by threads under a lock; other processes wait on SQLite's lock."""

    def __init__(self, path: str | Path | None = None, *, cap_bytes: int | None = None):
        self.path = Path(path) if path else paths.data_dir() / "logs.sqlite3"
        self.cap_bytes = cap_bytes if cap_bytes is not None else default_cap()
        self._lock = threading.RLock()
        self._db = open_db(self.path)
        self.read_only: str | None = getattr(self._db, "read_only", None)  # why new logs cannot be stored here

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> LogStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self, statements: Iterable[tuple[str, tuple]]) -> list[sqlite3.Cursor]:
        """Run statements in one IMMEDIATE transaction (takes the write lock up front: no upgrade deadlock)."""
        if self.read_only:
            from terminus_edge.logstore_readonly import read_only_message

            raise LogStoreError(read_only_message(self.path, self.read_only))
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursors = [self._db.execute(sql, args) for sql, args in statements]
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:  # SQLite has already rolled back after a full disk or I/O error
                    self._db.execute("ROLLBACK")
                raise
            return cursors

    # -- writing -------------------------------------------------------------------------------------

    def begin(self, command: str, *, cwd: str | None = None, source: str = "run", started_at: float | None = None,
              max_bytes: int | None = None, on_wait: Callable[[], None] | None = None) -> LogWriter:
        """on_wait: called once if another process holds the write lock for more than a second (then the
        usual busy timeout applies), so a caller can say why nothing seems to happen."""
        sql = "INSERT INTO logs (command, cwd, source, started_at, pid) VALUES (?, ?, ?, ?, ?)"
        statements = [(sql, (command, cwd, source, started_at or time.time(), os.getpid()))]
        cur = (self._write(statements) if on_wait is None else self._write_telling_wait(statements, on_wait))[0]
        return LogWriter(self, cur.lastrowid, max_bytes or self.log_max_bytes(), chunk_bytes=CHUNK_BYTES)

    def log_max_bytes(self) -> int:
        """What one log may keep (its head and its rolling tail beyond that): a quarter of the cap, so one runaway
        command (2 s of `yes` is 468 MB) cannot push every earlier log out, the ids an agent was just given
        among them; at least four chunks, so a head and a tail of whole chunks are kept."""
        return min(self.cap_bytes, max(self.cap_bytes // LOG_SHARE, 4 * CHUNK_BYTES))

    def _write_telling_wait(self, statements, on_wait: Callable[[], None]) -> list[sqlite3.Cursor]:
        with self._lock:
            self._db.execute(f"PRAGMA busy_timeout = {WAIT_NOTICE_MS}")
            try:
                return self._write(statements)
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
            finally:
                self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        on_wait()
        return self._write(statements)

    def add(self, command: str, raw: bytes | Iterable[bytes], *, exit_code: int | None, **meta) -> int:
        """Store a finished output in one call; `meta` are begin()/finish() keywords."""
        begin_keys = {"cwd", "source", "started_at"}
        writer = self.begin(command, **{k: v for k, v in meta.items() if k in begin_keys})
        for piece in [raw] if isinstance(raw, (bytes, bytearray)) else raw:
            writer.write(piece)
        return writer.finish(exit_code=exit_code, **{k: v for k, v in meta.items() if k not in begin_keys})

    def set_summary(self, log_id: int, summary: str, facts_json: str | None = None, *, note: str | None = None,
                    note_detail: dict | None = None) -> bool:
        """Facts that say "cancelled": true (runner.summarize_cancelled) mark the log cancelled too. `note`: the
        summary's note as a user reads it (Summary.model_note); `note_detail`: what lies behind it, for machines
        (Summary.model_detail), kept as JSON. False when the log is gone: `logs rm` or another process's prune
        removed it while its command ran, which must not cost the caller the summary it is about to give."""
        try:
            self.get(log_id)
        except LogStoreError:
            return False
        detail = json.dumps(note_detail) if note_detail is not None else None
        statements = [("UPDATE logs SET summary = ?, facts_json = ?, note = ?, note_detail = ? WHERE id = ?",
                       (summary, facts_json, note, detail, log_id))]
        if says_cancelled(facts_json):
            statements.append(("UPDATE logs SET cancelled = 1 WHERE id = ?", (log_id,)))
        self._write(statements)
        return True

    def mark_cancelled(self, log_id: int) -> None:
        """Record that a cancel stopped this log's command (the `cancelled` column, `list(cancelled=True)`)."""
        self.get(log_id)
        self._write([("UPDATE logs SET cancelled = 1 WHERE id = ?", (_as_id(log_id),))])

    # -- reading -------------------------------------------------------------------------------------

    def _record(self, row: tuple) -> LogRecord:
        (id_, command, cwd, source, started, ended, duration, code, nbytes, stored,
         timed_out, waiting, truncated, complete, pid, summary, facts_json, cancelled, note, note_detail) = row
        status = "ok" if complete else ("running" if pid and _alive(pid) else "interrupted")
        return LogRecord(id_, command, cwd, source, started, ended, duration, code, nbytes, stored,
                         bool(timed_out), bool(waiting), bool(truncated), status, summary, facts_json, bool(cancelled),
                         note, note_detail)

    _COLUMNS = ("id, command, cwd, source, started_at, ended_at, duration_s, exit_code, bytes, stored, "
                "timed_out, waiting_for_input, truncated, complete, pid, summary, facts_json, cancelled, note, note_detail")

    def get(self, log_id: int | str) -> LogRecord:
        with self._lock:
            row = self._db.execute(f"SELECT {self._COLUMNS} FROM logs WHERE id = ?", (_as_id(log_id),)).fetchone()
        if row is None:
            raise LogStoreError(f"no log with id {log_id} (see `terminus-edge logs list`)")
        return self._record(row)

    def list(self, limit: int | None = None, *, cancelled: bool | None = None) -> list[LogRecord]:
        """Newest first. cancelled: only the logs a cancel stopped (True), or only the others (False)."""
        where = "" if cancelled is None else f"WHERE cancelled = {int(bool(cancelled))} "
        sql = f"SELECT {self._COLUMNS} FROM logs {where}ORDER BY id DESC LIMIT ?"
        with self._lock:
            rows = self._db.execute(sql, (limit if limit is not None else -1,)).fetchall()
        return [self._record(row) for row in rows]

    def begun_by(self, pid: int, since: float) -> list[int]:
        """Ids of the logs process `pid` began at or after `since`, oldest first (what a cancelled CLI run kept)."""
        with self._lock:
            rows = self._db.execute("SELECT id FROM logs WHERE pid = ? AND started_at >= ? ORDER BY id",
                                    (pid, since)).fetchall()
        return [row[0] for row in rows]

    def iter_raw(self, log_id: int | str, *, gap_marker: bool = True) -> Iterator[bytes]:
        """The stored bytes in order, chunk by chunk; where the middle was dropped, a marker line says so."""
        log_id = _as_id(log_id)
        record = self.get(log_id)
        seq, expected = -1, 0
        while True:  # one short query per chunk: no long read transaction, no lock held while the caller works
            with self._lock:
                row = self._db.execute("SELECT seq, offset, data FROM chunks WHERE log_id = ? AND seq > ? "
                                       "ORDER BY seq LIMIT 1", (log_id, seq)).fetchone()
            if row is None:
                if gap_marker and record.status == "ok" and record.bytes > expected:  # storing stopped early
                    yield f"\n[terminus-edge: the last {record.bytes - expected} bytes were not stored]\n".encode()
                return
            seq, offset, data = row
            if gap_marker and offset > expected:
                yield f"\n[terminus-edge: {offset - expected} bytes not kept here]\n".encode()
            expected = offset + len(data)
            yield data

    def read_raw(self, log_id: int | str) -> bytes:
        return b"".join(self.iter_raw(log_id, gap_marker=False))

    def iter_lines(self, log_id: int | str) -> Iterator[str]:
        """Decoded lines (invalid UTF-8 replaced, line ends dropped), streamed."""
        return decoded_lines(self.iter_raw(log_id))

    def lines(self, log_id: int | str, span: str | None = None, grep: str | None = None) -> Iterator[tuple[int, str]]:
        """(line number, text) pairs, 1-based. span: "120:180" or "120-180" (inclusive), "120:", ":50",
        "-40" (the last 40), "7" (terminus_edge.line_range); grep: a Python regular expression the line must contain."""
        return picked_lines(lambda: self.iter_lines(log_id), span, grep)

    # -- removing ------------------------------------------------------------------------------------

    def remove(self, log_ids: Iterable[int | str]) -> int:
        ids = list(dict.fromkeys(_as_id(i) for i in log_ids))  # `logs rm 7 7 #7` removes one log, and says one
        for log_id in ids:
            self.get(log_id)
        for log_id in ids:
            self._write([("DELETE FROM chunks WHERE log_id = ?", (log_id,)), ("DELETE FROM logs WHERE id = ?", (log_id,))])
        self._vacuum()
        return len(ids)

    def remove_all(self) -> int:
        cur = self._write([("DELETE FROM chunks", ()), ("DELETE FROM logs", ())])[1]
        self._vacuum()
        return cur.rowcount

    def total_stored(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COALESCE(SUM(stored), 0) FROM logs").fetchone()[0]

    def prune(self, cap_bytes: int | None = None, *, keep: int | None = None) -> list[int]:
        """Delete the oldest finished (or interrupted) logs until the store holds at most cap_bytes."""
        cap = self.cap_bytes if cap_bytes is None else cap_bytes
        removed: list[int] = []
        with self._lock:
            total = self.total_stored()
            if total <= cap:
                return removed
            rows = self._db.execute("SELECT id, stored, complete, pid FROM logs ORDER BY id").fetchall()
        for log_id, stored, complete, pid in rows:
            if total <= cap:
                break
            if log_id == keep or (not complete and pid and _alive(pid)):
                continue
            self._write([("DELETE FROM chunks WHERE log_id = ?", (log_id,)), ("DELETE FROM logs WHERE id = ?", (log_id,))])
            total -= stored
            removed.append(log_id)
        self._vacuum()
        return removed

    def _vacuum(self) -> None:
        with self._lock:
            self._db.execute("PRAGMA incremental_vacuum")


def _as_id(log_id: int | str) -> int:
    try:
        return int(str(log_id).strip().lstrip("#"))
    except ValueError:
        raise LogStoreError(f"not a log id: {log_id!r} (ids are numbers, see `terminus-edge logs list`)") from None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
