"""Shared by the CLI cancel tests: find a test's own `sleep N` processes, signal a CLI once its command runs, and
hold a CLI where a signal can reach it before any run (a bundle check reading a FIFO, stdin not yet written)."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]


def sleeps(duration: str) -> list[psutil.Process]:
    """Live `sleep DURATION` processes (each test picks a duration no other process uses)."""
    return [proc for proc in psutil.process_iter(["cmdline"]) if (proc.info["cmdline"] or [])[:2] == ["sleep", duration]]


def signal_while_running(args: list[str], env: dict, duration: str, signum: int,
                         to_group: bool = False) -> tuple[int, str, str, float]:
    """Run `python -m terminus_edge ARGS`, send `signum` once its `sleep DURATION` has started, and return the exit
    status, stdout, stderr and the seconds from the signal to the exit. `to_group`: the CLI runs in its own process
    group and the signal goes to the whole group, as a terminal sends Ctrl-C to its foreground job."""
    proc = subprocess.Popen([sys.executable, "-m", "terminus_edge", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
                            start_new_session=to_group)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not sleeps(duration):  # the command is running
            time.sleep(0.05)
        assert sleeps(duration), "the command never started"
        time.sleep(0.3)
        sent = time.monotonic()
        if to_group:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
        return proc.returncode, out, err, time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()


# Who a cancel line and JSON name for each signal.
BY = {signal.SIGINT: "the user (Ctrl-C)", signal.SIGTERM: "a signal (SIGTERM)", signal.SIGHUP: "a signal (SIGHUP)"}


def start_cli(args: list[str], te_home, **popen) -> subprocess.Popen:
    """`python -m terminus_edge ARGS` with its own TERMINUS_EDGE_HOME, text pipes for stdout and stderr."""
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "terminus_edge", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=REPO, text=True, **popen)


def blocking_bundle(tmp_path: Path, te_home: Path) -> tuple[Path, Path]:
    """A bundle whose check reads the cache of verified bundles, a FIFO nobody writes: loading it waits forever.
    Returns the bundle and the FIFO."""
    from terminus_edge.model import VERIFIED_CACHE
    from terminus_edge.runtime.manifest import FORMAT_VERSION, MANIFEST_NAME

    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / MANIFEST_NAME).write_text(json.dumps({"format_version": FORMAT_VERSION, "files": {}}))
    (te_home / "cache").mkdir(parents=True)
    fifo = te_home / "cache" / VERIFIED_CACHE
    os.mkfifo(fifo)
    return bundle, fifo


def writer_end(fifo: Path) -> int:
    """Open the write end of `fifo` once a reader is waiting on it (so that reader is now blocked reading)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as error:
            if error.errno != errno.ENXIO or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def unread(pipe) -> int:
    """Bytes written into `pipe` that its reader has not read yet."""
    return struct.unpack("i", fcntl.ioctl(pipe.fileno(), termios.FIONREAD, b"\0\0\0\0"))[0]


def wait_until_input_read(proc: subprocess.Popen, te_home: Path) -> None:
    """Wait until `summarize` has read all that was written to its stdin and stored it, then a moment more, so it
    is back in its read, waiting for more."""
    from terminus_edge.logstore import LogStore

    def stored() -> bool:
        with LogStore() as store:
            return bool(store.list())

    deadline = time.monotonic() + 60
    while not (te_home / "data" / "logs.sqlite3").exists() or not stored() or unread(proc.stdin):
        assert time.monotonic() < deadline and proc.poll() is None, "summarize never read its input"
        time.sleep(0.05)
    time.sleep(0.3)


SLOW_START = REPO / "tests" / "slow_start"  # its sitecustomize holds up one import (TE_SLOW_IMPORT)


def console_script() -> str:
    """The code of the `terminus-edge` script pip writes for pyproject's [project.scripts] entry (its wrapper)."""
    import tomllib

    target = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]["terminus-edge"]
    module, function = target.split(":")
    return (f"import sys\nfrom {module} import {function}\nif __name__ == '__main__':\n"
            f"    sys.argv[0] = sys.argv[0].removesuffix('.exe')\n    sys.exit({function}())\n")


def start_slow(args: list[str], te_home: Path, module: str, *, script: bool = False) -> tuple[subprocess.Popen, Path]:
    """`python -m terminus_edge ARGS` (script: pip's `terminus-edge` script instead), its start-up held in the
    import of `module` until a signal comes. Returns the process and a file that exists once it is held there."""
    ready = te_home / f"held-in-{module}"
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONUNBUFFERED="1", TE_SLOW_IMPORT=module,
               TE_SLOW_IMPORT_READY=str(ready), PYTHONPATH=os.pathsep.join([str(SLOW_START), str(REPO)]))
    if script:
        (te_home / "terminus-edge").write_text(console_script())
        command = [sys.executable, str(te_home / "terminus-edge"), *args]
    else:
        command = [sys.executable, "-m", "terminus_edge", *args]
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=REPO, text=True)
    return proc, ready


def signal_when(proc: subprocess.Popen, ready: Path, signum: int) -> tuple[int, str, str]:
    """Send `signum` once `ready` exists; the exit status, stdout and stderr."""
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert time.monotonic() < deadline and proc.poll() is None, ("never held", proc.poll())
            time.sleep(0.02)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
        return proc.returncode, out, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def start_mcp(te_home: Path, cwd: Path, *args: str) -> subprocess.Popen:
    """`python -m terminus_edge mcp --cwd CWD ARGS` with its own TERMINUS_EDGE_HOME, spoken to in raw JSON-RPC lines
    (rpc), its initialize handshake done."""
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONPATH=str(REPO))
    server = subprocess.Popen([sys.executable, "-m", "terminus_edge", "mcp", "--cwd", str(cwd), *args], env=env,
                              cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rpc(server, {"id": 0, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                                                             "clientInfo": {"name": "t", "version": "0"}}})
    assert json.loads(server.stdout.readline())["id"] == 0, server.stderr.read()
    rpc(server, {"method": "notifications/initialized"})
    return server


def rpc(server: subprocess.Popen, message: dict) -> None:
    server.stdin.write((json.dumps({"jsonrpc": "2.0", **message}) + "\n").encode())
    server.stdin.flush()
