"""Development server for the shop front end."""
import http.server

PORT = 8772

if __name__ == "__main__":
    http.server.ThreadingHTTPServer(("127.0.0.1", PORT), http.server.SimpleHTTPRequestHandler).serve_forever()
