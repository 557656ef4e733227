"""make failures that say little: a recipe line that failed silently, a target with no rule.

    recipe_trace_followup(cwd, record) -> PlannedCommand | None  re-run the silent recipe line under `bash -x`
    missing_target_followup(cwd, record) -> PlannedCommand | None  list the folder of a target make has no rule for
    make_details(record, later) -> str                               the answer's sentences about both

`test -z "$(gofmt -l .)"` fails with no output of its own: make prints the line, then `make: *** [Makefile:5:
lint] Error 1`. Traced, the shell shows what the substitution produced. Make stops at the first failing
line (without -k), so the recipe lines it echoed before that one finished without error.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_FAILED = re.compile(r"^make(?:\[\d+\])?: \*\*\* \[(?P<file>[^:\]\s]+):(?P<line>\d+): (?P<target>[^\]]+)\] "
                     r"Error (?P<code>\d+)", re.M)
_NO_RULE = re.compile(r"No rule to make target [`'‘](?P<target>[^'’`]+)['’]"
                      r"(?:, needed by [`'‘](?P<needed>[^'’`]+)['’])?")
_MAKE_VAR = re.compile(r"(?<!\$)\$(?!\$)")  # a make variable reference ($(CC), $@): not shell text


def _failure(record: CommandRecord) -> re.Match | None:
    return _FAILED.search(record.output) if record.failed and re.match(r"(\S+/)?make\b", _unwrapped(record.command)) \
        else None


def _unwrapped(command: str) -> str:
    return re.sub(r"^(cd \S+ && )?(timeout (-k \S+ )?\S+ )?", "", command)


def _recipe(cwd: Path, makefile: str, line: int) -> list[tuple[int, str]]:
    """(line number, shell text) of the recipe that holds `line`: its tab-indented lines up to the failing one."""
    try:
        lines = (cwd / makefile).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    if not 0 < line <= len(lines) or not lines[line - 1].startswith("\t"):
        return []
    start = line - 1
    while start > 0 and lines[start - 1].startswith("\t"):
        start -= 1
    return [(n + 1, lines[n][1:].lstrip("@-+ ")) for n in range(start, line)]


def _silent_line(cwd: Path, record: CommandRecord) -> tuple[str, list[str]] | None:
    """(failing recipe line as the shell ran it, earlier recipe lines make echoed) when the failing line
    printed nothing of its own."""
    match = _failure(record)
    if not match:
        return None
    recipe = _recipe(cwd, match.group("file"), int(match.group("line")))
    if not recipe or _MAKE_VAR.search(recipe[-1][1]):
        return None
    failing = recipe[-1][1].replace("$$", "$")
    before = record.output[:match.start()].rstrip().splitlines()
    if not before or before[-1].strip() != failing.strip():
        return None  # it printed something: the output already says why
    echoed = {line.strip() for line in before[:-1]}
    done = [text.replace("$$", "$") for _, text in recipe[:-1] if text.replace("$$", "$").strip() in echoed]
    return failing, done


def recipe_trace_followup(cwd: Path, record: CommandRecord) -> PlannedCommand | None:
    found = _silent_line(cwd, record)
    if not found:
        return None
    failing, _ = found
    where = f"{_failure(record).group('file')}:{_failure(record).group('line')}"
    return PlannedCommand(
        command=f"bash -xc {shlex.quote(failing)}", kind="trace", timeout_s=max(30.0, record.timeout_s or 30.0),
        explanation=f"Run the recipe line that failed silently ({where}) again under bash -x, which prints what "
                    "each command and substitution expanded to.",
        goal=f"see why `{failing[:80]}` failed without a message")


def missing_target_followup(cwd: Path, record: CommandRecord) -> PlannedCommand | None:
    match = _NO_RULE.search(record.output) if record.failed else None
    if not match:
        return None
    folder = Path(match.group("target")).parent
    path = (cwd / folder).resolve()
    try:
        path.relative_to(cwd.resolve())
    except ValueError:
        return None
    if not path.is_dir():
        return None
    shown = str(folder) if str(folder) != "." else "."
    return PlannedCommand(command=f"ls -1 {shlex.quote(shown)}", kind="info", timeout_s=30.0,
                          explanation=f"List {shown}, where make looked for {match.group('target')}",
                          goal=f"find a file named like {Path(match.group('target')).stem} (a rename or a typo)")


def make_details(cwd: Path, record: CommandRecord, later: list[CommandRecord]) -> str:
    from terminus_edge.subagent.followup import near_misses

    text = ""
    no_rule = _NO_RULE.search(record.output) if record.failed else None
    if no_rule:
        target, needed = no_rule.group("target"), no_rule.group("needed")
        text += (f" make has no rule to make target '{target}'" + (f" (needed by '{needed}')" if needed else "")
                 + ": a file the Makefile names does not exist and nothing builds it, a Makefile problem, not a "
                 "compiler error.")
        stem = Path(target).stem
        names = {line.strip() for r in later if r.kind == "info" for line in r.output.splitlines() if line.strip()}
        similar = [n for n in sorted(names) if Path(n).stem != stem and
                   (near_misses(stem, {Path(n).stem}) or Path(n).stem.replace("_", "").replace("-", "") == stem)]
        if similar:
            text += f" Similar names there: {', '.join(similar[:4])}."
    found = _silent_line(cwd, record)
    if found:
        failing, done = found
        match = _failure(record)
        text += (f" The failing recipe line ({match.group('file')}:{match.group('line')}) is `{failing[:120]}`; "
                 "it printed no message of its own.")
        if done:
            text += " Earlier recipe lines ran without error: " + "; ".join(f"`{d[:80]}` succeeded" for d in done) + "."
    return text
