"""How many tests there are, without running them, and the warnings a test run reports.

    collect_plan(query, cwd)          "how many tests does each file have?" -> pytest --collect-only -q (nothing runs)
    collect_report(records)           "10 tests collected: tests/test_core.py 5, tests/test_api.py 4, …"
    warnings_report(query, records)   "2 warnings in pytest's summary: DeprecationWarning: … (tests/test_x.py:7, from
                                       tests/test_x.py::test_parse); …" when the request asks about warnings
"""

from __future__ import annotations

import re
from pathlib import Path

from terminus_edge.subagent.question_common import planned, python_command
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_COUNT = re.compile(r"\b(?:how\s+many|number\s+of|count(?:s|ing)?(?:\s+of)?|tally)\s+(?:the\s+)?(?:unit\s+)?(?:tests?|test\s+cases)\b|"
                    r"\btests?\s+(?:per|in\s+each|by)\s+(?:test\s+)?(?:file|module|folder)\b|"
                    r"\bhow\s+many\s+tests?\b", re.I)
_OUTCOME = re.compile(r"\b(?:pass\w*|fail\w*|green|red|broken|break\w*|errors?|skip\w*|succeed\w*|xfail\w*|slow\w*)\b", re.I)
_RUN = re.compile(r"\b(?:run|execute)\b", re.I)
_NO_NEED = re.compile(r"\b(?:no\s+need\s+to|don't\s+need\s+to|do\s+not\s+need\s+to|without|not|don't|do\s+not)\s+"
                      r"(?:actually\s+)?(?:run|running|execute|executing)\b", re.I)
COLLECT = "-m pytest --collect-only -q -p no:cacheprovider"


def collect_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _COUNT.search(query) or _OUTCOME.search(query) or (_RUN.search(query) and not _NO_NEED.search(query)):
        return []
    from terminus_edge.subagent.detect import detect

    if not any("pytest" in c for c in detect(cwd).test):
        return []
    return [planned(f"{python_command()} {COLLECT}", "info",
                    "list every test pytest collects (one line each, nothing runs), to count them per file")]


_ITEM = re.compile(r"^([\w./-]+\.py)::\S", re.M)
_COLLECTED = re.compile(r"^(\d+)(?:/\d+)? tests? collected", re.M)


def collect_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if COLLECT in r.command and r.ran), None)
    if record is None:
        return ""
    per_file: dict[str, int] = {}
    for path in _ITEM.findall(record.output):
        per_file[path] = per_file.get(path, 0) + 1
    total = _COLLECTED.search(record.output)
    if not per_file:
        return "pytest collected no tests." if total is None and record.exit_code == 5 else ""
    count = int(total.group(1)) if total else sum(per_file.values())
    files = "; ".join(f"{p}: {n}" for p, n in sorted(per_file.items()))
    note = " (a parametrized test counts once per parameter set)" if "[" in record.output else ""
    return f"{count} tests collected (not run) in {len(per_file)} files: {files}{note}."


_ASKS_WARNINGS = re.compile(r"\bwarn(?:ings?|s)?\b|\bdeprecat\w*", re.I)
_SUMMARY = re.compile(r"^=+ warnings summary =+$", re.M)
_WARNING = re.compile(r"^\s+(\S+?):(\d+): (\w*Warning): (.+)$")


def warnings_report(query: str, records: list[CommandRecord], cwd: Path | None = None) -> str:
    if not _ASKS_WARNINGS.search(query):
        return ""
    out = []
    for record in records:
        match = _SUMMARY.search(record.output) if record.kind == "test" and not record.refused else None
        if not match:
            continue
        tests: list[str] = []
        for line in record.output[match.end():].splitlines():
            if line.startswith(("-- Docs", "=")):
                break
            if line and not any(c.isspace() for c in line) and ("::" in line or line.endswith(".py")):  # a test id
                tests.append(line)
                continue
            warning = _WARNING.match(line)
            if warning:
                path, number, kind, message = warning.groups()
                where = f"{_relative(path, cwd)}:{number}"
                out.append(f"{kind}: {message.strip()} ({where}; from {', '.join(tests[-3:]) or 'collection'})")
                tests = []
    if not out:
        return ""
    return f"{len(out)} warning{'s' * (len(out) != 1)} listed in pytest's warnings summary: " + "; ".join(out[:8]) + "."


