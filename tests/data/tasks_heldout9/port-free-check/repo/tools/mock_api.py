"""A mock of the payments API for local testing: answers every GET with {"ok": true}.

usage: python3 tools/mock_api.py PORT [SECONDS]   (exits after SECONDS, default 600)
"""
import http.server
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
threading.Timer(float(sys.argv[2]) if len(sys.argv) > 2 else 600, server.shutdown).start()
server.serve_forever()
