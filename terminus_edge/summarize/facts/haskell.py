"""GHC (ghc, runghc, cabal / stack builds): `Main.hs:9:23: error:` (or `warning: [-Wunused-imports]`, a range
`Main.hs:(9,1)-(10,5):`) with the message as indented `•` bullets below; a program's runtime error
`prog: Map.!: given key is not an element in the map` with `CallStack (from HasCallStack):` under it."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "ghc"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(ghc|runghc|runhaskell|cabal (?:build|run|test)|stack (?:build|run|test))\b")
OUTPUT_RE = re.compile(r"^\S+\.l?hs:(?:\d+:\d+(?:-\d+)?|\(\d+,\d+\)-\(\d+,\d+\)): (?:error|warning):|^CallStack \(from HasCallStack\):$"
                       r"|^[\w.-]+: Prelude\.\w+: ", re.M)

HEAD_RE = re.compile(
    r"^(?P<file>\S+\.l?hs):(?:(?P<line>\d+):(?P<col>\d+)(?:-\d+)?|\((?P<line2>\d+),(?P<col2>\d+)\)-\(\d+,\d+\)): "
    r"(?P<sev>error|warning):?(?: \[(?P<code>[^\]\n]+)\])?[ \t]*\n(?P<body>(?:[ \t]{4}.*\n?)+)", re.M)
QUOTES = "\"'"
# A program's runtime error: `prog: message`, told apart from other `x: y` lines by the CallStack under it, a script's
# name (runghc prints `Head.hs: …`) or the base library's own wording.
RUNTIME_RE = re.compile(
    r"^(?P<prog>[^\s:]+): (?P<msg>.+)\nCallStack \(from HasCallStack\):$"
    r"|^(?P<prog2>[^\s:]*\.l?hs|[\w.-]+): (?P<msg2>(?:Prelude\.\w+: |user error \(|.*Non-exhaustive patterns in ).+)$", re.M)
# cabal's own verdict, wrapped at 80 columns: `cabal: Failed to build hstats-0.1.0 (which is required by exe:hstats from` /
# `hstats-0.1.0).`, `cabal: Tests failed for test:hstats-test from hstats-0.1.0.`
CABAL_RE = re.compile(r"^cabal: (?P<msg>.+(?:\n(?!cabal: )\S[^\n]*){0,3})", re.M)


def _message(body: str) -> str:
    """The bullets (`• Variable not in scope: nam :: [Char]`, `• Perhaps you meant ‘name’`), each joined onto one line."""
    bullets: list[str] = []
    for line in body.splitlines():
        text = line.strip()
        if not text or re.match(r"^\d* *\|", text):  # the source excerpt with its gutter ends the message
            break
        if text.startswith("•") or not bullets:
            bullets.append(text.lstrip("• "))
        elif not text.startswith("In "):  # `In the expression: …` / `In an equation for …` only say where
            bullets[-1] += " " + text
    return "; ".join(bullets)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in HEAD_RE.finditer(text):
        line, col = (m["line"], m["col"]) if m["line"] else (m["line2"], m["col2"])
        facts.diagnostics.append(Diagnostic(m["sev"], clip(_message(m["body"]), 240), m["file"], int(line), int(col), m["code"]))
    facts.counts = diagnostics.count(facts.diagnostics)
    # the program's own output may run into the error's line (`print` had written a `"` before `m M.! 2` failed)
    facts.errors = [clip(f"{(m['prog'] or m['prog2']).lstrip(QUOTES)}: {m['msg'] or m['msg2']}", 200) for m in RUNTIME_RE.finditer(text)]
    for m in CABAL_RE.finditer(text):
        lines = m["msg"].splitlines()
        ends = next((i for i, line in enumerate(lines) if line.rstrip().endswith((".", ")", ":"))), len(lines) - 1)
        facts.errors.append(clip("cabal: " + " ".join(line.strip() for line in lines[: ends + 1]), 220))
    return facts
