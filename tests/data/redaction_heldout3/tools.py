"""Running real tools for the capture scripts: a scratch HOME + work dir, a local HTTP server, path scrubbing."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

VENV_PY = str(Path(__file__).resolve().parents[3] / ".venv" / "bin" / "python")


class Scratch:
    def __init__(self, name: str):
        self.tmp = Path(tempfile.mkdtemp(prefix=f"redact-h3-{name}-"))
        self.home = self.tmp / "home"
        self.work = self.tmp / "proj"
        self.home.mkdir()
        self.work.mkdir()
        self.env = {"HOME": str(self.home), "PATH": os.environ["PATH"], "LANG": "C.UTF-8", "TERM": "dumb",
                    "USER": "dev", "SHELL": "/bin/bash"}

    def write(self, rel: str, text: str) -> Path:
        p = self.work / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        return p

    def sh(self, cmd: str, stdin: str | None = None, env: dict | None = None, cwd: Path | None = None) -> str:
        p = subprocess.run(["bash", "-c", cmd], cwd=cwd or self.work, env=env or self.env, input=stdin,
                           capture_output=True, text=True, timeout=600)
        return self.scrub(p.stdout + p.stderr)

    def scrub(self, text: str) -> str:
        return (text.replace(str(self.work), "/home/dev/src/app").replace(str(self.home), "/home/dev")
                .replace(str(self.tmp), "/tmp/build")
                .replace(str(Path(__file__).resolve().parents[3]), "/home/dev/src/app"))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log_lines: list[str] = []

    def do_GET(self):  # noqa: N802
        body = b'{"ok": true}\n'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in getattr(self.server, "extra_headers", []):
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, fmt, *args):  # the real http.server access-log line, kept instead of printed
        self.server.log_lines.append("%s - - [26/Nov/2026 03:14:07] %s" % (self.address_string(), fmt % args))


def serve(extra_headers: list[tuple[str, str]] | None = None) -> HTTPServer:
    srv = HTTPServer(("127.0.0.1", 0), _Handler)
    srv.extra_headers = extra_headers or []
    srv.log_lines = []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv
