"""Session 11 QA: `terminus-edge agent --timeout S` is "seconds to wait for each answer", but httpx's read timeout
is per read: an endpoint trickling its answer a byte at a time was waited on for ever (timeout 2 s, 20 s taken)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from terminus_edge.integrations.openai_client import ChatClient, EndpointError

ANSWER = json.dumps({"choices": [{"message": {"role": "assistant", "content": "hi"}}]}).encode()


def trickling_endpoint(pauses: int, pause_s: float):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(ANSWER) + pauses))
            self.end_headers()
            try:
                for _ in range(pauses):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(pause_s)
                self.wfile.write(ANSWER)
            except OSError:
                pass  # the client gave up

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_an_answer_trickling_past_the_timeout_is_given_up_on():
    server = trickling_endpoint(pauses=60, pause_s=0.25)  # 15 s in all, a byte every 0.25 s
    try:
        client = ChatClient(f"http://127.0.0.1:{server.server_port}/v1", "m", timeout_s=1, retries=0)
        started = time.monotonic()
        with pytest.raises(EndpointError, match="within 1 s"):
            client.complete([], [])
        assert time.monotonic() - started < 6
    finally:
        server.shutdown()


def test_an_answer_within_the_timeout_is_read_whole():
    server = trickling_endpoint(pauses=3, pause_s=0.05)
    try:
        client = ChatClient(f"http://127.0.0.1:{server.server_port}/v1", "m", timeout_s=10, retries=0)
        assert client.complete([], [])[0]["content"] == "hi"
    finally:
        server.shutdown()
