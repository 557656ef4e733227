"""Composer (and other Symfony Console programs): an error as a padded block under `In RemoteFilesystem.php line 476:`
(the message wrapped over several lines, then the command's usage synopsis), `Problem 1` lines under `Your requirements
could not be resolved …`, and composer's own statements of what it did (`No composer.lock file present. …`,
`./composer.json is valid, but with a few warnings`)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "composer"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(composer|composer\.phar)\b")
BLOCK_RE = re.compile(r"^In (?P<where>\S+ line \d+):\n(?P<body>(?:[ \t]+\S.*\n?|[ \t]*\n)+)", re.M)
OUTPUT_RE = re.compile(r"^In \S+\.php line \d+:$", re.M)
PROBLEM_RE = re.compile(r"^  Problem \d+\n((?:    - .+\n?)+)", re.M)
STATEMENT_RE = re.compile(r"^(No composer\.lock file present\.|Your requirements could not be resolved to an installable set of packages\."
                          r"|\S*composer\.json is valid(?:, but with a few warnings)?|\S*composer\.json is invalid.*)", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    facts.highlights = list(dict.fromkeys(STATEMENT_RE.findall(text)))
    for m in BLOCK_RE.finditer(text):
        message = " ".join(line.strip() for line in m["body"].splitlines() if line.strip())
        facts.errors.append(clip(f"in {m['where']}: {message}", 260))
    for m in PROBLEM_RE.finditer(text):
        facts.errors.append(clip(" ".join(line.strip().lstrip("- ") for line in m.group(1).splitlines()), 240))
    return facts
