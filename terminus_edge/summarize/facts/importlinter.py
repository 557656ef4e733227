"""import-linter (`lint-imports`): `Contracts: 0 kept, 1 broken.`, a `<name> BROKEN` line per contract, and under
`Broken contracts` each illegal import chain `- app.core.models -> app.web.views (l.1)`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "import-linter"
COMMAND_RE = re.compile(r"(^|[\s/;&|])lint-imports\b")
OUTPUT_RE = re.compile(r"^Contracts: \d+ kept, \d+ broken\.$", re.M)

TALLY_RE = re.compile(r"^Contracts: (\d+) kept, (\d+) broken\.$", re.M)
BROKEN_RE = re.compile(r"^(.+) BROKEN$", re.M)
RULE_RE = re.compile(r"^(\S+ is not allowed to import \S+):$", re.M)
CHAIN_RE = re.compile(r"^- (\S+ -> .+)$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    tally = TALLY_RE.search(text)
    if tally:
        facts.counts = {"errors": int(tally[2])}
        facts.count_words["errors"] = "broken contracts"
        facts.highlights.append(tally[0])
    facts.errors = [f"contract broken: {name}" for name in BROKEN_RE.findall(text)]
    facts.errors += [clip(rule, 200) for rule in RULE_RE.findall(text)]
    facts.highlights += [clip(chain, 200) for chain in CHAIN_RE.findall(text)]
    return facts
