"""Plans for questions about the project's files rather than its build or tests: each answered by one read-only
command a user can re-run.

    question_plan(query, cwd) -> [PlannedCommand]   [] when the request is no such question
    question_followup(cwd, records) -> PlannedCommand | None   the lines around a parse error a validity check names
    named_paths(query, cwd) -> [str]                 the request's words that are paths inside the project (a word
                                                     without / or . only when it is a folder's name)

- validity: "is config/x.json valid JSON?" -> `python3 -m json.tool FILE` (TOML through tomllib, XML through minidom)
- doctests: "run the doctests in m.py" -> `python3 -m doctest -v m.py`
- markers: "how many TODO and FIXME comments in src/?" -> `grep -rnwE 'TODO|FIXME' src` (case as written)
- CSV rows: "how many rows in data/x.csv have status=failed?" -> a csv.DictReader filter on that column
- required version: "which Python version does this project require?" -> the requirement's line, `python3 --version`
"""

from __future__ import annotations

import csv
import re
import shlex
import shutil
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.purpose import describe
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.source_view import source_view

_PATH = re.compile(r"(?<![\w./-])((?:\./)?[\w][\w.-]*(?:/[\w.-]+)*/?)")
_VALIDITY = re.compile(r"\b(valid|invalid|well[- ]formed|malformed|parses|syntax\s+error)\b", re.I)
# the request also asks for the project's own tests: the doctests are then part of that run, not a plan of their own
_WHOLE_SUITE = re.compile(r"\b(unit\s+tests?|test\s+suite|all\s+(?:the\s+)?tests|other\s+tests|pytest|unittest)\b", re.I)
_DOCTEST = re.compile(r"\bdoc[- ]?tests?\b", re.I)
_MARKER = re.compile(r"\b(TODO|FIXME|XXX|HACK)s?\b")  # case as written: `todo_list` is no marker
_COUNT_OR_LIST = re.compile(r"\b(how\s+many|count|number\s+of|list|find|where|which\s+files|show)\b", re.I)
_ROWS = re.compile(r"\b(rows?|lines?|records?|entries|jobs?|how\s+many|count|which)\b", re.I)
_REQUIRED = re.compile(r"\b(python|node|go|rust|ruby)\b[^.?!\n]{0,60}?\b(require[sd]?|need(s|ed)?|support(s|ed)?|"
                       r"target(s|ed)?|minimum|new\s+enough|compatible)\b|\brequires-python\b|\bpython_requires\b", re.I)
SEARCH_SKIP = ("--exclude-dir=.git", "--exclude-dir=node_modules", "--exclude-dir=.venv", "--exclude-dir=__pycache__")


def question_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    from terminus_edge.subagent.named_commands import explicit_commands

    if explicit_commands(query, cwd):  # a command the request names answers it
        return []
    for plan in (_validity_plan, _doctest_plan, _marker_plan, _csv_rows_plan, _required_version_plan):
        steps = plan(query, cwd)
        if steps:
            return steps
    return []


VALIDITY_CHECK = re.compile(r"(?:-m json\.tool|tomllib\.load\(open\(sys\.argv\[1\], \"rb\"\)\)'|m\.parse\(sys\.argv\[1\]\)')"
                            r" (\S+)(?: > /dev/null)? && echo '[^']*: valid (\w+)'")
_ERROR_LINE = re.compile(r"\bline (\d+)\b")


def question_followup(cwd: Path, records: list[CommandRecord]) -> PlannedCommand | None:
    """After a validity check that failed at a line: show the lines around it (the error is often on the line
    before, a missing comma or bracket)."""
    last = records[-1] if records else None
    match = VALIDITY_CHECK.search(last.command) if last and last.failed else None
    line = _ERROR_LINE.search(last.output) if match else None
    if not match or not line:
        return None
    try:
        path = cwd / shlex.split(match.group(1))[0]
    except ValueError:
        return None
    if not is_file(path):
        return None
    number = int(line.group(1))
    return source_view(cwd, [(path, number, "")], whole_block=(max(1, number - 2), number + 1),
                       goal=f"show the lines around line {number} of {match.group(1)}, where the parser stopped")


def named_paths(query: str, cwd: Path) -> list[str]:
    """Words of the request that name an existing file or folder inside the project, in order."""
    root = cwd.resolve()
    found: list[str] = []
    for match in _PATH.finditer(query):
        text = match.group(1).rstrip(".")
        if ".." in text.split("/"):
            continue
        bare = "/" not in text and "." not in text  # a plain word counts only as a folder's name ("in src")
        path = (cwd / text)
        try:
            inside = path.resolve().is_relative_to(root) and (path.is_dir() if bare else path.exists())
        except (OSError, ValueError):
            continue
        if inside and text.rstrip("/") and text not in found:
            found.append(text)
    return found


def _python() -> str:
    return "python3" if shutil.which("python3") or not shutil.which("python") else "python"


def _validity_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _VALIDITY.search(query):
        return []
    py = _python()
    checks = {".json": (f"{py} -m json.tool {{f}} > /dev/null", "JSON"),
              ".toml": (f"{py} -c 'import sys, tomllib; tomllib.load(open(sys.argv[1], \"rb\"))' {{f}}", "TOML"),
              ".xml": (f"{py} -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' {{f}}", "XML")}
    steps = []
    for text in named_paths(query, cwd):
        kind = checks.get(Path(text).suffix.lower())
        if kind and is_file(cwd / text):
            quoted = shlex.quote(text)
            command = kind[0].format(f=quoted) + f" && echo {shlex.quote(f'{text}: valid {kind[1]}')}"
            steps.append(_planned(command, "check", f"find out whether {text} is valid {kind[1]} (the parser names "
                                                    "the line and column of the first error)"))
    return steps[:3]


