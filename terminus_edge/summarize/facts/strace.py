"""strace: the `-c` summary table (totals, the syscalls taking the most time, the ones that failed most) and a plain
trace's failed calls (`openat(AT_FDCWD, "app.cfg", O_RDONLY) = -1 ENOENT (No such file or directory)`), which are
usually what the trace was run to find."""

from __future__ import annotations

import re
from collections import Counter

from terminus_edge.summarize.facts.common import clip, iter_lines
from terminus_edge.summarize.facts.types import Facts

NAME = "strace"
COMMAND_RE = re.compile(r"(?:^|[;&|(]\s*)(?:[\w.~-]*/)*strace(?![\w./-])")
OUTPUT_RE = re.compile(r"^% time\s+seconds\s+usecs/call\s+calls\s+errors\s+syscall$", re.M)

ROW_RE = re.compile(r"^\s*(?P<pct>[\d.]+)\s+(?P<sec>[\d.]+)\s+(?:\d+\s+)?(?P<calls>\d+)\s+(?P<errors>\d+)?\s*(?P<name>\w+)$")
# `[pid 12] openat(AT_FDCWD, "/etc/app.cfg", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)`
FAILED_CALL_RE = re.compile(r'^(?:\[pid\s+\d+\]\s+|\d+\s+)?(?P<call>\w+)\((?P<args>.*)\)\s+= -1 (?P<errno>E[A-Z]+) \((?P<why>[^)]*)\)')
PATH_ARG_RE = re.compile(r'"([^"]*)"')
TOP = 3


def _table(text: str, facts: Facts) -> None:
    rows, total = [], None
    for line in text[OUTPUT_RE.search(text).end():].splitlines():
        row = ROW_RE.match(line)
        if not row:
            continue
        if row["name"] == "total":
            total = row
            break
        rows.append(row)
    if total:
        errors = f", {total['errors']} failed" if total["errors"] else ""
        facts.highlights.append(f"syscalls: {total['calls']} calls{errors}, {total['sec']} s in all")
    if rows:
        top = ", ".join(f"{r['name']} {r['pct']}% ({r['calls']} calls{', ' + r['errors'] + ' failed' if r['errors'] else ''})" for r in rows[:TOP])
        facts.highlights.append(f"most time: {top}")
        failing = sorted((r for r in rows if r["errors"]), key=lambda r: -int(r["errors"]))[:TOP]
        if failing:
            facts.highlights.append("most failures: " + ", ".join(f"{r['name']} {r['errors']} of {r['calls']}" for r in failing))


def _failed_calls(text: str, facts: Facts) -> None:
    failed: Counter = Counter()
    examples: dict[tuple[str, str], str] = {}
    for line in iter_lines(text):
        if "= -1 E" not in line:
            continue
        call = FAILED_CALL_RE.match(line)
        if not call:
            continue
        key = (call["call"], call["errno"])
        failed[key] += 1
        path = PATH_ARG_RE.search(call["args"])
        examples.setdefault(key, path.group(1) if path else "")
    for (name, errno), n in failed.most_common(4):
        example = f", e.g. {examples[(name, errno)]}" if examples[(name, errno)] else ""
        facts.highlights.append(clip(f"{n} failed {name} ({errno}){example}", 200))


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    if OUTPUT_RE.search(text):
        _table(text, facts)
    _failed_calls(text, facts)
    return facts
