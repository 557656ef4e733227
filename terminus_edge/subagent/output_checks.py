"""Checks of what a program or a build produced, against what the request expects.

    compare_plan(query, cwd) -> [PlannedCommand]
        "run invoice.py on examples/order.txt and compare its output with examples/expected.txt"
        -> `python3 invoice.py examples/order.txt | diff - examples/expected.txt` (diff's `<` lines: what it printed)
    compare_report(records) -> "The output differs from examples/expected.txt in 1 place: line 4: printed '…',
                                expected '…'." / "The output matches examples/expected.txt exactly."
    artifact_steps(query, cwd) -> [PlannedCommand]
        "run make package and check that dist/app-1.2.0.tar.gz exists afterwards" -> after the run, whether each such
        path exists, and the listing of its folder (what was written instead)
    artifact_report(records) -> "dist/app-1.2.0.tar.gz does not exist after the run; dist/ holds: app-1.2.1.tar.gz."
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import exists, named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge import shell_words

_COMPARE = re.compile(r"\b(?:compare|diff)\s+(?:(?:it|its|the|this|that)\s+)?(?:output\s+)?(?:with|to|against)\s|"
                      r"\boutput\s+(?:matches|match|equals|is\s+identical\s+to)\s+|\bcompare\s+(?:its|the)\s+output\b", re.I)
_INPUT = re.compile(r"\b(?:on|with|for|over|against\s+the\s+input)\s+(?:the\s+file\s+)?[`'\"]?([\w./-]+\.\w+)")
_DIFF = " | diff - "


def compare_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    compare = _COMPARE.search(query)
    if not compare:
        return []
    files = [p for p in named_paths(query, cwd) if (cwd / p).is_file()]
    after = [p for p in files if query.find(p, compare.start()) >= 0]
    program = program_for(query, cwd) if after else ""
    expected = next((p for p in after if p not in program), None)
    if not program or expected is None:
        return []
    inputs = [m.group(1) for m in _INPUT.finditer(query[:compare.start()]) if m.group(1) in files]
    words = program.split()
    command = program + "".join(f" {shlex.quote(i)}" for i in inputs[:1] if i not in words)
    return [planned(f"{command}{_DIFF}{shlex.quote(expected)}", "check",
                    f"run it and compare what it prints with {expected} (diff: `<` printed, `>` expected)")]


_HUNK = re.compile(r"^(\d+)(?:,(\d+))?([acd])(\d+)(?:,(\d+))?$")


def compare_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if _DIFF in r.command and r.ran), None)
    if record is None:
        return ""
    expected = shell_words.split(record.command.rsplit(_DIFF, 1)[1])[0]
    if record.exit_code == 0 and not record.output.strip():
        return f"The output matches {expected} exactly (diff found no difference)."
    hunks, current = [], None
    for line in record.output.splitlines():
        head = _HUNK.match(line)
        if head:
            current = {"line": head.group(4) if head.group(3) != "d" else head.group(1), "got": [], "want": []}
            hunks.append(current)
        elif current is not None and line.startswith("< "):
            current["got"].append(line[2:].rstrip())
        elif current is not None and line.startswith("> "):
            current["want"].append(line[2:].rstrip())
    if record.exit_code != 1 or not hunks:
        return ""
    shown = "; ".join(f"line {h['line']}: printed {' / '.join(map(repr, h['got'][:3])) or 'nothing'}, expected "
                      f"{' / '.join(map(repr, h['want'][:3])) or 'nothing'}" for h in hunks[:5])
    return f"The output does not match {expected}: it differs in {len(hunks)} place{'s' * (len(hunks) != 1)}: {shown}."


_EXISTS = re.compile(r"\b(?:exists?|existing|is\s+(?:there|present|created|produced|generated|written)|gets?\s+(?:created|"
                     r"produced|generated|written)|(?:creates?|produces?|generates?|writes?|outputs?)\s+(?:the\s+file\s+)?)\b",
                     re.I)
_PATHISH = re.compile(r"(?<![\w./-])((?:[\w.-]+/)+[\w.-]*\w|[\w-]+\.[A-Za-z][A-Za-z0-9]{0,7}(?:\.[A-Za-z0-9]{1,4})?)(?![\w/-])")


ARTIFACT_GOAL = "check that the files the request expects exist after the run, and list their folder"


def artifact_steps(query: str, cwd: Path) -> list[PlannedCommand]:
    """The paths the request expects a run to leave behind (named near "exists" / "is created", not there yet),
    checked after it."""
    if not _EXISTS.search(query):
        return []
    paths = []
    for match in _PATHISH.finditer(query):
        text = match.group(1).rstrip(".")
        window = query[max(0, match.start() - 80):match.end() + 80]
        if "/" in text and not text.startswith(("http", "www.")) and ".." not in text.split("/") and \
                _EXISTS.search(window) and len(text) < 1024 and not exists(cwd / text):
            paths.append(text)
    paths = list(dict.fromkeys(paths))[:3]
    if not paths:
        return []
    folders = list(dict.fromkeys(str(Path(p).parent) for p in paths if str(Path(p).parent) != "."))
    listing = f"; ls -l {' '.join(shlex.quote(f) for f in folders)}" if folders else ""
    return [planned(f"ls -ld {' '.join(shlex.quote(p) for p in paths)}{listing}", "info", ARTIFACT_GOAL)]


_ABSENT = re.compile(r"^ls: cannot access '([^']+)': No such file or directory$", re.M)
_LS_ENTRY = re.compile(r"^[-dl][-rwxsStT]{9}\S*\s+\d+\s+\S+\s+\S+\s+\d+\s+\w+\s+\d+\s+[\d:]+\s+(.+)$", re.M)


def artifact_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if r.command.startswith("ls -ld ") and r.ran
                   and any(o.ran for o in records[:records.index(r)])), None)
    if record is None:
        return ""
    try:
        wanted = shell_words.split(record.command[len("ls -ld "):].split(";", 1)[0])
    except ValueError:
        return ""
    absent = set(_ABSENT.findall(record.output))
    entries = _LS_ENTRY.findall(record.output)
    text = " ".join(f"{p} {'does not exist' if p in absent else 'exists'} after the run." for p in wanted
                    if p in absent or any(e == p or e.endswith(" " + p) for e in entries))
    missing = [p for p in wanted if p in absent]
    listed = [e for e in entries if e not in wanted and not any(e.endswith(" " + p) for p in wanted)]
    if missing and listed:
        text += f" {Path(missing[0]).parent}/ holds: {', '.join(listed[:10])}."
    return text


def program_for(query: str, cwd: Path) -> str:
    """The program a compare request runs: the command it names, else the script it names (by a word of its name, or
    its file name), else the project's run command."""
    from terminus_edge.subagent.detect import detect
    from terminus_edge.subagent.named_commands import explicit_commands
    from terminus_edge.subagent.project_scripts import SCRIPT_RUNNERS, named_script, script_command

    named = explicit_commands(query, cwd)
    if named:
        return named[0]
    files = [p for p in named_paths(query, cwd) if Path(p).suffix in SCRIPT_RUNNERS and (cwd / p).is_file()]
    if not files:
        return named_script(query, cwd) or next(iter(detect(cwd).run), "")
    return named_script(query, cwd) or script_command(files[0], cwd) or \
        f"{SCRIPT_RUNNERS[Path(files[0]).suffix]} {shlex.quote(files[0])}"
