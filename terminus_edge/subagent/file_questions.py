"""Questions about the project's files as files (size, line endings, encodings, headers, modes, links, schemas), each
answered by one read-only command a user can re-run; the answer sentences are in file_answers.py.

    largest_plan       "what are the biggest files and folders?" -> find … -printf '%s\t%p\n' | sort -rn; du -h -d 2
                       ("… committed to git?": git ls-tree -r -l HEAD, sizes of the blobs)
    text_format_plan   "which files have CRLF line endings or are not UTF-8?" -> a python3 scan of every text file
    header_plan        "which source files lack the SPDX licence header?" -> grep -rc -m1 MARKER --include=*.ext
    exec_bit_plan      "which scripts in scripts/ aren't executable?" -> ls -l scripts
    dead_links_plan    "any broken links in the Markdown docs?" -> a python3 check of every local link target
    schema_plan        "do the files in config/ validate against config.schema.json?" -> jsonschema on each file
Each returns [] when the request is no such question.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import named_paths, planned, python_script
from terminus_edge.subagent.records import PlannedCommand
from terminus_edge.subagent.repo_questions import ALWAYS_SKIPPED, _extensions

_SKIPPED = "(" + ", ".join(f'"{d}"' for d in ALWAYS_SKIPPED) + ")"
_EXCLUDE_DIRS = " ".join(f"--exclude-dir={d}" for d in ALWAYS_SKIPPED)
_WALK = (f"import os, sys\nfiles = []\nfor top, dirs, names in os.walk(\".\"):\n"
         f"    dirs[:] = sorted(d for d in dirs if d not in {_SKIPPED} and not d.startswith(\".\"))\n"
         f"    files += [os.path.join(top, n)[2:] for n in sorted(names)]\n")

_LARGEST = re.compile(r"\b(?:biggest|largest|heaviest|huge|big|large)\s+(?:\w+\s+)?(?:files?|folders?|dirs?|directories)\b|"
                      r"\bdisk\s+(?:space|usage)\b|\b(?:takes?|taking|uses?|using|eats?|eating)\s+(?:up\s+)?(?:the\s+most\s+|"
                      r"so\s+much\s+|all\s+(?:the\s+|that\s+)?|the\s+|that\s+much\s+)?(?:disk\s+)?space\b|"
                      r"\b(?:disk|drive)\s+(?:keeps\s+)?fill(?:s|ing)\s+up\b|\b(?:much\s+|way\s+|a\s+lot\s+)?(?:bigger|larger)\s+"
                      r"than\s+(?:I\s+|we\s+)?(?:expected|it\s+should\s+be|necessary)\b|\bwhy\s+is\s+(?:this|the|my)\s+"
                      r"(?:\w+\s+)?(?:so\s+)?(?:big|large|huge)\b", re.I)


_COMMITTED = re.compile(r"\b(?:committed|tracked|checked\s+in|in\s+(?:the\s+)?git|in\s+(?:the\s+)?(?:repo|repository)'?s?\s+"
                        r"history|under\s+version\s+control)\b", re.I)
COMMITTED_SIZES = "git ls-tree -r -l HEAD | awk '{print $4 \"\\t\" substr($0, index($0, \"\\t\") + 1)}' | sort -rn | head -n 10"


def largest_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _LARGEST.search(query):
        return []
    if _COMMITTED.search(query) and (cwd / ".git").exists():  # the files in HEAD, not what lies untracked or ignored
        return [planned(COMMITTED_SIZES, "info", "list the ten biggest files committed in HEAD (blob size in bytes, then path)")]
    return [planned("find . -path ./.git -prune -o -type f -printf '%s\\t%p\\n' | sort -rn | head -n 10", "info",
                    "list the ten biggest files (size in bytes, then path)"),
            planned("du -h -d 2 --exclude=./.git . | sort -rh | head -n 10", "info",
                    "list the biggest folders, two levels deep (sizes on disk)")]


_TEXT_FORMAT = re.compile(r"\b(?:CRLF|CR\s*LF|line[- ](?:endings?|terminators?|breaks)|DOS\s+(?:line|format)|"
                          r"Windows\s+(?:line|newlines?)|UTF-?8|encodings?|encoded|charsets?|Latin-?1|ISO-?8859)\b", re.I)
_TEXT_SCAN = _WALK + (
    "crlf = bad = n = 0\nfor p in files:\n    data = open(p, \"rb\").read(4_000_000)\n"
    "    if b\"\\0\" in data[:8000]: continue\n    n += 1; lines = data.count(b\"\\n\"); c = data.count(b\"\\r\\n\")\n"
    "    if c: crlf += 1; print(f\"{p}: CRLF line endings ({c} of {lines} lines)\")\n"
    "    try: data.decode(\"utf-8\")\n    except UnicodeDecodeError as e:\n"
    "        bad += 1; print(f\"{p}: not UTF-8 (byte 0x{data[e.start]:02x} on line {data[:e.start].count(10) + 1})\")\n"
    "print(f\"{n} text files checked: {crlf} with CRLF line endings, {bad} not valid UTF-8\")")


def text_format_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _TEXT_FORMAT.search(query) or not re.search(r"\b(?:which|what|any|files?|find|list|check)\b", query, re.I):
        return []
    return [planned(python_script(_TEXT_SCAN), "info",
                    "name every text file with CRLF line endings or bytes that are not valid UTF-8 (binary files and "
                    "dependency/build folders skipped)")]


_HEADER = re.compile(r"\blicen[cs]e\s+(?:headers?|notices?|comments?|lines?|banners?)\b|\bSPDX\b|"
                     r"\bcopyright\s+(?:headers?|notices?|lines?|banners?)\b", re.I)
_SPDX = "SPDX-License-Identifier"


def header_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _HEADER.search(query):
        return []
    extensions = [e for e in _extensions(cwd, []) if e not in (".html", ".css", ".scss", ".sql")]
    if not extensions:
        return []
    marker = _SPDX if re.search(r"\bSPDX\b", query, re.I) or _any_header(cwd, extensions, _SPDX) else \
        ("Copyright" if re.search(r"\bcopyright\b", query, re.I) else "Licen[cs]e")
    includes = " ".join(f"--include={shlex.quote('*' + e)}" for e in extensions)
    return [planned(f"grep -rcE -m1 {shlex.quote(marker)} {includes} {_EXCLUDE_DIRS} .", "search",
                    f"count the {marker} lines of every source file (0: the file has none)")]


def _any_header(cwd: Path, extensions: list[str], marker: str) -> bool:
    for path in (p for e in extensions for p in cwd.rglob(f"*{e}") if not set(p.relative_to(cwd).parts) & set(ALWAYS_SKIPPED)):
        try:
            if marker in path.read_text(encoding="utf-8", errors="replace")[:2000]:
                return True
        except OSError:
            continue
    return False


_EXEC_BIT = re.compile(r"\b(?:not\s+executable|executable|exec(?:ute)?\s+(?:bit|permissions?)|permission\s+denied|"
                       r"chmod)\b|\+x\b", re.I)


def exec_bit_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _EXEC_BIT.search(query):
        return []
    named = list(dict.fromkeys(p.rstrip("/") or p for p in named_paths(query, cwd)))
    folders = [p for p in named if (cwd / p).is_dir()]
    named = [p for p in named if not any(p.startswith(f + "/") for f in folders)]  # a folder's listing shows its files
    if not named:
        named = [d for d in ("scripts", "bin", "tools") if (cwd / d).is_dir()][:1]
    if not named:
        return []
    return [planned("ls -l " + " ".join(shlex.quote(p) for p in named[:4]), "info",
                    "show each file's mode: an x in the owner's bits means it can be run directly")]


_LINKS = re.compile(r"\b(?:broken|dead|bad|invalid|stale|missing)\s+(?:local\s+|internal\s+|relative\s+)?links?\b|"
                    r"\blinks?\b[^.?!\n]{0,40}\b(?:broken|dead|resolve|point\s+(?:to|at)\s+(?:missing|nothing))\b", re.I)
_LINK_CHECK = _WALK + (
    "import re, urllib.parse\ninline = re.compile(r\"!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)\")\n"
    "ref = re.compile(r\"^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s|$)\")\nbad = n = 0\n"
    "for p in (f for f in files if f.lower().endswith((\".md\", \".markdown\"))):\n"
    "    for i, line in enumerate(open(p, encoding=\"utf-8\", errors=\"replace\"), 1):\n"
    "        for t in [m.group(1) for m in inline.finditer(line)] + [m.group(1) for m in ref.finditer(line)]:\n"
    "            if re.match(r\"[a-z][a-z0-9+.-]*:\", t, re.I) or t.startswith(\"#\"): continue\n"
    "            n += 1; path = urllib.parse.unquote(t.split(\"#\")[0].split(\"?\")[0])\n"
    "            base = \".\" if path.startswith(\"/\") else os.path.dirname(p)\n"
    "            target = os.path.normpath(os.path.join(base, path.lstrip(\"/\")))\n"
    "            if not os.path.exists(target): bad += 1; print(f\"{p}:{i}: {t} -> {target} does not exist\")\n"
    "print(f\"{bad} broken local links of {n} checked in Markdown files (web links not checked)\")\n"
    "sys.exit(1 if bad else 0)")


def dead_links_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _LINKS.search(query) or not any(p.suffix.lower() in (".md", ".markdown") for p in cwd.rglob("*.md*")):
        return []
    return [planned(python_script(_LINK_CHECK), "check",
                    "check that every local link and image of every Markdown file points at an existing file")]


_SCHEMA = re.compile(r"\bschemas?\b", re.I)
_SCHEMA_CHECK = (
    "import json, sys\ntry: import jsonschema\nexcept ImportError: sys.exit(\"jsonschema is not installed for this "
    "Python, so nothing was validated\")\nschema = json.load(open(sys.argv[1]))\n"
    "cls = jsonschema.validators.validator_for(schema); bad = 0\nfor f in sys.argv[2:]:\n"
    "    try: data = json.load(open(f))\n    except ValueError as e: bad += 1; print(f\"{f}: not valid JSON: {e}\"); continue\n"
    "    errors = sorted(cls(schema).iter_errors(data), key=lambda e: list(map(str, e.path)))\n"
    "    bad += bool(errors)\n    for e in errors[:10]:\n        at = \"/\".join(map(str, e.path)) or \"the top level\"\n"
    "        print(f\"{f}: invalid: {e.message} (at {at})\")\n    if not errors: print(f\"{f}: valid\")\n"
    "print(f\"{bad} of {len(sys.argv) - 2} files do not validate against {sys.argv[1]}\")\nsys.exit(1 if bad else 0)")


def schema_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _SCHEMA.search(query) or not re.search(r"\b(?:valid\w*|conform\w*|match\w*|check\w*|compl\w+)\b", query, re.I):
        return []
    named = named_paths(query, cwd)
    schemas = [p for p in named if p.endswith(".json") and "schema" in p.lower()] or \
        [str(p.relative_to(cwd)) for p in sorted(cwd.glob("*schema*.json")) + sorted(cwd.glob("*/*schema*.json"))][:1]
    if len(schemas) != 1:
        return []
    data: list[str] = []
    for text in named:
        if (cwd / text).is_dir():
            data += [str(p.relative_to(cwd)) for p in sorted((cwd / text).glob("*.json"))]
        elif text.endswith(".json"):
            data.append(text)
    data = [d for d in dict.fromkeys(data) if d != schemas[0]]
    if not data:
        return []
    return [planned(python_script(_SCHEMA_CHECK, schemas[0], *data[:20]), "check",
                    f"validate each file against {schemas[0]} (jsonschema) and name every error with where it is")]

