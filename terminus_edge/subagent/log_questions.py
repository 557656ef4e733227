"""Questions about a log file the request names, each answered by one read-only command a user can re-run, with the
answer sentence read off its output.

    log_tail_plan     "what do the last 5 lines of logs/worker.log say?" -> tail -n 5 FILE
    access_log_plan   "which 3 client IPs sent the most requests? how many 5xx?" -> per-client and per-status counts
                      of an access log (common / combined log format)
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
_LOG_FILE = re.compile(r"\.(?:log|out|err|txt)(?:\.\d+)?$|(?:^|/)logs?/", re.I)
MAX_TAIL = 200
DEFAULT_TAIL = 20


def log_tail_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _LAST.search(query)
    if not match:
        return []
    files = [p for p in named_paths(query, cwd) if is_file(cwd / p) and _LOG_FILE.search(p)]
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
# one line per client ("N requests from IP") and per status class ("N responses with a 5xx status"), computed by
# Python over the common / combined log format: `IP ident user [date] "request" status size ...`
ACCESS_COUNT = (
    "import collections, re, sys\nline = re.compile(r\"^(\\S+) \\S+ \\S+ \\[[^\\]]*\\] \\x22[^\\x22]*\\x22 (\\d{3}) \")\n"
    "clients, classes, codes, n, other = collections.Counter(), collections.Counter(), collections.Counter(), 0, 0\n"
    "for text in open(sys.argv[1], encoding=\"utf-8\", errors=\"replace\"):\n"
    "    m = line.match(text)\n    if not m:\n        other += text.strip() != \"\"; continue\n"
    "    n += 1; clients[m.group(1)] += 1; classes[m.group(2)[0] + \"xx\"] += 1; codes[m.group(2)] += 1\n"
    "print(f\"{n} requests from {len(clients)} clients ({other} other lines)\")\n"
    "for ip, k in clients.most_common(int(sys.argv[2])): print(f\"{k} requests from {ip}\")\n"
    "for c in sorted(classes): print(f\"{classes[c]} responses with a {c} status: \" + \", \".join(f\"{s} x{codes[s]}\" "
    "for s in sorted(codes) if s[0] == c[0]))\n")


_ACCESS_MARK = "clients, classes, codes, n, other"


def access_log_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not ((_CLIENTS.search(query) and _RANKED.search(query)) or re.search(r"\b[1-5]xx\b", query, re.I)):
        return []
    files = [p for p in named_paths(query, cwd) if is_file(cwd / p) and _LOG_FILE.search(p)]
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
    if classes:
        said += " By status: " + ", ".join(f"{c}: {k}" for k, c in classes) + "."
        errors = next((k for k, c in classes if c == "5xx"), "0")
        said += f" {errors} responses were 5xx server errors."
    return said
