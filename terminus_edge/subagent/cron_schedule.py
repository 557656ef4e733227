"""When a crontab's jobs run: "when does the cleanup job in deploy/crontab run?". One read-only `grep -n` of the job's
lines (those naming a word of the request, else every entry), and each line's five time fields put in words (only the
forms read exactly: numbers, `*`, `*/N`, lists and ranges, @daily and the like; anything else is quoted as written).

    cron_plan(query, cwd) -> [PlannedCommand]
    cron_report(records) -> str
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_ASKS = re.compile(r"\b(?:when|what\s+time|how\s+often|schedule[ds]?|which\s+days?|what\s+days?)\b", re.I)
_NAME = re.compile(r"[\w.-]+")


def _is_cron_file(path: str) -> bool:
    """A crontab by its path: a name with `crontab` in it, a `*.cron`, or any file in a `cron.d` folder.

    (A function, not one regex: `[\w.-]*crontab[\w.-]*$` tried at each start backtracks quadratically.)"""
    parts = path.lower().rsplit("/", 2)
    name, parent = parts[-1], parts[-2] if len(parts) > 1 else ""
    return bool(_NAME.fullmatch(name)) and ("crontab" in name or name.endswith(".cron") or parent == "cron.d")
_STOP = {"when", "does", "what", "time", "which", "days", "there", "this", "that", "with", "from", "into", "often", "crontab",
         "cron", "deploy", "schedule", "scheduled", "job", "jobs", "task", "tasks", "run", "runs", "entry", "line", "file"}
_ENTRY = re.compile(r"^(\d+):\s*(@\w+|(?:\S+\s+){4}\S+)\s+(.+)$")
_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_NAMED = {"@yearly": "once a year (Jan 1, 00:00)", "@annually": "once a year (Jan 1, 00:00)",
          "@monthly": "monthly (day 1, 00:00)", "@weekly": "weekly (Sunday 00:00)", "@daily": "daily at 00:00",
          "@midnight": "daily at 00:00", "@hourly": "every hour at minute 0", "@reboot": "at boot"}


def cron_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _ASKS.search(query):
        return []
    files = [p for p in named_paths(query, cwd) if _is_cron_file(p) and is_file(cwd / p)]
    if not files:
        return []
    try:
        text = (cwd / files[0]).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    words = [w for w in re.findall(r"[A-Za-z][\w-]{3,}", query) if w.lower() not in _STOP and w not in files[0]]
    jobs = [w for w in words if any(w.lower() in line.lower() for line in text.splitlines() if not line.lstrip().startswith("#"))]
    pattern = f"-e {shlex.quote(jobs[0])}" if jobs else "-Ev '^[[:space:]]*(#|$|[A-Za-z_]+=)'"
    return [planned(f"grep -n {pattern} {shlex.quote(files[0])}", "search", f"show the crontab lines of {jobs[0] if jobs else 'every job'}")]


def _field(text: str, names: list[str] | None = None) -> str | None:
    parts = []
    for piece in text.split(","):
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", piece)
        if not m:
            return None
        a, b = int(m.group(1)), m.group(2)
        if names and (a >= len(names) or (b and int(b) >= len(names))):
            return None
        show = (lambda n: names[n]) if names else str
        parts.append(f"{show(a)}-{show(int(b))}" if b else show(a))
    return ", ".join(parts)


def describe(spec: str) -> str:
    if spec.startswith("@"):
        return _NAMED.get(spec, f"`{spec}`")
    minute, hour, dom, month, dow = spec.split()
    when = None
    if minute.isdigit() and hour.isdigit():
        when = f"at {int(hour):02d}:{int(minute):02d}"
    elif re.fullmatch(r"\*/\d+", minute) and hour == "*":
        when = f"every {minute[2:]} minutes"
    elif minute.isdigit() and hour == "*":
        when = f"every hour at minute {minute}"
    elif minute.isdigit() and _field(hour):
        when = f"at minute {minute} of hours {_field(hour)}"
    days = "every day" if dom == "*" and dow == "*" else None
    if dow != "*" and dom == "*" and _field(dow, _DAYS):
        days = f"on {_field(dow, _DAYS)}"
    elif dom != "*" and dow == "*" and _field(dom):
        days = f"on day {_field(dom)} of the month"
    months = "" if month == "*" else f" in {_field(month, _MONTHS)}" if _field(month, _MONTHS) else None
    if when is None or days is None or months is None:
        return f"`{spec}` (minute hour day-of-month month day-of-week)"
    if when.startswith("every") and days == "every day":  # "every 10 minutes", not "… every day"
        days = ""
    return f"{when} {days}{months}".replace("  ", " ").strip()


def cron_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.command.startswith("grep -n ") and r.exit_code == 0
                   and _is_cron_file(r.command.rsplit(" ", 1)[-1].strip("'"))), None)
    if record is None:
        return ""
    path = record.command.rsplit(" ", 1)[-1].strip("'")
    said = []
    for line in record.output.splitlines():
        m = _ENTRY.match(line.strip())
        if m and not m.group(2).lstrip().startswith("#") and "=" not in m.group(2).split()[0]:
            said.append(f"{path}:{m.group(1)} `{m.group(3).strip()[:120]}` runs {describe(m.group(2))} (`{m.group(2)}`)")
    return "; ".join(said) + "." if said else ""
