"""Offline: with every non-loopback connection and name lookup blocked (and recorded), summarize, run,
the subagent, the TUI start and the fidelity bench work, and none of them even tries the network."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

SITECUSTOMIZE = textwrap.dedent('''
    import ipaddress, os, socket

    _LOG = os.environ["TE_NET_ATTEMPTS"]

    def _local(family, address):
        if family == getattr(socket, "AF_UNIX", None) or isinstance(address, (str, bytes)):
            return True
        host = address[0] if isinstance(address, tuple) and address else ""
        if host in ("localhost", ""):
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False

    def _refuse(what, target):
        with open(_LOG, "a") as handle:
            handle.write(f"{os.getpid()} {what} {target!r}\\n")
        raise OSError(101, f"network blocked by test: {what} {target!r}")

    _connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
    _getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        if not _local(self.family, address):
            _refuse("connect", address)
        return _connect(self, address)

    def connect_ex(self, address):
        if not _local(self.family, address):
            _refuse("connect_ex", address)
        return _connect_ex(self, address)

    def sendto(self, data, *args):
        address = args[-1]
        if not _local(self.family, address):
            _refuse("sendto", address)
        return _sendto(self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if host not in (None, "localhost") and not _local(socket.AF_INET, (host if isinstance(host, str) else "", 0)):
            _refuse("getaddrinfo", host)
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
    socket.getaddrinfo = getaddrinfo
''')

TUI_START = textwrap.dedent('''
    import asyncio, sys
    from terminus_edge.tui.launch import make_app

    async def main():
        bundle = sys.argv[1] if len(sys.argv) > 1 else None
        app = make_app(bundle, no_model=bundle is None)
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(40):
                await pilot.pause(0.1)
            print("TUI-STARTED", type(app).__name__)

    asyncio.run(main())
''')


@pytest.fixture
def offline(tmp_path):
    """(run(argv, **kw) -> CompletedProcess, attempts() -> list[str]) with the network blocked for the child."""
    site = tmp_path / "offline-site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "net-attempts.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
           "TE_NET_ATTEMPTS": str(log)}

    def run(argv, **kw):
        kw.setdefault("timeout", 300)
        return subprocess.run(argv, env=env, capture_output=True, text=True, **kw)

    def attempts() -> list[str]:
        return log.read_text().splitlines() if log.exists() else []

    return run, attempts


TE = [sys.executable, "-m", "terminus_edge"]
OUTPUT = "collected 3 items\nFAILED tests/test_a.py::test_x - assert 1 == 2\n1 failed, 2 passed in 0.1s\n"


def test_the_block_is_real(offline):
    run, attempts = offline
    probe = ("import socket, urllib.request\n"
             "for target in (('93.184.216.34', 80), ('2606:2800:220:1::', 80)):\n"
             "    try: socket.create_connection(target, timeout=1)\n"
             "    except OSError as e: print('blocked', e.errno)\n"
             "try: urllib.request.urlopen('https://pypi.org/simple/', timeout=2)\n"
             "except Exception as e: print('blocked', type(e).__name__)\n"
             "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); c = socket.create_connection(s.getsockname()); print('loopback ok')\n")
    proc = run([sys.executable, "-c", probe])
    assert proc.stdout.count("blocked") == 3 and "loopback ok" in proc.stdout, proc.stderr
    assert len(attempts()) >= 3


def test_cli_paths_without_model_never_touch_the_network(offline, tmp_path):
    run, attempts = offline
    summarize = run([*TE, "summarize", "--no-model", "--command", "pytest -q", "--exit-code", "1"], input=OUTPUT)
    assert summarize.returncode == 0 and "1 failed" in summarize.stdout, summarize.stderr
    ran = run([*TE, "run", "--no-model", "--", "echo hello; exit 3"], cwd=tmp_path)
    assert ran.returncode == 3 and ran.stdout.startswith("Command: echo hello")
    sub = run([*TE, "subagent", "--no-model", "--cwd", str(tmp_path), "run `echo offline-ok`"])
    assert sub.returncode == 0 and "offline-ok" in sub.stdout, sub.stderr
    corpus = tmp_path / "corpus" / "case1"
    corpus.mkdir(parents=True)
    (corpus / "command.txt").write_text("pytest -q\n")
    (corpus / "output.txt").write_text(OUTPUT)
    (corpus / "meta.json").write_text(json.dumps({"id": "case1", "exit_code": 1,
                                                  "facts": [{"id": "count", "any_of": [r"\b1\s+failed"]}],
                                                  "forbidden": []}))
    bench = run([*TE, "bench", "fidelity", "--corpus", str(tmp_path / "corpus"), "--no-model",
                 "--out", str(tmp_path / "s.jsonl")])
    assert bench.returncode == 0, bench.stderr
    assert (tmp_path / "s.jsonl").read_text().strip()
    tui = run([sys.executable, "-c", TUI_START], cwd=tmp_path)
    assert "TUI-STARTED" in tui.stdout, tui.stderr[-2000:]
    for proc in (summarize, ran, sub, bench, tui):
        assert "Traceback" not in proc.stderr
    assert attempts() == []


def test_model_paths_never_touch_the_network(offline, tiny_bundle, tmp_path):
    run, attempts = offline
    bundle = str(tiny_bundle("qwen3", "int4"))
    summarize = run([*TE, "summarize", "--bundle", bundle, "--command", "pytest -q", "--exit-code", "1"], input=OUTPUT)
    assert summarize.returncode == 0 and "1 failed" in summarize.stdout, summarize.stderr
    assert "failed to load" not in summarize.stderr
    ran = run([*TE, "run", "--bundle", bundle, "--", "echo hello; exit 3"], cwd=tmp_path)
    assert ran.returncode == 3 and ran.stdout.startswith("Command: echo hello"), ran.stderr
    sub = run([*TE, "subagent", "--bundle", bundle, "--cwd", str(tmp_path), "run `echo offline-ok`"])
    assert sub.returncode == 0 and "offline-ok" in sub.stdout, sub.stderr
    tui = run([sys.executable, "-c", TUI_START, bundle], cwd=tmp_path)
    assert "TUI-STARTED" in tui.stdout, tui.stderr[-2000:]
    for proc in (summarize, ran, sub, tui):
        assert "Traceback" not in proc.stderr
    assert attempts() == []
