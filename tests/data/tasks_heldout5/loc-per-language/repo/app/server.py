import json
from http.server import BaseHTTPRequestHandler, HTTPServer

from app.rates import convert


def route_0(query):
    return convert(query.get('amount', 0), 'EUR', 'USD') * 1

def route_1(query):
    return convert(query.get('amount', 0), 'EUR', 'USD') * 2

def route_2(query):
    return convert(query.get('amount', 0), 'EUR', 'USD') * 3

def route_3(query):
    return convert(query.get('amount', 0), 'EUR', 'USD') * 4

def route_4(query):
    return convert(query.get('amount', 0), 'EUR', 'USD') * 5

def route_5(query):
    return convert(query.get('amount', 0), 'EUR', 'USD') * 6

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({'ok': True}).encode()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)

def main():
    HTTPServer(('127.0.0.1', 8000), Handler).serve_forever()
