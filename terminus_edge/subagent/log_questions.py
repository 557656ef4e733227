"""Questions about a log file the request names, each answered by one read-only command a user can re-run, with the
answer sentence read off its output.

    log_tail_plan     "what do the last 5 lines of logs/worker.log say?" -> tail -n 5 FILE
    access_log_plan   "which 3 client IPs sent the most requests? how many 5xx?" -> per-client, per-status and per-path
                      counts of an access log (common / combined, HAProxy, JSON lines such as Caddy's, key=value)
    log_reports(query, records) -> [str]
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_script
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "twenty": 20, "fifty": 50}
_LAST = re.compile(r"\b(?:last|final|latest|bottom|tail(?:\s++of)?)\s++(?:(?:(\d{1,4})|(" + "|".join(_NUMBER_WORDS) +
                   r"))\s++)?(?:log\s++)?(?:lines?|entries|messages|records)\b", re.I)
LOG_FILE = re.compile(r"\.(?:log|out|err|txt|jsonl|ndjson)(?:\.\d+)?$|(?:^|/)logs?/", re.I)
MAX_TAIL = 200
DEFAULT_TAIL = 20


def log_tail_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _LAST.search(query)
    if not match:
        return []
    files = [p for p in named_paths(query, cwd) if is_file(cwd / p) and LOG_FILE.search(p)]
    if not files:
        return []
    count = int(match.group(1)) if match.group(1) else _NUMBER_WORDS.get((match.group(2) or "").lower(), DEFAULT_TAIL)
    count = max(1, min(count, MAX_TAIL))
    return [planned(f"tail -n {count} {shlex.quote(f)}", "info", f"show the last {count} lines of {f}") for f in files[:2]]


_CLIENTS = re.compile(r"\b(?:IPs?|IP\s+address(?:es)?|clients?|hosts?|visitors?|remote\s+address(?:es)?)\b", re.I)
_RANKED = re.compile(r"\b(?:most|top|busiest|heaviest|biggest|frequent|how\s+many\s+requests)\b", re.I)
_STATUSES = re.compile(r"\b(?:[1-5]xx|[1-5]\d\d|status(?:es)?(?:\s+codes?)?|errors?|responses?)\b", re.I)
_TOP = re.compile(r"\b(?:top|first|most\s+active)?\s*(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s+(?:client\s+|remote\s+)?"
                  r"(?:IPs?|IP\s+address(?:es)?|clients?|hosts?|addresses|visitors?)\b", re.I)
# One line per client ("N requests from IP"), per status class ("N responses with a 5xx status") and, for 4xx / 5xx, per
# path ("5xx by path: /api x7"), computed by Python over whichever of these a line is: the common / combined log format
# (`IP ident user [date] "request" status …`), HAProxy's HTTP log (`IP:port [date] frontend backend/server timers
# status …`; a last quoted field holding an IP list is X-Forwarded-For: its first address is the client), a JSON object (Caddy, Traefik, nginx escape=json: the client, status and path keys, nested or not) or
# key=value pairs (an nginx or Apache custom format: client=…, status=…, request="…").
ACCESS_COUNT = (
    "import collections, ipaddress, json, re, sys\nclf = re.compile(r\"^(\\S+) \\S+ \\S+ \\[[^\\]]*\\] \\x22([^\\x22]*)\\x22 (\\d{3})\\b\")\n"
    "hap = re.compile(r\"\\s(\\S+?):\\d+ \\[[^\\]]*\\] \\S+ \\S+ [-+\\d]+(?:/[-+\\d]+){3,4} (\\d{3}) [^\\x22]*\\x22([^\\x22]*)\")\n"
    "pairs = re.compile(r\"\\b(\\w+)=(\\x22[^\\x22]*\\x22|\\S+)\")\n"
    "ips = (\"remote_ip\", \"client_ip\", \"remote_addr\", \"client\", \"clientip\", \"ip\", \"remote_host\", \"client_addr\", \"src_ip\", \"clienthost\")\n"
    "statuses = (\"status\", \"status_code\", \"statuscode\", \"response_status\", \"downstreamstatus\")\n"
    "paths = (\"uri\", \"path\", \"request_uri\", \"url\", \"requestpath\", \"request\")\n"
    "def pick(d, keys):\n    for k in keys:\n        v = d.get(k)\n"
    "        if v not in (None, \"\") and not isinstance(v, (dict, list)): return str(v)\n"
    "    return next((f for v in d.values() if isinstance(v, dict) for f in [pick(v, keys)] if f), None)\n"
    "peers = collections.Counter()\ndef forwarded(text, peer):\n"
    "    quoted = re.findall(r\"\\x22([^\\x22]*)\\x22\", text)\n    first = quoted[-1].split(\",\")[0].strip() if len(quoted) > 1 else \"\"\n"
    "    try: ipaddress.ip_address(first)\n    except ValueError: return peer\n    peers[peer] += 1; return first\n"
    "def parse(text):\n    m = clf.match(text) or hap.search(text)\n"
    "    if m: return (forwarded(text, m.group(1)), m.group(3), m.group(2)) if m.re is clf else m.groups()\n"
    "    try: d = json.loads(text) if text.startswith(\"{\") else None\n    except ValueError: d = None\n"
    "    if not isinstance(d, dict): d = {k.lower(): v.strip(chr(34)) for k, v in pairs.findall(text)}\n"
    "    d = {k.lower(): v for k, v in d.items()}\n    s = pick(d, statuses)\n"
    "    return (pick(d, ips) or \"-\", s, pick(d, paths) or \"\") if s and re.fullmatch(r\"\\d{3}\", s) else None\n"
    "clients, classes, codes, where, n, other = (collections.Counter(), collections.Counter(), collections.Counter(), "
    "collections.defaultdict(collections.Counter), 0, 0)\n"
    "for text in open(sys.argv[1], encoding=\"utf-8\", errors=\"replace\"):\n    got = parse(text.strip())\n"
    "    if not got:\n        other += text.strip() != \"\"; continue\n    ip, status, path = got\n"
    "    path = (path.split()[1] if len(path.split()) > 1 else path).split(\"?\")[0]\n"
    "    n += 1; clients[ip] += 1; classes[status[0] + \"xx\"] += 1; codes[status] += 1; where[status[0] + \"xx\"][path] += 1\n"
    "print(f\"{n} requests from {len(clients)} clients ({other} other lines)\")\n"
    "if peers: print(f\"client = the first X-Forwarded-For address on {sum(peers.values())} lines; connecting peers: \" + \", \".join(p for p, _ in peers.most_common()))\n"
    "for ip, k in clients.most_common(int(sys.argv[2])): print(f\"{k} requests from {ip}\")\n"
    "for c in sorted(classes): print(f\"{classes[c]} responses with a {c} status: \" + \", \".join(f\"{s} x{codes[s]}\" "
    "for s in sorted(codes) if s[0] == c[0]))\n"
    "for c in (\"4xx\", \"5xx\"):\n    if where[c]: print(f\"{c} by path: \" + \", \".join(f\"{p} x{k}\" for p, k in where[c].most_common(8)))\n")


_ACCESS_MARK = "clients, classes, codes, where, n, other"


def access_log_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not ((_CLIENTS.search(query) and _RANKED.search(query)) or re.search(r"\b[1-5]xx\b", query, re.I)):
        return []
    files = [p for p in named_paths(query, cwd) if is_file(cwd / p) and LOG_FILE.search(p)]
    if not files or not _STATUSES.search(query) and not _CLIENTS.search(query):
        return []
    top = _TOP.search(query)
    count = (int(top.group(1)) if top.group(1).isdigit() else _NUMBER_WORDS[top.group(1).lower()]) if top else 10
    return [planned(python_script(ACCESS_COUNT, files[0], max(1, min(count, 50))),
                    "info", f"count the requests of {files[0]} per client (the {count} busiest) and per status class")]


_LEVEL = re.compile(r"\b(FATAL|CRITICAL|PANIC|ERROR|ERR|SEVERE|Traceback|Exception|exit(?:ed|ing)?\s+with\s+(?:code|status)"
                    r"\s+[1-9]\d*)\b", re.I)
_CLEAN = re.compile(r"\b(?:cleanly|clean(?:\s+(?:shutdown|stop|exit))?|gracefully|crash(?:ed)?|died|healthy|ok)\b", re.I)


def log_reports(query: str, records: list[CommandRecord]) -> list[str]:
    out = []
    for record in records:
        if record.refused or record.exit_code != 0:
            continue
        if record.command.startswith("tail -n ") and record.kind == "info":
            out.append(_tail(query, record))
        elif _ACCESS_MARK in record.command:
            out.append(_access(record))
    return [o for o in out if o]


def _tail(query: str, record: CommandRecord) -> str:
    lines = [line.strip() for line in record.output.splitlines() if line.strip()]
    if not lines:
        return "The file is empty: tail printed nothing."
    bad = [line for line in lines if _LEVEL.search(line)]
    if not bad:
        return f"None of the last {len(lines)} lines is an error (no ERROR / FATAL / non-zero exit); the last: {lines[-1][:200]}"
    lead = "It did not stop cleanly, by its own log: " if _CLEAN.search(query) else ""
    return (f"{lead}{len(bad)} of the last {len(lines)} lines report errors: " + " | ".join(b[:200] for b in bad[-4:])
            + f". The last line: {lines[-1][:200]}")


def _access(record: CommandRecord) -> str:
    head = re.search(r"^(\d+) requests from (\d+) clients", record.output, re.M)
    if not head:
        return ""
    top = re.findall(r"^(\d+) requests from (\S+)$", record.output, re.M)
    classes = re.findall(r"^(\d+) responses with a (\dxx) status", record.output, re.M)
    said = f"{head.group(1)} requests from {head.group(2)} clients. Busiest: " + ", ".join(
        f"{ip} ({k} requests)" for k, ip in top) + "."
    proxied = re.search(r"^client = the first X-Forwarded-For address on (\d+) lines; connecting peers: (.+)$", record.output, re.M)
    if proxied:
        said += (f" The client is the first X-Forwarded-For address (the last quoted field) on {proxied.group(1)} lines; "
                 f"the connecting peers there were {proxied.group(2)} (proxies).")
    if classes:
        said += " By status: " + ", ".join(f"{c}: {k}" for k, c in classes) + "."
        errors = next((k for k, c in classes if c == "5xx"), "0")
        said += f" {errors} responses were 5xx server errors."
    for status, paths in re.findall(r"^([45]xx) by path: (.+)$", record.output, re.M):
        said += f" Paths with {status} responses, most first: " + ", ".join(
            f"{p} ({k})" for p, k in re.findall(r"(?<!\S)(\S*) x(\d+)(?:, |$)", paths)) + "."
    return said
