"""Tools that print rustc-style snippets without being cargo: `error[rule]: message` or `warning[rule]: message`, the
place on a line below it (`--> file:1:22`, `╭▸ file:2:5`, `┌─ file:5:2`), the quoted source and a closing tally
(deno lint's `Found 4 problems`, zizmor's `9 findings (3 suppressed, …)`). deno lint, zizmor, typos, taplo, biome-like."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.types import Facts

NAME = "snippets"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(deno lint|zizmor|typos|taplo (?:check|lint))\b")
# A message whose place follows within two lines, in a file that is not Rust source (cargo reads those).
OUTPUT_RE = re.compile(
    r"^(?:error|warning)(?:\[[\w:/-]+\])?: .+\n(?:.*\n){0,2}?[ \t]*(?:-->|╭▸|┌─) [^\s:]+(?<!\.rs):\d+:\d+", re.M)
TALLY_RE = re.compile(r"^(?:Found )?\d+ (?:problems?|findings?)\b.*$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    facts.diagnostics = diagnostics.rust_style(text)
    facts.counts = diagnostics.count(facts.diagnostics)
    facts.highlights = TALLY_RE.findall(text)[-1:]
    return facts
