"""npm / yarn / pnpm / bun: install results, ERR! codes, peer-dependency conflicts, audit, script failures."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, plural
from terminus_edge.summarize.facts.generic import NO_SUCH_FILE_QUOTED_RE
from terminus_edge.summarize.facts.types import Facts

NAME = "npm"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(npm|npx|yarn|pnpm|bun)\b")
OUTPUT_RE = re.compile(r"^npm (?:ERR!|error|warn|WARN)|^added \d+ packages?|^up to date, audited|^[ \t]*ERR_PNPM_|^error Command failed with exit code|^YN\d{4}:", re.M)

ADDED_RE = re.compile(r"^((?:added|removed|changed) \d+ packages?(?:, (?:added|removed|changed) \d+ packages?)*(?:, and audited \d+ packages?)? in [\d.]+m?s)", re.M)
UP_TO_DATE_RE = re.compile(r"^(up to date, audited \d+ packages? in [\d.]+m?s)", re.M)
VULN_RE = re.compile(r"^(found 0 vulnerabilities|\d+ (?:\w+ severity )?vulnerabilit(?:y|ies).*)$", re.M)
ERR_CODE_RE = re.compile(r"^npm (?:ERR!|error) code (\S+)", re.M)
ERR_LINE_RE = re.compile(r"^npm (?:ERR!|error) (?!code |A complete log|\s*$|errno |syscall |path |dest |command |signal |Log files|$)(.+)$", re.M)
FOUND_RE = re.compile(r"^npm (?:ERR!|error) Found: (\S+)$", re.M)
PEER_RE = re.compile(r"^npm (?:ERR!|error) (peer(?:Optional)? \S+ from \S+)$", re.M)
CONFLICTING_PEER_RE = re.compile(r"^npm (?:ERR!|error) Conflicting peer dependency: (\S+)$", re.M)
# Paragraphs of an ERESOLVE report that the peer conflicts already state.
PEER_PARAGRAPH_RE = re.compile(r"^(?:While resolving:|Could not resolve dependency:|Conflicting peer dependency:|Found: )")
NOT_FOUND_RE = re.compile(
    r"'([^']+)' is not in (?:this|the npm) registry|The requested resource '([^']+)' could not be found"
    r"|No matching version found for (\S+?)\.?$|Couldn't find any versions for \"([^\"]+)\" that matches \"([^\"]+)\""
    r"|^(\S+) is not in the npm registry",
    re.M,
)
# `404 Not Found - GET https://registry.npmjs.org/@scope%2fname`: the package, when no line names it otherwise.
NOT_FOUND_URL_RE = re.compile(r"(?:404 Not Found - GET|ERR_PNPM_FETCH_404\s+GET) https?://\S*?/((?:@[\w.-]+(?:%2[fF]|/))?[\w.-]+)(?=[\s:]|$)", re.M)
SCRIPT_FAIL_RE = re.compile(r"^(?:npm (?:ERR!|error) (?:Lifecycle script `?([\w:-]+)`? failed|command failed)|error Command failed with exit code (\d+)\.|ELIFECYCLE.*)", re.M)
PNPM_ERR_RE = re.compile(r"^[ \t]*(ERR_PNPM_\w+)\s+(.*)$", re.M)
YARN_ERR_RE = re.compile(r"^(?:error|YN\d{4}:) (.+)$", re.M)
WARN_DEPRECATED_RE = re.compile(r"^npm (?:WARN|warn) deprecated (\S+)", re.M)


def _error_paragraphs(text: str) -> list[str]:
    """npm wraps one message over several `npm error` lines, paragraphs split by a bare `npm error`;
    a usage error ends with the command's help (`<title>` / `Usage:` / options), which says nothing about what went wrong."""
    paragraphs, current = [], []
    for m in re.finditer(r"^npm (?:ERR!|error)(?: (.*))?$", text, re.M):
        line = re.sub(r"^(?:404|notarget|enoent)\b\s*", "", (m.group(1) or "").strip())
        if not line:
            if current:
                paragraphs.append(current)
            current = []
        elif not re.match(r"^(code |A complete log|errno |syscall |path |dest |command |signal |Log files|at |\d+ |[│├└])", line):
            current.append(line)
    if current:
        paragraphs.append(current)
    usage = next((i for i, p in enumerate(paragraphs) if p[0].startswith("Usage:")), None)
    if usage is not None:
        paragraphs = paragraphs[: max(usage - 1, 1)]
    return [" ".join(p) for p in paragraphs]


