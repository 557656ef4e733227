"""Plans for questions about the project's files rather than its build or tests: each answered by one read-only
command a user can re-run.

    question_plan(query, cwd) -> [PlannedCommand]   [] when the request is no such question
    question_followup(cwd, records) -> PlannedCommand | None   the lines around a parse error a validity check names
    named_paths(query, cwd) -> [str]                 (question_common.py) the request's paths inside the project

- validity: "is config/x.json valid JSON?" -> `python3 -m json.tool FILE` (TOML through tomllib, XML through minidom,
  YAML through PyYAML); "does deploy.sh have a syntax error?" -> `bash -n FILE` (ruby -wc, node --check, ast.parse)
- doctests: "run the doctests in m.py" -> `python3 -m doctest -v m.py`
- markers: "how many TODO and FIXME comments in src/?" -> `grep -rnwE 'TODO|FIXME' src` (case as written)
- CSV rows (data_questions.py): "how many rows in data/x.csv have status=failed?" -> awk / csv on that column;
  totals per group (csv_totals.py): "which region has the highest total amount in data/sales.csv?"
- required version: "which Python version does this project require?" -> the requirement's line, `python3 --version`
- a folder's contents: "what's in build/?" -> `ls -la build`
- the repository (repo_questions.py): "is my working tree clean?", "what changed since the last tag?", "which
  targets does the Makefile have?", "count lines of code per language"
- pins (pins.py): "which version of click is pinned?" -> grep the manifests and lock files; "is Cargo.lock in sync?"
- files as files (file_questions.py): biggest files, CRLF / non-UTF-8 files, missing licence headers, modes, broken
  Markdown links, JSON Schema validation
- history (history_questions.py): a lock file's version changes, who changed a line, lines added/removed, git bisect
- sources (source_questions.py): the environment variables a script reads, unused requirements, --help vs README
- the tree (tree_questions.py): broken symlinks, identical files, leftover conflict markers, where a variable is read
- branches (branch_questions.py): unmerged branches, who deleted a file, the test results on another branch
- pins that conflict across requirement files (pin_conflicts.py), versions that disagree (version_agreement.py),
  tests counted without running them (test_collection.py), rows of a SQLite table where a column is NULL
  (sqlite_questions.py)
- a branch against its upstream, why git ignores a file (git_sync_questions.py); checksums against a SHA256SUMS file,
  an archive's entries (artifact_questions.py); a log's last lines, an access log's busiest clients and status
  classes (log_questions.py), a log's entries per level and its errors per source (log_levels.py); the keys two config files disagree on, every Python file compiled (config_diff.py);
  which process holds a port (port_holders.py); the files of the last commit, commits per author
  (commit_questions.py); where a name is defined and used (symbol_questions.py),
  the ports a Compose file publishes (compose_questions.py)
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.data_questions import csv_rows_plan
from terminus_edge.subagent.csv_totals import csv_totals_plan
from terminus_edge.subagent.file_questions import (dead_links_plan, exec_bit_plan, header_plan, largest_plan, schema_plan,
                                                   text_format_plan)
from terminus_edge.subagent.history_questions import bisect_plan, churn_plan, line_history_plan, lock_diff_plan
from terminus_edge.subagent.source_questions import env_vars_plan, help_readme_plan, unused_deps_plan
from terminus_edge.subagent.pins import lock_sync_plan, pinned_plan
from terminus_edge.subagent.repo_questions import (git_status_plan, lines_per_language_plan, make_targets_plan,
                                                   since_tag_followup, since_tag_plan)
from terminus_edge.subagent.question_common import named_paths, planned as _planned, python_command as _python
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.source_view import source_view
from terminus_edge.subagent.branch_questions import branch_tests_plan, deleted_file_plan, unmerged_plan
from terminus_edge.subagent.tree_answers import env_default_followup
from terminus_edge.subagent.test_collection import collect_plan, uncollected_plan
from terminus_edge.subagent.pin_conflicts import pin_conflict_plan
from terminus_edge.subagent.version_agreement import version_agreement_plan
from terminus_edge.subagent.sqlite_questions import sqlite_plan
from terminus_edge.subagent.tree_questions import duplicates_plan, env_reads_plan, markers_plan, symlinks_plan
from terminus_edge.subagent.git_sync_questions import ignored_plan, upstream_plan
from terminus_edge.subagent.artifact_questions import archive_plan, checksums_plan
from terminus_edge.subagent.log_questions import access_log_plan, log_tail_plan
from terminus_edge.subagent.log_levels import log_levels_plan
from terminus_edge.subagent.config_diff import config_keys_plan, syntax_sweep_plan
from terminus_edge.subagent.port_holders import port_plan
from terminus_edge.subagent.commit_questions import authors_plan, commit_plan
from terminus_edge.subagent.symbol_questions import symbol_plan
from terminus_edge.subagent.compose_questions import compose_ports_plan
from terminus_edge.subagent.more_plans import more_question_plan
from terminus_edge import shell_words

_VALIDITY = re.compile(r"\b(valid|invalid|well[- ]formed|malformed|parses?|parseable|syntax\s+errors?)\b", re.I)
# the request also asks for the project's own tests: the doctests are then part of that run, not a plan of their own
_WHOLE_SUITE = re.compile(r"\b(unit\s+tests?|test\s+suite|all\s+(?:the\s+)?tests|other\s+tests|pytest|unittest)\b", re.I)
_DOCTEST = re.compile(r"\bdoc[- ]?tests?\b|\bdocstring\s+examples?\b|\bexamples?\s+in\s+(?:the\s+|its\s+)?docstrings?\b", re.I)
_MARKER = re.compile(r"\b(TODO|FIXME|XXX|HACK)s?\b")  # case as written: `todo_list` is no marker
_COUNT_OR_LIST = re.compile(r"\b(how\s+many|count|number\s+of|list|find|where|which\s+files|show|any|left|remaining|"
                            r"are\s+there|say|says)\b", re.I)
_REQUIRED = re.compile(r"\b(python|node|go|rust|ruby)\b[^.?!\n]{0,60}?\b(require[sd]?|need(s|ed)?|support(s|ed)?|"
                       r"target(s|ed)?|minimum|new\s+enough|compatible)\b|\brequires-python\b|\bpython_requires\b|"
                       r"\b(?:minimum|required|supported|oldest)\s+(python|node|go|rust|ruby)\b", re.I)
MAX_FILES = 4
SEARCH_SKIP = ("--exclude-dir=.git", "--exclude-dir=node_modules", "--exclude-dir=.venv", "--exclude-dir=__pycache__")


def question_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    from terminus_edge.subagent.named_commands import explicit_commands

    if explicit_commands(query, cwd):  # a command the request names answers it
        return []
    for plan in (schema_plan, more_question_plan, validity_plan, _doctest_plan, _marker_plan, csv_totals_plan, csv_rows_plan, _required_version_plan,
                 pin_conflict_plan, pinned_plan, lock_sync_plan, version_agreement_plan, lock_diff_plan, ignored_plan, git_status_plan, since_tag_plan, commit_plan, authors_plan, symbol_plan, compose_ports_plan, make_targets_plan,
                 lines_per_language_plan, churn_plan, line_history_plan, bisect_plan, largest_plan, text_format_plan,
                 header_plan, exec_bit_plan, dead_links_plan, env_vars_plan, unused_deps_plan, help_readme_plan,
                 symlinks_plan, duplicates_plan, markers_plan, env_reads_plan, unmerged_plan, deleted_file_plan,
                 branch_tests_plan, collect_plan, uncollected_plan, sqlite_plan, upstream_plan, checksums_plan, archive_plan,
                 access_log_plan, log_tail_plan, log_levels_plan, config_keys_plan, syntax_sweep_plan, port_plan, _listing_plan):
        steps = plan(query, cwd)
        if steps:
            return steps
    return []


VALIDITY_CHECK = re.compile(r"(?:-m json\.tool|-c '[^']*'|bash -n|ruby -wc|node --check) (\S+)(?: > /dev/null)? && "
                            r"echo '[^']*: valid (\w+(?: Lines| syntax)?)'")
# Row checks that name every bad line and end with one summary line; no single quote inside (they run as -c '…').
# A CSV row is bad when its field count differs from the header's (an unquoted comma, a missing field).
_ROWS_CHECK = (
    "import csv, sys; rows = csv.reader(open(sys.argv[1], newline=\"\"), {dialect}); header = next(rows, []); "
    "bad = [(rows.line_num, len(r)) for r in rows if r and len(r) != len(header)]; n = rows.line_num; "
    "[print(f\"line {{a}}: {{b}} fields\") for a, b in bad[:50]]; "
    "print(f\"{{len(bad)}} of {{max(n - 1, 0)}} data lines do not have the {{len(header)}} fields of the header\" "
    "+ (\": \" + \"; \".join(f\"line {{a}}: {{b}} fields\" for a, b in bad[:8]) if bad else \"\")); sys.exit(1 if bad else 0)")
CSV_CHECK = _ROWS_CHECK.format(dialect="dialect=\"excel\"")
TSV_CHECK = _ROWS_CHECK.format(dialect="dialect=\"excel-tab\"")
JSONL_CHECK = (
    "import json, sys\nbad, n = [], 0\nfor n, line in enumerate(open(sys.argv[1], encoding=\"utf-8\"), 1):\n"
    "    if not line.strip(): continue\n    try: json.loads(line.rstrip(\"\\n\"))\n"
    "    except ValueError as e: bad.append(n); print(f\"line {n}: {e}\") if len(bad) <= 50 else None\n"
    "print(f\"{len(bad)} of {n} lines are not valid JSON\" + (\": lines \" + \", \".join(map(str, bad[:20])) if bad else \"\"))\n"
    "sys.exit(1 if bad else 0)")
_ERROR_LINE = re.compile(r"\bline (\d+)\b")
# YAML through PyYAML (a python3 without it says "No module named 'yaml'"): one line with the problem's line and column
# first, then what was open there ("while parsing a block collection", its line)
YAML_CHECK = (
    "import sys, yaml\ntry:\n    list(yaml.safe_load_all(open(sys.argv[1], encoding=\"utf-8\")))\n"
    "except yaml.MarkedYAMLError as e:\n    m = e.problem_mark or e.context_mark\n"
    "    print(f\"{sys.argv[1]}: line {m.line + 1}, column {m.column + 1}: {e.problem or e.context}\" + (f\" ({e.context}, \"\n"
    "          f\"line {e.context_mark.line + 1})\" if e.problem and e.context and e.context_mark else \"\"))\n    sys.exit(1)")
PYTHON_SYNTAX = "import ast, sys; ast.parse(open(sys.argv[1], \"rb\").read(), sys.argv[1])"


def question_followup(cwd: Path, records: list[CommandRecord]) -> PlannedCommand | None:
    """After a validity check that failed at a line: show the lines around it (the error is often on the line
    before, a missing comma or bracket)."""
    since = since_tag_followup(records) or env_default_followup(records)  # the newest tag: the commits since it;
    if since:  # an environment variable's default given by a constant's name: where that constant is defined
        return since
    last = records[-1] if records else None
    match = VALIDITY_CHECK.search(last.command) if last and last.failed else None
    line = _ERROR_LINE.search(last.output) if match else None
    if not match or not line:
        return None
    try:
        path = cwd / shell_words.split(match.group(1))[0]
    except ValueError:
        return None
    if not is_file(path):
        return None
    number = int(line.group(1))
    return source_view(cwd, [(path, number, "")], whole_block=(max(1, number - 2), number + 1),
                       goal=f"show the lines around line {number} of {match.group(1)}, where the parser stopped")


def validity_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    """Also asked when the request says not to run anything: no check runs the file it reads."""
    if not _VALIDITY.search(query):
        return []
    py = _python()
    checks = {".json": (f"{py} -m json.tool {{f}} > /dev/null", "JSON"),
              ".toml": (f"{py} -c 'import sys, tomllib; tomllib.load(open(sys.argv[1], \"rb\"))' {{f}}", "TOML"),
              ".xml": (f"{py} -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' {{f}}", "XML"),
              ".csv": (f"{py} -c '{CSV_CHECK}' {{f}}", "CSV"), ".tsv": (f"{py} -c '{TSV_CHECK}' {{f}}", "TSV"),
              ".jsonl": (f"{py} -c '{JSONL_CHECK}' {{f}}", "JSON Lines"),
              ".ndjson": (f"{py} -c '{JSONL_CHECK}' {{f}}", "JSON Lines"),
              ".yaml": (f"{py} -c '{YAML_CHECK}' {{f}}", "YAML"), ".yml": (f"{py} -c '{YAML_CHECK}' {{f}}", "YAML")}
    # a script's syntax, checked by its interpreter without running it
    checks.update({".sh": ("bash -n {f}", "shell syntax"), ".bash": ("bash -n {f}", "shell syntax"),
                   ".py": (f"{py} -c '{PYTHON_SYNTAX}' {{f}}", "Python syntax"), ".rb": ("ruby -wc {f}", "Ruby syntax"),
                   ".js": ("node --check {f}", "JavaScript syntax"), ".mjs": ("node --check {f}", "JavaScript syntax"),
                   ".cjs": ("node --check {f}", "JavaScript syntax")})
    files: list[str] = []
    for text in named_paths(query, cwd):
        if (cwd / text).is_dir():  # "are the files in config/ valid JSON?": each file of a kind the request names
            kinds = [k for k, (_, name) in checks.items() if re.search(rf"\b{name}\b", query, re.I)]
            files += [str(p.relative_to(cwd)) for k in kinds for p in sorted((cwd / text).glob(f"*{k}"))]
        elif is_file(cwd / text):
            files.append(text)
    steps = []
    for text in list(dict.fromkeys(files))[:MAX_FILES]:
        kind = checks.get(Path(text).suffix.lower())
        if kind:
            quoted = shlex.quote(text)
            command = kind[0].replace("{f}", quoted) + f" && echo {shlex.quote(f'{text}: valid {kind[1]}')}"
            where = "every line that does not parse" if kind[1] in ("CSV", "TSV", "JSON Lines") else \
                "the line of the first error" if kind[1].endswith(" syntax") else "the line and column of the first error"
            what = "has a syntax error (checked, not run)" if kind[1].endswith(" syntax") else f"is valid {kind[1]}"
            steps.append(_planned(command, "check", f"find out whether {text} {what} (the check names {where})"))
    return steps


def _doctest_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _DOCTEST.search(query):
        return []
    if _WHOLE_SUITE.search(query):
        from terminus_edge.subagent.detect import detect

        if detect(cwd).test:  # the project's own suite is asked for too, and there is one: the usual plan
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
    where = named_paths(query, cwd) or ["."]
    skip = " ".join(SEARCH_SKIP) + " " if where == ["."] else ""
    command = f"grep -rnwE {shlex.quote('|'.join(markers))} {skip}" + " ".join(shlex.quote(w) for w in where)
    return [_planned(command, "search", f"list every {' / '.join(markers)} marker with its file and line")]


_LISTING = re.compile(r"\b(?:what'?s|what\s+is|what\s+are|which\s+files\s+are|anything)\s+(?:left\s+)?(?:in|inside|under)\s+"
                      r"|\bcontents?\s+of\s+|\blist\s+(?:the\s+)?(?:files\s+(?:in|under)\s+)?", re.I)


def _listing_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    """"What's in build/?", "contents of out/": a listing of the folder the request names right after."""
    folders = []
    for match in _LISTING.finditer(query):
        rest = query[match.end():match.end() + 200]
        named = [p for p in named_paths(rest, cwd) if (cwd / p).is_dir() and rest.lstrip("`'\" ").startswith(
            (p, "./" + p, "the " + p))]
        folders += [p for p in named[:1] if p not in folders]
    if not folders:
        return []
    quoted = " ".join(shlex.quote(f) for f in folders[:MAX_FILES])
    return [_planned(f"ls -la {quoted}", "info", "show what the folder holds")]


_REQUIREMENTS = {  # tool: (files and the pattern of their requirement line, the version command)
    "python": ((("pyproject.toml", "requires-python"), ("setup.cfg", "python_requires"), ("setup.py", "python_requires"),
                (".python-version", "."), ("runtime.txt", "python")), "--version"),
    "node": ((("package.json", '"node"'), (".nvmrc", "."), (".node-version", ".")), "--version"),
    "go": ((("go.mod", "^go "),), "version"),
    "rust": ((("Cargo.toml", "rust-version"), ("rust-toolchain.toml", "channel"), ("rust-toolchain", ".")), "--version"),
    "ruby": (((".ruby-version", "."), ("Gemfile", "^ruby ")), "--version"),
}
_PROGRAMS = {"python": ("python3", "python"), "node": ("node",), "go": ("go",), "rust": ("rustc",), "ruby": ("ruby",)}


_VERSION_FILE = re.compile(r"(?<![\w.])\.(nvmrc|node-version|python-version|ruby-version)\b")
_FILE_TOOL = {"nvmrc": "node", "node-version": "node", "python-version": "python", "ruby-version": "ruby"}


def _required_version_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _REQUIRED.search(query)
    named = _VERSION_FILE.search(query)  # "does the Node here match what .nvmrc asks for?"
    if not (match or named) or not re.search(r"\bversions?\b|\bminimum\b|\bnew\s+enough\b|requires-python|python_requires",
                                            query, re.I):
        return []
    tool = _FILE_TOOL[named.group(1)] if named else (match.group(1) or match.group(6) or "python").lower()
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


