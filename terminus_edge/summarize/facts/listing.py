"""Listings: `grep -n` / `rg` matches and `find` / `ls` paths, summarized by counts and directories."""

from __future__ import annotations

import re
from collections import Counter

from terminus_edge.summarize.facts.common import clip, iter_lines, plural
from terminus_edge.summarize.facts.types import Facts

NAME = "listing"
# The program of a simple command (at the start, after `;` `&` `|` `(` or a wrapper such as xargs), maybe with its
# directory (`/usr/bin/find`); never a word inside an argument's path (`cat /bin/ls`, `vim src/grep.c`).
COMMAND_RE = re.compile(
    r"(?:^|[;&|(]\s*)(?:(?:xargs|command|exec|nohup|env|nice|stdbuf|watch)(?:\s+-\S+)*\s+)*(?:[\w.~-]*/)*"
    r"(grep|egrep|fgrep|rg|ag|ack|git grep|find|fd|fdfind|ls|tree|locate)(?![\w./-])"
)
OUTPUT_RE = re.compile(r"(?!)")  # chosen by command only: many outputs contain paths

MATCH_RE = re.compile(r"^(?P<file>[^\s:][^:]*?):(?:(?P<line>\d+):)?(?P<text>.*)$")
PATH_RE = re.compile(r"^\.?/?[\w.@+~-]+(?:/[\w .@+~-]+)*/?$")


def _top(path: str) -> str:
    path = path.lstrip("./")
    return path.split("/")[0] + "/" if "/" in path else "./"


def _ranked(counter: Counter, limit: int, suffix: str = "") -> str:
    return ", ".join(f"{key}{suffix} ({n})" for key, n in counter.most_common(limit))


def parse(text: str) -> Facts:
    """One pass over the lines (no list of them): a listing can be the whole of a 100 MB output."""
    facts = Facts(tools=[NAME])
    n_lines = n_matches = n_paths = 0
    match_files: set[int] = set()  # hashes, not names: a listing can name a million files
    file_tops: Counter = Counter()
    contents: Counter = Counter()
    path_tops: Counter = Counter()
    path_dirs: Counter = Counter()
    exts: Counter = Counter()
    for line in iter_lines(text):
        if not line.strip():
            continue
        n_lines += 1
        m = MATCH_RE.match(line)
        if m and m["line"]:
            n_matches += 1
            key = hash(m["file"])
            if key not in match_files:
                match_files.add(key)
                file_tops[_top(m["file"])] += 1
            content = re.sub(r"\s+", " ", m["text"].strip())
            if len(contents) < 100_000 or content in contents:  # a bounded tally of the most frequent
                contents[content] += 1
        path = line.strip()
        if PATH_RE.match(path):
            n_paths += 1
            path_tops[_top(path)] += 1
            bare = path.lstrip("./")
            if "/" in bare:
                path_dirs[bare.rsplit("/", 1)[0]] += 1
            name = path.rsplit("/", 1)[-1]
            if "." in name:
                exts[name.rsplit(".", 1)[-1]] += 1
    if not n_lines:
        facts.highlights.append("nothing matched")  # the summary says "no output" itself
        return facts
    if n_matches >= 0.6 * n_lines:
        facts.highlights.append(f"{plural(n_matches, 'matching line')} in {plural(len(match_files), 'file')}; by top directory (files): {_ranked(file_tops, 5)}")
        common = [f"{n}× '{clip(c, 70)}'" for c, n in contents.most_common(5)]
        facts.highlights.append("most frequent matches: " + "; ".join(common))
        return facts
    if n_paths >= 0.8 * n_lines:
        facts.highlights.append(f"{plural(n_paths, 'path')} listed; by top directory: {_ranked(path_tops, 5)}")
        if path_dirs:
            facts.highlights.append(f"directories: {_ranked(path_dirs, 6, '/')}")
        if exts:
            facts.highlights.append("file types: " + ", ".join(f".{e} ({n})" for e, n in exts.most_common(4)))
    else:
        facts.highlights.append(f"{plural(n_lines, 'line')} of output")
    return facts
