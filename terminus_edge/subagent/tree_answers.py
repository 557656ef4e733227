"""Answer sentences for tree_questions.py's commands, read off their output only.

    tree_reports(records) -> [str]   one sentence per question command that ran:
        "2 broken symlinks: bin/svc -> ../build/svc; docs/api.md -> ../api/README.md."
        "2 groups of identical files: assets/img/logo-old.png = assets/logo.png; docs/a.md = docs/b.md."
        "Conflict markers left in 2 files: src/pricing.py (lines 5, 7, 9); docs/CHANGELOG.md (lines 6, 8, 10)."
        "REPORTER_CACHE_DIR is read in src/reporter/config.py:8 (default DEFAULT_CACHE); … set (not read) in …"
    env_default_followup(records) -> PlannedCommand | None   the line that defines a default given by a constant's name
"""

from __future__ import annotations

import re
import shlex

from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.tree_questions import MARKER_GREP

MAX_NAMED = 10
_BROKEN_LINE = re.compile(r"^broken symlink: (?:\./)?(.+?) -> (.*)$", re.M)
_GREP_LINE = re.compile(r"^(?:\./)?([^:\n]+):(\d+):(.*)$", re.M)


def tree_reports(records: list[CommandRecord]) -> list[str]:
    out = []
    for record in records:
        if not record.ran:
            continue
        if "-xtype l -printf 'broken symlink: " in record.command:
            out.append(_symlinks(record))
        elif "sha256sum {} + | sort | uniq -w64 --all-repeated" in record.command:
            out.append(_duplicates(record))
        elif record.command.startswith(MARKER_GREP):
            out.append(_markers(record))
        elif record.command.startswith("grep -rnwE ") and record.kind == "search" and _env_names(record.command):
            out.append(_env_reads(record, records))
    return [o for o in out if o]


def _symlinks(record: CommandRecord) -> str:
    found = _BROKEN_LINE.findall(record.output)
    if record.exit_code != 0 and not found:
        return ""
    if not found:
        return "No broken symlinks: every symbolic link's target exists."
    named = "; ".join(f"{path} -> {target}" for path, target in found[:MAX_NAMED])
    return f"{len(found)} broken symlink{'s' * (len(found) != 1)} (target missing): {named}."


def _duplicates(record: CommandRecord) -> str:
    if record.exit_code != 0:
        return ""
    groups = [[line.split("  ", 1)[1].removeprefix("./") for line in block.splitlines() if "  " in line]
              for block in record.output.strip().split("\n\n") if block.strip()]
    groups = [g for g in groups if len(g) >= 2]
    if not groups:
        return "No duplicates: no two files have the same content (SHA-256)."
    named = "; ".join(" = ".join(g) for g in groups[:MAX_NAMED])
    return f"{len(groups)} group{'s' * (len(groups) != 1)} of byte-for-byte identical files: {named}."


def _markers(record: CommandRecord) -> str:
    if record.exit_code == 1 and not record.output.strip():
        return "No conflict markers: no line starts with <<<<<<<, ======= or >>>>>>>."
    per_file: dict[str, list[str]] = {}
    real: set[str] = set()
    for path, line, text in _GREP_LINE.findall(record.output):
        per_file.setdefault(path, []).append(line)
        if text.startswith(("<<<<<<<", ">>>>>>>")):
            real.add(path)
    if not per_file:
        return ""
    files = [p for p in per_file if p in real]
    if not files:
        return ("No <<<<<<< or >>>>>>> markers; only lines that are exactly ======= (a heading underline?) in: "
                + ", ".join(per_file) + ".")
    named = "; ".join(f"{p} (lines {', '.join(per_file[p])})" for p in files[:MAX_NAMED])
    return f"Conflict markers left in {len(files)} file{'s' * (len(files) != 1)}: {named}."


_NAMES = re.compile(r"grep -rnwE '?([A-Z0-9_|\\]+)'? ")
_SETS = re.compile(r"\bsetenv\(|\bputenv\(|environ\[[^]\n]{1,80}\]\s*=[^=]|^\s*(?:export\s+)?[A-Z][A-Z0-9_]*=|\benv\s+[A-Z_]+=|"
                   r"\bprocess\.env\.[A-Z0-9_]+\s*=[^=]|\bos\.environ\.setdefault\(")
_DEFAULT = [r"(?:environ\.get|getenv)\(\s*['\"]{n}['\"]\s*,\s*([^)\n]{{1,200}}?)\s*\)",  # templates: {n} is the name
            r"\$\{{{n}:?[-=]([^}}]*)\}}",
            r"process\.env\.{n}\s*(?:\|\||\?\?)\s*([^;,)\n]+)",
            r"ENV\.fetch\(\s*['\"]{n}['\"]\s*,\s*([^)\n]{{1,200}}?)\s*\)"]
_CONSTANT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _env_names(command: str) -> list[str]:
    match = _NAMES.search(command)
    names = [n.replace("\\", "") for n in match.group(1).split("|")] if match else []
    return names if names and all("_" in n for n in names) else []


def _default(name: str, text: str) -> str | None:
    for rx in _DEFAULT:
        found = re.search(rx.format(n=re.escape(name)), text)
        if found:
            return found.group(1).strip()
    return None


def _env_reads(record: CommandRecord, records: list[CommandRecord]) -> str:
    names = _env_names(record.command)
    hits = _GREP_LINE.findall(record.output)
    if record.exit_code == 1 and not hits:
        return f"{' / '.join(names)} appears nowhere in the project's files."
    reads, sets = [], []
    for path, line, text in hits:
        where = f"{path}:{line}"
        if _SETS.search(text):
            sets.append(where)
            continue
        default = next((d for d in (_default(n, text) for n in names) if d is not None), None)
        if default is not None and _CONSTANT.fullmatch(default):
            value = _constant_value(default, path, records)
            default = f"{default} = {value}" if value else default
        reads.append(where + (f" (default when unset: {default})" if default is not None else " (no default)"))
    text = f"{' / '.join(names)} is read in {len(reads)} place{'s' * (len(reads) != 1)}: " + "; ".join(reads[:MAX_NAMED]) + "."
    if sets:
        text += " Set (not read) in: " + ", ".join(sets[:MAX_NAMED]) + "."
    return text


def _constant_value(name: str, path: str, records: list[CommandRecord]) -> str:
    for record in records:
        if record.command.startswith(f"grep -nE {shlex.quote(_definition(name))} ") and record.exit_code == 0:
            match = re.search(rf"^\d+:\s*{re.escape(name)}\s*(?::[^=]*)?=\s*(.+)$", record.output, re.M)
            if match:
                return match.group(1).strip()
    return ""


def _definition(name: str) -> str:
    return rf"^\s*{name}\s*(:[^=]*)?=[^=]"


def env_default_followup(records: list[CommandRecord]) -> PlannedCommand | None:
    """After the grep for an environment variable: a default given by a constant's name is looked up where it is
    defined (the same file), so the answer can give its value."""
    record = records[-1] if records else None
    if not record or record.exit_code != 0 or not record.command.startswith("grep -rnwE ") or record.kind != "search":
        return None
    names = _env_names(record.command)
    for path, _, text in _GREP_LINE.findall(record.output):
        default = next((d for d in (_default(n, text) for n in names) if d is not None), None)
        if default and _CONSTANT.fullmatch(default) and default not in ("None", "null", "undefined", "True", "False"):
            return planned(f"grep -nE {shlex.quote(_definition(default))} {shlex.quote(path)}", "search",
                           f"show the value of {default}, the default {path} uses")
    return None
