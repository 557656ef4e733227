"""Tools that print rustc-style snippets without being cargo: `error[rule]: message` or `warning[rule]: message`, the
place on a line below it (`--> file:1:22`, `╭▸ file:2:5`, `┌─ file:5:2`), the quoted source and a closing tally
(deno lint's `Found 4 problems`, zizmor's `9 findings (3 suppressed, …)`). deno lint, zizmor, typos, taplo, biome-like."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "snippets"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(deno lint|zizmor|typos|taplo (?:check|lint))\b")
# A message whose place follows within two lines, in a file that is not Rust source (cargo reads those).
OUTPUT_RE = re.compile(
    r"^(?:error|warning)(?:\[[\w:/-]+\])?: .+\n(?:.*\n){0,2}?[ \t]*(?:-->|╭▸|┌─) [^\s:]+(?<!\.rs):\d+:\d+", re.M)
# The label after the carets under the quoted source (`│  ^^^^ expected value`, `|  ^^^ does not set persist-credentials`):
# codespan and annotate-snippets put the detail there, not in the message line.
LABEL_RE = re.compile(r"^[ \t]*(?:\d+[ \t]*)?[│|][ \t]*(?:-+[ \t]+)?[\^~━]+[ \t]+(\S.*)$")  # `---` marks a second span
HEAD_RE = re.compile(r"^(?:error|warning)(?:\[[\w:/-]+\])?: ")
TALLY_RE = re.compile(r"^(?:Found )?\d+ (?:problems?|findings?)\b.*$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    facts.diagnostics = diagnostics.rust_style(text)
    _add_labels(text, facts)
    facts.counts = diagnostics.count(facts.diagnostics)
    facts.highlights = TALLY_RE.findall(text)[-1:]
    return facts


def _add_labels(text: str, facts: Facts) -> None:
    """Each diagnostic, in order, gets the first caret label of its block (the lines up to the next message)."""
    blocks, current = [], None
    for line in text.splitlines():
        if HEAD_RE.match(line):
            current = []
            blocks.append(current)
        elif current is not None and (label := LABEL_RE.match(line)) and not current:
            current.append(label[1].strip())
    labels = [block[0] if block else "" for block in blocks]
    if len(labels) != len(facts.diagnostics):
        return  # a message without a place (a closing `error: …`) breaks the pairing: say nothing rather than mislabel
    for diag, label in zip(facts.diagnostics, labels):
        if label and label.lower() not in diag.message.lower():
            diag.message = clip(f"{diag.message}: {label}", 220)
