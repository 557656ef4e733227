"""pip / uv / poetry: installed packages with versions, missing versions, resolver conflicts."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, plural
from terminus_edge.summarize.facts.pytraceback import missing_modules
from terminus_edge.summarize.facts.types import Facts

NAME = "pip"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(pip[\d.]*|uv pip|uv add|uv sync|poetry (?:install|add|lock|update)|pipenv|conda|mamba)\b|-m pip\b")
OUTPUT_RE = re.compile(r"^Successfully installed |^ERROR: (?:Could not find a version|No matching distribution|Cannot install|ResolutionImpossible|pip's dependency resolver)|^Requirement already satisfied:", re.M)

INSTALLED_RE = re.compile(r"^Successfully installed (.+)$", re.M)
NO_VERSION_RE = re.compile(r"^ERROR: Could not find a version that satisfies the requirement (\S+)(?: \(from versions: ([^)]*)\))?", re.M)
NO_DIST_RE = re.compile(r"^ERROR: No matching distribution found for (\S+)", re.M)
CONFLICT_RE = re.compile(r"^(\S+ [\d.]+(?:[^\W\d]\w*)? (?:has requirement|requires) .+?, (?:but you have|which is not installed).*)$", re.M)
CANNOT_INSTALL_RE = re.compile(r"^(?:ERROR: )?Cannot install (.+?) because these package versions have conflicting dependencies", re.M)
CONFLICT_CAUSE_RE = re.compile(r"^[ \t]+(The conflict is caused by:|\S+ [\d.]+\w* depends on .+|The user requested .+)$", re.M)
UV_RESOLVE_RE = re.compile(r"^[ \t]*(?:×|╰─▶)\s*(No solution found.*|Because .+)$", re.M)
ALREADY_RE = re.compile(r"^Requirement already satisfied: (\S+)", re.M)
ERROR_RE = re.compile(r"^ERROR: (?!Could not find a version|No matching distribution|Ignored the following versions that require)(.+)$", re.M)
# `ERROR: Ignored the following versions that require a different python version: 6.0 Requires-Python >=3.12; 6.0.1 ...`
OTHER_PYTHON_RE = re.compile(r"^ERROR: Ignored the following versions that require a different python version: (.+)$", re.M)
BUILD_FAIL_RE = re.compile(r"(?:Failed to build (?!installable )(\S+)|error: subprocess-exited-with-error|Building wheel for (\S+) .*error|ERROR: Failed building wheel for (\S+))")

# A failed build's own output, which pip frames as `╰─> [N lines of output]` ... `[end of output]`.
SUBPROCESS_RE = re.compile(r"(?:╰─>|\|) \[\d+ lines? of output\]\n(.*?)\n\s*\[end of output\]", re.S)
CAUSE_RE = re.compile(
    r"^(?:\S+:\d+(?::\d+)?: (?:fatal )?error: .+|(?:[A-Za-z_][\w.]*)?(?:Error|Exception): .+|error: (?!subprocess-exited)(?!Command '\[).+"
    r"|.*(?:No such file or directory|not found|command not found|could not find|Could not find).*)$",
    re.M,
)
MISSING_HEADER_RE = re.compile(r"fatal error: ([\w./+-]+\.h(?:pp)?): No such file or directory")
NO_DIST_AVAILABLE_RE = re.compile(r"^Additionally, some packages in these conflicts have no matching distributions available for your environment:\n((?:[ \t]+\S+\n?)+)", re.M)


def _build_causes(text: str, facts: Facts) -> None:
    """The first error lines of each failed build subprocess: a missing header, a compiler error, a Python exception."""
    for block in SUBPROCESS_RE.findall(text):
        causes = [clip(line.strip(), 200) for line in CAUSE_RE.findall("\n".join(l.strip() for l in block.splitlines()))]
        for cause in list(dict.fromkeys(causes))[:3]:
            facts.errors.append(f"build output: {cause}")
        for header in MISSING_HEADER_RE.findall(block):
            facts.missing.append(f"header {header}")
        facts.missing += [m for m in missing_modules(block) if m not in facts.missing]


def _python_needs(text: str) -> dict[str, str]:
    """{version: Requires-Python bound} of the versions pip skipped because they need another Python."""
    needs: dict[str, str] = {}
    for listing in OTHER_PYTHON_RE.findall(text):
        needs.update(re.findall(r"(?<![^\s;])([^\s;]+) Requires-Python (\S+?)(?:;|$)", listing))
    return needs


def _python_needed(text: str, requirement: str) -> str | None:
    """`django==6.0` was not found because 6.0 needs Python >=3.12 (the wanted version is among the skipped ones)."""
    pinned = re.search(r"===?([\w.+!-]+)$", requirement)
    return _python_needs(text).get(pinned.group(1)) if pinned else None


def _other_python(text: str, facts: Facts) -> None:
    needs = _python_needs(text)
    if needs:
        bounds = sorted(set(needs.values()))
        facts.highlights.append(clip(f"{plural(len(needs), 'version')} skipped that require{'s' if len(needs) == 1 else ''} a different Python ({', '.join(bounds)})", 160))


def _split_pkg(item: str) -> str:
    """'flask-3.1.3' -> 'flask 3.1.3' (the name may contain dashes, the version starts with a digit)."""
    m = re.match(r"^(.+?)-(\d[\w.+!-]*)$", item)
    return f"{m.group(1)} {m.group(2)}" if m else item


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in INSTALLED_RE.finditer(text):
        packages = [_split_pkg(p) for p in m.group(1).split()]
        facts.highlights.append(clip(f"installed {plural(len(packages), 'package')}: " + ", ".join(packages), 400))
    for requirement, versions in NO_VERSION_RE.findall(text):
        available = [v.strip() for v in versions.split(",") if v.strip()] if versions else []
        latest = f", latest available {available[-1]}" if available and available[-1] != "none" else ", no versions available"
        needs = _python_needed(text, requirement)
        why = f"needs Python {needs}" if needs else "no such version"
        facts.missing.append(f"{requirement} ({why}{latest if versions else ''})")
    _other_python(text, facts)
    for requirement in NO_DIST_RE.findall(text):
        facts.errors.append(f"No matching distribution found for {requirement}; nothing installed")
    for line in CONFLICT_RE.findall(text):
        facts.conflicts.append(clip(line, 200))
    for line in CANNOT_INSTALL_RE.findall(text):
        facts.conflicts.append(clip(f"cannot install {line}: conflicting dependencies", 200))
    for line in CONFLICT_CAUSE_RE.findall(text):
        if not line.startswith("The conflict is caused"):
            facts.conflicts.append(clip(line, 200))
    for line in UV_RESOLVE_RE.findall(text):
        facts.conflicts.append(clip(line, 200))
    for line in ERROR_RE.findall(text)[:4]:
        if not line.startswith(("Cannot install", "ResolutionImpossible")):
            facts.errors.append(clip(line, 200))
    for m in BUILD_FAIL_RE.finditer(text):
        name = next((g for g in m.groups() if g), None)
        facts.errors.append(f"failed to build {name}" if name else "a package build subprocess failed")
    _build_causes(text, facts)
    for names in NO_DIST_AVAILABLE_RE.findall(text):
        facts.conflicts.append("no matching distributions available for: " + ", ".join(names.split()))
    already = ALREADY_RE.findall(text)
    if already and not facts.highlights:
        facts.highlights.append(clip(f"{plural(len(already), 'requirement')} already satisfied ({', '.join(already[:4])})", 160))
    return facts
