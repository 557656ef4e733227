"""The log store failing while a command runs (a full disk, SQLite's own SQLITE_FULL via max_page_count):
the command runs to its end, its exit code and summary come out, one stderr line says the log is partial.

Before: `run` died with a traceback ("cannot rollback - no transaction is active", which also hid the real
error), exit 1 instead of the command's code, no summary, and the command's process group ran on, orphaned."""

from __future__ import annotations

import subprocess
import time

import pytest
from click.testing import CliRunner

from terminus_edge import logstore_db
from terminus_edge.capture import run_command
from terminus_edge.cli import main
from terminus_edge.logstore import LogStore

MB = 1 << 20


def _full_after(db, pages: int) -> None:
    """Make this connection's database 'full' at `pages` pages: a genuine SQLITE_FULL, as on a full disk."""
    used = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {used + pages}")


@pytest.fixture
def store_fills_up(monkeypatch):
    """Every log store the CLI opens is full after ~1.2 MB."""
    opened = logstore_db.open_db

    def open_small(path):
        db = opened(path)
        _full_after(db, 300)
        return db

    monkeypatch.setattr("terminus_edge.logstore.open_db", open_small)


def test_a_full_store_is_reported_and_writing_goes_on(tmp_path):
    store = LogStore(tmp_path / "logs.sqlite3")
    writer = store.begin("make")
    _full_after(store._db, 300)  # ~1.2 MB: the first 1 MB chunk fits, the next ones do not
    for _ in range(4):
        writer.write(b"x" * MB)  # must not raise
    writer.write(b"tail\n")
    assert writer.error == "database or disk is full"  # the real reason, not "cannot rollback"
    assert writer.finish(exit_code=2) == writer.id and writer.total == 4 * MB + 5
    record = store.get(writer.id)
    assert record.exit_code == 2 and record.status == "ok" and record.truncated and record.stored == MB
    raw = b"".join(store.iter_raw(writer.id))
    assert raw.startswith(b"x" * MB) and raw.endswith(f"[terminus-edge: the last {3 * MB + 5} bytes were not stored]\n".encode())
    assert store.read_raw(writer.id) == b"x" * MB  # the exact bytes never include the marker


def test_write_error_on_the_first_chunk_keeps_nothing_but_says_so(tmp_path):
    store = LogStore(tmp_path / "logs.sqlite3")
    writer = store.begin("cat big")
    _full_after(store._db, 2)
    writer.write(b"y" * (2 * MB))
    writer.finish(exit_code=0)
    assert writer.error and store.get(writer.id).stored == 0


def test_run_with_a_store_that_fills_up_keeps_exit_code_and_summary(store_fills_up):
    command = "head -c 3000000 /dev/zero | tr '\\0' 'a' | fold -w 100; echo 'error: the end'; exit 4"
    result = CliRunner().invoke(main, ["run", "--no-model", "--", command])
    assert result.exit_code == 4, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit), result.exception
    assert "Command: head -c" in result.output and "error: the end" in result.output
    assert "the raw log could not be stored in full (database or disk is full)" in result.output


def test_summarize_with_a_store_that_fills_up(store_fills_up):
    data = b"a" * 100 + b"\n"
    result = CliRunner().invoke(main, ["summarize", "--no-model", "--command", "make", "--exit-code", "2"],
                                input=data * 30000 + b"make: *** [all] Error 2\n")
    assert result.exit_code == 0, result.output
    assert "Command: make" in result.output and "Error 2" in result.output
    assert "the raw log could not be stored in full" in result.output


def test_a_failing_output_callback_does_not_leave_the_command_running(tmp_path):
    marker = tmp_path / "still-running"

    def broken_store(data: bytes) -> None:
        raise RuntimeError("store broke")

    def leftover() -> str:
        return subprocess.run(["pgrep", "-f", f"touch {marker}"], capture_output=True, text=True).stdout

    with pytest.raises(RuntimeError):
        run_command(f"echo start; (sleep 3; touch {marker}) & sleep 3; touch {marker}", timeout_s=20,
                    on_output=broken_store)
    deadline = time.monotonic() + 10  # a group that was not killed would touch the marker after 3 s, then end
    while leftover() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftover() == ""
    assert not marker.exists()  # the whole group was killed, background child included


def _damaged_store(te_home) -> None:
    """A store whose `logs` table page is overwritten (a bad sector, a half-copied file)."""
    import sqlite3

    with LogStore() as store:
        store.add("echo hi", b"hi\n", exit_code=0)
        path = store.path
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'logs'").fetchone()[0]
    db.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * 4096)
        handle.write(b"\xff" * 4096)


@pytest.mark.parametrize("args", [["logs", "list"], ["logs", "show", "1"], ["logs", "show", "1", "--raw"],
                                  ["logs", "rm", "1"], ["logs", "prune", "--max-size", "1"]])
