"""Questions about release files and archives, each answered by one read-only command a user can re-run, with the
answer sentence read off its output.

    checksums_plan    "do the files in dist/ match dist/SHA256SUMS?" -> cd dist && sha256sum -c SHA256SUMS
    archive_plan      "does backup/x.tar.gz contain config/secrets.yaml? how many files?" -> tar -tvf / unzip -l
    artifact_reports(query, records) -> [str]
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_SUM_FILE = re.compile(r"^(?:(SHA(?:1|224|256|384|512))SUMS?|(MD5)SUMS?|.+\.(sha(?:1|224|256|384|512)|md5)(?:sum)?)(?:\.txt)?$",
                       re.I)
_CHECK = re.compile(r"\b(?:match|matches|verify|verif(?:y|ies|ied)|check|checksums?|corrupt(?:ed)?|intact|hash(?:es)?|"
                    r"tampered|integrity)\b", re.I)


def checksums_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _CHECK.search(query):
        return []
    for text in named_paths(query, cwd):
        match = _SUM_FILE.match(Path(text).name)
        if match and is_file(cwd / text):
            algo = (match.group(1) or match.group(2) or match.group(3)).lower()
            tool = f"{algo}sum"
            folder, name = str(Path(text).parent), Path(text).name
            prefix = f"cd {shlex.quote(folder)} && " if folder != "." else ""
            return [planned(f"{prefix}{tool} -c {shlex.quote(name)}", "info",
                            f"recompute each file's {algo.upper()} and compare it with {text} (OK / FAILED per file)")]
    return []


_ARCHIVE = re.compile(r"\.(?:tar(?:\.(?:gz|bz2|xz|zst))?|tgz|tbz2|txz|zip|jar|whl)$", re.I)
_ASKS_CONTENT = re.compile(r"\b(?:contain|contains|include|includes|inside|in\s+(?:it|the\s+archive|that\s+archive)|"
                           r"what'?s\s+in|list|files?|entries|members?|how\s+many)\b", re.I)


def archive_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _ASKS_CONTENT.search(query):
        return []
    for text in named_paths(query, cwd):
        if _ARCHIVE.search(text) and is_file(cwd / text):
            quoted = shlex.quote(text)
            zipped = re.search(r"\.(?:zip|jar|whl)$", text, re.I)
            command = f"unzip -l {quoted}" if zipped else f"tar -tvf {quoted}"
            return [planned(command, "info", f"list every entry of {text} (files and folders) without extracting it")]
    return []


def artifact_reports(query: str, records: list[CommandRecord]) -> list[str]:
    out = []
    for record in records:
        if not record.ran:
            continue
        if re.search(r"\b(?:sha\d+|md5)sum -c ", record.command):
            out.append(_checksums(record))
        elif record.command.startswith(("tar -tvf ", "unzip -l ")):
            out.append(_archive(query, record))
    return [o for o in out if o]


_SUM_LINE = re.compile(r"^(.+?): (OK|FAILED(?: open or read)?)$", re.M)


def _checksums(record: CommandRecord) -> str:
    results = _SUM_LINE.findall(record.output)
    if not results:
        return ""
    bad = [name for name, state in results if state != "OK"]
    good = [name for name, state in results if state == "OK"]
    if not bad:
        return f"All {len(good)} files match their checksums (OK): {', '.join(good[:12])}."
    said = "; ".join(f"{name}: {state}" for name, state in results if state != "OK")
    return (f"{len(bad)} of {len(results)} files do not match their checksums: {said}."
            + (f" These match (OK): {', '.join(good[:12])}." if good else ""))


_TAR_ENTRY = re.compile(r"^([-dlhcbps])\S*\s+\S+\s+\d+\s+\S+\s+\S+\s+(.+?)(?: -> .*| link to .*)?$", re.M)
_ZIP_ENTRY = re.compile(r"^[ \t]*+\d+[ \t]++\S+[ \t]++\S+[ \t]++(.+)$", re.M)
_MEMBER = re.compile(r"(?<![\w./-])((?:[\w.-]+/)*[\w.-]+\.[A-Za-z0-9]{1,8})(?![\w/-])")


def _archive(query: str, record: CommandRecord) -> str:
    if record.exit_code != 0:
        return ""
    name = record.command.split(" ", 2)[2]
    if record.command.startswith("tar "):
        entries = [(kind, path) for kind, path in _TAR_ENTRY.findall(record.output)]
    else:
        entries = [("d" if p.endswith("/") else "-", p) for p in _ZIP_ENTRY.findall(record.output)
                   if not re.fullmatch(r"-+|Name", p.strip())]
    files = [p for kind, p in entries if kind != "d"]
    folders = [p for kind, p in entries if kind == "d"]
    lines = [f"{name} holds {len(files)} file{'s' * (len(files) != 1)}"
             + (f" (and {len(folders)} folder{'s' * (len(folders) != 1)})" if folders else "") + ": "
             + ", ".join(files[:15]) + (f" (+{len(files) - 15} more)" if len(files) > 15 else "") + "."]
    archive = shell_name(name)
    for member in dict.fromkeys(m.group(1) for m in _MEMBER.finditer(query)):
        if member == archive or _ARCHIVE.search(member):
            continue
        found = [p for p in files if p == member or p.endswith("/" + member)]
        if found:
            lines.append(f"It contains {member}: {', '.join(found[:4])}.")
        else:
            same = [p for p in files if p.rsplit("/", 1)[-1] == member.rsplit("/", 1)[-1] or
                    ("/" in member and p.rsplit("/", 1)[0].endswith(member.rsplit("/", 1)[0]))]
            lines.append(f"It does not contain {member}: no entry ends with that path"
                         + (f" (in that folder: {', '.join(same[:6])})" if same else "") + ".")
    return " ".join(lines)


def shell_name(text: str) -> str:
    from terminus_edge import shell_words

    try:
        words = shell_words.split(text)
    except ValueError:
        return text
    return words[0] if words else text
