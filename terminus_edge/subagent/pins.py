"""What a project declares about its dependencies, read from its own files (never from what happens to be installed):

    pinned_plan(query, cwd) -> [PlannedCommand]   "which version of click is pinned?" -> grep the manifests and locks
    pin_report(query, records) -> str             "Declared: requirements.txt:2 `click==8.1.7` …"
    lock_sync_plan(query, cwd) -> [PlannedCommand]   "is Cargo.lock in sync?" -> cargo/npm's own locked check, read-only
    lock_sync_report(records) -> str              "No: Cargo.lock is out of date … In Cargo.toml, not in Cargo.lock: x."

An installed version (`pip show`) answers "which version is installed", not "which is pinned": this machine's click
may be another one. The sync checks only read: `cargo metadata --locked` refuses to touch Cargo.lock, `npm ls
--package-lock-only` reads package.json against package-lock.json.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from terminus_edge.subagent.intent import asked_package
from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_ASKS_PIN = re.compile(r"\b(pinned|pins?|pinning|locked\s+(?:to|at)|declared?|specified|requires?d?|constraints?|"
                       r"lock\s*file)\b|\bin\s+(?:the\s+)?(?:requirements|package\.json|go\.mod|Cargo\.toml|pyproject)", re.I)
_MANIFESTS = ("requirements.txt", "requirements-dev.txt", "requirements.in", "constraints.txt", "pyproject.toml",
              "setup.cfg", "setup.py", "Pipfile", "package.json", "go.mod", "Cargo.toml", "Gemfile", "composer.json")
_LOCKS = ("poetry.lock", "Pipfile.lock", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "Cargo.lock", "Gemfile.lock",
          "composer.lock", "uv.lock")


def pinned_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    name = asked_package(query) or _pinned_name(query)
    if not name or not _ASKS_PIN.search(query):
        return []
    pattern = shlex.quote(rf"(^|[^A-Za-z0-9_.-]){re.escape(name)}([^A-Za-z0-9_.-]|$)")
    manifests = [f for f in _MANIFESTS if is_file(cwd / f)] + sorted(
        p.name for p in cwd.glob("requirements*.txt") if p.name not in _MANIFESTS)
    locks = [f for f in _LOCKS if is_file(cwd / f)]
    steps = []
    if manifests:
        steps.append(_planned(f"grep -nHiE {pattern} " + " ".join(shlex.quote(f) for f in manifests),
                              f"show where the project's manifests declare {name} and with which version"))
    if locks:  # a lock file gives the version on the lines after the name
        steps.append(_planned(f"grep -nHiE -A2 -m 3 {pattern} " + " ".join(shlex.quote(f) for f in locks),
                              f"show the version of {name} the lock files record"))
    if steps and re.search(r"\binstalled\b", query, re.I):  # "… pinned, and which one is installed?": both
        from terminus_edge.subagent.request_plans import version_plan

        steps += version_plan(f"which version of {name} is installed", cwd)
    return steps


_PINNED_NAME = re.compile(r"\b(?:is|does|do)\s+`?(@?[A-Za-z][\w.@/-]*[\w])`?\s+(?:pinned|locked|declared|required)\b|"
                          r"\bpin(?:s|ned)?\s+(?:for\s+)?`?(@?[A-Za-z][\w.@/-]*[\w])`?|"
                          r"\b(?:which|what)\s+`?(@?[A-Za-z][\w.@/-]*[\w])`?\s+versions?\b", re.I)
_NOT_NAMES = {"the", "this", "that", "it", "version", "versions", "to", "at", "a", "an", "in", "of", "from", "across",
              "between", "for", "and", "or", "are", "is", "all", "any", "those", "these", "each", "every", "both"}


def _pinned_name(query: str) -> str | None:
    for match in _PINNED_NAME.finditer(query):
        name = match.group(1) or match.group(2) or match.group(3)
        if name.lower() not in _NOT_NAMES:
            return name
    return None


_GREP_HIT = re.compile(r"^([^:\n]+):(\d+):(.*)$", re.M)


def pin_report(query: str, records: list[CommandRecord]) -> str:
    name = asked_package(query) or _pinned_name(query)
    if not name:
        return ""
    hits = []
    for record in records:
        if record.refused or not record.command.startswith("grep -nHiE") or record.exit_code != 0:
            continue
        for file, line, text in _GREP_HIT.findall(record.output):
            if re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])", text, re.I):
                note = ""
                if Path(file).name == "go.mod":
                    note = " (marked // indirect)" if "// indirect" in text else " (a direct requirement: no // indirect)"
                hits.append(f"{file}:{line} `{text.strip()[:120]}`{note}")
    if not hits:
        searched = [r for r in records if r.command.startswith("grep -nHiE") and r.exit_code == 1]
        return f"No line of the files searched names {name}." if searched else ""
    return f"Declared for {name}: " + "; ".join(hits[:6]) + "."


_ASKS_SYNC = re.compile(r"\b(?:in\s+sync|out\s+of\s+(?:sync|date)|up[\s-]to[\s-]date|stale|outdated|consistent|match(?:es)?|"
                        r"agrees?|current)\b", re.I)
_NAMES_LOCK = re.compile(r"lock\s*-?file|Cargo\.lock|package-lock\.json|\block\b", re.I)


def lock_sync_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_NAMES_LOCK.search(query) and _ASKS_SYNC.search(query)):
        return []
    steps = []
    if is_file(cwd / "Cargo.toml") and is_file(cwd / "Cargo.lock") and shutil.which("cargo"):
        steps.append(_planned("cargo metadata --locked --offline --format-version 1 > /dev/null",
                              "check Cargo.lock against Cargo.toml without changing it (--locked: cargo refuses to "
                              "update the lock file and says so)", kind="check"))
        steps.append(_planned(r"grep -nHE '^\[|^[A-Za-z0-9_-]+ *=|^name = ' Cargo.toml Cargo.lock",
                              "list the dependencies Cargo.toml declares and the packages Cargo.lock records"))
    if is_file(cwd / "package.json") and is_file(cwd / "package-lock.json") and shutil.which("npm"):
        steps.append(_planned("npm ls --package-lock-only --all", "check package-lock.json against package.json (reads "
                                                                    "the two files only)", kind="check"))
    return steps


_LOCKED_REFUSED = re.compile(r"(?:cannot update the lock file|the lock file [^\n]{0,300}needs to be updated)[^\n]{0,300}?"
                             r"--locked[^\n]{0,100}")
_NPM_CI_SYNC = re.compile(r"can only install packages when your package\.json and package-lock\.json(?: or "
                          r"npm-shrinkwrap\.json)? are in sync")
_NPM_CI_MISSING = re.compile(r"^(?:npm (?:error|ERR!) )?((?:Missing|Invalid): [^\n]{1,200}? from lock file)", re.M)
_NPM_MISSING = re.compile(r"^npm (?:error|ERR!) (missing|invalid): ([^\n]+)$", re.M)


def lock_sync_report(records: list[CommandRecord]) -> str:
    for record in records:
        if not record.ran:
            continue
        if record.command.startswith("cargo metadata --locked"):
            if record.exit_code == 0:
                return "Yes: Cargo.lock is in sync with Cargo.toml (`cargo metadata --locked` accepted it, exit code 0)."
            if _LOCKED_REFUSED.search(record.output):
                missing = _cargo_missing(records)
                return ("No: Cargo.lock is out of date: cargo would have to update it (" +
                        _LOCKED_REFUSED.search(record.output).group(0)[:160] + ")." +
                        (f" In Cargo.toml, not in Cargo.lock: {', '.join(missing)}." if missing else ""))
        refused = _NPM_CI_SYNC.search(record.output) if record.command.startswith("npm ") else None
        if refused:
            missing = [m.strip() for m in _NPM_CI_MISSING.findall(record.output)]
            return ("No: package-lock.json is not in sync with package.json (`npm ci` refused to install: the lock file "
                    "does not match package.json)." + (f" {'; '.join(missing[:6])}." if missing else ""))
        if record.command.startswith("npm ls --package-lock-only"):
            problems = _NPM_MISSING.findall(record.output)
            if record.exit_code == 0:
                return "Yes: package-lock.json matches package.json (`npm ls --package-lock-only`, exit code 0)."
            if problems:
                return "No: package-lock.json does not match package.json: " + "; ".join(
                    f"{kind}: {what.strip()[:120]}" for kind, what in problems[:6]) + "."
    return ""


def _cargo_missing(records: list[CommandRecord]) -> list[str]:
    listing = next((r for r in records if not r.refused and r.command.startswith("grep -nHE '^\\[") and r.exit_code == 0), None)
    if listing is None:
        return []
    declared, locked, section = [], set(), ""
    for file, _, text in _GREP_HIT.findall(listing.output):
        if file.endswith("Cargo.toml"):
            if text.startswith("["):
                section = text.strip()
            elif re.search(r"dependencies\]$", section) and "package" not in text:
                declared.append(text.split("=")[0].strip())
        elif file.endswith("Cargo.lock"):
            match = re.match(r'name = "([^"]+)"', text)
            if match:
                locked.add(match.group(1))
    return [d for d in declared if d not in locked]


def _planned(command: str, goal: str, kind: str = "info") -> PlannedCommand:
    return planned(command, kind, goal, 60.0)
