"""Questions about the working tree's state, each answered by one read-only command a user can re-run; the answer
sentences are in tree_answers.py.

    symlinks_plan     "which symlinks are broken?" -> find . -xtype l, each with its target
    duplicates_plan   "any duplicate (identical) files under assets/?" -> sha256sum of every file, repeated hashes only
    markers_plan      "any leftover merge conflict markers?" -> grep -rnE for the <<<<<<< / ======= / >>>>>>> lines
    env_reads_plan    "where is REPORTER_CACHE_DIR read?" -> grep -rnw NAME over the sources
Each returns [] when the request is no such question.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import named_paths, planned
from terminus_edge.subagent.records import PlannedCommand
from terminus_edge.subagent.repo_questions import ALWAYS_SKIPPED

_PRUNE = " -o ".join(f"-name {shlex.quote(d)}" for d in ALWAYS_SKIPPED)
_EXCLUDE_DIRS = " ".join(f"--exclude-dir={d}" for d in ALWAYS_SKIPPED)
_SYMLINK = re.compile(r"\b(?:sym(?:bolic)?[- ]?links?|soft[- ]links?)\b", re.I)
_BROKEN = re.compile(r"\b(?:broken|dangling|dead|stale|invalid|point(?:s|ing)?\s+(?:to\s+)?nowhere|missing\s+targets?|"
                     r"(?:don't|doesn't|do\s+not|does\s+not)\s+resolve)\b", re.I)


def _where(query: str, cwd: Path) -> list[str]:
    """The folders the request names, else the whole tree."""
    return [p for p in named_paths(query, cwd) if (cwd / p).is_dir()] or ["."]


def symlinks_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_SYMLINK.search(query) and _BROKEN.search(query)):
        return []
    where = " ".join(shlex.quote(w) for w in _where(query, cwd))
    return [planned(f"find {where} \\( {_PRUNE} \\) -prune -o -xtype l -printf 'broken symlink: %p -> %l\\n'", "info",
                    "list every symbolic link whose target does not exist, with the target it points to")]


_DUPLICATE = re.compile(r"\b(?:duplicates?|duplicated|identical|same\s+(?:file\s+)?contents?|byte[- ]for[- ]byte|"
                        r"exact\s+copies|copies\s+of\s+each\s+other)\b", re.I)
_FILES_WORD = re.compile(r"\bfiles?\b|\bimages?\b|\bassets?\b|\bdocs?\b|\bcopies\b", re.I)


def duplicates_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_DUPLICATE.search(query) and _FILES_WORD.search(query)):
        return []
    where = " ".join(shlex.quote(w) for w in _where(query, cwd))
    return [planned(f"find {where} \\( {_PRUNE} \\) -prune -o -type f -exec sha256sum {{}} + | sort | "
                    "uniq -w64 --all-repeated=separate", "info",
                    "list the files whose content is byte-for-byte identical (same SHA-256), one group per block")]


_MARKERS = re.compile(r"\b(?:conflict|merge)\s+markers?\b|<<<<<<<|>>>>>>>|\bunresolved\s+(?:merge\s+)?conflicts?\b|"
                      r"\bleftover\s+conflicts?\b", re.I)
MARKER_GREP = "grep -rnE '^(<<<<<<<|=======|>>>>>>>)( |$)'"


def markers_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _MARKERS.search(query):
        return []
    where = " ".join(shlex.quote(w) for w in _where(query, cwd))
    return [planned(f"{MARKER_GREP} {_EXCLUDE_DIRS} {where}", "search",
                    "find every line that is a merge conflict marker, with its file and line")]


_ENV_WORD = re.compile(r"\benv(?:ironment)?(?:\s+var(?:iable)?s?)?\b", re.I)
_ENV_NAME = re.compile(r"(?<![\w$])\$?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b")  # REPORTER_CACHE_DIR, $API_TOKEN
_WHERE_READ = re.compile(r"\b(?:where|which\s+(?:files?|modules?|places?|code)|who|what)\b[^.?!]{0,80}\b(?:read|reads|used|"
                         r"uses|use|looked\s+up|accessed|referenced|consumed)\b|\bfind\s+(?:every|all|the)\s+(?:reads?|uses?)\b",
                         re.I)


def env_reads_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    """"Where is APP_CACHE_DIR read?": every line of the sources that names it (reads, defaults, and the places that
    set it, which the answer tells apart)."""
    names = list(dict.fromkeys(m.group(1) for m in _ENV_NAME.finditer(query)))
    if not names or not _WHERE_READ.search(query) or not (_ENV_WORD.search(query) or len(names) == 1):
        return []
    pattern = "|".join(re.escape(n) for n in names[:4])
    return [planned(f"grep -rnwE {shlex.quote(pattern)} {_EXCLUDE_DIRS} .", "search",
                    f"find every line that reads (or sets) {' / '.join(names[:4])}, with its file and line")]
