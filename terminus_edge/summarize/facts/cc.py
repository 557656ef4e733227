"""gcc / clang / ld / make / cmake: diagnostics with -W flags, linker errors, make's failing target."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "cc"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(gcc|g\+\+|cc|c\+\+|clang\+?\+?|ld|make|gmake|cmake|ninja|meson|configure|\./configure)\b")
OUTPUT_RE = re.compile(r"^\S+\.(?:c|cc|cpp|cxx|h|hpp|m|mm):\d+:\d+: (?:error|warning)|undefined reference to|^make(?:\[\d+\])?: \*\*\*|^CMake Error|collect2: error|^ld(?:\.\w+)?: |^/usr/bin/ld: ", re.M)

UNDEFINED_RE = re.compile(r"(?:^|: )(?:(\S+?):\([^)]*\): )?undefined reference to [`'‘]([^'’`]+)['’`]", re.M)
UNDEFINED_IN_RE = re.compile(r"^(?:/\S*)?ld\S*: (\S+?): in function [`'‘]([^'’`]+)['’`]", re.M)
CLANG_UNDEFINED_RE = re.compile(r'^\s+"([^"]+)", referenced from:', re.M)
LD_FAIL_RE = re.compile(r"^(?:collect2|clang(?:\+\+)?|\S*ld\S*): error: (.+)$", re.M)
MAKE_ERR_RE = re.compile(r"^(?:g?make)(?:\[\d+\])?: \*\*\* \[(?P<where>[^\]]+)\] (?P<err>Error \d+|Segmentation fault.*|Killed)", re.M)
MAKE_OTHER_RE = re.compile(r"^(?:g?make)(?:\[\d+\])?: \*\*\* (?!\[)(.+)$", re.M)
CMAKE_ERR_RE = re.compile(r"^CMake Error(?: at ([^:\s]+:\d+)(?: \((\w+)\))?)?:\s*(.*)((?:\n  .+){0,3})", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    diags = diagnostics.gnu(text)
    facts.diagnostics = [d for d in diags if not d.file or not d.file.endswith(".java")]
    facts.counts = diagnostics.count(facts.diagnostics)
    undefined = []
    for obj_file, symbol in UNDEFINED_RE.findall(text):
        if symbol not in undefined:
            undefined.append(symbol)
    for symbol in CLANG_UNDEFINED_RE.findall(text):
        if symbol not in undefined:
            undefined.append(symbol)
    if undefined:
        callers = {fn for _, fn in UNDEFINED_IN_RE.findall(text)}
        where = f" (in {', '.join(sorted(callers))})" if callers else ""
        facts.errors.append(clip("linker: undefined reference to " + ", ".join(undefined) + where, 200))
        math = {"pow", "sqrt", "round", "floor", "ceil", "log", "exp", "sin", "cos", "fabs", "fmod", "lround"}
        if math & set(undefined):
            facts.highlights.append("math functions undefined: link with -lm (libm)")
    for message in LD_FAIL_RE.findall(text):
        facts.errors.append(clip(f"link failed: {message}", 160))
    for m in MAKE_ERR_RE.finditer(text):
        facts.errors.append(clip(f"make: *** [{m['where']}] {m['err']}", 160))
    for message in MAKE_OTHER_RE.findall(text):
        facts.errors.append(clip(f"make: *** {message}", 160))
    for where, command, message, more in CMAKE_ERR_RE.findall(text):
        location = f" at {where}" + (f" ({command})" if command else "") if where else ""
        facts.errors.append(clip(f"CMake Error{location}: {message} {more}".strip(), 200))
    return facts
