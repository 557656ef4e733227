"""Erlang's compiler (erlc, rebar3 compile, erl -make): `shop.erl:12:14: variable 'Rate' is unbound` is an error (OTP
prints no `error:` word), `shop.erl:8:5: Warning: variable 'Unused' is unused` a warning; each may be followed by a
`%   12|` source excerpt. An escript's uncaught `escript: exception error: …` is the run's error."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.diagnostics import count
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "erlang"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(erlc|rebar3|escript|erl -make)\b")
OUTPUT_RE = re.compile(r"^\S+\.[eh]rl:\d+(?::\d+)?: |^escript: exception \w+:", re.M)

DIAG_RE = re.compile(r"^(?P<file>\S+\.[eh]rl):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<warn>Warning: )?(?P<msg>.+)$", re.M)
EXCEPTION_RE = re.compile(r"^escript: exception (\w+): (.+)$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in DIAG_RE.finditer(text):
        severity = "warning" if m["warn"] else "error"
        col = int(m["col"]) if m["col"] else None
        facts.diagnostics.append(Diagnostic(severity, clip(m["msg"], 200), m["file"], int(m["line"]), col))
    facts.counts = count(facts.diagnostics)
    for kind, message in EXCEPTION_RE.findall(text):
        facts.errors.append(clip(f"exception {kind}: {message}", 200))
    return facts
