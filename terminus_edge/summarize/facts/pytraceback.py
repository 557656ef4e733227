"""Python tracebacks: exception type and message, the innermost frame of the user's code, missing modules."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TracebackInfo

NAME = "python"
COMMAND_RE = re.compile(r"(^|[\s/])(python[\d.]*|py|uv run|poetry run|flask|django-admin|manage\.py)\b")
OUTPUT_RE = re.compile(r"^Traceback \(most recent call last\):", re.M)

FRAME_RE = re.compile(r'^[ \t]*File "(?P<file>[^"]+)", line (?P<line>\d+)(?:, in (?P<func>\S+))?')
EXC_LINE_RE = re.compile(r"^(?P<type>(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?::\s?(?P<msg>.*))?$")
# `ModuleNotFoundError: No module named 'x'`, and `python -m x` when x is not installed: `/usr/bin/python3: No module named x`.
MISSING_MODULE_RE = re.compile(r"(?:ModuleNotFoundError|ImportError|^\S*python[\d.]*(?:\.exe)?): No module named '?([\w.]+)'?", re.M)
CANNOT_IMPORT_RE = re.compile(r"ImportError: cannot import name '?([\w.]+)'? from '?([\w.]+)'?")
# A SyntaxError in the script itself has no `Traceback` header: the place, the source line, a caret, the error.
SYNTAX_RE = re.compile(
    r'^[ \t]*File "(?P<file>[^"]+)", line (?P<line>\d+)\n(?:[ \t].*\n){0,4}?(?P<type>SyntaxError|IndentationError|TabError): (?P<msg>.+)$', re.M)
CHAIN_RE = re.compile(r"^(The above exception was the direct cause of the following exception:|During handling of the above exception, another exception occurred:)$", re.M)
LIBRARY_PARTS = ("site-packages", "dist-packages", "/lib/python", "\\lib\\python", "<frozen", "importlib")
# The launcher pip writes for a console script (`.venv/bin/doc8`, `/usr/local/bin/black`): one line that calls the
# package's main(), never where the failure is.
ENTRY_STUB_RE = re.compile(r"(?:^|/)(?:\.?venv|env|\.tox/[^/]+|\.nox/[^/]+|usr(?:/local)?|pipx/venvs/[^/]+)/bin/[^/.]+$")


def is_library_path(path: str) -> bool:
    return any(part in path for part in LIBRARY_PARTS) or bool(ENTRY_STUB_RE.search(path))


# An ExceptionGroup (3.11+: asyncio.TaskGroup, `raise ExceptionGroup(...)`) draws its traceback and each sub-exception's
# in a margin: `  + Exception Group Traceback …`, `  | File …`, `  +-+---------------- 1 ----------------`, `    | ValueError: …`.
GROUP_HEADER = "Exception Group Traceback (most recent call last)"
GROUP_MARGIN_RE = re.compile(r"^[ \t]*(?:\+-[+-]*(?: (?:\d+|\.\.\.) -+)?[ \t]*$|[|+] ?)")


def _without_group_margins(lines: list[str]) -> list[str]:
    return [GROUP_MARGIN_RE.sub("", line, count=1) for line in lines]


# Each sub-exception's block opens with a rule: `+-+---------------- 1 ----------------`, `+---------------- 2 ---…`;
# `+------------------------------------` closes the last.
GROUP_RULE_RE = re.compile(r"^[ \t]*\+-[+-]*(?: (?:\d+|\.\.\.) -+)?[ \t]*$")


def untraced_sub_exceptions(text: str) -> list[str]:
    """The sub-exceptions of an ExceptionGroup that were never raised (`ExceptionGroup("…", [KeyError(…), …])`): a
    block with the exception line alone, no traceback; those that were raised are read as tracebacks."""
    if GROUP_HEADER not in text:
        return []
    out, in_block = [], False
    for line in text.splitlines():
        if GROUP_RULE_RE.match(line):
            in_block = True  # a new block, or the group's closing rule (nothing follows in it)
            continue
        if not in_block:
            continue
        bare = GROUP_MARGIN_RE.sub("", line, count=1)
        exc = EXC_LINE_RE.match(bare.strip()) if bare[:1].strip() else None
        if "Traceback (most recent call last)" in bare:
            in_block = False  # a raised one: its traceback tells it
        elif exc and exc["msg"] is not None and exc["type"][:1].isupper():
            out.append(clip(f"{exc['type']}: {exc['msg']}", 160))
            in_block = False
    return out


def parse_tracebacks(text: str) -> list[TracebackInfo]:
    """Every traceback in order, each with its innermost user frame (a library frame only if no user frame)."""
    found: list[TracebackInfo] = []
    lines = text.splitlines()
    if GROUP_HEADER in text:
        lines = _without_group_margins(lines)
    i = 0
    while i < len(lines):
        start = lines[i].find("Traceback (most recent call last)")
        if start < 0:
            i += 1
            continue
        frames: list[tuple[str, int, str | None]] = []
        j = i + 1
        while j < len(lines) and j - i < 500:
            line = lines[j][start:] if lines[j][:start].strip() == "" else lines[j]
            frame = FRAME_RE.match(line)
            if frame:
                frames.append((frame["file"], int(frame["line"]), frame["func"]))
            elif line.strip() and not line[:1].isspace():
                # The first unindented line after the frames is the exception: "Type: message" or "Type".
                exc = EXC_LINE_RE.match(line.strip())
                if exc and frames:
                    user = [f for f in frames if not is_library_path(f[0])] or frames
                    file, lineno, func = user[-1]
                    message = exc["msg"] or ""
                    if message.endswith((".", ":")):  # a sentence that goes on below (setuptools' config errors)
                        message = " ".join([message, *_message_continues(lines, j + 1)])
                    found.append(TracebackInfo(exc["type"], clip(message, 240), file, lineno, func))
                break
            j += 1
        i = j + 1
    return found


# What does not continue an exception's message: a log line (a timestamp or client address first, `[INFO]`, `ERROR `),
# a program's own line (`make: *** …`, `npm ERR! …`), another traceback or chain note.
NOT_MESSAGE_RE = re.compile(
    r"^(?:\d|\W|Traceback |During handling|The above exception|(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\b|[\w.-]+(?:\[\d+\])?: )")
CONTINUATION_LINES = 2


def _message_continues(lines: list[str], start: int) -> list[str]:
    """A multi-line exception message (`ValueError: invalid config` / `configuration error: version must be pep440`):
    the unindented lines right below it, up to a blank line."""
    out = []
    for line in lines[start : start + CONTINUATION_LINES]:
        if not line.strip() or line[:1].isspace() or NOT_MESSAGE_RE.match(line):
            break
        out.append(line.strip())
    return out


def missing_modules(text: str) -> list[str]:
    out = [f"module {m}" for m in MISSING_MODULE_RE.findall(text)]
    out += [f"name {name} in module {module}" for name, module in CANNOT_IMPORT_RE.findall(text)]
    return out


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    tracebacks = parse_tracebacks(text)
    if not tracebacks:
        # One per file that failed to compile (`python -m compileall`, `py_compile` over several files): each is told.
        for n, syntax in enumerate(SYNTAX_RE.finditer(text)):
            if n == 0:
                facts.traceback = TracebackInfo(syntax["type"], clip(syntax["msg"], 200), syntax["file"], int(syntax["line"]))
            else:
                facts.errors.append(clip(f"{syntax['type']}: {syntax['msg']} at {syntax['file']}:{syntax['line']}", 160))
    chained = len(CHAIN_RE.findall(text))
    if tracebacks:
        facts.traceback = tracebacks[0]
        if len(tracebacks) > 1 and chained == len(tracebacks) - 1:
            # One exception chain: Python prints the cause first and the exception that ended the program last.
            facts.highlights.append(
                "chained exceptions: " + " -> ".join(tb.exc_type for tb in tracebacks) + f" (uncaught: {tracebacks[-1].exc_type})")
            for tb in tracebacks[1:]:
                where = f" at {tb.file}:{tb.line}" if tb.file else ""
                facts.errors.append(clip(f"{tb.exc_type}: {tb.message}{where}", 160))
        elif len(tracebacks) > 1:
            kinds: dict[str, int] = {}
            for tb in tracebacks:
                kinds[tb.exc_type] = kinds.get(tb.exc_type, 0) + 1
            facts.highlights.append(
                f"{len(tracebacks)} tracebacks: " + ", ".join(f"{n}× {k}" for k, n in kinds.items())
            )
            for tb in tracebacks[1:]:
                where = f" at {tb.file}:{tb.line}" if tb.file else ""
                facts.errors.append(clip(f"{tb.exc_type}: {tb.message}{where}", 160))
    facts.missing = missing_modules(text)
    facts.errors += untraced_sub_exceptions(text)[:10]
    facts.errors += logging_errors(text)
    if facts.traceback and VALIDATION_RE.match(facts.traceback.message):
        facts.errors += validation_errors(text)
    return facts


# A handler that could not format a record (`log.info("%s", a, b)`) prints `--- Logging error ---`, a traceback inside
# logging, then `Call stack:` (the frames of the logging call, own code last) and `Message: '…'`; the program goes on.
LOGGING_ERROR_RE = re.compile(r"^--- Logging error ---\n(?:.*\n){1,60}?Call stack:\n((?:[ \t].*\n){1,80}?)Message: (.*)$", re.M)


def logging_errors(text: str, limit: int = 3) -> list[str]:
    out = []
    for m in LOGGING_ERROR_RE.finditer(text):
        frames = [f for f in (FRAME_RE.match(line) for line in m.group(1).splitlines()) if f and not is_library_path(f["file"])]
        where = f" at {frames[-1]['file']}:{frames[-1]['line']}" if frames else ""
        out.append(clip(f"logging error{where}: message {m.group(2)} could not be formatted", 200))
    return out[:limit]


# pydantic's ValidationError: `3 validation errors for User`, then each field's location on its own line and the
# message indented under it (`  Input should be a valid integer … [type=int_parsing, input_value='abc', …]`).
VALIDATION_RE = re.compile(r"\d+ validation errors? for [\w.\[\], ]+$", re.M)
FIELD_ERROR_RE = re.compile(r"^(?P<loc>[^\s].{0,120})\n {2}(?P<msg>\S.+?)(?: \[type=(?P<type>[\w.]+)[^\]\n]*\])?$", re.M)


def validation_errors(text: str, limit: int = 10) -> list[str]:
    at = VALIDATION_RE.search(text)
    if not at:
        return []
    return [clip(f"{m['loc']}: {m['msg']}" + (f" [{m['type']}]" if m["type"] else ""), 160)
            for m in FIELD_ERROR_RE.finditer(text, at.end())][:limit]
