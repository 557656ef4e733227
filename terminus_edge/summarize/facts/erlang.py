"""Erlang's compiler (erlc, rebar3 compile, erl -make): `shop.erl:12:14: variable 'Rate' is unbound` is an error (OTP
prints no `error:` word), `shop.erl:8:5: Warning: variable 'Unused' is unused` a warning; each may be followed by a
`%   12|` source excerpt. The runtime's uncaught exceptions are the run's errors: an escript's `escript: exception
error: …`, the erl shell's `** exception error: …` (each followed by `in function  m:f/1`, `called as f(…)` and
`*** argument 1: …` lines), and a boot that crashed: `init terminated in do_boot ({undef,…})`. rebar3's own `===> ` lines
say what it did (`===> Compiling shop`) and what failed (`===> Compiling src/shop.erl failed`, `===> Error running tests`)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.diagnostics import count
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "erlang"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(erlc|rebar3|escript|erl)(?![\w.-])")
OUTPUT_RE = re.compile(r"^\S+\.[eh]rl:\d+(?::\d+)?: |^(?:escript: |\*\* )exception (?:error|exit|throw): |^init terminated in do_boot ",
                       re.M)

DIAG_RE = re.compile(r"^(?:===> )?(?P<file>\S+\.[eh]rl):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<warn>Warning: )?(?P<msg>.+)$", re.M)
EXCEPTION_RE = re.compile(r"^(?:escript: |\*\* )exception (\w+): (.+)$", re.M)
# The lines under an exception that say where and with what: the first `in function` frame, `called as`, `*** argument`.
FUNCTION_RE = re.compile(r"^[ \t]+in function[ \t]+(\S+)")
CALLED_RE = re.compile(r"^[ \t]+called as (.+)$")
ARGUMENT_RE = re.compile(r"^[ \t]+\*\*\* (argument \d+: .+)$")
REBAR_FAILED_RE = re.compile(r"^===> ((?:Error|Failed|Unable|Could not)\b.+|.+ failed)$", re.M)
REBAR_COMPILED_RE = re.compile(r"^===> Compiling ([\w-]+)$", re.M)
DO_BOOT_RE = re.compile(r"^init terminated in do_boot \((.+)\)$", re.M)
DETAIL_LINES = 4  # the detail sits right under the exception line; the call chain after it is not searched
DETAIL_CHARS = 2000  # a bounded look: thousands of exceptions must not each copy the rest of the output


def _detail(text: str, end: int) -> str:
    """`in binary_to_integer/1, called as binary_to_integer(<<"thirty">>), argument 1: not a textual …`."""
    parts = []
    for line in text[end + 1:end + 1 + DETAIL_CHARS].split("\n", DETAIL_LINES)[:DETAIL_LINES]:
        function, called, argument = FUNCTION_RE.match(line), CALLED_RE.match(line), ARGUMENT_RE.match(line)
        if function and not parts:
            parts.append(f"in {function.group(1)}")
        elif called or argument:
            parts.append(f"called as {called.group(1)}" if called else argument.group(1))
        elif not line.startswith((" ", "\t")):
            break
    return ", ".join(parts)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in DIAG_RE.finditer(text):
        severity = "warning" if m["warn"] else "error"
        col = int(m["col"]) if m["col"] else None
        facts.diagnostics.append(Diagnostic(severity, clip(m["msg"], 200), m["file"], int(m["line"]), col))
    facts.counts = count(facts.diagnostics)
    for m in EXCEPTION_RE.finditer(text):
        facts.errors.append(clip(f"exception {m.group(1)}: {m.group(2)}", 200))
        detail = _detail(text, m.end())
        if detail:
            facts.errors.append(clip(detail, 200))
    facts.errors += [clip(line, 200) for line in REBAR_FAILED_RE.findall(text)]
    if not facts.errors:
        facts.highlights += [f"rebar3 compiled {app}" for app in REBAR_COMPILED_RE.findall(text)]
    for m in DO_BOOT_RE.finditer(text):
        facts.errors.append(clip(f"init terminated in do_boot: {m.group(1)}", 200))
    return facts
