"""HTTP access logs (common/combined log format, uvicorn, werkzeug): status counts, 5xx requests."""

from __future__ import annotations

import re
from collections import Counter

from terminus_edge.summarize.facts.common import clip, plural
from terminus_edge.summarize.facts.types import Facts

NAME = "http-log"
COMMAND_RE = re.compile(r"(?!)")  # recognized by the output alone
OUTPUT_RE = re.compile(r'"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+ HTTP/[\d.]+"\s+\d{3}\b|\b(?:GET|POST|PUT|PATCH|DELETE) /\S* (?:HTTP/[\d.]+ )?\d{3}\b')

REQUEST_RE = re.compile(r'"?(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (?P<path>\S+)(?: HTTP/[\d.]+)?"?\s+-?\s*(?P<status>[1-5]\d\d)\b')


def parse(text: str) -> Facts:
    """Tallies in one pass (no list of requests): an access log can be the whole of a 100 MB output."""
    facts = Facts(tools=[NAME])
    statuses: Counter = Counter()
    client: Counter = Counter()
    server_errors: list[str] = []
    n_server_errors = 0
    for m in REQUEST_RE.finditer(text):
        status = m["status"]
        statuses[status] += 1
        if status.startswith("5"):
            n_server_errors += 1
            if len(server_errors) < 8:
                server_errors.append(f"{m['method']} {m['path']}")
        elif status.startswith("4") and (len(client) < 10_000 or m["path"] in client):
            client[m["path"]] += 1
    total = sum(statuses.values())
    if total < 3:
        return Facts()
    parts = [f"{n} returned {status}" for status, n in sorted(statuses.items(), key=lambda kv: (-int(kv[0][0] == "5"), -int(kv[0][0] == "4"), kv[0]))]
    facts.highlights.append(f"{total} requests: " + ", ".join(parts))
    if server_errors:
        facts.errors.insert(0, clip(f"{plural(n_server_errors, 'server error')} (5xx): " + ", ".join(server_errors), 240))
    if client:
        facts.highlights.append(clip("4xx paths: " + ", ".join(f"{p} ({n})" for p, n in client.most_common(4)), 160))
    return facts