def _peer_conflicts(text: str) -> list[str]:
    """ERESOLVE: each peer requirement that could not be met, with the version the tree has (`Found:`)."""
    found = FOUND_RE.findall(text)
    have = f" (found {found[0]})" if found else ""
    out = [clip(f"could not resolve {peer}{have}", 200) for peer in dict.fromkeys(PEER_RE.findall(text))]
    out += [clip(f"conflicting peer dependency {dep}", 160) for dep in dict.fromkeys(CONFLICTING_PEER_RE.findall(text))]
    if found and not out:
        out.append(f"found {found[0]}")
    return out


def _pnpm_peer_issues(text: str) -> list[str]:
    """pnpm's peer tree: `└─┬ react-dom 18.2.0` / `  └── ✕ unmet peer react@^18.2.0: found 17.0.2`, the issue under its package."""
    out, parents = [], []
    for m in re.finditer(r"^([│ ]*)[└├]─([─┬])\s+(✕ )?(.+)$", text, re.M):
        depth, has_children, issue, label = len(m.group(1)), m.group(2) == "┬", m.group(3), m.group(4).strip()
        parents = [(d, name) for d, name in parents if d < depth]
        if issue:
            owner = f"{parents[-1][1]}: " if parents else ""
            out.append(clip(owner + label, 200))
        elif has_children:
            parents.append((depth, label))
    return out


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in ADDED_RE.finditer(text):
        facts.highlights.append(m.group(1))
    for m in re.finditer(r"^Packages: ([+-]\d+(?: [+-]\d+)?)$", text, re.M):  # pnpm
        facts.highlights.append(f"packages: {m.group(1)}")
    for m in UP_TO_DATE_RE.finditer(text):
        facts.highlights.append(m.group(1))
    for m in VULN_RE.finditer(text):
        facts.highlights.append(clip(m.group(1), 140))
    codes = ERR_CODE_RE.findall(text)
    if codes:
        facts.errors.append("npm error code " + ", ".join(dict.fromkeys(codes)))
    facts.conflicts += _peer_conflicts(text) + _pnpm_peer_issues(text)
    paragraphs = [p for p in _error_paragraphs(text) if not (facts.conflicts and PEER_PARAGRAPH_RE.match(p))]
    for paragraph in paragraphs[:4]:
        facts.errors.append(clip(paragraph, 240))
    for m in NOT_FOUND_RE.finditer(text):
        name = m.group(1) or m.group(2) or m.group(3) or m.group(6)
        facts.missing.append(clip(name or f"{m.group(4)}@{m.group(5)}", 120))
    for quoted in NO_SUCH_FILE_QUOTED_RE.findall(text):
        facts.missing.append(clip(f"file {quoted[0] or quoted[1]}", 120))
    if not facts.missing:
        for package in dict.fromkeys(NOT_FOUND_URL_RE.findall(text)):
            facts.missing.append(clip("package " + package.replace("%2f", "/").replace("%2F", "/"), 120))
    for m in SCRIPT_FAIL_RE.finditer(text):
        facts.errors.append(clip(m.group(0), 160))
    for code, message in PNPM_ERR_RE.findall(text):
        facts.errors.append(clip(f"{code} {message}", 160))
    if not codes and not facts.errors:
        for line in YARN_ERR_RE.findall(text)[:5]:
            facts.errors.append(clip(line, 160))
    deprecated = WARN_DEPRECATED_RE.findall(text)
    if deprecated:
        facts.highlights.append(clip(f"{plural(len(deprecated), 'deprecation warning')} ({', '.join(deprecated[:3])})", 140))
    return facts
