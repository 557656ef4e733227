"""publint (npm package lint): numbered messages under `Errors:`, `Warnings:` and `Suggestions:` headings."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "publint"
COMMAND_RE = re.compile(r"(^|[\s/;&|])publint\b")
OUTPUT_RE = re.compile(r"^Running publint v", re.M)

SECTION_RE = re.compile(r"^(Errors|Warnings|Suggestions):\n((?:\d+\. .+\n?)+)", re.M)
ITEM_RE = re.compile(r"^\d+\. (.+)$", re.M)
LEVELS = {"Errors": "error", "Warnings": "warning", "Suggestions": "suggestion"}


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for section in SECTION_RE.finditer(text):
        level = LEVELS[section[1]]
        items = ITEM_RE.findall(section[2])
        facts.diagnostics += [Diagnostic(level, clip(item, 200)) for item in items]
        facts.counts[section[1].lower()] = len(items)
    return facts
