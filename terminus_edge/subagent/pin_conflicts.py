"""Do the requirement files contradict each other? One read-only listing of their pins, and the answer worked out
from it: a package whose specifiers no single version satisfies (two different == pins, an == pin outside a range,
a range whose lower bound is above its upper one).

    pin_conflict_plan(query, cwd) -> [PlannedCommand]   grep -nHvE '^\\s*(#|-|$)' requirements*.txt constraints*.txt …
    pin_conflict_report(records) -> str
        "2 packages have pins no version satisfies: requests: ==2.31.0 (requirements.txt:2) vs ==2.28.2 (…); …"
Versions compare by their release numbers (1.10 > 1.9); a pre-release suffix is ignored.
"""

from __future__ import annotations

import re
import shlex
from itertools import combinations
from pathlib import Path

from terminus_edge.subagent.question_common import named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_CONFLICT = re.compile(r"\b(?:contradict\w*|conflict\w*|clash\w*|incompatib\w*|disagree\w*|inconsisten\w*|"
                       r"ResolutionImpossible|resolution\s+(?:error|impossible|fail\w*)|(?:can't|cannot)\s+be\s+satisfied|"
                       r"unsatisfiable|agree)\b", re.I)
_PIN_WORDS = re.compile(r"\b(?:pins?|pinned|requirements?|constraints?|versions?|dependenc(?:y|ies))\b", re.I)
_FILES = ("requirements*.txt", "requirements/*.txt", "constraints*.txt", "requirements*.in")
LISTING = "grep -nHvE '^\\s*(#|-|$)'"


def pin_conflict_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_CONFLICT.search(query) and _PIN_WORDS.search(query)):
        return []
    named = [p for p in named_paths(query, cwd) if p.endswith((".txt", ".in")) and (cwd / p).is_file()]
    found = sorted(str(p.relative_to(cwd)) for pattern in _FILES for p in cwd.glob(pattern) if p.is_file())
    files = list(dict.fromkeys(named + [f for f in found if not named or f in named]))
    if len(files) < 2:
        return []
    return [planned(f"{LISTING} " + " ".join(shlex.quote(f) for f in files[:8]), "info",
                    "list every requirement line of the files, to compare the versions they allow for each package")]


_LINE = re.compile(r"^([^:\n]+):(\d+):\s*([A-Za-z0-9][A-Za-z0-9_.-]*)(?:\[[^\]]*\])?\s*([^;#\n]*)", re.M)
_SPEC = re.compile(r"(===|==|!=|~=|<=|>=|<|>)\s*([0-9][\w.*+!-]*)")


def _release(text: str) -> tuple[int, ...]:
    numbers = re.match(r"(\d+(?:\.\d+)*)", text)
    parts = [int(n) for n in numbers.group(1).split(".")] if numbers else [0]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _allows(op: str, bound: str, version: str) -> bool:
    if bound.endswith(".*"):  # ==1.2.* / !=1.2.*
        prefix = _release(bound[:-2])
        inside = _release(version)[:len(prefix)] == prefix
        return inside if op == "==" else (not inside if op == "!=" else True)
    v, b = _release(version), _release(bound)
    if op == "~=":
        head = _release(bound)[:-1] or b
        return v >= b and v[:len(head)] == head
    return {"==": v == b, "===": v == b, "!=": v != b, "<": v < b, "<=": v <= b, ">": v > b, ">=": v >= b}[op]


def _clash(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """No version satisfies both specifiers (checked at each one's bound, the only candidates that matter here)."""
    (op1, v1), (op2, v2) = a, b
    pinned = [(op, v) for op, v in (a, b) if op in ("==", "===") and not v.endswith(".*")]
    if pinned:
        version = pinned[0][1]
        other = b if pinned[0] == a else a
        return not _allows(*other, version)
    lower = [(op, v) for op, v in (a, b) if op in (">", ">=")]
    upper = [(op, v) for op, v in (a, b) if op in ("<", "<=")]
    if lower and upper:
        (lo_op, lo), (up_op, up) = lower[0], upper[0]
        return _release(lo) > _release(up) or (_release(lo) == _release(up) and (lo_op, up_op) != (">=", "<="))
    return False


def pin_conflict_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if r.command.startswith(LISTING) and not r.refused and r.exit_code == 0), None)
    if record is None:
        return ""
    specs: dict[str, list[tuple[str, str, str]]] = {}  # name -> [(op, version, file:line)]
    shown: dict[str, str] = {}
    for path, line, name, rest in _LINE.findall(record.output):
        key = re.sub(r"[-_.]+", "-", name).lower()
        shown.setdefault(key, name)
        specs.setdefault(key, []).extend((op, v, f"{path}:{line}") for op, v in _SPEC.findall(rest))
    clashes, shared = [], []
    for key, items in specs.items():
        places = {w.rsplit(":", 1)[0] for _, _, w in items}
        pairs = [(x, y) for x, y in combinations(items, 2) if _clash(x[:2], y[:2])]
        if pairs:
            (o1, v1, w1), (o2, v2, w2) = pairs[0]
            clashes.append(f"{shown[key]}: {o1}{v1} ({w1}) vs {o2}{v2} ({w2})")
        elif len(places) > 1:
            shared.append(f"{shown[key]} (" + ", ".join(f"{o}{v}" for o, v, _ in items) + ")")
    if not clashes:
        text = "No conflicting pins: for every package some version satisfies all the files' specifiers."
    else:
        text = (f"{len(clashes)} package{'s have' if len(clashes) != 1 else ' has'} pins no single version satisfies "
                f"(conflicts): " + "; ".join(clashes) + ".")
    if shared:
        text += " Compatible across files: " + "; ".join(shared[:10]) + "."
    return text
