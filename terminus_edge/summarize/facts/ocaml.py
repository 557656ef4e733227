"""OCaml compilers, the toplevel and dune: multi-line diagnostics, uncaught exceptions and their backtraces.

A diagnostic is a place line, an optional source excerpt, then the level and a message that may run on over indented
lines, with `Hint:` / `Here is an example …` lines after it:

    File "pairs.ml", line 2, characters 6-7:
    2 |   a @ b
              ^
    Error: This expression has type (string * float) list
           but an expression was expected of type (string * int) list
           Type float is not compatible with type int

`Error (warning 8 [partial-match]): …` is a warning made an error; `Warning 26 [unused-var]: …` a warning. A place
line followed only by an indented note (`This '(' might be unmatched`) belongs to the diagnostic before it.
Runtime: `Fatal error: exception Not_found` with `Raised at … / Called from … in file "f.ml", line 9` frames, the
toplevel's `Exception: Invalid_argument "…".`; dune: `<target> alias test/runtest (exit 1)` for a failing action.
"""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.generic import ERROR_RE
from terminus_edge.summarize.facts.types import Diagnostic, Facts, TracebackInfo

NAME = "ocaml"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(ocaml|ocamlc|ocamlopt|ocamlopt\.opt|ocamlc\.opt|ocamlfind|ocamlrun|ocamlbuild|dune|utop|esy|opam exec)\b")
PLACE = r'File "(?P<file>[^"\n]+)", lines? (?P<line>\d+)(?:-\d+)?(?:, characters \d+-\d+)?:'
OUTPUT_RE = re.compile(rf"^{PLACE}\n|^Fatal error: exception [A-Z]|^Exception: [A-Z]\w*", re.M)

PLACE_RE = re.compile(rf"^{PLACE}[ \t]*$")
INNER_PLACE_RE = re.compile(r'File "(?P<file>[^"\n]+)", lines? (?P<line>\d+)(?:-\d+)?(?:, characters \d+-\d+)?:\s*')
LEVEL_RE = re.compile(
    r"^(?:(?P<error>Error)(?: \(warning (?P<enum>\d+)(?: \[(?P<ename>[\w-]+)\])?\))?"
    r"|(?P<warning>Warning) (?P<wnum>\d+)(?: \[(?P<wname>[\w-]+)\])?"
    r"|(?P<alert>Alert) (?P<aname>[\w-]+)): ?(?P<msg>.*)$"
)
EXCERPT_RE = re.compile(r"^\d+ \| |^\s+\^+\s*$|^\s*\.\.\.\s*$")
AFTER_RE = re.compile(r"^(?:Hint|Here is an example of a case that is not matched)\b")
EXCEPTION_RE = re.compile(r"^(?:Fatal error: exception |Exception: )(?P<exc>[A-Z][\w.']*)(?P<arg>.*?)\.?$", re.M)
FRAME_RE = re.compile(r'^(?:Raised at|Re-raised at|Raised by primitive operation at|Called from) (?P<func>\S+) in file "(?P<file>[^"]+)", line (?P<line>\d+)', re.M)
ASSERT_ARG_RE = re.compile(r'^\("(?P<file>[^"]+)", (?P<line>\d+), \d+\)$')
LIBRARY_FUNC_RE = re.compile(r"^(?:Stdlib|Stdlib__\w+|CamlinternalFormat\w*|Camlinternal\w+)(?:\.|$)")
DUNE_ACTION_RE = re.compile(r"^\s*(?P<target>\S+) (?:alias (?P<alias>\S+) )?\(exit (?P<code>\d+)\)$", re.M)
USAGE_ERROR_RE = re.compile(r"^(?:ocaml\w*: )?don't know what to do with .+$|^Error: (?:I/O error|Cannot find file) .+$", re.M)
NESTED_LIMIT = 12  # lines of one message: a long type is cut rather than carried whole


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    facts.diagnostics = diagnostics(text)
    errors = sum(d.severity == "error" for d in facts.diagnostics)
    warnings = sum(d.severity == "warning" for d in facts.diagnostics)
    facts.counts = {k: v for k, v in (("errors", errors), ("warnings", warnings)) if v}
    facts.traceback = uncaught(text)
    for m in DUNE_ACTION_RE.finditer(text):
        alias = f" (alias {m['alias']})" if m["alias"] else ""
        facts.errors.append(f"{m['target']}{alias} exited {m['code']}")
        facts.errors += action_failures(text[m.end():])
    facts.errors += [line for line in USAGE_ERROR_RE.findall(text) if not any(line.endswith(d.message) for d in facts.diagnostics)]
    return facts


