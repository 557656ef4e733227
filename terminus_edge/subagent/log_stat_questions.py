"""Questions that count or time a log's lines, each answered by one read-only Python script over the named log; the
script prints the answer's lines and the report passes them on:

    failed_logins_plan  "which IPs have the most failed SSH logins in logs/auth.log?" -> sshd's `Failed password /
                        publickey for [invalid user] U from IP` lines per address (the `Invalid user` line before
                        each is not a second attempt), with the users tried
    per_hour_plan       "at what hour did errors peak in logs/app.log?" -> error lines (or warnings, when asked) per
                        clock hour, busiest first
    endpoint_time_plan  "which endpoint is slowest on average in logs/access.log?" -> a timed access log's requests per
                        path (query string dropped): mean, max, count; the time is `request_time=` / `rt=` / `duration=`
                        or else the line's last field when it is a number, as logged
    run_time_plan       "how long did the last backup in logs/backup.log take?" -> the last run (from its last `start…`
                        line to the next start or the end), and the step between two lines that took longest
    log_stat_reports(records) -> [str]
"""

from __future__ import annotations

import re
from pathlib import Path

from terminus_edge.subagent.log_questions import LOG_FILE
from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_script, script_lines
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_FAILED_LOGINS = re.compile(r"\bfailed\s+(?:ssh\s+|sshd?\s+)?(?:log[\s-]?ins?|login\s+attempts|passwords?|authentications?)\b|"
                            r"\b(?:brute[\s-]?force|invalid\s+users?)\b", re.I)
_PER_HOUR = re.compile(r"\b(?:what|which)\s+hour\b|\bper\s+hour\b|\bby\s+hour\b|\bhourly\b|\b(?:peak(?:ed)?|spike[sd]?)\b", re.I)
_ERRORS_OR_WARNINGS = re.compile(r"\b(errors?|exceptions?|failures?|warnings?)\b", re.I)
_ENDPOINT_TIME = re.compile(r"\b(?:slowest|fastest|average|mean|latency|response\s+times?|request\s+times?|how\s+long)\b"
                            r"[^.?!\n]{0,60}\b(?:endpoints?|paths?|routes?|urls?|pages?|requests?)\b|\b(?:endpoints?|paths?|routes?|"
                            r"urls?)\b[^.?!\n]{0,40}\b(?:slowest|fastest|on\s+average|latency|response\s+times?)\b", re.I)
_RUN_TIME = re.compile(r"\bhow\s+long\s+did\b[^?!\n]{0,80}?\b(?:take|run|last)\b|\b(?:duration|run\s*time|elapsed\s+time)\s+of\b|"
                       r"\bwhich\s+(?:stage|step|phase)\s+took\s+(?:the\s+)?longest\b", re.I)

FAILED_LOGINS = (
    "import collections, re, sys\n# failed logins per address\n"
    "fail = re.compile(r\"Failed (?:password|publickey|keyboard-interactive\\S*|none) for (?:invalid user )?(\\S+) from (\\S+)\")\n"
    "ips, users = collections.Counter(), collections.defaultdict(collections.Counter)\n"
    "for line in open(sys.argv[1], encoding=\"utf-8\", errors=\"replace\"):\n"
    "    m = fail.search(line)\n    if m: ips[m.group(2)] += 1; users[m.group(2)][m.group(1)] += 1\n"
    "print(f\"{sum(ips.values())} failed logins from {len(ips)} addresses (sshd Failed lines)\")\n"
    "for ip, k in ips.most_common(10): print(f\"{ip}: {k} failed logins (users tried: \" + \", \".join(u for u, _ in users[ip].most_common(5)) + \")\")\n")

PER_HOUR = (
    "import collections, re, sys\n# lines per clock hour\nwant = re.compile(sys.argv[2])\n"
    "stamps = [re.compile(r\"(\\d{4}-\\d\\d-\\d\\d)[T ](\\d\\d):\\d\\d\"), re.compile(r\"\\[(\\d\\d/\\w{3}/\\d{4}):(\\d\\d):\"),\n"
    "          re.compile(r\"^(\\w{3} +\\d+) (\\d\\d):\\d\\d\")]\nhours, n = collections.Counter(), 0\n"
    "for line in open(sys.argv[1], encoding=\"utf-8\", errors=\"replace\"):\n"
    "    if not want.search(line[:120]): continue\n    n += 1\n"
    "    m = next((m for rx in stamps for m in [rx.search(line)] if m), None)\n"
    "    if m: hours[f\"{m.group(1)} {m.group(2)}:00-{m.group(2)}:59\"] += 1\n"
    "print(f\"{n} {sys.argv[3]} lines in {len(hours)} clock hours\")\n"
    "for h, k in hours.most_common(5): print(f\"{h}: {k} {sys.argv[3]} lines\")\n")