def _doctest_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _DOCTEST.search(query) or _WHOLE_SUITE.search(query):
        return []
    files = [p for p in named_paths(query, cwd) if p.endswith((".py", ".txt", ".rst", ".md")) and is_file(cwd / p)]
    if not files:
        files = [p.name for p in sorted(cwd.glob("*.py")) if _has_doctest(p)][:5]
    if not files:
        return []
    command = f"{_python()} -m doctest -v " + " ".join(shlex.quote(f) for f in files)
    return [_planned(command, "test", "run the doctest examples and show which ones fail (expected vs got)", 60.0)]


def _has_doctest(path: Path) -> bool:
    try:
        return ">>> " in path.read_text(encoding="utf-8", errors="replace")[:200_000]
    except OSError:
        return False


def _marker_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    markers = list(dict.fromkeys(m.group(1) for m in _MARKER.finditer(query)))
    if not markers or not _COUNT_OR_LIST.search(query):
        return []
    where = [p for p in named_paths(query, cwd) if (cwd / p).is_dir()] or ["."]
    skip = " ".join(SEARCH_SKIP) + " " if where == ["."] else ""
    command = f"grep -rnwE {shlex.quote('|'.join(markers))} {skip}" + " ".join(shlex.quote(w) for w in where)
    return [_planned(command, "search", f"list every {' / '.join(markers)} marker with its file and line")]


def _csv_rows_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _ROWS.search(query):
        return []
    for text in named_paths(query, cwd):
        if not text.lower().endswith((".csv", ".tsv")) or not is_file(cwd / text):
            continue
        header = _header(cwd / text)
        for column in sorted(header, key=len, reverse=True):
            match = re.search(rf"(?<![\w-]){re.escape(column)}\s*(?:==?|:|\bis\b|\bof\b)\s*[`'\"]?([\w.@+-]+)", query, re.I)
            if match:
                return [_rows_step(text, column, match.group(1))]
    return []


def _header(path: Path) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8", errors="replace") as fh:
            dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
            return [h.strip() for h in next(csv.reader(fh, dialect), []) if h.strip()]
    except (OSError, csv.Error):
        return []


def _rows_step(text: str, column: str, value: str) -> PlannedCommand:
    delimiter = "\\t" if text.lower().endswith(".tsv") else ","
    # the matching rows (50 at most), then the count and the first column's values (ids) on one line
    program = ("import csv, sys; path, col, val = sys.argv[1:]; "
               f"rows = list(csv.DictReader(open(path, newline=''), delimiter='{delimiter}')); "
               "hits = [r for r in rows if (r.get(col) or '').strip() == val]; key = next(iter(rows[0]), '') if rows else ''; "
               "[print(','.join(r.values())) for r in hits[:50]]; "
               "ids = ', '.join(r[key] for r in hits[:50]) + (', ...' if len(hits) > 50 else ''); "
               "print(f'{len(hits)} of {len(rows)} rows have {col}={val}' + (f' ({key}: {ids})' if hits and key != col else ''))")
    command = f"{_python()} -c {shlex.quote(program)} {shlex.quote(text)} {shlex.quote(column)} {shlex.quote(value)}"
    return _planned(command, "info", f"count the rows of {text} whose {column} is exactly {value} and list them")


_REQUIREMENTS = {  # tool: (files and the pattern of their requirement line, the version command)
    "python": ((("pyproject.toml", "requires-python"), ("setup.cfg", "python_requires"), ("setup.py", "python_requires"),
                (".python-version", "."), ("runtime.txt", "python")), "--version"),
    "node": ((("package.json", '"node"'), (".nvmrc", "."), (".node-version", ".")), "--version"),
    "go": ((("go.mod", "^go "),), "version"),
    "rust": ((("Cargo.toml", "rust-version"), ("rust-toolchain.toml", "channel"), ("rust-toolchain", ".")), "--version"),
    "ruby": (((".ruby-version", "."), ("Gemfile", "^ruby ")), "--version"),
}
_PROGRAMS = {"python": ("python3", "python"), "node": ("node",), "go": ("go",), "rust": ("rustc",), "ruby": ("ruby",)}


def _required_version_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _REQUIRED.search(query)
    if not match or not re.search(r"\bversions?\b|requires-python|python_requires", query, re.I):
        return []
    tool = (match.group(1) or "python").lower()
    files, version_arg = _REQUIREMENTS[tool]
    steps = []
    present = [(name, pattern) for name, pattern in files if is_file(cwd / name)]
    searched = [(n, p) for n, p in present if p != "."]
    if searched:
        patterns = "|".join(dict.fromkeys(p for _, p in searched))
        names = " ".join(shlex.quote(n) for n, _ in searched)
        steps.append(_planned(f"grep -nHE {shlex.quote(patterns)} {names}", "info",
                              f"show the {tool} version the project declares it needs"))
    for name, _ in [(n, p) for n, p in present if p == "."][:1]:  # a version file: its whole text is the version
        steps.append(_planned(f"cat {shlex.quote(name)}", "info", f"show the {tool} version {name} pins"))
    program = next((p for p in _PROGRAMS[tool] if shutil.which(p)), _PROGRAMS[tool][0])
    steps.append(_planned(f"{program} {version_arg}", "info", f"show which {tool} version this machine has"))
    return steps


def _planned(command: str, kind: str, goal: str, timeout_s: float = 30.0) -> PlannedCommand:
    return PlannedCommand(command=command, kind=kind, explanation=describe(command).explanation, goal=goal,
                          timeout_s=timeout_s)
