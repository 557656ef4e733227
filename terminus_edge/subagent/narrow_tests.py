"""Test files the request names ("run the tests in tests/test_dates.py"), passed to the project's runner.

    requested_test_files(query, cwd) -> ["tests/test_dates.py", ...]
    narrowed(command, files) -> the test command limited to those files, or None when the runner takes no files

A file counts when it exists in the project under the path the request writes, or, written as a bare
name ("test_dates.py"), when exactly one project file has that name; a test file in neither place is passed as
written, so the runner says it is not there (the whole suite would answer another question). Runners that take
files: pytest, `python -m unittest` (its discover options are dropped: the files replace them), `node --test`.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.detect import find_files
from terminus_edge.subagent.project_scripts import is_file

_PATH = re.compile(r"(?<![\w/.-])((?:\./)?(?:[\w.-]+/)*[\w.-]+\.(?:py|js|mjs|cjs|ts))(?![\w/-])")
_UNITTEST = re.compile(r"^(?P<python>\S*python[\d.]*)\s+-m\s+unittest\b")
_NODE_TEST = re.compile(r"^node\s+--test\b")
MAX_FILES = 20


def requested_test_files(query: str, cwd: Path) -> list[str]:
    found: list[str] = []
    for match in _PATH.finditer(query):
        text = match.group(1).removeprefix("./")
        if ".." in text.split("/"):
            continue
        path = cwd / text
        if not is_file(path) and "/" not in text:
            same = find_files(cwd, [text])
            path = same[0] if len(same) == 1 else path
        if "test" not in path.name.lower():
            continue
        # A test file that is not there is passed all the same: the runner's "file not found" answers the request,
        # where the whole suite in its place would answer another one.
        rel = path.relative_to(cwd).as_posix() if is_file(path) else text
        if rel not in found:
            found.append(rel)
        if len(found) == MAX_FILES:  # a request that lists more is no command line's worth
            break
    return found


def narrowed(command: str, files: list[str]) -> str | None:
    if not files:
        return None
    quoted = " ".join(shlex.quote(f) for f in files)
    unittest = _UNITTEST.match(command)
    if unittest:
        return f"{unittest.group('python')} -m unittest -v {quoted}"
    if re.search(r"(^|\s)(\S*python[\d.]*\s+-m\s+)?pytest\b", command) and " && " not in command:
        return f"{command} {quoted}"
    if _NODE_TEST.match(command):
        return f"node --test {quoted}"
    return None
