"""Opening the raw-log store's SQLite database: its schema, WAL and pragmas, private file modes, and waiting out
the race of connections that open a new store at once."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

from terminus_edge.errors import TerminusError

OPEN_WAIT_S = 60.0  # how long opening waits out other connections' locks (the same as busy_timeout)

SCHEMA = """
CREATE TABLE IF NOT EXISTS logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    command TEXT NOT NULL, cwd TEXT, source TEXT NOT NULL DEFAULT 'run',
    started_at REAL NOT NULL, ended_at REAL, duration_s REAL, exit_code INTEGER,
    bytes INTEGER NOT NULL DEFAULT 0,   -- bytes the command produced
    stored INTEGER NOT NULL DEFAULT 0,  -- bytes kept here (less than `bytes` when truncated)
    timed_out INTEGER NOT NULL DEFAULT 0, waiting_for_input INTEGER NOT NULL DEFAULT 0,
    truncated INTEGER NOT NULL DEFAULT 0, complete INTEGER NOT NULL DEFAULT 0, pid INTEGER,
    summary TEXT, facts_json TEXT,
    cancelled INTEGER NOT NULL DEFAULT 0,  -- a client's cancel (or the user's) stopped the command
    note TEXT,        -- the summary's note in the words a user reads (the local model's sentence left out, ...)
    note_detail TEXT  -- JSON: the machine-readable detail behind the note (the fact guard's reasons)
);
CREATE TABLE IF NOT EXISTS chunks (
    log_id INTEGER NOT NULL REFERENCES logs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, offset INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (log_id, seq)
);
"""


class LogStoreError(TerminusError):
    """The store is unreadable, or a log id does not exist."""


def store_error(path: Path, error: sqlite3.Error, damaged: str = "is damaged") -> LogStoreError:
    """One line for a SQLite error: busy (another process), a full disk (nothing wrong with the store: free
    space), or damaged (move it away)."""
    if isinstance(error, sqlite3.OperationalError) and _is_busy(error):
        return LogStoreError(f"log store {path} is busy: another process holds its lock ({error}); try again")
    if "readonly" in str(error).lower():  # the disk was remounted read-only under an open store
        from terminus_edge.logstore_readonly import read_only_message

        return LogStoreError(read_only_message(path, str(error)))
    free = _free_bytes(path.parent)
    if "full" in str(error).lower() or (free is not None and free < FULL_DISK_BYTES):
        space = f"{free / 1e6:.1f} MB free" if free is not None else "no free space"
        return LogStoreError(f"log store {path} cannot be written: its disk is full ({space}; {error}); "
                             "free some space or lower TERMINUS_EDGE_LOG_CAP")
    return LogStoreError(f"log store {path} {damaged} ({error}); move it away to start afresh")


FULL_DISK_BYTES = 1 << 20  # less than this free, and SQLite's "disk I/O error" is the disk being full


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def open_db(path: Path) -> sqlite3.Connection:
    """The store's database at `path`, in a private 0700 directory, WAL, schema in place; opening races with other
    connections are waited out (up to OPEN_WAIT_S); an unreadable file is a LogStoreError. A store that cannot be
    written is opened read-only: its connection's `read_only` says why (logstore_readonly)."""
    from terminus_edge.logstore_readonly import connect_read_only, unwritable_reason

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:  # a read-only disk, a folder of another user: one line, not a traceback
        raise LogStoreError(f"cannot use the log folder {path.parent}: {error.strerror or error}") from None
    reason = unwritable_reason(path)
    if reason:  # a read-only disk or file: the logs stored there are still read, writing is refused
        try:
            return connect_read_only(path, reason)
        except sqlite3.DatabaseError as error:
            raise store_error(path, error, "is unreadable") from None
    try:
        os.chmod(path.parent, 0o700)
    except OSError as error:  # a folder of another user
        raise LogStoreError(f"cannot use the log folder {path.parent}: {error.strerror or error}") from None
    # Connections opening a new store at once race to switch it to WAL and create the tables; SQLite answers
    # some of those races with "database is locked" at once, without waiting on busy_timeout. Retry them.
    deadline = time.monotonic() + OPEN_WAIT_S
    while True:
        try:
            db = _connect(path)
            break
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise store_error(path, error, "is unreadable") from None
            if time.monotonic() > deadline:
                raise LogStoreError(f"log store {path} is busy: another process has held it for {OPEN_WAIT_S:g} s "
                                    f"({error})") from None
            time.sleep(0.02)
        except sqlite3.DatabaseError as error:
            raise store_error(path, error, "is unreadable") from None
    for suffix in ("", "-wal", "-shm"):  # private files (the 0700 directory already shields the first moment)
        try:
            os.chmod(f"{path}{suffix}", 0o600)
        except FileNotFoundError:
            pass
    return db


def _connect(path: Path) -> sqlite3.Connection:
    # No os.open()/close() on the database file here: closing any descriptor of it drops this process's
    # POSIX locks, which another thread's connection may hold (a documented way to corrupt SQLite).
    db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA busy_timeout = 60000")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")  # only takes effect before the first table
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: committed data survives a process kill
        db.execute("PRAGMA journal_size_limit = 67108864")  # a 100 MB log must not leave a 100 MB -wal behind
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(SCHEMA)
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _has_column(db: sqlite3.Connection, table: str, column: str) -> bool:
    return any(row[1] == column for row in db.execute(f"PRAGMA table_info({table})"))


# Columns added since the first schema, in the order they came, with their declarations.
ADDED_COLUMNS = (("cancelled", "INTEGER NOT NULL DEFAULT 0"), ("note", "TEXT"), ("note_detail", "TEXT"))


def migrate(db: sqlite3.Connection) -> None:
    """Bring a store made by an older version up to SCHEMA, keeping every row: columns added since are added
    (ALTER TABLE ADD COLUMN rewrites nothing) and filled in from what the rows already say. One transaction
    under the write lock, so connections opening an old store at once migrate it once."""
    if all(_has_column(db, "logs", column) for column, _ in ADDED_COLUMNS):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for column, declaration in ADDED_COLUMNS:
            if _has_column(db, "logs", column):  # another connection may have migrated it meanwhile
                continue
            db.execute(f"ALTER TABLE logs ADD COLUMN {column} {declaration}")
            if column == "cancelled":
                # Before the column, a cancel was recorded only in the facts (runner.summarize_cancelled)
                rows = db.execute("SELECT id, facts_json FROM logs WHERE facts_json LIKE '%\"cancelled\"%'").fetchall()
                ids = [(log_id,) for log_id, facts in rows if says_cancelled(facts)]
                db.executemany("UPDATE logs SET cancelled = 1 WHERE id = ?", ids)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def says_cancelled(facts_json: str | None) -> bool:
    import json

    try:
        facts = json.loads(facts_json or "")
    except ValueError:
        return False
    return isinstance(facts, dict) and facts.get("cancelled") is True
