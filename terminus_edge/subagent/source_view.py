"""The command that shows source lines behind a failure: a few lines around each location, a whole test or function
definition, and the definition of the project function the failing line calls (the error is often there)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.detect import find_files
from terminus_edge.subagent.records import PlannedCommand

MAX_BLOCK_LINES = 20
CALLEE_LINES = 12


def source_view(cwd: Path, locations: list[tuple[Path, int, str]], *, whole_block: tuple[int, int] | None = None,
                goal: str = "show the source lines where it failed") -> PlannedCommand:
    """One awk per window, failure lines first, then the definition the first failing line calls."""
    windows: list[tuple[Path, int, int]] = []
    for path, line, _ in locations:
        count = len(read_lines(path))
        windows.append((path, *(whole_block or (max(1, line - 1), min(count, line + 1)))))
    if locations and not whole_block:
        callee = _callee_definition(cwd, locations[0][0], locations[0][1])
        if callee:
            windows.append(callee)
    parts, shown = [], []
    for path, first, last in _merge_windows(windows):
        rel = str(path.relative_to(cwd))
        parts.append(f"awk 'FNR>={first} && FNR<={last} {{print FILENAME \":\" FNR \": \" $0}}' {shlex.quote(rel)}")
        shown.append((rel, first, last))
    return PlannedCommand(command=" && ".join(parts), kind="source", goal=goal,
                          explanation="Show the source lines the failure points to", timeout_s=30.0,
                          windows=tuple(shown))


def _merge_windows(windows: list[tuple[Path, int, int]]) -> list[tuple[Path, int, int]]:
    """Overlapping or adjacent windows of one file become one; the first window's place is kept."""
    merged: list[list] = []
    for path, first, last in windows:
        for item in merged:
            if item[0] == path and first <= item[2] + 2 and last >= item[1] - 2:
                item[1], item[2] = min(item[1], first), max(item[2], last)
                break
        else:
            merged.append([path, first, last])
    return [(p, a, b) for p, a, b in merged]


_NOT_CALLEES = {"if", "for", "while", "return", "print", "len", "str", "int", "self", "super", "assert", "vec",
                "format", "println", "require", "expect", "describe", "it", "test", "new", "typeof", "sizeof"}


def _callee_definition(cwd: Path, path: Path, line: int) -> tuple[Path, int, int] | None:
    """The definition of the first project function the failing line calls (same file first): often the bug."""
    lines = read_lines(path)
    names = [n for n in re.findall(r"(?<!\w)([A-Za-z_]\w*+)\s*+\(", lines[line - 1]) if n not in _NOT_CALLEES
             and not n.lower().startswith("assert")]
    if not names:
        return None
    others = [p for p in find_files(cwd, [f"*{path.suffix}"]) if p != path]
    others.sort(key=lambda p: bool(re.search(r"test|spec", p.name, re.I)))  # code under test before tests
    for name in names:
        for candidate in [path] + others[:100]:
            text = lines if candidate == path else read_lines(candidate)
            block = definition_block(text, name, candidate.suffix)
            if block and not (candidate == path and block[0] <= line <= block[1]):
                return candidate, block[0], min(block[1], block[0] + CALLEE_LINES - 1)
    return None


def definition_block(lines: list[str], name: str, suffix: str = "") -> tuple[int, int] | None:
    """(first, last) 1-based lines of the definition of `name` (Python, Rust, JS/TS, Go, C-family)."""
    forms = [rf"(async\s+)?def\s+{name}\b", rf"(pub(\([^)]*\))?\s+)?(async\s+)?fn\s+{name}\b",
             rf"(export\s+)?(async\s+)?function\s*\*?\s*{name}\b", rf"func\s+(\([^)]*\)\s*)?{name}\b",
             rf"(test|it)\s*\(\s*['\"`]{name}['\"`]"]
    if suffix != ".py":  # C, C++, Java, C#: a return type before the name, no ';' (not a declaration or call)
        forms.append(rf"(?!(return|if|while|for|switch|else|case|new|throw)\b)[\w<>\[\],*&]+[\w<>\[\],*&\s]*\s\**{name}\s*\([^;]*$")
    rx = re.compile(r"^\s*(" + "|".join(forms) + ")")
    for i, text in enumerate(lines):
        if rx.match(text):
            return i + 1, _block_end(lines, i)
    return None


def _block_end(lines: list[str], start: int) -> int:
    indent = len(lines[start]) - len(lines[start].lstrip())
    if lines[start].rstrip().endswith(":"):  # Python: until the indentation returns
        end = start
        for j in range(start + 1, min(len(lines), start + MAX_BLOCK_LINES)):
            if lines[j].strip() and len(lines[j]) - len(lines[j].lstrip()) <= indent:
                break
            if lines[j].strip():
                end = j
        return end + 1
    depth, opened = 0, False
    for j in range(start, min(len(lines), start + MAX_BLOCK_LINES)):
        depth += lines[j].count("{") - lines[j].count("}")
        opened = opened or "{" in lines[j]
        if opened and depth <= 0:
            return j + 1
    return min(len(lines), start + MAX_BLOCK_LINES)


def read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