def _relative(path: str, cwd: Path | None) -> str:
    if cwd is not None:
        root = str(cwd.resolve()) + "/"
        if path.startswith(root):
            return path[len(root):]
    return path


_NOT_RUN = re.compile(r"\b(?:never|not|n't|no\s+longer)\s+(?:\w+\s+){0,2}(?:runs?|run\s+them|collect\w*|picked\s+up|pick\s+(?:them|it)\s+up|"
                      r"found|discovered|executed|show(?:s|ing)?\s+up)\b|\b(?:ignores?|skips?|misses|overlooks?)\s+(?:them|it|the\s+file)\b",
                      re.I)
_CONFIGS = ("pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini")


def uncollected_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    """"I added tests in tests/checks_x.py but pytest never runs them": what pytest collects, and the settings that
    decide which files it looks at (python_files, testpaths)."""
    from terminus_edge.subagent.question_common import named_paths

    if not _NOT_RUN.search(query) or not re.search(r"\btests?\b|\bpytest\b", query, re.I):
        return []
    files = [p for p in named_paths(query, cwd) if p.endswith(".py") and (cwd / p).is_file()]
    configs = [c for c in _CONFIGS if (cwd / c).is_file()]
    if not files:
        return []
    steps = [planned(f"{python_command()} {COLLECT}", "info", "list every test pytest collects (nothing runs)")]
    if configs:
        steps.append(planned("grep -nHE '^\\s*(python_files|python_classes|python_functions|testpaths|addopts)\\b' "
                             + " ".join(configs), "search", "find the settings that choose which files pytest collects"))
    return steps


_SETTING = re.compile(r"^([\w.-]+):(\d+):\s*python_files\s*=\s*(.+)$", re.M)


def uncollected_report(query: str, records: list[CommandRecord], cwd: Path | None) -> str:
    import fnmatch

    collect = next((r for r in records if COLLECT in r.command and r.ran), None)
    if collect is None or cwd is None or not _NOT_RUN.search(query):
        return ""
    from terminus_edge.subagent.question_common import named_paths

    grep = next((r for r in records if "python_files|" in r.command and not r.refused), None)
    setting = _SETTING.search(grep.output) if grep else None
    patterns = re.findall(r"(?<![\w*?.\[\]-])[\w*?.\[\]-]+\.py\b|(?<![\w*?\[\]-])[\w*?\[\]-]+\*", setting.group(3)) if setting else ["test_*.py", "*_test.py"]
    where = f"python_files = {setting.group(3).strip()} ({setting.group(1)}:{setting.group(2)})" if setting else \
        "pytest's default python_files = test_*.py *_test.py"
    said = []
    collected = set(_ITEM.findall(collect.output))
    for path in (p for p in named_paths(query, cwd) if p.endswith(".py")):
        if path in collected:
            said.append(f"{path} is collected.")
            continue
        name = path.rsplit("/", 1)[-1]
        matches = any(fnmatch.fnmatch(name, p) for p in patterns)
        said.append(f"{path} is not collected: " + (f"its name does not match {where}; rename it (e.g. test_{name}) or "
                                                    "add its pattern to python_files." if not matches else
                                                    f"its name matches {where}, so look at testpaths / the folder."))
    total = _COLLECTED.search(collect.output)
    if total:
        said.append(f"pytest collects {total.group(1)} tests, from: {', '.join(sorted(collected)) or 'no file'}.")
    return " ".join(said)