_WANTED = {"error": r"\b(ERROR|ERR|CRITICAL|CRIT|FATAL|SEVERE|PANIC|EMERG|ALERT)\b|\blevel=\"?(error|fatal|critical)\b",
           "warning": r"\b(WARN|WARNING)\b|\blevel=\"?warn"}

ENDPOINT_TIME = (
    "import collections, re, sys\n# request times per path\nreq = re.compile(r\"\\x22[A-Z]+ (\\S+) [^\\x22]*\\x22\")\n"
    "key = re.compile(r\"\\b(?:request_time|rt|duration|took|elapsed)[=:]\\x22?(\\d+(?:\\.\\d+)?)\")\n"
    "times = collections.defaultdict(list)\n"
    "for line in open(sys.argv[1], encoding=\"utf-8\", errors=\"replace\"):\n"
    "    m = req.search(line)\n    if not m: continue\n    k = key.search(line); last = line.split()[-1] if line.split() else \"\"\n"
    "    t = k.group(1) if k else last if re.fullmatch(r\"\\d+(?:\\.\\d+)?\", last) else None\n"
    "    if t is not None: times[m.group(1).split(\"?\")[0]].append(float(t))\n"
    "ranked = sorted(times.items(), key=lambda kv: -sum(kv[1]) / len(kv[1]))\n"
    "print(f\"{sum(map(len, times.values()))} timed requests to {len(times)} paths (time as logged)\")\n"
    "for p, ts in ranked[:8]: print(f\"{p}: mean {sum(ts) / len(ts):.3f}, max {max(ts):.3f} over {len(ts)} requests\")\n")

RUN_TIME = (
    "import datetime as dt, re, sys\n# duration of the last run\n"
    "iso = re.compile(r\"(\\d{4}-\\d\\d-\\d\\d)[T ](\\d\\d:\\d\\d:\\d\\d)\")\nstart = re.compile(r\"\\b(start(?:ing|ed|s)?|begin(?:ning|s)?)\\b\", re.I)\n"
    "rows = []\nfor line in open(sys.argv[1], encoding=\"utf-8\", errors=\"replace\"):\n"
    "    m = iso.search(line)\n    if m: rows.append((dt.datetime.fromisoformat(m.group(1) + \" \" + m.group(2)), line[m.end():].strip(\" Z\\n\")))\n"
    "def took(s):\n    s = int(s); h, m = divmod(s // 60, 60)\n"
    "    return (f\"{h} h \" if h else \"\") + (f\"{m} min \" if h or m else \"\") + f\"{s % 60} s\"\n"
    "starts = [i for i, (_, text) in enumerate(rows) if start.search(text)] or [0]\n"
    "if not rows: print(\"no timestamped lines\"); sys.exit(0)\n"
    "run = rows[starts[-1]:]\nspan = (run[-1][0] - run[0][0]).total_seconds()\n"
    "print(f\"last run: {run[0][0]} -> {run[-1][0]}, took {took(span)} ({int(span)} s); {len(starts)} runs in the log\")\n"
    "gaps = [((b[0] - a[0]).total_seconds(), a[1], b[1]) for a, b in zip(run, run[1:])]\n"
    "if gaps:\n    g = max(gaps)\n    print(f\"longest step: {g[1][:100]!r} took {took(g[0])}, until {g[2][:80]!r}\")\n"
    "for i, j in zip(starts[:-1], starts[1:]): print(f\"earlier run {rows[i][0]}: {took((rows[j - 1][0] - rows[i][0]).total_seconds())}\")\n")
_MARKS = ("# failed logins per address", "# lines per clock hour", "# request times per path", "# duration of the last run")


def _log(query: str, cwd: Path) -> str | None:
    return next((p for p in named_paths(query, cwd) if is_file(cwd / p) and LOG_FILE.search(p)), None)


def failed_logins_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    log = _log(query, cwd) if _FAILED_LOGINS.search(query) else None
    return [planned(python_script(FAILED_LOGINS, log), "info", f"count the failed logins of {log} per address")] if log else []


def per_hour_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    what = _ERRORS_OR_WARNINGS.search(query)
    log = _log(query, cwd) if what and _PER_HOUR.search(query) else None
    if not log:
        return []
    kind = "warning" if what.group(1).lower().startswith("warn") else "error"
    return [planned(python_script(PER_HOUR, log, _WANTED[kind], kind), "info", f"count the {kind} lines of {log} per clock hour")]


def endpoint_time_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    log = _log(query, cwd) if _ENDPOINT_TIME.search(query) else None
    return [planned(python_script(ENDPOINT_TIME, log), "info", f"average the request times of {log} per path")] if log else []


def run_time_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    log = _log(query, cwd) if _RUN_TIME.search(query) else None
    return [planned(python_script(RUN_TIME, log), "info", f"time the last run in {log} and its longest step")] if log else []


def log_stat_reports(records: list[CommandRecord]) -> list[str]:
    return ["; ".join(lines[:12]) + "." for r in records if (lines := script_lines(r, _MARKS))]