def action_failures(after: str) -> list[str]:
    """The lines of a failed dune action's own output (after its `(cd _build/… && ./test.exe)` line) that say what
    failed, up to the next action or diagnostic."""
    lines = after.splitlines()[1:]
    if not lines or not lines[0].startswith("(cd "):
        return []
    out = []
    for line in lines[1:40]:
        if DUNE_ACTION_RE.match(line) or PLACE_RE.match(line):
            break
        if ERROR_RE.search(line) and len(out) < 5:
            out.append(clip(line.strip(), 200))
    return out


def diagnostics(text: str) -> list[Diagnostic]:
    lines = text.splitlines()
    out: list[Diagnostic] = []
    i = 0
    while i < len(lines):
        place = PLACE_RE.match(lines[i])
        if not place:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and EXCERPT_RE.match(lines[j]):
            j += 1
        level = LEVEL_RE.match(lines[j]) if j < len(lines) else None
        body, j = _message(lines, j + 1 if level else j)
        if level:
            out.append(_diagnostic(place, level, body))
        elif body and out:  # a second place for the diagnostic before: `This '(' might be unmatched`
            note = f"{place['file']}:{place['line']}: {body[0]}"
            out[-1].message = clip(f"{out[-1].message} ({note})", 300)
        i = max(j, i + 1)
    return out


def _message(lines: list[str], start: int) -> tuple[list[str], int]:
    """The indented lines that carry a message on, then its `Hint:` / unmatched-case lines; stops at a place line."""
    body, j = [], start
    while j < len(lines) and len(body) < NESTED_LIMIT:
        line = lines[j]
        if PLACE_RE.match(line) or not line.strip():
            break
        if line[0].isspace():
            body.append(INNER_PLACE_RE.sub(lambda m: f"{m['file']}:{m['line']}: ", line.strip()))
        elif AFTER_RE.match(line):
            body.append(line.strip())
            if line.startswith("Here is an example") and j + 1 < len(lines) and lines[j + 1].strip():
                j += 1
                body[-1] += f" {lines[j].strip()}"
        else:
            break
        j += 1
    return body, j


def _diagnostic(place: re.Match, level: re.Match, body: list[str]) -> Diagnostic:
    first = level["msg"].strip()
    message = first
    for more in (b for b in body if not b.startswith(("Hint", "Here is"))):
        # a line that starts a sentence (`Type float is not compatible …`) is a new clause, not the type carried on
        message += f"; {more}" if more[:1].isupper() and not message.endswith(":") else f" {more}"
    extras = [b for b in body if b.startswith(("Hint", "Here is"))]
    if extras:
        message += " (" + "; ".join(extras) + ")"
    if level["warning"]:
        severity, code = "warning", level["wname"] or f"warning {level['wnum']}"
    elif level["alert"]:
        severity, code = "warning", f"alert {level['aname']}"
    else:
        severity, code = "error", None
        if level["enum"]:
            code = level["ename"] or f"warning {level['enum']}"
            message = f"warning {level['enum']} as error: {message}"
    return Diagnostic(severity, clip(message, 300), place["file"], int(place["line"]), None, code)


def uncaught(text: str) -> TracebackInfo | None:
    """The uncaught exception, placed at the innermost frame outside the standard library (an `Assert_failure` /
    `Match_failure` names its own place)."""
    m = EXCEPTION_RE.search(text)
    if not m:
        return None
    arg = m["arg"].strip()
    own = ASSERT_ARG_RE.match(arg)
    message = arg[1:-1] if arg.startswith("(") and arg.endswith(")") else arg
    message = message[1:-1] if len(message) > 1 and message[0] == message[-1] == '"' else message
    frames = list(FRAME_RE.finditer(text, m.end()))
    user = [f for f in frames if not LIBRARY_FUNC_RE.match(f["func"])]
    top = user[0] if user else frames[0] if frames else None
    if not message and frames and frames[0] is not top:  # `Not_found` says nothing more; where it was raised does
        message = f"raised at {frames[0]['func']} ({frames[0]['file']}:{frames[0]['line']})"
    if own:  # its argument is only its place
        return TracebackInfo(m["exc"], "", own["file"], int(own["line"]), top["func"] if top else None)
    return TracebackInfo(m["exc"], clip(message, 200), top["file"] if top else None,
                         int(top["line"]) if top else None, top["func"] if top else None)
