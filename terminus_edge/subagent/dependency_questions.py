"""Questions about a project's dependency tree, read from what is installed or locked, nothing installed or fetched:

    pulled_in_plan   "which of our dependencies pulls in `ms`?" / "why is syn in our Cargo.lock?" ->
                     `npm ls NAME` where node_modules is installed (npm's own tree, every path to the package), else a
                     walk of Cargo.lock or package-lock.json: each chain from a top-level dependency down to NAME
    unpinned_plan    "which requirements are not pinned to an exact version?" -> each requirement of the named (or
                     top-level) requirements files, -r / -c includes followed, that is not `==` / `===` a version
    dependency_reports(records) -> [str]
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_script, script_lines
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_NAME = r"(?:`([@\w./-]+)`|\"([@\w./-]+)\"|'([@\w./-]+)'|([@a-z][\w.-]*(?:/[\w.-]+)?))"
_PULLED_IN = re.compile(rf"\b(?:pulls?|brings?|drags?)\s+(?:in\s+)?{_NAME}(?:\s+in)?|\bwhy\s+(?:is|are|do\s+we\s+have)\s+{_NAME}\s+"
                        rf"(?:installed|in\s+(?:our|the|this|[\w./-]*(?:lock|node_modules|vendor)[\w./-]*)\b|here|a\s+dependency|pulled|"
                        rf"present)|\b(?:which|what)\s+(?:of\s+our\s+)?(?:packages?|dependenc(?:y|ies)|crates?|modules?|libraries)\s+"
                        rf"(?:depends?\s+on|rel(?:y|ies)\s+on|needs?|requires?)\s+{_NAME}", re.I)
_PRONOUNS = {"it", "them", "this", "that", "these", "those"}
_UNPINNED = re.compile(r"\b(?:not|n't|aren't|isn't)\s+(?:\w+\s+)?pinned\b|\bunpinned\b|\b(?:are|is)\s+(?:all|every|each)\b[^?!\n]{0,80}?"
                       r"\bpinned\b|\bpinned\s+to\s+(?:an?\s+)?exact\b|\bwithout\s+(?:an?\s+)?(?:exact|pinned|fixed)\s+"
                       r"versions?\b|\bloosely\s+pinned\b|\bfloating\s+versions?\b", re.I)

CARGO_WALK = (
    "import re, sys\n# chains from the top of Cargo.lock\npkgs = {}\n"
    "for block in open(sys.argv[1], encoding=\"utf-8\").read().split(\"[[package]]\")[1:]:\n"
    "    name = re.search(r\"^name = \\x22(.+?)\\x22\", block, re.M).group(1)\n"
    "    deps = re.search(r\"^dependencies = \\[(.*?)\\]\", block, re.M | re.S)\n"
    "    pkgs[name] = ([d.split()[0] for d in re.findall(r\"\\x22(.+?)\\x22\", deps.group(1))] if deps else [], \"source =\" not in block)\n"
    "CHAINS\n")
NPM_LOCK_WALK = (
    "import json, sys\n# chains from the top of package-lock.json\nlock = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
    "pkgs = {\"\": (list((lock.get(\"packages\", {}).get(\"\", {}).get(\"dependencies\") or {}).keys()) + list((lock.get(\"packages\", {}).get(\"\", {}).get(\"devDependencies\") or {}).keys()), False)}\n"
    "for path, meta in lock.get(\"packages\", {}).items():\n"
    "    if path: name = path.rsplit(\"node_modules/\", 1)[-1]; pkgs.setdefault(name, (list((meta.get(\"dependencies\") or {}).keys()), False))\n"
    "top = pkgs.pop(\"\")[0]\npkgs.update({t: (pkgs.get(t, ([], False))[0], True) for t in top})\nCHAINS\n")
_CHAINS = (
    "want = sys.argv[2]\nparents = {}\n"
    "for name, (deps, _) in pkgs.items():\n    for d in deps: parents.setdefault(d, []).append(name)\n"
    "chains, todo = [], [[want]]\n"
    "while todo and len(chains) < 20:\n    chain = todo.pop(0)\n"
    "    if pkgs.get(chain[0], ([], False))[1] and len(chain) > 1: chains.append(chain); continue\n"
    "    todo += [[p] + chain for p in parents.get(chain[0], []) if p not in chain]\n"
    "if want not in pkgs and want not in parents: print(f\"{want} is not in {sys.argv[1]}\")\n"
    "elif pkgs.get(want, ([], False))[1]: print(f\"{want} is a direct dependency\")\n"
    "for c in chains: print(\" > \".join(c))\n")
UNPINNED = (
    "import re, sys\n# requirements not pinned\nseen, todo = set(), list(sys.argv[1:])\n"
    "while todo:\n    path = todo.pop(0)\n    if path in seen: continue\n    seen.add(path)\n"
    "    try: lines = open(path, encoding=\"utf-8\").read().splitlines()\n"
    "    except OSError as e: print(f\"{path}: cannot read ({e.strerror})\"); continue\n"
    "    for n, raw in enumerate(lines, 1):\n        line = raw.split(\" #\", 1)[0].strip()\n"
    "        m = re.match(r\"-(?:r|c)\\s*(\\S+)|--(?:requirement|constraint)[=\\s]+(\\S+)\", line)\n"
    "        if m: todo.append(str(__import__(\"pathlib\").Path(path).parent / (m.group(1) or m.group(2)))); continue\n"
    "        if not line or line.startswith((\"#\", \"-\")): continue\n"
    "        spec = re.split(r\";\", line)[0].strip()\n"
    "        if re.search(r\"===?\\s*[\\w.+!-]+\\s*$\", spec) and \"*\" not in spec: continue\n"
    "        print(f\"{path}:{n} {spec}: \" + (\"no version at all\" if not re.search(r\"[<>=!~]\", spec) else \"a range, not one version\"))\n")
_MARKS = ("# chains from the top of Cargo.lock", "# chains from the top of package-lock.json", "# requirements not pinned")


def pulled_in_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _PULLED_IN.search(query)
    if not match:
        return []
    name = next(g for g in match.groups() if g)
    if name.lower() in _PRONOUNS:
        return []
    if (cwd / "node_modules").is_dir() and is_file(cwd / "package.json") and shutil.which("npm"):
        return [planned(f"npm ls {shlex.quote(name)}", "info", f"show every path from our dependencies down to {name} (npm's installed tree)")]
    for lock, script in (("Cargo.lock", CARGO_WALK), ("package-lock.json", NPM_LOCK_WALK)):
        if is_file(cwd / lock):
            return [planned(python_script(script.replace("CHAINS\n", _CHAINS), lock, name), "info",
                            f"trace {name} up {lock}'s dependency graph to our direct dependencies")]
    return []


def unpinned_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _UNPINNED.search(query):
        return []
    files = [p for p in named_paths(query, cwd) if is_file(cwd / p) and re.search(r"(?:^|/)requirements(?:[\w.-]*|/[\w.-]+)\.(?:txt|in)$", p)]
    files = files or [p for p in ("requirements.txt", "requirements.in") if is_file(cwd / p)]
    return [planned(python_script(UNPINNED, *files), "info", "list the requirements not pinned to one exact version")] if files else []


_NPM_LINE = re.compile(r"^([│ ]*)[├└]─[┬─]? (\S+?)(?: deduped)?$")


def dependency_reports(records: list[CommandRecord]) -> list[str]:
    out = []
    for r in records:
        lines = script_lines(r, _MARKS)
        if lines is not None:
            if "# requirements not pinned" in r.command:
                out.append(f"{len(lines)} requirement(s) not pinned to one exact version: " + "; ".join(lines[:30]) + "."
                           if lines else "Every requirement is pinned with == to one version.")
            else:
                out.append(f"How {shlex.split(r.command)[-1]} comes in (each chain from the top of the tree): " + "; ".join(lines[:20]) + ".")
        elif r.ran and r.command.startswith("npm ls "):
            out.append(_npm_chains(r.output, shlex.split(r.command)[2]))
    return [s for s in out if s]


def _npm_chains(text: str, name: str) -> str:
    stack: list[str] = []
    chains = []
    for line in text.splitlines():
        m = _NPM_LINE.match(line)
        if not m:
            continue
        depth = len(m.group(1)) // 2
        stack[depth:] = [m.group(2)]
        if m.group(2).rsplit("@", 1)[0] == name:
            chains.append(" > ".join(stack))
    if not chains:
        return f"npm ls found no {name} in the installed tree." if "(empty)" in text else ""
    tops = sorted({c.split(" > ")[0].rsplit("@", 1)[0] for c in chains})
    return f"{name} comes in through {', '.join(tops)}: " + "; ".join(chains[:20]) + " (npm ls, the installed tree)."
