"""Answer sentences for file_questions.py's commands, read off their output only.

    file_reports(records) -> [str]   one sentence per question command that ran:
        "Biggest files: data/cache/tiles-z12.bin 3.0 MiB (3145728 bytes); … Biggest folders (du): data/cache 4.1M; …"
        "CRLF line endings: docs/notes.txt, scripts/install.sh. Not valid UTF-8: data/customers.csv (…). 6 text files …"
        "2 of 8 source files have no SPDX-License-Identifier line: src/x.py, web/app.js."
        "Not executable (no x in the owner's mode): scripts/release.sh (-rw-r--r--); executable: scripts/build.sh."
        and the last line of the link and schema checks with the lines they name.
"""

from __future__ import annotations

import re

from terminus_edge.subagent.records import CommandRecord
from terminus_edge import shell_words

MAX_NAMED = 10
_SIZE_LINE = re.compile(r"^(\d+)\t(?:\./)?(.+)$", re.M)
_DU_LINE = re.compile(r"^([\d.,]+[KMGTP]?)\t(?:\./)?(.+)$", re.M)
_COUNT_LINE = re.compile(r"^(?:\./)?(.+):(\d+)$", re.M)
_LS_LINE = re.compile(r"^([-dlcbps])([-rwxsStT]{9})[.+@]?\s+\d+\s+\S+\s+\S+\s+\d+\s+\w+\s+\d+\s+[\d:]+\s+(.+)$", re.M)
_LS_HEAD = re.compile(r"^(\S.*):$", re.M)


def file_reports(records: list[CommandRecord]) -> list[str]:
    ran = [r for r in records if r.ran]
    out = [_largest(ran), _du(ran)]
    for record in ran:
        if "CRLF line endings" in record.command and "not valid UTF-8" in record.command:
            out.append(_text_format(record))
        elif record.command.startswith("grep -rcE -m1 "):
            out.append(_headers(record))
        elif record.command.startswith("ls -l "):
            out.append(_modes(record))
        elif "broken local links of" in record.command or "do not validate against" in record.command:
            out.append(_checker(record))
    return [o for o in out if o]


def human(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def _largest(records: list[CommandRecord]) -> str:
    record = next((r for r in records if r.command.startswith(("find . ", "git ls-tree -r -l HEAD"))
                   and ("-printf '%s\\t%p\\n'" in r.command or "git ls-tree" in r.command)), None)
    found = _SIZE_LINE.findall(record.output) if record else []
    if not found:
        return ""
    which = "Biggest files committed in HEAD (git ls-tree)" if record.command.startswith("git ") else "Biggest files"
    return f"{which}: " + "; ".join(f"{path} {human(int(size))} ({size} bytes)" for size, path in found[:MAX_NAMED]) + "."


def _du(records: list[CommandRecord]) -> str:
    record = next((r for r in records if r.command.startswith("du -h ")), None)
    found = [(size, path) for size, path in _DU_LINE.findall(record.output) if path != "."] if record else []
    if not found:
        return ""
    return "Biggest folders (du, size on disk, sub-folders included): " + "; ".join(
        f"{path} {size}" for size, path in found[:MAX_NAMED]) + "."


def _text_format(record: CommandRecord) -> str:
    lines = record.output.splitlines()
    crlf = [line.split(": CRLF", 1)[0] for line in lines if ": CRLF line endings" in line]
    bad = [line.replace(": not UTF-8 ", " ", 1) for line in lines if ": not UTF-8 (" in line]
    total = next((line for line in reversed(lines) if "text files checked" in line), "")
    parts = [f"CRLF line endings: {', '.join(crlf[:MAX_NAMED])}" if crlf else "no file has CRLF line endings",
             f"not valid UTF-8: {'; '.join(bad[:MAX_NAMED])}" if bad else "every text file is valid UTF-8"]
    return (parts[0][0].upper() + parts[0][1:] + ". " + parts[1][0].upper() + parts[1][1:] + "."
            + (f" ({total}.)" if total else ""))


def _headers(record: CommandRecord) -> str:
    counts = _COUNT_LINE.findall(record.output)
    if not counts:
        return ""
    try:
        marker = shell_words.split(record.command)[3]
    except (ValueError, IndexError):
        return ""
    missing = [path for path, n in counts if n == "0"]
    if not missing:
        return f"All {len(counts)} source files searched have a {marker} line."
    return (f"{len(missing)} of {len(counts)} source files have no {marker} line: {', '.join(missing[:MAX_NAMED])}"
            + (f" (+{len(missing) - MAX_NAMED} more)" if len(missing) > MAX_NAMED else "") + ".")


def _modes(record: CommandRecord) -> str:
    try:
        args = shell_words.split(record.command)[2:]
    except ValueError:
        return ""
    # one folder listed: its files' names come bare; several: each under a "folder:" heading
    folder = args[0].rstrip("/") + "/" if len(args) == 1 and record.output.lstrip().startswith("total ") else ""
    runnable, not_runnable = [], []
    for line in record.output.splitlines():
        head = _LS_HEAD.match(line)
        if head:
            folder = head.group(1).rstrip("/") + "/"
            continue
        match = _LS_LINE.match(line)
        if not match or match.group(1) != "-":
            continue
        name = folder + match.group(3) if "/" not in match.group(3) else match.group(3)
        (runnable if match.group(2)[2] in "xs" else not_runnable).append((name, match.group(1) + match.group(2)))
    if not runnable and not not_runnable:
        return ""
    text = ("Not executable (no x in the owner's mode): " + "; ".join(f"{n} ({m})" for n, m in not_runnable[:MAX_NAMED])
            + ". `chmod +x FILE` makes a file runnable directly." if not_runnable else "Every file listed is executable.")
    if runnable:
        text += " Executable: " + ", ".join(n for n, _ in runnable[:MAX_NAMED]) + "."
    return text


def _checker(record: CommandRecord) -> str:
    lines = [line.strip() for line in record.output.splitlines() if line.strip()]
    if not lines:
        return ""
    found = lines[:-1][:MAX_NAMED]
    return lines[-1] + (":\n" + "\n".join(found) if found else ".")
