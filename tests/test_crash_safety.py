"""SIGKILL `terminus-edge run` mid-command and mid-write: committed output survives, the store stays
readable, and the command does not outlive terminus-edge (the capture watchdog kills its group)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

CLI = [sys.executable, "-m", "terminus_edge"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for its (dead) parent to be reaped counts as gone
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _wait_for(predicate, timeout_s: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _stored_bytes(db_path) -> bytes:
    if not db_path.exists():
        return b""
    db = sqlite3.connect(db_path, timeout=30)
    try:
        rows = db.execute("SELECT data FROM chunks ORDER BY log_id, seq").fetchall()
    except sqlite3.OperationalError:
        return b""
    finally:
        db.close()
    return b"".join(r[0] for r in rows)


def _logs_list(env) -> list[dict]:
    proc = subprocess.run(CLI + ["logs", "list", "--json", "-n", "1000"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def test_sigkill_mid_command_keeps_committed_output_and_kills_the_command(tmp_path, te_home):
    env = dict(os.environ)
    pid_file, grandchild_file = tmp_path / "cmd.pid", tmp_path / "grandchild.pid"
    script = (f"echo $$ > {pid_file}; (sleep 300; echo never) & echo $! > {grandchild_file}; "
              "for i in $(seq 1 20); do echo committed-line-$i; done; sleep 300")
    proc = subprocess.Popen(CLI + ["run", "--no-model", "--", script], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    db = te_home / "data" / "logs.sqlite3"
    try:
        # Output is committed within about a second (LogWriter.flush_if_due); wait for it, then kill.
        assert _wait_for(lambda: b"committed-line-20" in _stored_bytes(db)), proc.stderr.read1(4096) if proc.poll() is not None else "no commit"
        command_pid, grandchild_pid = int(pid_file.read_text()), int(grandchild_file.read_text())
        assert _alive(command_pid) and _alive(grandchild_pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        # The command and its background child die with terminus-edge: nothing left orphaned.
        assert _wait_for(lambda: not _alive(command_pid) and not _alive(grandchild_pid), 5), "command orphaned"
    finally:
        if proc.poll() is None:
            proc.kill()
    logs = _logs_list(env)
    assert len(logs) == 1
    show = subprocess.run(CLI + ["logs", "show", str(logs[0]["id"]), "--raw"], capture_output=True, env=env, timeout=60)
    assert show.returncode == 0
    assert all(f"committed-line-{i}\n".encode() in show.stdout for i in range(1, 21))


@pytest.mark.parametrize("kill_after_s", [0.3, 0.8, 1.6])
def test_sigkill_mid_write_leaves_a_readable_store(tmp_path, te_home, kill_after_s):
    env = dict(os.environ)
    # A finished log first: it must survive every later kill byte for byte.
    first = subprocess.run(CLI + ["run", "--no-model", "--", "seq 1 5000"], env=env, cwd=tmp_path,
                           capture_output=True, timeout=120)
    assert first.returncode == 0
    # Then a fast writer (MBs per second through the chunk writer), killed at some point mid-stream.
    proc = subprocess.Popen(CLI + ["run", "--no-model", "--", "yes 0123456789abcdef | head -c 200000000"], env=env,
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = te_home / "data" / "logs.sqlite3"
    _wait_for(lambda: len(_stored_bytes(db)) > 40_000, 30)
    time.sleep(kill_after_s)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    check = sqlite3.connect(db, timeout=30)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()
    logs = _logs_list(env)
    assert len(logs) == 2
    first_id = min(int(l["id"]) for l in logs)
    show = subprocess.run(CLI + ["logs", "show", str(first_id), "--raw"], capture_output=True, env=env, timeout=60)
    assert show.stdout == "".join(f"{i}\n" for i in range(1, 5001)).encode()
    # The store still takes new logs.
    again = subprocess.run(CLI + ["run", "--no-model", "--", "echo after-the-crash"], env=env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert len(_logs_list(env)) == 3


@pytest.mark.slow
def test_twenty_random_kills_in_a_row(tmp_path, te_home):
    """The README's figure: 20 SIGKILLs at random moments, alternating a fast writer and a slow one."""
    import random

    env = dict(os.environ)
    db = te_home / "data" / "logs.sqlite3"
    subprocess.run(CLI + ["run", "--no-model", "--", "seq 1 5000"], env=env, cwd=tmp_path, capture_output=True, check=True)
    expected = "".join(f"{i}\n" for i in range(1, 5001)).encode()
    rng = random.Random(7)
    for k in range(20):
        pid_file = tmp_path / f"pid{k}"
        command = (f"echo $$ > {pid_file}; yes 0123456789abcdef | head -c 150000000; sleep 100" if k % 2 == 0
                   else f"echo $$ > {pid_file}; for i in $(seq 1 200); do echo line $i; sleep 0.01; done; sleep 100")
        proc = subprocess.Popen(CLI + ["run", "--no-model", "--", command], env=env, cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.8, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        if pid_file.exists():
            pid = int(pid_file.read_text())
            assert _wait_for(lambda: not _alive(pid), 5), f"kill {k}: command orphaned"
        check = sqlite3.connect(db, timeout=30)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check.close()
        assert len(_logs_list(env)) == k + 2
        show = subprocess.run(CLI + ["logs", "show", "1", "--raw"], capture_output=True, env=env, timeout=60)
        assert show.stdout == expected, f"kill {k}: the first log changed"
