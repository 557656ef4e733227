"""What a make goal depends on, building nothing: "which targets does `make release` depend on? don't build
anything" -> `make -pqk GOAL` (question mode: nothing runs) piped to a walk over make's rules database: each target under
the goal with its prerequisites, as make itself expands them. Without -k, make stops weighing prerequisites at the first
out-of-date one, and the targets a pattern rule makes after it (`b.o: b.c` from `%.o: %.c`) never reach the database.

    prerequisites_plan(query, cwd) -> [PlannedCommand]
    prerequisites_report(records) -> str
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import planned, python_command
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_GOAL = r"(?:`make\s+([\w./-]+)`|\bmake\s+([\w./-]+)|(?:the\s+)?`?(?<![\w./-])([\w./-]+)`?\s+(?:target|goal))"
_DEPENDS = re.compile(rf"\b(?:which|what)\s+(?:targets?\s+|files?\s+|prerequisites?\s+)?(?:does|do|will)\s+{_GOAL}\s+"
                      rf"(?:depend\s+on|need|require|build\s+first|run\s+first)\b|\bprerequisites?\s+of\s+{_GOAL}|"
                      rf"\b{_GOAL}\s+depends?\s+on\s+(?:what|which)\b", re.I)
# The rules' database (`make -pqk`): "target: prerequisites" lines, a goal's tree walked breadth first, 40 targets at most.
WALK = ("import re, sys\ndeps, skip = {}, False\nfor line in sys.stdin:\n"
        "    if line.startswith(\"# Not a target\"): skip = True; continue\n"
        "    m = re.match(r\"^([^#\\s:=][^:=]*?):(?![:=])\\s*([^=|;]*)\", line)\n"
        "    if m and not skip: deps.setdefault(m.group(1).strip(), m.group(2).split())\n"
        "    skip = skip and bool(line.strip())\n"
        "seen, todo = [], [sys.argv[1]]\nwhile todo and len(seen) < 40:\n    t = todo.pop(0)\n"
        "    if t in seen: continue\n    seen.append(t)\n    if deps.get(t): print(t + \": \" + \" \".join(deps[t])); todo += deps[t]\n"
        "if sys.argv[1] not in deps: print(f\"no rule for {sys.argv[1]}\")\n")
_WALK_MARK = "seen, todo = [], [sys.argv[1]]"


def prerequisites_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _DEPENDS.search(query)
    if not match or not any(is_file(cwd / n) for n in ("GNUmakefile", "makefile", "Makefile")):
        return []
    goal = next(g for g in match.groups() if g)
    command = (f"make -pqk {shlex.quote(goal)} 2>/dev/null | {python_command()} -c {shlex.quote(WALK)} {shlex.quote(goal)}")
    return [planned(command, "info", f"list what `make {goal}` depends on, from make's own rules database, building nothing")]


def prerequisites_report(records: list[CommandRecord]) -> str:
    out = []
    for record in records:
        if record.refused or record.exit_code is None:
            continue
        if _WALK_MARK in record.command and record.exit_code == 0:
            rules = re.findall(r"^(.+?): (.+)$", record.output, re.M)
            goal = record.command.rsplit(" ", 1)[-1].strip("'")
            if re.search(r"^no rule for ", record.output, re.M):
                out.append(f"make has no rule for {goal}.")
            elif rules:
                out.append(f"`make {goal}` depends on: {rules[0][1]}" + "".join(
                    f"; {t} on {d}" for t, d in rules[1:15]) + " (make -pqk: its rules database; nothing was built).")
            else:
                out.append(f"`make {goal}` has no prerequisites (make -pqk; nothing was built).")
    return " ".join(out)
