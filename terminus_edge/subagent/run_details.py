"""Details an answer adds when the request asks for them, read off a command's own output.

    skipped_tests(output) -> [(name, reason)]        skipped/ignored tests of a verbose test run
    clean_files(command, output, facts) -> [file]    files a checker was given that got no finding

Runners covered for skips: unittest -v, pytest -v and -rs, go test -v, cargo test, node --test (TAP and
spec), jest. A name is listed once, in output order.
"""

from __future__ import annotations

import os
import re
from terminus_edge import shell_words

_SKIP_RX = [
    re.compile(r"^(?P<name>\w+) \([\w.]+\) \.\.\. skipped (?P<reason>'.*'|\".*\")\s*$", re.M),  # unittest -v
    re.compile(r"^(?P<name>[\w/.-]+\.py::[\w:\[\]-]+) SKIPPED(?: \((?P<reason>.*)\))?(?:\s+\[\s*\d+%\])?\s*$", re.M),
    re.compile(r"^SKIPPED \[\d+\] (?P<name>[\w/.-]+:\d+): (?P<reason>.*)$", re.M),  # pytest -rs
    re.compile(r"^[ \t]*+--- SKIP: (?P<name>\S+) \([\d.]+s\)\n(?:\s+[\w.]+\.go:\d+: (?P<reason>.*))?", re.M),  # go -v
    re.compile(r"^test (?P<name>\S+) \.\.\. ignored(?:, (?P<reason>.*))?\s*$", re.M),  # cargo
    re.compile(r"^[ \t]*+ok \d+ - (?P<name>.*?) # SKIP(?: (?P<reason>.*))?$", re.M),  # TAP (node --test)
    re.compile(r"^[ \t]*+[﹣-] (?P<name>.*?) \([\d.]+m?s\) # (?:SKIP|skip)(?: (?P<reason>.*))?$", re.M),  # node spec
    re.compile(r"^[ \t]*+○ skipped (?P<name>.*)$", re.M),  # jest
]  # leading blanks as [ \t]*+: a `^\s*` re-read every blank line below each one (quadratic on blank output)
_FILE_ARG = re.compile(r"^[\w./-]+\.[A-Za-z]\w{0,5}$")
MAX_LISTED = 12


def skipped_tests(output: str) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for rx in _SKIP_RX:
        for match in rx.finditer(output):
            name = match.group("name").strip()
            reason = (match.groupdict().get("reason") or "").strip().strip("'\"")
            if name and name not in found:
                found[name] = reason
    return _pytest_whole_reasons(found)


def _pytest_whole_reasons(found: dict[str, str]) -> list[tuple[str, str]]:
    """pytest -v with -rs names each skip twice: `file::test SKIPPED (reason cut...)` and `SKIPPED [1] file:line:
    reason`. The test keeps its name and gets the whole reason of the summary line of its file that it starts."""
    summary = {name: reason for name, reason in found.items() if re.fullmatch(r"[\w/.-]+:\d+", name)}
    for name, reason in list(found.items()):
        if "::" not in name or not summary:
            continue
        head = reason[:-3] if reason.endswith("...") else reason
        same = next((where for where, whole in summary.items()
                     if where.split(":")[0] == name.split("::")[0] and whole.startswith(head) and where in found), None)
        if same:
            found[name] = found.pop(same)
    return list(found.items())


def skipped_sentence(output: str) -> str:
    skipped = skipped_tests(output)
    if not skipped:
        return ""
    shown = [f"{name} ({reason})" if reason else name for name, reason in skipped[:MAX_LISTED]]
    more = f" and {len(skipped) - MAX_LISTED} more" if len(skipped) > MAX_LISTED else ""
    return f"Skipped ({len(skipped)}): {'; '.join(shown)}{more}."


def clean_files(command: str, output: str, facts: dict) -> list[str]:
    """Files named on the checker's command line (or on the recipe line make echoed) that no finding names;
    empty unless at least one named file has findings (then the checker did look at each file it was given)."""
    flagged = {_norm(d.get("file")) for d in facts.get("diagnostics") or [] if d.get("file")}
    flagged.discard("")
    if not flagged:
        return []
    lines = [command] + [line for line in output.splitlines()[:5] if not line.startswith(("make", " "))]
    for line in lines:
        try:
            words = shell_words.split(line)
        except ValueError:
            continue
        files = list(dict.fromkeys(w for w in words[1:] if _FILE_ARG.match(w) and not w.startswith("-")))
        if len(files) >= 2 and flagged & {_norm(f) for f in files}:
            return [f for f in files if _norm(f) not in flagged]
    return []


def _norm(path: str | None) -> str:
    return os.path.normpath(path) if path else ""
