"""One diagnostic follow-up after the main commands: show the source behind the first failures.

- A run that timed out: the test that was running when it hung (unittest/pytest -v, cargo), its source.
- A C-family syntax error ("expected ';' before 'x'"): the code from the statement above the reported line, where
  the missing ';' belongs (compile_errors.py).
- An unresolved symbol (linker, compiler, NameError, ReferenceError): where the name and near-miss
  spellings of it occur in the project.
- A compiled program of the project that crashed (segfault, abort): the same program under gdb, for the
  backtrace (native_crash.py).
- A shell script that failed with no error in its output: the same script traced (script_trace.py).
- An import of a project module that does not exist: its package's modules with a similar name
  (missing_module.py).
- A JSON parse error that names no file: the project's JSON file that does not parse, checked (data_files.py).
- A failure with file:line locations (facts first, then the output): those lines with one line of
  context, plus the definition of a same-file function the failing line calls (the error is often there;
  source_view.py builds that command).
Every path stays inside the project directory; the commands only read files, except the re-runs (traced
script, program under gdb) of what the first command already ran.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.port_holders import port_followup
from terminus_edge.subagent.compile_errors import syntax_error_followup
from terminus_edge.subagent.data_files import invalid_json_followup
from terminus_edge.subagent.detect import SKIP_DIRS, find_files
from terminus_edge.subagent.make_failure import missing_target_followup, recipe_trace_followup
from terminus_edge.subagent.missing_module import similar_module_followup
from terminus_edge.subagent.native_crash import crash_followup
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.script_trace import trace_followup
from terminus_edge.subagent.source_view import definition_block, read_lines, source_view

_WANTS = re.compile(r"\bwhy\b|\bcause|\breason|\bexplain|\bdiagnos|\bwhere\b|\bsource\b|\bline\b|file:line|"
                    r"\bwhat (are|were) the errors|\bcrash|\broot\b|\bhang|\bstuck|\bdebug|"
                    r"\bwhich (file|line|command|step)|\bat fault\b|\bculprit", re.I)
_SOURCE_EXT = (".py", ".rs", ".c", ".h", ".cc", ".cpp", ".hpp", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx",
               ".java", ".kt", ".go", ".cs", ".rb", ".php", ".swift", ".scala")
_SYMBOL_RX = [
    r"undefined reference to [`'‘\"]?([A-Za-z_]\w*)",
    r"undefined symbol:?\s+[`'‘\"]?_?([A-Za-z_]\w*)",
    r"symbol:\s+(?:method|variable|class)\s+([A-Za-z_]\w*)",
    r"cannot find (?:function|value|type|struct|macro) [`'‘]([A-Za-z_]\w*)",
    r"NameError: name '([A-Za-z_]\w*)' is not defined",
    r"ReferenceError: ([A-Za-z_$][\w$]*) is not defined",
    r"Cannot find name '([A-Za-z_$][\w$]*)'",
    r"\bundefined: (?:[A-Za-z_]\w*\.)?([A-Za-z_]\w*)",  # Go: `undefined: units.ConvertLength` is ConvertLength
    r"implicit declaration of function [`'‘]([A-Za-z_]\w*)",
    r"cannot import name '([A-Za-z_]\w*)'",
]
# A test's start line; whatever follows on it ("rest") is its result or output a child process wrote there.
_STUCK_RX = [
    re.compile(r"^(?P<name>\w+) \(([\w.]+)\)(?: \.\.\.(?P<rest>.*))?$"),  # unittest -v: "test_x (pkg.mod.C.test_x) ... "
    re.compile(r"^[\w/.-]+\.py::(?:\w+::)?(?P<name>\w+)(?P<rest>\s.*)?$"),  # pytest -v: "tests/test_x.py::C::test_y "
    re.compile(r"^\s*test (?P<name>\S+) (?:\.\.\.(?P<rest>.*)|has been running for over \d+ seconds)$"),  # cargo
]
_RESULT_RX = re.compile(r"^\s*(ok|FAIL|ERROR|skipped\b|expected failure|unexpected success|PASSED|FAILED|SKIPPED|XFAIL|"
                        r"XPASS|ignored)\b")
_RESULT_LINE_RX = re.compile(r"^\s*(ok|FAIL|ERROR|skipped\b.*|expected failure|unexpected success|PASSED|FAILED|SKIPPED|"
                             r"XFAIL|XPASS|ignored)(\s+\[\s*\d+%\])?\s*$")  # a result on its own line, after test output
STUCK_WINDOW = 60  # lines from the end: a hung test's child may have printed a traceback after its start line
_LOCATION_RX = re.compile(r"(?<![\w/.-])((?:\.{1,2}/|/)?[\w.-]+(?:/[\w.-]+)*\.[A-Za-z]\w{0,4}):(\d+)(?::\d+)?")
_PY_FRAME = re.compile(r'^[ \t]*+File "([^"]+)", line (\d+)', re.M)  # [ \t]: \s* re-read each blank line below
MAX_LOCATIONS = 3


def wants_diagnosis(query: str) -> bool:
    return bool(_WANTS.search(query))


def diagnostic_followup(query: str, cwd: Path, records: list[CommandRecord]) -> PlannedCommand | None:
    failed = [r for r in records if r.failed and r.kind in ("build", "test", "run", "check")]
    if not failed:
        return None
    main = failed[0]
    if main.timed_out:  # a hang says nothing about itself: always show what was running
        return _stuck_test_view(cwd, main.output)
    silent = recipe_trace_followup(cwd, main) or port_followup(cwd, main)  # a make recipe line that failed without a
    if silent:  # word: same reason; "Address already in use": which process holds the port
        return silent
    if not wants_diagnosis(query):
        return None
    special = (crash_followup(cwd, main) or syntax_error_followup(cwd, main) or trace_followup(cwd, main) or invalid_json_followup(cwd, main)
               or similar_module_followup(cwd, main.output) or missing_target_followup(cwd, main))
    if special:
        return special
    symbols = unresolved_symbols(main.output)
    if symbols:
        return _symbol_search(cwd, symbols[0])
    locations = failure_locations(main, cwd)
    return source_view(cwd, locations) if locations else None


def stuck_test(output: str) -> str | None:
    """The test a run was inside when it stopped: the last test that started (`-v` line) and has no result,
    neither on its line nor on a later line of its own."""
    tail = [line for line in output.rstrip().splitlines()[-STUCK_WINDOW:] if line.strip()]
    for i in range(len(tail) - 1, -1, -1):
        match = next((m for m in (rx.match(tail[i]) for rx in _STUCK_RX) if m), None)
        if match:
            later = tail[i + 1:]
            finished = _RESULT_RX.match(match.group("rest") or "") or any(_RESULT_LINE_RX.match(x) for x in later)
            return None if finished else match.group("name")
    return None


_FINISHED_RX = [
    re.compile(r"^(?P<name>\w+) \([\w.]+\) \.\.\. (?P<status>ok|FAIL|ERROR|skipped\b.*|expected failure)\s*$", re.M),
    re.compile(r"^[\w/.-]+\.py::(?:\w+::)?(?P<name>[\w\[\]-]+) (?P<status>PASSED|FAILED|ERROR|SKIPPED|XFAIL)\b", re.M),
    re.compile(r"^test (?P<name>\S+) \.\.\. (?P<status>ok|FAILED|ignored)\s*$", re.M),
]


def finished_tests(output: str) -> list[tuple[str, str]]:
    """(name, status) of the tests a verbose run reported before it stopped (for runs with no final tally)."""
    for rx in _FINISHED_RX:
        found = [(m.group("name"), m.group("status")) for m in rx.finditer(output)]
        if found:
            return found
    return []


def _stuck_test_view(cwd: Path, output: str) -> PlannedCommand | None:
    name = stuck_test(output)
    if not name:
        return None
    short = name.split("::")[-1].split(".")[-1]
    for path in find_files(cwd, [f"*{ext}" for ext in _SOURCE_EXT]):
        lines = read_lines(path)
        block = definition_block(lines, short, path.suffix)
        if block:
            return source_view(cwd, [(path, block[0], "definition")], whole_block=block,
                               goal=f"show the test that was running when the command timed out ({short})")
    return None


def unresolved_symbols(output: str) -> list[str]:
    found: list[str] = []
    for rx in _SYMBOL_RX:
        for match in re.finditer(rx, output):
            if match.group(1) not in found:
                found.append(match.group(1))
    return found


def _symbol_search(cwd: Path, symbol: str) -> PlannedCommand | None:
    files = find_files(cwd, [f"*{ext}" for ext in _SOURCE_EXT])
    identifiers: set[str] = set()
    for path in files[:200]:
        identifiers.update(re.findall(r"[A-Za-z_]\w{2,}", "\n".join(read_lines(path))))
    near = near_misses(symbol, identifiers)
    exts = sorted({p.suffix for p in files})
    skipped = sorted(d for d in SKIP_DIRS if (cwd / d).is_dir())
    names = [symbol] + near
    command = ("grep -rnw " + " ".join(f"-e {shlex.quote(n)}" for n in names) + " "
               + " ".join(f"--include={shlex.quote('*' + e)}" for e in exts)
               + "".join(f" --exclude-dir={d}" for d in skipped) + " .")
    return PlannedCommand(
        command=command, kind="search", explanation=f"Find where {symbol} and similar names are used or defined",
        goal=f"show where {symbol} is referenced and defined" + (f" (near-miss: {', '.join(near)})" if near else ""),
        timeout_s=30.0)


def near_misses(symbol: str, identifiers: set[str], limit: int = 3) -> list[str]:
    """Identifiers one typo away from symbol (two for long names): swapped, missing, extra or wrong letters."""
    allowed = 1 if len(symbol) < 16 else 2
    scored = sorted((_typo_distance(symbol, name), name) for name in identifiers
                    if name != symbol and abs(len(name) - len(symbol)) <= allowed)
    near = [name for distance, name in scored if distance <= allowed][:limit]
    if near:
        return near
    # no typo away: a renamed API that kept its stem (ConvertLength for Convert, parse_config for parse)
    return sorted(name for name in identifiers if name != symbol and _same_stem(symbol, name))[:limit]


def _same_stem(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(short) >= 5 and long.startswith(short) and (long[len(short)].isupper() or long[len(short)] == "_")


def _typo_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: edits, counting a swap of neighbours as one."""
    rows = [list(range(len(b) + 1))] + [[i] + [0] * len(b) for i in range(1, len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


def failure_locations(record: CommandRecord, cwd: Path) -> list[tuple[Path, int, str]]:
    """(file, line, why) for the first failures, inside the project, most specific first."""
    candidates: list[tuple[str, int, str]] = []
    facts = record.facts or {}
    for failure in facts.get("failures") or []:
        loc = _split_location(failure.get("location") or "")
        if loc:
            candidates.append((*loc, "failure"))
    tb = facts.get("traceback") or {}
    if tb.get("file") and tb.get("line"):
        candidates.append((tb["file"], int(tb["line"]), "frame"))
    for diag in facts.get("diagnostics") or []:
        if diag.get("file") and diag.get("line") and diag.get("severity", "error") == "error":
            candidates.append((diag["file"], int(diag["line"]), "diagnostic"))
    candidates += [(f, n, "frame") for f, n in _innermost_python_frames(record.output, cwd)]
    candidates += [(m.group(1), int(m.group(2)), "output") for m in _LOCATION_RX.finditer(record.output)]
    locations: list[tuple[Path, int, str]] = []
    for file, line, why in candidates:
        path = _inside(cwd, file)
        if path and all((path, line) != (p, n) for p, n, _ in locations) and 0 < line <= len(read_lines(path)):
            locations.append((path, line, why))
        if len(locations) >= MAX_LOCATIONS:
            break
    return locations


def _innermost_python_frames(output: str, cwd: Path) -> list[tuple[str, int]]:
    """For each Python traceback, its innermost frame in the project's own files."""
    frames = []
    for block in re.split(r"^Traceback \(most recent call last\):", output, flags=re.M)[1:]:
        own = [(m.group(1), int(m.group(2))) for m in _PY_FRAME.finditer(block) if _inside(cwd, m.group(1))]
        if own:
            frames.append(own[-1])
    return frames


def _split_location(text: str) -> tuple[str, int] | None:
    match = _LOCATION_RX.search(text)
    return (match.group(1), int(match.group(2))) if match else None


def _inside(cwd: Path, file: str) -> Path | None:
    """The file as a path inside the project (resolving ./ and absolute paths), or None."""
    if not file or file.startswith("<") or any(part in SKIP_DIRS or part == "site-packages" for part in Path(file).parts):
        return None
    root = cwd.resolve()
    path = Path(file) if Path(file).is_absolute() else root / file
    try:
        path = path.resolve()
        path.relative_to(root)
    except (OSError, ValueError):
        return None
    try:
        return path if path.is_file() and path.suffix in _SOURCE_EXT else None
    except OSError:  # a name too long for the file system
        return None
