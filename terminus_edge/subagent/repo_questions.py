"""Questions about the repository itself, each answered by read-only commands a user can re-run:

    git_status_plan / since_tag_plan / since_tag_followup   "is my working tree clean?", "what changed since the
                                                            last tag?" (git status --short; git describe, log, diff)
    make_targets_plan(query, cwd)      "what targets does the Makefile have?" -> `cat -n Makefile`
    lines_per_language_plan(query, cwd)   "count lines of code per language" -> find … -exec wc -l {} +
The answer sentences that read these outputs are in repo_answers.py.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_GIT_STATUS = re.compile(r"\b(?:working\s+(?:tree|copy|directory)|uncommitted|not\s+(?:yet\s+)?committed|haven'?t\s+"
                         r"(?:yet\s+)?committed|unstaged|untracked|git\s+status|local\s+changes|dirty)\b", re.I)
_SINCE_TAG = re.compile(r"\bsince\s+(?:the\s+)?(?:last|latest|previous|most\s+recent|newest)\s+(?:release\s+|git\s+)?"
                        r"(?:tag|release|version)\b", re.I)
_SINCE_NAMED = re.compile(r"\bsince\s+`?(v?\d+(?:\.\d+)+[\w.-]*)`?", re.I)
# "since commit d7615d4", "since 3f9c1e2a": a commit id (hex with a letter and a digit unless "commit" says so)
_SINCE_COMMIT = re.compile(r"\bsince\s+(?:(commit|revision|rev)\s+)?`?([0-9a-f]{7,40})`?(?![\w-])", re.I)
# "between v1.1.0 and v1.2.0", "from v1.1.0 to v1.2.0", "v1.1.0..v1.2.0": the commits of the later one only
_VERSION = r"`?(v?\d+(?:\.\d+)+(?:[\w.-]*\w)?)`?"
_BETWEEN = re.compile(rf"\bbetween\s+(?:tags?\s+)?{_VERSION}\s+and\s+{_VERSION}(?![\w-]|\.\w)|\bfrom\s+(?:tag\s+)?{_VERSION}\s+"
                      rf"to\s+{_VERSION}(?![\w-]|\.\w)|(?<![\w.-])(v?\d+(?:\.\d+)+)\.\.(v?\d+(?:\.\d+)+)(?![\w.-])", re.I)


def _in_git(cwd: Path) -> bool:
    return any((folder / ".git").exists() for folder in (cwd, *cwd.resolve().parents))


def git_status_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _GIT_STATUS.search(query) or not _in_git(cwd):
        return []
    return [planned("git status --short", "info", "list staged, unstaged and untracked changes (ignored files are not "
                                                   "listed)")]


def since_tag_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _in_git(cwd):
        return []
    between = _BETWEEN.search(query)
    if between:
        older, newer = [g for g in between.groups() if g]
        return [_log_since(older, newer)]
    named = _SINCE_NAMED.search(query)
    if named:
        return [_log_since(named.group(1))]
    commit = _SINCE_COMMIT.search(query)
    if commit and (commit.group(1) or re.search(r"[a-f]", commit.group(2), re.I) and re.search(r"\d", commit.group(2))):
        return [_log_since(commit.group(2))]
    if not _SINCE_TAG.search(query):
        return []
    return [planned("git describe --tags --abbrev=0", "info", "find the newest tag reachable from HEAD")]


def since_tag_followup(records: list[CommandRecord]) -> PlannedCommand | None:
    last = records[-1] if records else None
    if not last or last.refused or last.command != "git describe --tags --abbrev=0" or last.exit_code != 0:
        return None
    tag = last.output.strip().splitlines()[-1].strip() if last.output.strip() else ""
    return _log_since(tag) if re.fullmatch(r"[\w./+-]+", tag) else None


def _log_since(tag: str, newer: str = "HEAD") -> PlannedCommand:
    ref = shlex.quote(f"{tag}..{newer}")
    what = f"since {tag}" if newer == "HEAD" else f"in {newer} that {tag} does not have"
    return planned(f"git log --oneline {ref} && git diff --stat {ref}", "info",
                   f"list the commits {what} and the files they changed")


_TARGETS = re.compile(r"\b(?:make\s+)?targets?\b|\bwhat\s+can\s+(?:I|we|you)\s+(?:run|do|build)\s+with\s+make\b", re.I)
_ASKS_LIST = re.compile(r"\b(?:what|which|list|show|available|are\s+there|does\s+\S+\s+have|has)\b", re.I)
MAX_CAT_LINES = 300


def make_targets_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    makefile = next((n for n in ("GNUmakefile", "makefile", "Makefile") if is_file(cwd / n)), None)
    if makefile is None or not _TARGETS.search(query) or not _ASKS_LIST.search(query):
        return []
    try:
        count = (cwd / makefile).read_text(encoding="utf-8", errors="replace").count("\n")
    except OSError:
        return []
    if count <= MAX_CAT_LINES:  # small enough to read whole: each target with its recipe
        return [planned(f"cat -n {makefile}", "info", "show the Makefile: each target, its prerequisites and recipe")]
    return [planned(f"grep -nE '^[A-Za-z0-9_./%$()-]+( +[A-Za-z0-9_./%$()-]+)*:([^=]|$)' {makefile}", "info",
                    "list the Makefile's rule lines (targets and prerequisites)")]


_LOC = re.compile(r"\blines?\s+of\s+code\b|\bLOC\b|\bs?loc\s+(?:count|per)\b|\bcloc\b|\bcount\s+(?:the\s+)?lines\b|"
                  r"\bhow\s+many\s+lines\b[^.?!\n]{0,40}\b(?:code|language|project|repo|codebase)\b", re.I)
_EXCLUDE = re.compile(r"\b(?:don'?t\s+count|do\s+not\s+count|not\s+counting|without|excluding|exclude|except|ignor(?:e|ing)|"
                      r"skip(?:ping)?|leave\s+out|leaving\s+out)\s+((?:[\w./`-]++[\s,]*+){1,6})",
                      re.I)
LANGUAGES = {".py": "Python", ".js": "JavaScript", ".mjs": "JavaScript", ".cjs": "JavaScript", ".jsx": "JavaScript",
             ".ts": "TypeScript", ".tsx": "TypeScript", ".c": "C", ".h": "C", ".cc": "C++", ".cpp": "C++", ".cxx": "C++",
             ".hpp": "C++", ".hh": "C++", ".go": "Go", ".rs": "Rust", ".java": "Java", ".kt": "Kotlin", ".rb": "Ruby",
             ".php": "PHP", ".sh": "Shell", ".bash": "Shell", ".pl": "Perl", ".pm": "Perl", ".swift": "Swift",
             ".cs": "C#", ".scala": "Scala", ".lua": "Lua", ".sql": "SQL", ".html": "HTML", ".css": "CSS", ".scss": "CSS",
             ".vue": "Vue", ".m": "Objective-C", ".r": "R", ".R": "R", ".ex": "Elixir", ".exs": "Elixir", ".erl": "Erlang",
             ".hs": "Haskell", ".ml": "OCaml", ".zig": "Zig", ".dart": "Dart"}
ALWAYS_SKIPPED = (".git", "node_modules", "target", "build", "dist", ".venv", "venv", "__pycache__", ".tox")
MAX_WALKED = 50_000


def excluded_folders(query: str, cwd: Path) -> list[str]:
    found = []
    for match in _EXCLUDE.finditer(query):
        found += [p.rstrip("/") for p in named_paths(match.group(1), cwd) if (cwd / p).is_dir()]
    return list(dict.fromkeys(found))


def lines_per_language_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _LOC.search(query):
        return []
    excluded = excluded_folders(query, cwd)
    present = _extensions(cwd, excluded)
    if not present:
        return []
    prune = " -o ".join(["-name '.?*'"] + [f"-name {shlex.quote(n)}" for n in ALWAYS_SKIPPED if not n.startswith(".")] +
                        [f"-path {shlex.quote('./' + e)}" for e in excluded])
    names = " -o ".join(f"-name {shlex.quote('*' + ext)}" for ext in present)
    command = f"find . \\( {prune} \\) -prune -o -type f \\( {names} \\) -exec wc -l {{}} +"
    skipped = ", ".join(excluded + ["dependency and build folders"])
    return [planned(command, "info", f"count the lines of each source file (wc -l; {skipped} not counted), to add up "
                                     "per language")]


def _extensions(cwd: Path, excluded: list[str]) -> list[str]:
    skip = {os.path.normpath(os.path.join(str(cwd), e)) for e in excluded}
    seen: dict[str, None] = {}
    walked = 0
    for folder, dirs, files in os.walk(cwd):
        dirs[:] = sorted(d for d in dirs if d not in ALWAYS_SKIPPED and not d.startswith(".")
                         and os.path.normpath(os.path.join(folder, d)) not in skip)
        walked += len(dirs) + len(files)
        for name in files:
            ext = os.path.splitext(name)[1]
            if ext in LANGUAGES:
                seen[ext] = None
        if walked > MAX_WALKED:
            break
    return sorted(seen)
