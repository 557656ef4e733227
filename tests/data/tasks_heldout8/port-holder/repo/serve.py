"""Development server for the catalogue API (port 8765)."""
import http.server

PORT = 8765

if __name__ == "__main__":
    server = http.server.HTTPServer(("127.0.0.1", PORT), http.server.SimpleHTTPRequestHandler)
    print(f"serving on http://127.0.0.1:{PORT}")
    server.serve_forever()
