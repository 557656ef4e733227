"""A JSON parse error whose output does not say which file: find the project's JSON file that does not parse
and check it with a validator the user can re-run (`python3 -m json.tool FILE`, which names line and column).

    invalid_json_followup(cwd, record) -> PlannedCommand | None

JSON.parse (node) reports only "… in JSON at position N"; Python's json says "… (char N)". Every *.json
file of the project (build and dependency folders skipped) is parsed here; a file failing at the same
position as the output's is preferred, then the first failing one.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

from terminus_edge.subagent.detect import find_files
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

# From a message's first word to its "(char N)", never past the next message's first word: `[^\n]*\(char` re-read
# the rest of the line after every "Expecting" (quadratic on a long line of them).
_TO_CHAR = r"(?:(?!Expecting|Unterminated|\(char \d+\))[^\n])*+\(char (\d+)\)"
_JSON_ERROR = re.compile(r"in JSON at position \d+|JSONDecodeError|Unexpected (?:token|end of) [^\n]{0,60}JSON|"
                         rf"Expecting (?:property name|value|',' delimiter|':' delimiter){_TO_CHAR}|"
                         rf"Unterminated string starting at{_TO_CHAR}")
_POSITION = re.compile(rf"in JSON at position (\d+)|(?:Expecting|Unterminated){_TO_CHAR}")
MAX_FILES = 500
MAX_BYTES = 2_000_000


def json_error_position(output: str) -> tuple[bool, int | None]:
    """(the output reports a JSON parse error, the character position it names)."""
    if not _JSON_ERROR.search(output):
        return False, None
    match = _POSITION.search(output)
    return True, int(match.group(1) or match.group(2)) if match else None


def invalid_json_files(cwd: Path) -> list[tuple[Path, int]]:
    """(file, character position of the error) for each of the project's JSON files that does not parse."""
    bad = []
    for path in find_files(cwd, ["*.json"], limit=MAX_FILES):
        try:
            if path.stat().st_size > MAX_BYTES:
                continue
            json.loads(path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as error:
            bad.append((path, error.pos))
        except (OSError, UnicodeDecodeError, RecursionError):
            continue
    return bad


def invalid_json_followup(cwd: Path, record: CommandRecord) -> PlannedCommand | None:
    reported, position = json_error_position(record.output)
    if not reported:
        return None
    bad = invalid_json_files(cwd)
    if not bad:
        return None
    same = [entry for entry in bad if entry[1] == position]
    path, _ = (same or bad)[0]
    python = "python3" if shutil.which("python3") else "python" if shutil.which("python") else None
    if python is None:
        return None
    rel = path.relative_to(cwd)
    others = f" ({len(bad) - 1} more JSON file(s) do not parse either)" if len(bad) > 1 else ""
    at = f" at the reported position {position}" if same and position is not None else ""
    return PlannedCommand(
        command=f"{python} -m json.tool {shlex.quote(str(rel))} > /dev/null", kind="check", timeout_s=30.0,
        explanation=f"Check that {rel} is valid JSON (json.tool names the line and column of the first error).",
        goal=f"show which JSON file the parse error comes from: {rel} does not parse{at}{others}")
