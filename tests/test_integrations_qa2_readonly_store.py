"""A log store that cannot be written (a read-only mount, a read-only database file) is still read: `logs list/show`,
MCP `read_log`; writing a new log fails with one line that says the store is read-only, and nothing stored changes.

Before: every reader failed ("cannot use the log folder …: Read-only file system" from MCP read_log, a chmod
traceback from `logs list` on a read-only database file), and a write on a store SQLite had opened read-only was
called "damaged … move it away"."""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from terminus_edge.logstore import LogStore
from terminus_edge.logstore_db import LogStoreError, store_error

REPO = Path(__file__).resolve().parents[1]
TE = [sys.executable, "-m", "terminus_edge"]


def _mount_read_only(target: Path) -> bool:
    """A read-only bind mount of `target` over itself (root); False where mounting is not allowed."""
    bind = subprocess.run(["mount", "--bind", str(target), str(target)], capture_output=True)
    if bind.returncode != 0:
        return False
    if subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], capture_output=True).returncode != 0:
        subprocess.run(["umount", str(target)], capture_output=True)
        return False
    return True


@pytest.fixture
def make_read_only():
    """make_read_only(path): path (a folder or the database file) cannot be written from now on, the way the
    machine allows: a read-only bind mount as root, the write bits taken away otherwise."""
    mounted, chmodded = [], []

    def make(path: Path) -> None:
        if os.geteuid() == 0:
            if not _mount_read_only(path):
                pytest.skip("mount --bind is not allowed here")
            mounted.append(path)
        else:
            chmodded.append((path, path.stat().st_mode))
            path.chmod(0o500 if path.is_dir() else 0o400)

    yield make
    for path in mounted:
        subprocess.run(["umount", str(path)], check=True)
    for path, mode in chmodded:
        path.chmod(mode)


def _fill(path: Path, commands=("echo one", "printf 'a\\nb\\n'")) -> None:
    with LogStore(path) as store:
        for command in commands:
            store.add(command, f"output of {command}\nline two\n".encode(), exit_code=0)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_read_only_folder_is_read_and_writing_is_refused_in_one_line(tmp_path, make_read_only):
    folder = tmp_path / "data"
    _fill(folder / "logs.sqlite3")
    make_read_only(folder)
    before = _digest(folder)
    with LogStore(folder / "logs.sqlite3") as store:
        assert store.read_only and [r.command for r in store.list()] == ["printf 'a\\nb\\n'", "echo one"]
        assert list(store.iter_lines(1)) == ["output of echo one", "line two"]
        for write in (lambda: store.begin("make"), lambda: store.remove([1]), lambda: store.set_summary(1, "x")):
            with pytest.raises(LogStoreError) as raised:
                write()
            message = str(raised.value)
            assert "is read-only" in message and "stored ones can still be read" in message and "\n" not in message
    assert _digest(folder) == before  # nothing written, nothing lost


def test_a_read_only_store_whose_writer_was_killed_still_shows_the_logs_in_its_wal(tmp_path, make_read_only):
    """The -wal file holds logs not yet in the database file: they must be read, not silently missed."""
    folder = tmp_path / "data"
    script = ("import os, signal, sys\nfrom terminus_edge.logstore import LogStore\n"
              "s = LogStore(sys.argv[1])\nfor n in range(3):\n    s.add(f'echo {n}', b'x\\n', exit_code=n)\n"
              "os.kill(os.getpid(), signal.SIGKILL)\n")
    killed = subprocess.run([sys.executable, "-c", script, str(folder / "logs.sqlite3")], cwd=REPO)
    assert killed.returncode == -signal.SIGKILL and (folder / "logs.sqlite3-wal").stat().st_size > 0
    make_read_only(folder)
    with LogStore(folder / "logs.sqlite3") as store:
        assert [r.exit_code for r in store.list()] == [2, 1, 0]


def test_a_read_only_database_file_in_a_writable_folder(tmp_path, make_read_only):
    """Before: `logs list` ended in a traceback (os.chmod on the read-only file)."""
    database = tmp_path / "te-home" / "data" / "logs.sqlite3"
    _fill(database)
    make_read_only(database)
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(tmp_path / "te-home"))
    listed = subprocess.run([*TE, "logs", "list"], env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and "echo one" in listed.stdout, listed.stderr
    removed = subprocess.run([*TE, "logs", "rm", "1"], env=env, capture_output=True, text=True, timeout=120)
    assert removed.returncode == 1 and "Traceback" not in removed.stderr
    assert removed.stderr.startswith("Error: log store ") and "is read-only" in removed.stderr
    ran = subprocess.run([*TE, "run", "--no-model", "--", "echo hi; exit 3"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert ran.returncode == 3 and "hi" in ran.stdout and "Log:" not in ran.stdout
    assert "is read-only" in ran.stderr and "running the command anyway" in ran.stderr


def test_mcp_read_log_reads_a_read_only_store_and_run_in_terminal_says_why_it_cannot_store(tmp_path, te_home,
                                                                                           make_read_only):
    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    _fill(te_home / "data" / "logs.sqlite3")
    make_read_only(te_home / "data")
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONPATH=str(REPO))
    params = StdioServerParameters(command=sys.executable, env=env, cwd=str(REPO),
                                   args=["-m", "terminus_edge", "mcp", "--no-model", "--cwd", str(tmp_path)])

    async def main():
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return [await session.call_tool("read_log", {"id": 2, "lines": "1"}),
                    await session.call_tool("run_in_terminal", {"command": "echo new"}),
                    await session.call_tool("read_log", {"id": 1, "grep": "two"})]

    read, refused, grepped = asyncio.run(asyncio.wait_for(main(), timeout=180))
    text = [b.text for b in read.content][0]
    assert not read.is_error and "1: output of printf" in text, text
    message = [b.text for b in refused.content][0]
    assert refused.is_error and "is read-only" in message and "\n" not in message, message
    assert not grepped.is_error and "2: line two" in grepped.content[0].text


def test_a_write_refused_by_sqlite_as_read_only_is_not_called_damaged(tmp_path):
    """A store opened for writing whose disk turned read-only afterwards: SQLite says SQLITE_READONLY."""
    db = sqlite3.connect(tmp_path / "x.sqlite3")
    db.execute("CREATE TABLE t (x)")
    db.execute("PRAGMA query_only = 1")  # a genuine SQLITE_READONLY from SQLite itself
    with pytest.raises(sqlite3.OperationalError) as raised:
        db.execute("INSERT INTO t VALUES (1)")
    message = str(store_error(tmp_path / "x.sqlite3", raised.value))
    assert "is read-only" in message and "damaged" not in message and "move it away" not in message
