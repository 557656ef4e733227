"""Opening a log store that cannot be written (a read-only disk or bind mount, a database file or folder without write
permission): its logs are still read; writing a new one is refused in one line that says why (LogStore._write)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from terminus_edge.logstore_db import ADDED_COLUMNS, LogStoreError, _has_column, _is_busy


class StoreConnection(sqlite3.Connection):
    read_only: str | None = None  # why new logs cannot be stored (None: the store can be written)


def unwritable_reason(path: Path) -> str | None:
    """Why the store at `path` cannot be written, or None when it can. SQLite makes its -wal and -shm files next to
    the database, so an unwritable folder is as good as an unwritable file."""
    folder = path.parent
    if os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK)):
        return None
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "its file system is mounted read-only"
    except OSError:
        pass
    where = path if path.exists() and not os.access(path, os.W_OK) else folder
    return f"{where} is not writable"


def read_only_message(path: Path, reason: str) -> str:
    return f"log store {path} is read-only ({reason}): new logs cannot be stored; the stored ones can still be read"


def connect_read_only(path: Path, reason: str) -> StoreConnection:
    """A read-only connection. SQLite reads a WAL store read-only when its -shm file exists or can be made; where
    neither holds (a read-only disk after the last writer closed cleanly, so no -wal holds newer pages either) the
    file is opened as immutable: nothing can change it."""
    if not path.exists():
        raise LogStoreError(f"no log store at {path}, and none can be made there: {reason}")
    uri = f"file:{quote(str(path))}?mode=ro"
    try:
        return _checked(uri, path, reason)
    except sqlite3.OperationalError as error:
        if _is_busy(error) or _holds_pages(Path(f"{path}-wal")):
            raise
    return _checked(uri + "&immutable=1", path, reason)


def _holds_pages(wal: Path) -> bool:
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _checked(uri: str, path: Path, reason: str) -> StoreConnection:
    db = sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None, check_same_thread=False,
                         factory=StoreConnection)
    try:
        db.execute("PRAGMA busy_timeout = 60000")
        if not _has_column(db, "logs", "id"):
            raise LogStoreError(f"{path} is not a terminus-edge log store, and it is read-only ({reason})")
        missing = [column for column, _ in ADDED_COLUMNS if not _has_column(db, "logs", column)]
        if missing:  # an older version's store: the columns cannot be added to a read-only file
            raise LogStoreError(f"log store {path} was made by an older terminus-edge and is read-only ({reason}): "
                                f"it cannot be brought up to date to be read (no column {missing[0]!r})")
        db.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        db.close()
        raise
    db.read_only = reason
    return db
