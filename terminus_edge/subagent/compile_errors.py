"""C-family compiler errors beyond "which line": where a syntax error was made, which later errors name the same
token, and a build with warnings turned into errors.

    syntax_error_followup(cwd, record) -> PlannedCommand | None   the code from the statement before the first error
    cascade_note(record, cwd) -> str        "The first error … the code line before it (include/x.h:11 `} shape`) does
                                            not end with ';'. 5 of the 6 later errors name ‘shape’ too …"
    werror_plan(query, cwd) -> [PlannedCommand]   "does it compile with -Werror?" -> `make -B CFLAGS='-Wall -O2 -Werror'`
    werror_line(query, records) -> str      "No: with warnings as errors, `make …` fails (exit code 2)."

A compiler reports a missing ';' at the next token, often lines below the mistake; the statement before it is where
the ';' belongs. Later errors that name the token the first one stopped at, when it is a name (not punctuation, which
most syntax errors name), are likely follow-on errors, and the answer says only that (with the count that supports
it), never that they certainly are.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.source_view import read_lines, source_view

_ERROR = re.compile(r"^([^\s:][^:\n]*):(\d+):(\d+): (?:fatal )?error: ([^\n]*)$", re.M)
_EXPECTED = re.compile(r"^expected (.{1,120}?) before [‘'\"`]([^’'\"`\s]{1,80})[’'\"`]")
_C_FILES = (".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx", ".m", ".mm")
_OPEN_ENDINGS = (";", "{", "}", ",", "(", ":", "\\")  # a code line ending like this needs no ';' after it
MAX_BACK = 12


def _errors(output: str) -> list[tuple[str, int, int, str]]:
    return [(m.group(1), int(m.group(2)), int(m.group(3)), m.group(4).strip()) for m in _ERROR.finditer(output)]


def _statement_before(cwd: Path, file: str, line: int) -> tuple[int, str] | None:
    """The last code line above `line` (blank lines, comments and preprocessor lines skipped)."""
    path = cwd / file
    if not file.endswith(_C_FILES) or not is_file(path):
        return None
    lines = read_lines(path)
    for number in range(min(line - 1, len(lines)), max(0, line - 1 - MAX_BACK), -1):
        text = lines[number - 1].strip()
        if text and not text.startswith(("//", "/*", "*", "#")):
            return number, text
    return None


def syntax_error_followup(cwd: Path, record: CommandRecord) -> PlannedCommand | None:
    """The first error is a syntax error ("expected ';' … before 'x'"): the lines from the code line above it."""
    errors = _errors(record.output)
    if not errors or not _EXPECTED.match(errors[0][3]):
        return None
    file, line, _, _ = errors[0]
    before = _statement_before(cwd, file, line)
    if before is None or before[0] == line:
        return None
    path = cwd / file
    return source_view(cwd, [(path, line, "diagnostic")], whole_block=(max(1, before[0] - 1), line),
                       goal=f"show the code above {file}:{line}, where the compiler stopped: a missing ';' or "
                            "bracket belongs to the statement before the line it reports")


def cascade_note(record: CommandRecord, cwd: Path | None) -> str:
    """For a failed compile whose first error is a syntax error: the code line it belongs to when that line lacks
    the ';' the message expects, and how many later errors name the same token."""
    if record.refused or not record.failed or cwd is None:
        return ""
    errors = _errors(record.output)
    match = _EXPECTED.match(errors[0][3]) if errors else None
    if not match:
        return ""
    file, line, col, message = errors[0]
    token = match.group(2)
    text = f" The first error is {file}:{line}:{col}: {message[:160]}."
    before = _statement_before(cwd, file, line)
    if before and "';'" in match.group(1).replace("‘", "'").replace("’", "'") and not before[1].endswith(_OPEN_ENDINGS):
        text += (f" The code line before it, {file}:{before[0]} (`{before[1][:80]}`), does not end with ';': a missing"
                 f" ';' there is reported at the next token, {file}:{line}.")
    later = errors[1:]
    # Punctuation (`;`, `}`, `)`) is named by most syntax errors, wherever they are: sharing it says nothing about
    # a cascade, and gcc's "expected ';' before '}'" three lines down is a mistake of its own. A name links them.
    if later and re.search(r"\w", token):
        quoted = re.compile(rf"[‘'\"`]{re.escape(token)}[’'\"`]")
        naming = [e for e in later if quoted.search(e[3])]
        if naming:
            example = naming[0][3][:80]
            share = "All" if len(naming) == len(later) else f"{len(naming)} of the"
            text += (f" {share} {len(later)} later error{'s' * (len(later) != 1)} name ‘{token}’ too ({example}): likely"
                     f" follow-on errors of the first one rather than separate mistakes; fix it and rebuild to see"
                     f" which errors remain.")
        else:
            text += f" None of the {len(later)} later errors names ‘{token}’."
    return text


_ASKS_WERROR = re.compile(r"(?<![\w-])-Werror\b|\bwarnings?\s+(?:as|into|treated\s+as)\s+errors\b|"
                          r"-D\s*warnings\b|\bdeny\(warnings\)", re.I)
_FLAGS_VAR = re.compile(r"^(C|CXX)FLAGS[ \t]*(\?=|:=|::=|=|\+=)[ \t]*([^\n#]*)", re.M)


def asks_werror(query: str) -> bool:
    return bool(_ASKS_WERROR.search(query))


def werror_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    """A build with every warning an error, everything rebuilt (a stale object would hide its warnings)."""
    if not asks_werror(query):
        return []
    makefile = next((cwd / n for n in ("GNUmakefile", "makefile", "Makefile") if is_file(cwd / n)), None)
    goal = "build with every warning treated as an error (all of it rebuilt), to see whether it still compiles"
    if makefile is not None and shutil.which("make"):
        text = makefile.read_text(encoding="utf-8", errors="replace")[:200_000]
        values: dict[str, list[str]] = {}
        for kind, op, value in _FLAGS_VAR.findall(text):
            values[kind] = (values.get(kind, []) if op == "+=" else []) + [value.strip()]
        kinds = list(values) or ["C"]
        overrides = " ".join(f"{k}FLAGS={shlex.quote(' '.join(v for v in values.get(k, []) + ['-Werror'] if v))}"
                             for k in kinds)
        return [_planned(f"make -B {overrides}", goal)]
    if is_file(cwd / "CMakeLists.txt") and shutil.which("cmake"):
        return [_planned("cmake -S . -B build -DCMAKE_C_FLAGS=-Werror -DCMAKE_CXX_FLAGS=-Werror && "
                         "cmake --build build --clean-first", goal)]
    if is_file(cwd / "Cargo.toml") and shutil.which("cargo"):
        return [_planned("RUSTFLAGS='-D warnings' cargo build", goal)]
    return []


def werror_line(query: str, records: list[CommandRecord]) -> str:
    if not asks_werror(query):
        return ""
    build = next((r for r in records if not r.refused and r.kind == "build"
                  and re.search(r"-Werror|-D warnings", r.command)), None)
    if build is None or build.exit_code is None:
        return ""
    if build.exit_code == 0:
        return f"Yes: with warnings as errors, `{build.command}` compiles (exit code 0)."
    return f"No: with warnings as errors, `{build.command}` does not compile (exit code {build.exit_code})."


def _planned(command: str, goal: str) -> PlannedCommand:
    from terminus_edge.subagent.question_common import planned

    return planned(command, "build", goal, 120.0)
