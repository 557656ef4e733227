""""Does the CLI exit non-zero on bad input?": the program once per input the request names (and with a file that does
not exist, when it asks about one), each run its own command so each exit status is its own.

    exit_status_plan(query, cwd) -> [PlannedCommand]   [] when the request asks no such thing
    exit_status_report(records) -> str
        "Exit status per input: does-not-exist.csv (no such file): 0 (error: no such file: …); samples/bad.csv: 1
         (ValueError: …); samples/good.csv: 0 (total: 19.75)."
The program is the command the request spells out (`python3 -m csvsum FILE.csv`, placeholders dropped), else the
project's run command (detect.py).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge import shell_words

_ASKS_STATUS = re.compile(r"\bexit(?:s|ed|ing)?\s+(?:with\s+)?(?:a\s+)?(?:non-?zero|zero|status|code|1|0)\b|\bexit\s+(?:status|code)s?\b|"
                          r"\breturn\s+(?:code|status)s?\b|\bnon-?zero\b|\bexit\s*=", re.I)
_MISSING = re.compile(r"\b(?:(?:doesn't|does\s+not|don't|do\s+not)\s+exist|non-?existent|missing\s+(?:input\s+)?files?|"
                      r"no\s+such\s+file|not\s+(?:there|found))\b", re.I)
_SPELLED = re.compile(r"`([^`\n]{1,300})`|\((?:run\s+as\s+|i\.e\.\s+)?((?:python3?|node|ruby|perl|bash|sh|\./)[^\s()]{0,200}"
                     r"(?:\s+[^()\n]{1,300})?)\)")
_PLACEHOLDER = re.compile(r"^(?:<[^>]+>|\[[^\]]+\]|[A-Z][A-Z_]*(?:\.[A-Za-z0-9]+)?|\.\.\.)$")
MISSING_NAME = "does-not-exist"


def _program(query: str, cwd: Path) -> tuple[str, str]:
    """The program's words without placeholders, and the suffix a placeholder shows (FILE.csv -> .csv)."""
    candidates = [m.group(1) or m.group(2) for m in _SPELLED.finditer(query)]
    if not candidates:
        from terminus_edge.subagent.detect import detect

        candidates = detect(cwd).run[:1]
    for text in candidates:
        try:
            words = shell_words.split(text)
        except ValueError:
            continue
        if not words or not re.match(r"(?:python3?|node|ruby|perl|bash|sh|\./|[\w-]+$)", words[0]):
            continue
        kept = [w for w in words if not _PLACEHOLDER.match(w)]
        suffix = next((Path(w).suffix for w in words if _PLACEHOLDER.match(w) and Path(w).suffix), "")
        if kept:
            return " ".join(shlex.quote(w) for w in kept), suffix
    return "", ""


def exit_status_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _ASKS_STATUS.search(query):
        return []
    program, suffix = _program(query, cwd)
    if not program:
        return []
    inputs = [(query.find(p), p) for p in named_paths(query, cwd) if (cwd / p).is_file() and p not in program]
    missing = _MISSING.search(query)
    if missing:
        suffix = suffix or next((Path(p).suffix for _, p in inputs if Path(p).suffix), "")
        name = MISSING_NAME + suffix
        if not (cwd / name).exists():
            inputs.append((missing.start(), name))
    if not inputs:
        return []
    steps = []
    for _, text in sorted(inputs)[:5]:
        what = "a file that does not exist" if text.startswith(MISSING_NAME) else text
        steps.append(planned(f"{program} {shlex.quote(text)}", "run", f"run the program on {what} and see its exit status"))
    return steps


_ERROR = re.compile(r"^(?:\w+(?:\.\w+)*(?:Error|Exception)\b.*|.*\berror\b.*)$", re.M | re.I)


def exit_status_report(records: list[CommandRecord]) -> str:
    runs = [r for r in records if r.kind == "run" and r.ran]
    if len(runs) < 2 or len({r.command.rsplit(" ", 1)[0] for r in runs}) != 1:  # one program, several inputs
        return ""
    parts, quiet_errors = [], []
    for record in runs:
        target = shell_words.split(record.command)[-1]
        label = f"{target} (no such file)" if target.startswith(MISSING_NAME) else target
        lines = [line.strip() for line in record.output.splitlines() if line.strip()]
        errors = _ERROR.findall(record.output)
        said = (errors[-1] if errors else (lines[0] if lines else "no output")).strip()
        parts.append(f"{label}: {record.exit_code} ({said[:120]})")
        if record.exit_code == 0 and errors:
            quiet_errors.append(target)
    text = "Exit status per input: " + "; ".join(parts) + "."
    if quiet_errors:
        text += f" Exit status 0 although the output reports an error: {', '.join(quiet_errors)}."
    return text
