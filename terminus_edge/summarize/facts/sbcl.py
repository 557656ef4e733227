"""SBCL (Common Lisp) dying on an unhandled condition: `Unhandled TYPE-ERROR in thread #<SB-THREAD:THREAD …>:`, the
condition's text over several indented lines (`The value` / `"x"` / `is not of type` / `NUMBER`), then a numbered
`Backtrace for: …` whose first frames are SBCL's own (`0: (SB-KERNEL:TWO-ARG-+ 2 "x")`)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "sbcl"
COMMAND_RE = re.compile(r"(^|[\s/;&|])sbcl\b")
OUTPUT_RE = re.compile(r"^Unhandled [\w-]+ in thread #<SB-THREAD:", re.M)

UNHANDLED_RE = re.compile(r"^Unhandled ([\w-]+) in thread #<SB-THREAD:[^\n]*(?:\n[ \t]+\{[0-9A-F]+\}>)?:\n((?:[ \t]+.*\n)+)", re.M)
FRAME_RE = re.compile(r"^\d+: \((?!SB-|\(|LAMBDA\b|FLET\b|LABELS\b)([^\n]{1,160})$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    m = UNHANDLED_RE.search(text)
    if not m:
        return facts
    message = " ".join(m.group(2).split())
    frame = FRAME_RE.search(text, m.end())
    where = f" in ({frame.group(1)}" if frame else ""
    facts.errors.append(clip(f"unhandled {m.group(1)}: {message}{where}", 240))
    return facts
