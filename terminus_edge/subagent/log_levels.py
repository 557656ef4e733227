"""A log's entries counted by level, and its errors grouped by where they came from: "how many ERROR and WARNING lines
does logs/app.log have? which error shows up most?", "which units logged errors in journal.json?". One read-only
command a user can re-run (a Python one-liner over the file), the answer sentence read off its output.

    log_levels_plan(query, cwd) -> [PlannedCommand]
    log_levels_report(records) -> str

A line's level is the first upper-case level word near its start (Python logging, log4j, java.util.logging,
Python's default `ERROR:name:msg`, whose logger name is the source; log4j / logback's `LEVEL [thread] a.b.Class -
msg`, whose class is) or a `level=` pair (logfmt, slog), or in a JSON line its syslog PRIORITY (a `journalctl -o json` export) or its level / severity key.
Continuation lines (a traceback's) have no level and are not counted. Messages are grouped with their digits folded,
so "timeout (order=1040)" and "timeout (order=1041)" are one message; one real message is shown for each group.
"""

from __future__ import annotations

import re
from pathlib import Path

from terminus_edge.subagent.log_questions import LOG_FILE
from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_script
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_LEVEL_WORDS = re.compile(r"\b(?:errors?|warn(?:ing)?s?|critical|fatal|debug|info|priority|priorities|severity|"
                          r"(?:log\s+)?levels?)\b", re.I)
_COUNTED = re.compile(r"\b(?:how\s+many|count|number\s+of|which|what\s+(?:did|do|does|were|was|are|is)|"
                      r"most\s+(?:often|frequent|common)|per\s+(?:level|unit|logger|service)|break\s*down)\b", re.I)
LEVELS_COUNT = (
    "import collections, json, re, sys\n"
    "syslog = [\"emerg\", \"alert\", \"crit\", \"err\", \"warning\", \"notice\", \"info\", \"debug\"]\n"
    "rank = {\"emerg\": 0, \"alert\": 1, \"crit\": 2, \"critical\": 2, \"fatal\": 2, \"panic\": 0, \"err\": 3, \"error\": 3, "
    "\"severe\": 3, \"warning\": 4, \"warn\": 4, \"notice\": 5, \"info\": 6, \"debug\": 7, \"trace\": 7}\n"
    "word = re.compile(r\"\\blevel=\\x22?(\\w+)|\\b(EMERG|ALERT|CRIT|CRITICAL|FATAL|PANIC|ERR|ERROR|SEVERE|WARN|WARNING|NOTICE|INFO|DEBUG|TRACE)\\b\")\n"
    "where = re.compile(r\":([\\w.@-]{1,80}):(?=\\S)(.*)|(?:\\s*\\[[^\\]]{1,80}\\])?\\s+([A-Za-z_$][\\w$]*(?:\\.[\\w$]+)+)\\s+-\\s+(.*)|"
    "[\\s:|-]*(?:\\[([^\\]]{1,80})\\]|([\\w.@/-]{1,80}):\\s)?\\s*(.*)\")\n"
    "levels, sources, groups, seen, warned = collections.Counter(), collections.Counter(), collections.Counter(), {}, collections.Counter()\n"
    "for text in open(sys.argv[1], encoding=\"utf-8\", errors=\"replace\"):\n    text = text.strip()\n"
    "    try: e = json.loads(text) if text.startswith(\"{\") else None\n    except ValueError: e = None\n"
    "    if isinstance(e, dict):\n        p = str(e.get(\"PRIORITY\", \"\"))\n"
    "        level = syslog[int(p)] if p.isdigit() and int(p) < 8 else str(e.get(\"level\") or e.get(\"severity\") or e.get(\"levelname\") or \"\")\n"
    "        source = e.get(\"_SYSTEMD_UNIT\") or e.get(\"SYSLOG_IDENTIFIER\") or e.get(\"logger\") or e.get(\"name\") or e.get(\"service\") or \"-\"\n"
    "        message = str(e.get(\"MESSAGE\") or e.get(\"msg\") or e.get(\"message\") or \"\")\n"
    "    else:\n        m = word.search(text[:80])\n        if not m: continue\n"
    "        level, (py, pymsg, cls, clsmsg, a, b, message) = m.group(1) or m.group(2), where.match(text, m.end()).groups()\n"
    "        source, message = py or cls or a or b or \"-\", pymsg if py else clsmsg if cls else message\n"
    "    if level.lower() not in rank: continue\n    levels[level] += 1\n    warned[source] += rank[level.lower()] == 4\n"
    "    if rank[level.lower()] <= 3:\n        sources[source] += 1; key = (level, source, re.sub(r\"\\d+\", \"N\", message))\n"
    "        groups[key] += 1; seen.setdefault(key, message)\n"
    "print(f\"{sum(levels.values())} entries with a level: \" + \", \".join(f\"{k} {v}\" for k, v in sorted(levels.items(), key=lambda kv: rank[kv[0].lower()])))\n"
    "print(\"errors or worse by source: \" + (\", \".join(f\"{s} {k}\" for s, k in sources.most_common(10)) or \"(none)\"))\n"
    "print(\"warnings by source: \" + (\", \".join(f\"{s} {k}\" for s, k in warned.most_common(10) if k) or \"(none)\"))\n"
    "for (level, source, _), k in groups.most_common(10): print(f\"x{k} {level} {source}: {seen[(level, source, _)][:200]}\")\n")
_MARK = "errors or worse by source: "


def log_levels_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_LEVEL_WORDS.search(query) and _COUNTED.search(query)):
        return []
    files = [p for p in named_paths(query, cwd) if is_file(cwd / p) and LOG_FILE.search(p)]
    if not files:
        return []
    return [planned(python_script(LEVELS_COUNT, files[0]), "info",
                    f"count the entries of {files[0]} per level and group its errors by source and message")]


_GROUP = re.compile(r"^x(\d+) (\S+) (.+?): (.*)$", re.M)


def log_levels_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.exit_code == 0 and _MARK in r.command), None)
    if record is None:
        return ""
    head = re.search(r"^(\d+) entries with a level: (.*)$", record.output, re.M)
    if not head:
        return ""
    said = f"{head.group(1)} entries with a level: {head.group(2)}."
    by_source = re.search(r"^errors or worse by source: (.*)$", record.output, re.M)
    if by_source and by_source.group(1) != "(none)":
        said += f" Errors or worse by source: {by_source.group(1)}."
        said += " Most frequent: " + "; ".join(f"{level} {source}: {message} (x{k})"
                                                for k, level, source, message in _GROUP.findall(record.output)[:6]) + "."
    elif by_source:
        said += " No entry at error level or worse."
    warned = re.search(r"^warnings by source: (.*)$", record.output, re.M)
    if warned and warned.group(1) != "(none)":
        said += f" Warnings by source: {warned.group(1)}."
    return said