def test_a_damaged_store_is_one_line_for_every_logs_command(te_home, args):
    """Before: sqlite3.DatabaseError tracebacks ('database disk image is malformed')."""
    _damaged_store(te_home)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: log store ") and "is damaged" in lines[0], result.output
    assert "move it away" in lines[0]


def test_run_with_a_damaged_store_names_it_and_keeps_the_exit_code(te_home):
    _damaged_store(te_home)
    result = CliRunner().invoke(main, ["run", "--no-model", "--", "echo out; exit 6"])
    assert result.exit_code == 6 and "Command: echo out; exit 6" in result.output
    assert "the raw log cannot be stored (log store " in result.output and "is damaged" in result.output


def test_a_line_longer_than_many_chunks_reads_back_whole(tmp_path):
    """A 100 MB line without a newline was re-copied on every 1 MB chunk (logs show: 5.9 s, now 0.9 s);
    lines that span chunks, CRLF and a last line without a newline still come back exactly."""
    store = LogStore(tmp_path / "logs.sqlite3")
    long_line = b"a" * (3 * MB + 17)
    log_id = store.add("x", [b"first\r\n", long_line, b"\r\nmiddle\n\n", b"x" * MB, b"tail"], exit_code=0)
    lines = list(store.iter_lines(log_id))
    assert lines == ["first", long_line.decode(), "middle", "", "x" * MB + "tail"]
    assert [n for n, _ in store.lines(log_id, "-2")] == [4, 5]


def test_logs_show_does_not_let_a_log_drive_the_terminal(te_home):
    """Before: the numbered view printed a log's escape sequences as they were: on a terminal, a stored
    progress bar's cursor-up/erase-line flood erased the lines above it, and OSC sequences set the window
    title (or, with OSC 52, the clipboard). Now controls are shown in caret notation; --raw keeps the bytes."""
    raw = (b"\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[31mred\x1b[0m\n"
           + b"\x1b[1A\x1b[2K50%\r" * 3 + b"\na\x00b\xff\tc\n")
    with LogStore() as store:
        store.add("progress \x1b]0;x\x07", raw, exit_code=0)
    result = CliRunner().invoke(main, ["logs", "show", "1"])
    assert result.exit_code == 0, result.output
    assert not any(ch in result.output for ch in "\x1b\x07\r\x00")
    lines = result.output.splitlines()
    assert lines[0] == "# log 1: progress ^[]0;x^G"
    assert lines[2] == "     1: ^[]0;pwned^G^[]52;c;ZXZpbA==^G^[[2Jred"
    assert lines[3] == "     2: " + "^[[1A^[[2K50%^M" * 2 + "^[[1A^[[2K50%"
    assert lines[4] == "     3: a^@b\ufffd\tc"
    listed = CliRunner().invoke(main, ["logs", "list"])
    assert "progress ^[]0;x^G" in listed.output and "\x1b" not in listed.output
    exact = CliRunner().invoke(main, ["logs", "show", "1", "--raw"])
    assert exact.stdout_bytes == raw


def test_a_held_write_lock_is_said_once_then_waited_out(tmp_path):
    """Before: `run` waited silently (up to 60 s) before starting the command when another process held the
    store's write lock; now a caller is told after a second, and the log is stored once the lock is free."""
    import sqlite3
    import threading

    store = LogStore(tmp_path / "logs.sqlite3")
    holder = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(2.0, lambda: holder.execute("COMMIT"))
    release.start()
    told = []
    started = time.monotonic()
    writer = store.begin("make", on_wait=lambda: told.append(time.monotonic() - started))
    release.join()
    assert len(told) == 1 and 0.9 < told[0] < 1.9
    writer.write(b"ok\n")
    assert writer.finish(exit_code=0) == writer.id and store.read_raw(writer.id) == b"ok\n" and writer.error is None
    assert store._db.execute("PRAGMA busy_timeout").fetchone()[0] == 60000
    holder.close()


def test_a_full_disk_is_not_called_a_damaged_store(tmp_path, monkeypatch):
    """Before: a store on a full disk was 'unreadable (disk I/O error); move it away to start afresh': advice
    that deletes every stored log when nothing is wrong with them."""
    import sqlite3
    from collections import namedtuple

    import shutil as shutil_module

    from terminus_edge.logstore_db import store_error

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil_module, "disk_usage", lambda path: usage(10 << 20, 10 << 20, 4096))
    message = str(store_error(tmp_path / "logs.sqlite3", sqlite3.OperationalError("disk I/O error"), "is unreadable"))
    assert "cannot be written: its disk is full (0.0 MB free; disk I/O error)" in message and "move it away" not in message
    full = str(store_error(tmp_path / "logs.sqlite3", sqlite3.OperationalError("database or disk is full")))
    assert "its disk is full" in full
    monkeypatch.setattr(shutil_module, "disk_usage", lambda path: usage(10 << 30, 1 << 30, 9 << 30))
    damaged = str(store_error(tmp_path / "logs.sqlite3", sqlite3.DatabaseError("database disk image is malformed")))
    assert damaged.endswith("is damaged (database disk image is malformed); move it away to start afresh")
