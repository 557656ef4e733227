"""When a crontab's jobs run: "when does the cleanup job in deploy/crontab run?". One read-only `grep -n` of the job's
lines (those naming a word of the request, else every entry), and each line's five time fields put in words (only the
forms read exactly: numbers, names, `*`, steps, lists and ranges, @daily and the like; anything else is quoted).

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
    r"""A crontab by its path: a name with `crontab` in it, a `*.cron`, or any file in a `cron.d` folder.

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


_DOW_NAMES = {n[:3].upper(): i for i, n in enumerate(_DAYS[:7])}
_MONTH_NAMES = {n[:3].upper(): i for i, n in enumerate(_MONTHS) if n}
_ITEM = re.compile(r"(\*|\w+)(?:-(\w+))?(?:/(\d+))?")


def _values(text: str, lo: int, hi: int, names: dict[str, int] | None = None) -> tuple[list[int], bool] | None:
    """A field's values (`*/15`, `1-5`, `MON-FRI`, `9-17/2`, `1,15`, `5/10`) and whether it is a step; None when not read
    exactly (then the field is quoted)."""
    found, stepped = [], False

    def number(word: str) -> int | None:
        value = names.get(word.upper()) if names and not word.isdigit() else int(word) if word.isdigit() else None
        return value if value is not None and lo <= value <= hi else None

    for piece in text.split(","):
        m = _ITEM.fullmatch(piece)
        if not m:
            return None
        a, b = (lo, hi) if m.group(1) == "*" else (number(m.group(1)), None)
        if m.group(1) != "*":
            b = number(m.group(2)) if m.group(2) else (hi if m.group(3) else a)
        if a is None or b is None or a > b or (m.group(1) == "*" and m.group(2)) or m.group(3) == "0":
            return None
        stepped = stepped or bool(m.group(3))
        found += range(a, b + 1, int(m.group(3) or 1))
    return sorted(set(found)), stepped


def _runs(values: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for v in values:
        runs[-1:] = [(runs[-1][0], v)] if runs and runs[-1][1] == v - 1 else runs[-1:] + [(v, v)]
    return runs


def _listed(values: list[int], show=str) -> str:
    return ", ".join(show(a) if a == b else f"{show(a)}-{show(b)}" for a, b in _runs(values))


def _step(text: str) -> int | None:
    m = re.fullmatch(r"(?:\*|\d+(?:-\d+)?)/(\d+)", text)
    return int(m.group(1)) if m else None


def _times(minute: str, hour: str) -> str | None:
    read_m, read_h = _values(minute, 0, 59), _values(hour, 0, 23)
    if read_m is None or read_h is None:
        return None
    (mins, _), (hours, _) = read_m, read_h
    every_hour, hhmm = hour == "*", (lambda h, m: f"{h:02d}:{m:02d}")
    if len(mins) * len(hours) <= 4:
        return "at " + ", ".join(hhmm(h, m) for h in hours for m in mins)
    if minute == "*" or _step(minute):
        what = "every minute" if minute == "*" else f"every {_step(minute)} minutes"
        if every_hour:
            return what if minute == "*" or mins[0] == 0 else f"{what} from minute {mins[0]} of each hour"
        if len(_runs(hours)) == 1:
            return f"{what} from {hhmm(hours[0], mins[0])} to {hhmm(hours[-1], mins[-1])}"
        return f"{what} during hours {_listed(hours)}"
    if len(mins) == 1:
        if every_hour:
            return f"every hour at minute {mins[0]}"
        if _step(hour):
            return f"every {_step(hour)} hours at minute {mins[0]} ({hhmm(hours[0], mins[0])} to {hhmm(hours[-1], mins[0])})"
        return f"at minute {mins[0]} of hours {_listed(hours)}"
    return f"at minutes {_listed(mins)} of " + ("every hour" if every_hour else f"hours {_listed(hours)}")


def _days(dom: str, dow: str) -> str | None:
    by_month = None if dom == "*" else _values(dom, 1, 31)
    by_week = None if dow == "*" else _values(dow, 0, 7, _DOW_NAMES)
    if (dom != "*" and by_month is None) or (dow != "*" and by_week is None):
        return None
    said = []
    if by_month:
        days, stepped = by_month
        said.append(f"every {_step(dom)} days of the month from day {days[0]} ({_listed(days[:4])}, …)" if stepped and len(days) > 6
                    else f"on day {_listed(days)} of the month")
    if by_week:
        week = sorted({d % 7 for d in by_week[0]})
        said.append("on " + _listed(week, lambda n: _DAYS[n]))
    if len(said) == 2:  # cron runs when either day field matches
        return f"{said[0]} and also {said[1]}"
    return said[0] if said else "every day"


def describe(spec: str) -> str:
    if spec.startswith("@"):
        return _NAMED.get(spec.lower(), f"`{spec}`")
    minute, hour, dom, month, dow = spec.split()
    when, days = _times(minute, hour), _days(dom, dow)
    months = _values(month, 1, 12, _MONTH_NAMES) if month != "*" else ([], False)
    if when is None or days is None or months is None:
        return f"`{spec}` (minute hour day-of-month month day-of-week)"
    if "every" in when and days == "every day":  # "every 10 minutes", not "… every day"
        days = ""
    in_months = f" in {_listed(months[0], lambda n: _MONTHS[n])}" if months[0] else ""
    return f"{when} {days}{in_months}".replace("  ", " ").strip()


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
