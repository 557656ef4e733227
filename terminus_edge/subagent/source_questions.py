"""Questions about what the project's sources use, each answered by read-only commands a user can re-run:

    env_vars_plan(query, cwd)      "which environment variables does scripts/deploy.sh need?" -> cat -n FILE
    env_vars_report(query, records) "scripts/deploy.sh: required: DEPLOY_HOST (line 5: ${DEPLOY_HOST:?…}); optional: …"
    unused_deps_plan(query, cwd)   "are any packages in requirements.txt unused?" -> a python3 scan of every import
                                   (ast), each requirement mapped to its import names (installed metadata, name rules)
    help_readme_plan(query, cwd)   "does --help match the README?" -> the CLI's --help, the README's --options
    help_readme_report(records)    "--help and README.md differ: only in README.md: --recursive; only in --help: …"
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_script
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.repo_questions import ALWAYS_SKIPPED

MAX_CAT_LINES = 400
_ENV = re.compile(r"\benv(?:ironment)?\s+var(?:iable)?s?\b|\benv\s+vars?\b|\benvironment\b", re.I)
_SYSTEM = {"HOME", "PATH", "PWD", "OLDPWD", "USER", "SHELL", "IFS", "RANDOM", "LINENO", "BASH_SOURCE", "HOSTNAME", "UID",
           "EUID", "PPID", "SECONDS", "TERM", "TMPDIR", "LANG", "LC_ALL", "BASH", "BASH_VERSION", "FUNCNAME", "OPTARG",
           "OPTIND", "PIPESTATUS", "REPLY"}


def env_vars_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _ENV.search(query) or not re.search(r"\b(?:which|what|need\w*|requir\w*|list|set|use[sd]?|read)\b", query, re.I):
        return []
    files = [p for p in named_paths(query, cwd) if is_file(cwd / p)]
    if not files:
        return []
    return [planned(f"cat -n {shlex.quote(files[0])}", "info",
                    f"read {files[0]} for the environment variables it reads, their defaults and checks")]


_CAT = re.compile(r"^ *(\d+)\t(.*)$")
_SHELL_REF = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)(?:(:?[?\-=+])([^}]*))?\}|\$([A-Z_][A-Z0-9_]*)")
_PY_REF = re.compile(r"os\.environ\[\s*['\"]([A-Z_][A-Z0-9_]*)['\"]\s*\]|os\.(?:environ\.get|getenv)\(\s*['\"]([A-Z_][A-Z0-9_]*)"
                     r"['\"]\s*(?:,\s*([^)]+))?\)")
_JS_REF = re.compile(r"process\.env\.([A-Z_][A-Z0-9_]*)(?:\s*(?:\|\||\?\?)\s*([^;\n)]+))?")
_ASSIGNED = re.compile(r"^\s*(?:export\s+|local\s+|readonly\s+|declare\s+(?:-\w+\s+)?)?([A-Z_][A-Z0-9_]*)=|"
                       r"\bread\s+(?:-\w+\s+)*([A-Z_][A-Z0-9_]*)|\bfor\s+([A-Z_][A-Z0-9_]*)\s+in\b")


def env_vars_report(query: str, records: list[CommandRecord]) -> str:
    if not _ENV.search(query):
        return ""
    record = next((r for r in records if not r.refused and r.exit_code == 0 and r.command.startswith("cat -n ")
                   and r.kind == "info"), None)
    if record is None:
        return ""
    lines = [(int(m.group(1)), m.group(2)) for m in map(_CAT.match, record.output.splitlines()) if m]
    nounset = any(re.search(r"^\s*set\s+-\w*u|\bset\s+-o\s+nounset\b", text) for _, text in lines)
    assigned = {name for _, text in lines for m in _ASSIGNED.finditer(text) for name in m.groups() if name}
    found: dict[str, tuple[str, str]] = {}  # name -> (required|optional|used, why)

    def note(name: str, kind: str, why: str) -> None:
        rank = {"required": 2, "optional": 1, "used": 0}
        if name not in _SYSTEM and (name not in found or rank[kind] > rank[found[name][0]]):
            found[name] = (kind, why)

    for i, (number, text) in enumerate(lines):
        exits_after = any(re.search(r"\bexit\s+[1-9]|\breturn\s+[1-9]|\bdie\b|\bfail\b", t) for _, t in lines[i:i + 4])
        for m in _SHELL_REF.finditer(text):
            name, op, default = m.group(1) or m.group(4), m.group(2) or "", m.group(3) or ""
            if "?" in op:
                note(name, "required", f"line {number}: the script stops when it is unset")
            elif re.search(rf"(?:-z|!\s*-n)\s+\"?\$\{{?{name}\b", text) and exits_after:
                note(name, "required", f"line {number}: the script exits when it is empty")
            elif op.endswith("-") and default:
                note(name, "optional", f"default {default}, line {number}")
            elif name not in assigned:
                note(name, "used", f"line {number}" + (", no default: set -u stops the script when it is unset"
                                                      if nounset and not op else ", no default"))
        for m in _PY_REF.finditer(text):
            if m.group(1):
                note(m.group(1), "required", f"line {number}: os.environ[...] raises KeyError when it is unset")
            else:
                note(m.group(2), "optional" if m.group(3) else "used",
                     f"default {m.group(3).strip()}, line {number}" if m.group(3) else f"line {number}, None when unset")
        for m in _JS_REF.finditer(text):
            note(m.group(1), "optional" if m.group(2) else "used",
                 f"default {m.group(2).strip()}, line {number}" if m.group(2) else f"line {number}")
    if not found:
        return f"{record.command[len('cat -n '):]} reads no environment variable (no $NAME, os.environ or process.env)."
    groups = []
    for kind, label in (("required", "Required"), ("used", "Used without a default"), ("optional", "Optional")):
        names = [f"{name} ({why})" for name, (k, why) in found.items() if k == kind]
        if names:
            groups.append(f"{label}: {'; '.join(names)}.")
    return f"Environment variables {record.command[len('cat -n '):]} reads: " + " ".join(groups)


_UNUSED = re.compile(r"\b(?:unused|not\s+(?:being\s+)?used|never\s+(?:used|imported)|not\s+imported|no\s+longer\s+used|"
                     r"not\s+needed|still\s+(?:used|needed))\b", re.I)
_DEPS = re.compile(r"\brequirements[\w.-]*\b|\bdependenc\w+|\bdeps\b|\bpackages\b|\bpyproject\b", re.I)
_SKIPPED = "(" + ", ".join(f'"{d}"' for d in ALWAYS_SKIPPED) + ")"
# well-known distributions whose import name is not their own (the installed metadata covers the others)
_KNOWN = ("{\"pyyaml\": [\"yaml\"], \"python-dateutil\": [\"dateutil\"], \"beautifulsoup4\": [\"bs4\"], \"pillow\": "
          "[\"PIL\"], \"scikit-learn\": [\"sklearn\"], \"opencv-python\": [\"cv2\"], \"pyjwt\": [\"jwt\"], \"python-dotenv\": "
          "[\"dotenv\"], \"attrs\": [\"attr\", \"attrs\"], \"psycopg2-binary\": [\"psycopg2\"], \"pycryptodome\": "
          "[\"Crypto\"], \"pyserial\": [\"serial\"], \"pyzmq\": [\"zmq\"], \"python-magic\": [\"magic\"]}")
_IMPORT_SCAN = (
    "import ast, os, re, sys\nfrom importlib import metadata\nreq = sys.argv[1]\n"
    "names = [re.split(r\"[<>=!~;\\[ ]\", l.strip(), maxsplit=1)[0] for l in open(req) if l.strip() and not "
    "l.strip().startswith((\"#\", \"-\"))]\nimported = {}\n"
    "for top, dirs, files in os.walk(\".\"):\n"
    f"    dirs[:] = sorted(d for d in dirs if d not in {_SKIPPED} and not d.startswith(\".\"))\n"
    "    for f in (f for f in sorted(files) if f.endswith(\".py\")):\n        p = os.path.join(top, f)[2:]\n"
    "        try: tree = ast.parse(open(p, encoding=\"utf-8\", errors=\"replace\").read())\n"
    "        except SyntaxError: continue\n        for node in ast.walk(tree):\n"
    "            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module] if "
    "isinstance(node, ast.ImportFrom) and node.module and not node.level else []\n"
    "            for m in mods: imported.setdefault(m.split(\".\")[0], p)\n"
    f"known = {_KNOWN}\ndists = metadata.packages_distributions()\nunused = 0\nnorm = lambda s: re.sub(r\"[-_.]+\", \"-\", s).lower()\n"
    "for n in names:\n    key = norm(n)\n"
    "    mods = set(known.get(key, [])) | {m for m, ds in dists.items() if key in map(norm, ds)} | "
    "{key.replace(\"-\", \"_\"), re.sub(r\"^(python|py)-\", \"\", key).replace(\"-\", \"_\")}\n"
    "    hit = sorted(m for m in mods if m in imported)\n"
    "    if hit: print(f\"used: {n} (import {hit[0]} in {imported[hit[0]]})\")\n"
    "    else: unused += 1; print(f\"unused: {n} (no .py file imports \" + \" or \".join(sorted(mods)) + \")\")\n"
    "print(f\"{unused} of {len(names)} packages in {req} are not imported by any .py file\")")


def unused_deps_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _UNUSED.search(query) or not _DEPS.search(query):
        return []
    named = [p for p in named_paths(query, cwd) if is_file(cwd / p) and p.endswith(".txt")]
    requirements = named[0] if named else next((n for n in ("requirements.txt", "requirements.in") if is_file(cwd / n)), None)
    if requirements is None:
        return []
    return [planned(python_script(_IMPORT_SCAN, requirements), "info",
                    f"match each package of {requirements} with the imports of every .py file")]


def unused_deps_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and "packages_distributions()" in r.command), None)
    lines = record.output.splitlines() if record else []
    total = next((line for line in reversed(lines) if "are not imported by any .py file" in line), "")
    if not total:
        return ""
    unused = [line[len("unused: "):] for line in lines if line.startswith("unused: ")]
    used = [line[len("used: "):] for line in lines if line.startswith("used: ")]
    return (f"{total}." + (f" Not imported: {'; '.join(unused[:12])}." if unused else "")
            + (f" Imported: {'; '.join(used[:12])}." if used else ""))


_HELP = re.compile(r"--help\b|\bhelp\s+(?:output|text|message|page)\b|\busage\b|\b(?:options|flags)\b", re.I)
_DOCS = re.compile(r"\bREADME\b|\bdocs?\b|\bdocumentation\b|\bdocument(?:s|ed)\b", re.I)
_COMPARE = re.compile(r"\b(?:match\w*|agree\w*|differ\w*|same|consistent|in\s+sync|up\s+to\s+date|out\s+of\s+date|"
                      r"documented|mismatch\w*)\b", re.I)
_OPTION = re.compile(r"(?<![\w-])(--[A-Za-z][A-Za-z0-9-]*)")


def help_readme_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_HELP.search(query) and _DOCS.search(query) and _COMPARE.search(query)):
        return []
    from terminus_edge.subagent.detect import detect

    readme = next((p.name for p in sorted(cwd.glob("README*")) if p.is_file()), None)
    run = detect(cwd).run
    if readme is None or not run or re.match(r"(make|npm|yarn|pnpm)\b", run[0]):
        return []
    return [planned(f"{_program(run[0])} --help", "run", "show the options the program itself lists"),
            planned(f"grep -nE -- '--[A-Za-z]' {shlex.quote(readme)}", "search", f"list the options {readme} documents")]


def _program(command: str) -> str:
    """The command without the options a README example passes (`python3 greet.py --name` -> `python3 greet.py`)."""
    words = command.split()
    kept: list[str] = []
    for i, word in enumerate(words):
        if word.startswith("-") and not (word == "-m" or (i and words[i - 1] == "-m")):
            break
        kept.append(word)
    return " ".join(kept)


def help_readme_report(records: list[CommandRecord]) -> str:
    help_run = next((r for r in records if not r.refused and r.command.endswith(" --help") and r.exit_code == 0), None)
    docs = next((r for r in records if not r.refused and r.command.startswith("grep -nE -- '--[A-Za-z]' ")), None)
    if help_run is None or docs is None or docs.exit_code not in (0, 1):
        return ""
    readme = docs.command.split()[-1]
    listed = set(_OPTION.findall(help_run.output)) - {"--help"}
    documented = set(_OPTION.findall("\n".join(line.split(":", 1)[-1] for line in docs.output.splitlines()))) - {"--help"}
    only_docs, only_help, both = sorted(documented - listed), sorted(listed - documented), sorted(listed & documented)
    if not only_docs and not only_help:
        return f"--help and {readme} list the same options: {', '.join(both) or 'none besides --help'}."
    parts = [f"documented in {readme} but not in --help: {', '.join(only_docs)}" if only_docs else "",
             f"in --help but not documented in {readme} (undocumented): {', '.join(only_help)}" if only_help else "",
             f"both list {', '.join(both)}" if both else ""]
    return f"--help and {readme} do not match: " + "; ".join(p for p in parts if p) + "."
