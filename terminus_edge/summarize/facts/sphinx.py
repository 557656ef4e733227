"""Sphinx and docutils (sphinx-build, make html, rst2html): `path:line: WARNING: message [category]` or docutils'
`path:line: (ERROR/3) message` (path or line may
be missing, and Sphinx may print the message after its own progress text on the same line), and the closing
`build succeeded, 3 warnings.` / `build finished with problems, 5 warnings (with warnings treated as errors).`
A crash prints a report instead: its heading (`Extension error (ext)!`), the versions, and the traceback indented."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.pytraceback import parse_tracebacks
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "sphinx"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(sphinx-build|sphinx-autobuild|rst2\w+|docutils)\b|\bmake (?:-C \S+ )?(?:html|latexpdf|linkcheck)\b")
OUTPUT_RE = re.compile(r"^Running Sphinx v\d|^build (?:succeeded|finished with problems)\b|^\S+:\d+: \((?:WARNING|ERROR|SEVERE)/\d\) |^\* Sphinx version: ", re.M)

# Sphinx's `WARNING: …`, or docutils' own system messages `README.rst:12: (ERROR/3) Unknown directive type "x".`
LEVEL_RE = re.compile(r"(?:^|(?<=: )|(?<=\s))(WARNING|ERROR|SEVERE|CRITICAL): |(?<=: )\((WARNING|ERROR|SEVERE)/\d\) ")
CATEGORY_RE = re.compile(r"\s+\[([\w.]+)\]$")
PLACE_RE = re.compile(r"(?P<file>[^\s:]+\.\w+)(?::(?P<line>\d+))?:?$")
RESULT_RE = re.compile(r"^(build (?:succeeded|finished with problems)(?:, (\d+) warnings?)?[^\n]*?)\.?$", re.M)
SEVERITY = {"WARNING": "warning", "ERROR": "error", "SEVERE": "error", "CRITICAL": "error"}
HALTED_RE = re.compile(r"^(Exiting due to level-\d \(\w+\) system message)\.?$", re.M)  # docutils' --halt level


# The crash report: sections under `====` rules; the heading before `Versions` says what kind of crash it was.
REPORT_HEADING_RE = re.compile(r"^(\S[^\n]*?)!?\n+Versions\n=+$", re.M)
REPORT_VERSION_RE = re.compile(r"^\* (Python|Sphinx|Docutils) version: +(\S+)", re.M)
REPORT_TRACEBACK_RE = re.compile(r"^Traceback\n=+\n((?:[ \t]*\n|    .*\n?)+)", re.M)
REPORT_LOG_RE = re.compile(r"^The full traceback has been saved in:\n(\S+)$", re.M)


def _crash_report(text: str, facts: Facts) -> None:
    """What crashed (the report's heading and the innermost exception, with the frame in the user's own code, as in
    conf.py), the versions the report lists (a crash is often a version mismatch) and where the full traceback is."""
    versions = REPORT_VERSION_RE.findall(text)
    if not versions:
        return
    heading = REPORT_HEADING_RE.search(text)
    if heading:
        facts.errors.append(clip(f"Sphinx {heading.group(1)}", 160))
    section = REPORT_TRACEBACK_RE.search(text)
    if section:
        body = "\n".join(line[4:] for line in section.group(1).splitlines())
        found = parse_tracebacks("Traceback (most recent call last):\n" + body)
        if found:
            facts.traceback = found[-1]
    facts.highlights.append("versions: " + ", ".join(f"{name} {version}" for name, version in versions))
    log = REPORT_LOG_RE.search(text)
    if log:
        facts.highlights.append(f"full traceback in {log.group(1)}")


RAISED_END_RE = re.compile(r"^ \[[\w.]+\]$")  # ` [autodoc.import_object]` closes the exception a warning quoted


def _raised(lines: list[str], start: int, limit: int = 60) -> tuple[str, str] | None:
    """The exception a warning quotes below itself (its traceback's last line) and the warning's category line."""
    for j in range(start, min(start + limit, len(lines))):
        if RAISED_END_RE.match(lines[j]):
            found = parse_tracebacks("\n".join(lines[start:j]))
            if found:
                return f"{found[-1].exc_type}: {found[-1].message}", lines[j].strip()
            return None
    return None


def _continued(lines: list[str], start: int, limit: int = 3) -> list[str]:
    out = []
    for line in lines[start : start + limit]:
        if not line.strip() or LEVEL_RE.search(line) or HALTED_RE.match(line) or line.startswith(".. "):
            break
        out.append(line.strip())
    return out


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    lines = text.splitlines()
    for i, line in enumerate(lines):
        level = LEVEL_RE.search(line)
        if not level:
            continue
        message = line[level.end():].strip()
        raised = _raised(lines, i + 1) if message.endswith("the following exception was raised:") else None
        if raised:  # autodoc prints the exception's traceback under its warning, the category after it
            message = message.removesuffix("the following exception was raised:").rstrip("; ") + f" ({raised[0]}) {raised[1]}"
        if level.group(2) and message.endswith(":"):  # docutils carries the reason on: `InputError: [Errno 2] No such file …`
            message += " " + " ".join(_continued(lines, i + 1))
        category = CATEGORY_RE.search(message)
        if category:
            message = message[: category.start()]
        before = line[: level.start()].rstrip().rstrip(":").split()
        place = PLACE_RE.fullmatch(before[-1]) if before else None
        facts.diagnostics.append(Diagnostic(
            SEVERITY[level.group(1) or level.group(2)], clip(message, 200), place["file"] if place else None,
            int(place["line"]) if place and place["line"] else None, None, category.group(1) if category else None))
    result = RESULT_RE.search(text)
    if result:
        facts.highlights.append(result.group(1))
    _crash_report(text, facts)
    halted = HALTED_RE.search(text)
    if halted:
        facts.errors.append(halted.group(1))
    warnings = sum(d.severity == "warning" for d in facts.diagnostics)
    errors = sum(d.severity == "error" for d in facts.diagnostics)
    stated = int(result.group(2)) if result and result.group(2) else None
    if result and "treated as errors" in result.group(1):
        return facts  # `-W`: the closing line says it, and "0 errors, 5 warnings" would misread the failed build
    facts.counts = {k: v for k, v in (("errors", errors), ("warnings", stated if stated is not None else warnings)) if v}
    return facts
