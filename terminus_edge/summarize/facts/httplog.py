"""HTTP access logs (common/combined log format, uvicorn, werkzeug): status counts, 5xx requests."""

from __future__ import annotations

import re
from collections import Counter

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "http-log"
COMMAND_RE = re.compile(r"(?!)")  # recognized by the output alone
OUTPUT_RE = re.compile(r'"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+ HTTP/[\d.]+"\s+\d{3}\b|\b(?:GET|POST|PUT|PATCH|DELETE) /\S* (?:HTTP/[\d.]+ )?\d{3}\b')

REQUEST_RE = re.compile(r'"?(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (?P<path>\S+)(?: HTTP/[\d.]+)?"?\s+-?\s*(?P<status>[1-5]\d\d)\b')


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    requests = [m for m in REQUEST_RE.finditer(text)]
    if len(requests) < 3:
        return Facts()
    statuses = Counter(m["status"] for m in requests)
    parts = [f"{n} returned {status}" for status, n in sorted(statuses.items(), key=lambda kv: (-int(kv[0][0] == "5"), -int(kv[0][0] == "4"), kv[0]))]
    facts.highlights.append(f"{len(requests)} requests: " + ", ".join(parts))
    server_errors = [f"{m['method']} {m['path']}" for m in requests if m["status"].startswith("5")]
    if server_errors:
        facts.errors.insert(0, clip(f"{len(server_errors)} server errors (5xx): " + ", ".join(server_errors[:8]), 240))
    client = Counter(f"{m['path']}" for m in requests if m["status"].startswith("4"))
    if client:
        facts.highlights.append(clip("4xx paths: " + ", ".join(f"{p} ({n})" for p, n in client.most_common(4)), 160))
    return facts
