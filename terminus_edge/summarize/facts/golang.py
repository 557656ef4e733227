"""go build / vet / test: `file.go:line:col: message`, --- FAIL blocks, ok/FAIL package lines, panics."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts, TestFailure

NAME = "go"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(go (?:build|test|vet|run|install|mod|get)|golangci-lint|staticcheck|gotestsum)\b")
OUTPUT_RE = re.compile(r"^--- (?:FAIL|PASS): |^(?:ok|FAIL)\s+\S+\s+[\d.]+s|^# [\w./-]+$|^\S+\.go:\d+:\d+: ", re.M)

GO_DIAG_RE = re.compile(r"^(?:\./)?(?P<file>[^\s:]+\.go):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+?)(?: \((?P<code>\w+)\))?$", re.M)
FAIL_RE = re.compile(r"^(\s*)--- FAIL: (\S+) \([\d.]+s\)$", re.M)
PASS_RE = re.compile(r"^\s*--- PASS: ", re.M)
SKIP_RE = re.compile(r"^\s*--- SKIP: ", re.M)
PKG_RE = re.compile(r"^(ok|FAIL|---)\s+(\S+)\s+(?:[\d.]+s|\[(?:build failed|setup failed|no test files)\])", re.M)
PANIC_RE = re.compile(r"^panic: (.+)$", re.M)
MISSING_RE = re.compile(r"(?:no required module provides package|cannot find package|cannot find module providing package) \"?([\w./-]+)\"?")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in GO_DIAG_RE.finditer(text):
        facts.diagnostics.append(Diagnostic("error", clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"]) if m["col"] else None, m["code"]))
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = FAIL_RE.match(line)
        if not m:
            continue
        reason, location = None, None
        for detail in lines[i + 1 : i + 6]:
            d = re.match(r"^\s+(\S+_test\.go:\d+): (.+)$", detail)
            if d:
                location, reason = d.group(1), d.group(2)
                break
        facts.failures.append(TestFailure(m.group(2), clip(reason, 200) if reason else None, location))
    fails, passes, skips = len(FAIL_RE.findall(text)), len(PASS_RE.findall(text)), len(SKIP_RE.findall(text))
    packages = PKG_RE.findall(text)
    if fails or passes or packages:
        facts.count_unit = "tests"
        facts.counts = {"failed": fails, "passed": passes}
        if skips:
            facts.counts["skipped"] = skips
        failed_pkgs = [p for status, p in packages if status == "FAIL"]
        ok_pkgs = [p for status, p in packages if status == "ok"]
        if packages:
            facts.highlights.append(f"packages: {len(ok_pkgs)} ok, {len(failed_pkgs)} failed" + (f" ({', '.join(failed_pkgs[:4])})" if failed_pkgs else ""))
        if not passes and not fails:
            facts.counts = {}
    elif facts.diagnostics:
        facts.counts = {"errors": len(facts.diagnostics)}
    for panic in PANIC_RE.findall(text):
        facts.errors.append(clip(f"panic: {panic}", 200))
    facts.missing += [f"package {p}" for p in MISSING_RE.findall(text)]
    return facts
