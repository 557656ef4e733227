"""Node.js (and tsx / ts-node / bun / deno) crashes: the uncaught error, its innermost frame of the user's code, missing modules."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TracebackInfo

NAME = "node"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(node|nodejs|tsx|ts-node|bun|deno run)\s+(?!--test\b)(?:-\S+\s+)*[\w./@-]+\.[cm]?[jt]sx?\b")
OUTPUT_RE = re.compile(r"^Node\.js v\d+\.\d+|^[ \t]+at .+ \((?:node:internal/|file://)", re.M)

# The error line: `TypeError: Cannot read ...`, `Error [ERR_MODULE_NOT_FOUND]: Cannot find package ...`; deno's
# `error: Uncaught (in promise) RangeError: ...`; mocha's ` Exception during run: Error: …` (thrown while loading the tests)
ERROR_RE = re.compile(r"^(?:error: Uncaught (?:\(in promise\) )?| ?Exception during run: )?(?P<type>(?:[A-Z]\w*)?(?:Error|Exception)|UnhandledPromiseRejection|Uncaught \w+|(?<=Uncaught )[A-Z]\w*|(?<=\(in promise\) )[A-Z]\w*)(?: \[(?P<code>[A-Z_]+)\])?: (?P<msg>.+)$", re.M)
FRAME_RE = re.compile(r"^[ \t]+at (?:(?P<fn>.+?) \()?(?P<file>(?:file://)?[^\s()]+?):(?P<line>\d+):(?P<col>\d+)\)?$")
LIBRARY_RE = re.compile(r"^node:|/node_modules/|^internal/|^\[eval\]|^ext:")  # ext: deno's own runtime
# Node prints the throw site above an uncaught error: `/app/node_modules/x/bin/check.js:38`, the source line, a caret.
THROW_SITE_RE = re.compile(r"^(?P<file>(?:file://)?/[^\s:]+):(?P<line>\d+)\n.*\n[ \t]*\^+[ \t]*\n(?:\n)?(?=[^\n]*\Z)", re.M)
# An error no listener took (`throw er; // Unhandled 'error' event`), then `Emitted 'error' event on Socket instance at:`.
EMITTED_RE = re.compile(r"^Emitted 'error' event (?:on (\S+) instance )?at:$", re.M)
# A promise rejected with something that is not an Error: Node's long fixed sentence ends with what it was rejected with.
REJECTION_REASON_RE = re.compile(r"by rejecting a promise which was not handled with \.catch\(\)\. The promise rejected with the reason \"(.*)\"\.$", re.M)
MISSING_RES = (
    re.compile(r"^Error: Cannot find module '([^']+)'", re.M),
    re.compile(r"Cannot find (?:package|module) '([^']+)' imported from", re.M),
)


def _crash(text: str) -> TracebackInfo | None:
    for m in ERROR_RE.finditer(text):
        frames = []
        for line in text[m.end():].splitlines()[1:40]:
            frame = FRAME_RE.match(line)
            if not frame:
                if frames:
                    break
                continue
            frames.append(frame)
        if not frames:
            continue
        user = next((f for f in frames if not LIBRARY_RE.search(f["file"].removeprefix("file://"))), None)
        exc_type = m["type"] + (f" [{m['code']}]" if m["code"] else "")
        if user is None:  # thrown inside a dependency (a CLI's own check): where Node says it was thrown, if a file
            site = THROW_SITE_RE.search(text[: m.start()])
            if site is None:
                return TracebackInfo(exc_type, clip(m["msg"], 200))
            return TracebackInfo(exc_type, clip(m["msg"], 200), site["file"].removeprefix("file://"), int(site["line"]))
        return TracebackInfo(exc_type, clip(m["msg"], 200), user["file"].removeprefix("file://"), int(user["line"]), user["fn"])
    return None


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    facts.traceback = _crash(text)
    for pattern in MISSING_RES:
        for module in pattern.findall(text):
            if not module.startswith(("/", ".")) and f"module {module}" not in facts.missing:
                facts.missing.append(f"module {module}")
    reason = REJECTION_REASON_RE.search(text) if facts.traceback else None
    if reason:
        facts.traceback.message = f'a promise was rejected with the reason "{reason.group(1)}" and no .catch()'
    version = re.search(r"^(Node\.js v[\d.]+)$", text, re.M)
    emitted = EMITTED_RE.search(text)
    if emitted and facts.traceback:
        facts.highlights.append(f"unhandled 'error' event" + (f" on a {emitted.group(1)}" if emitted.group(1) else ""))
    elif version and facts.traceback:
        facts.highlights.append(f"uncaught error ({version.group(1)})")
    return facts
