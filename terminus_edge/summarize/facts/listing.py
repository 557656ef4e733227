"""Listings: `grep -n` / `rg` matches and `find` / `ls` paths, summarized by counts and directories."""

from __future__ import annotations

import re
from collections import Counter

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "listing"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(grep|egrep|fgrep|rg|ag|ack|git grep|find|fd|fdfind|ls|tree|locate)\b")
OUTPUT_RE = re.compile(r"(?!)")  # chosen by command only: many outputs contain paths

MATCH_RE = re.compile(r"^(?P<file>[^\s:][^:]*?):(?:(?P<line>\d+):)?(?P<text>.*)$")
PATH_RE = re.compile(r"^\.?/?[\w.@+~-]+(?:/[\w .@+~-]+)*/?$")


def _top_dirs(paths: list[str], limit: int = 5) -> str:
    tops = Counter((p.lstrip("./").split("/")[0] + "/") if "/" in p.lstrip("./") else "./" for p in paths)
    return ", ".join(f"{d} ({n})" for d, n in tops.most_common(limit))


def _common_dirs(paths: list[str], limit: int = 6) -> str:
    dirs = Counter(p.lstrip("./").rsplit("/", 1)[0] for p in paths if "/" in p.lstrip("./"))
    return ", ".join(f"{d}/ ({n})" for d, n in dirs.most_common(limit))


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        facts.highlights.append("no output (nothing matched)")
        return facts
    matches = [MATCH_RE.match(line) for line in lines]
    matches = [m for m in matches if m and m["line"]]
    if len(matches) >= 0.6 * len(lines):
        files = list(dict.fromkeys(m["file"] for m in matches))
        facts.highlights.append(f"{len(matches)} matching lines in {len(files)} files; by top directory (files): {_top_dirs(files)}")
        contents = Counter(re.sub(r"\s+", " ", m["text"].strip()) for m in matches)
        common = [f"{n}× '{clip(c, 70)}'" for c, n in contents.most_common(5)]
        facts.highlights.append("most frequent matches: " + "; ".join(common))
        return facts
    paths = [line.strip() for line in lines if PATH_RE.match(line.strip())]
    if len(paths) >= 0.8 * len(lines):
        facts.highlights.append(f"{len(paths)} paths listed; by top directory: {_top_dirs(paths)}")
        common = _common_dirs(paths)
        if common:
            facts.highlights.append(f"directories: {common}")
        exts = Counter(p.rsplit(".", 1)[-1] for p in paths if "." in p.rsplit("/", 1)[-1])
        if exts:
            facts.highlights.append("file types: " + ", ".join(f".{e} ({n})" for e, n in exts.most_common(4)))
    else:
        facts.highlights.append(f"{len(lines)} lines of output")
    return facts
