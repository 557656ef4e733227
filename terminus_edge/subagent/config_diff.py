"""Two config files compared key by key, and every Python file of the project compiled: read-only commands a user can
re-run, with the answer sentences read off their output.

    config_keys_plan  "which keys of config/staging.ini are missing from config/production.ini?" -> each file flattened
                      to section.key (INI, TOML, JSON, .env / .properties), keys only in one file, values that differ
    syntax_sweep_plan "do all the Python files compile? which have syntax errors?" -> python3 -m compileall -q .
    config_diff_reports(records) -> [str]
"""

from __future__ import annotations

import re
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_command, python_script
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_CONFIG = re.compile(r"\.(?:ini|cfg|conf|toml|json|env|properties|ya?ml)$|(?:^|/)\.env(?:\.[\w-]+)?$", re.I)
_COMPARE = re.compile(r"\b(?:compare|comparison|differ|differs|difference|differences|disagree|disagrees|mismatch|"
                      r"missing|lacks?|same\s+(?:keys|settings|options)|in\s+one\s+(?:file\s+)?but\s+not|only\s+in|"
                      r"not\s+in\s+the\s+other|versus|vs\.?)\b", re.I)
# prints "only in A: k1, k2", "only in B: …", "different values: k (a | b)"; keys are section.key. A value is not shown
# when either file is a .env file or the key names a secret (SECRET_KEY, db.password, api_token).
KEYS_DIFF = (
    "import configparser, json, re, sys\n"
    "def flat(d, p=\"\"):\n    out = {}\n    for k, v in d.items():\n"
    "        out.update(flat(v, p + k + \".\") if isinstance(v, dict) else {p + k: str(v)})\n    return out\n"
    "def load(path):\n    text = open(path, encoding=\"utf-8\").read()\n"
    "    if path.endswith(\".json\"): return flat(json.loads(text))\n"
    "    if path.endswith(\".toml\"):\n        import tomllib\n        return flat(tomllib.loads(text))\n"
    "    if path.endswith((\".yaml\", \".yml\")):\n        import yaml\n        d = yaml.safe_load(text)\n"
    "        return flat(d if isinstance(d, dict) else {\"(document)\": d})\n"
    "    if path.endswith((\".ini\", \".cfg\", \".conf\")) and \"[\" in text:\n"
    "        c = configparser.ConfigParser(interpolation=None, default_section=\"\\0\"); c.optionxform = str; c.read_string(text)\n"
    "        return {s + \".\" + k: v for s in c.sections() for k, v in c.items(s, raw=True)}\n"
    "    return {k.strip(): v.strip() for k, _, v in (l.partition(\"=\") for l in text.splitlines()) if _ and not k.strip().startswith((\"#\", \";\"))}\n"
    "secret = re.compile(r\"secret|passw|token|credential|private|api.?key|dsn|(^|[._])key$\", re.I)\n"
    "a, b = sys.argv[1], sys.argv[2]\nx, y = load(a), load(b)\nprint(f\"{a}: {len(x)} keys; {b}: {len(y)} keys\")\n"
    "print(f\"only in {a}: \" + (\", \".join(k for k in x if k not in y) or \"(none)\"))\n"
    "print(f\"only in {b}: \" + (\", \".join(k for k in y if k not in x) or \"(none)\"))\n"
    "hide = lambda k: any(p.rsplit(\"/\", 1)[-1].startswith(\".env\") or p.endswith(\".env\") for p in (a, b)) or secret.search(k)\n"
    "print(\"different values: \" + (\"; \".join(k + (\" (values not shown)\" if hide(k) else f\" ({x[k]} | {y[k]})\") "
    "for k in x if k in y and x[k] != y[k]) or \"(none)\"))\n")
_KEYS_MARK = "def flat(d, p="


def config_keys_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _COMPARE.search(query):
        return []
    files = [p for p in named_paths(query, cwd) if _CONFIG.search(p) and is_file(cwd / p)]
    if len(files) != 2:
        return []
    a, b = files
    return [planned(python_script(KEYS_DIFF, a, b), "info",
                    f"compare the keys of {a} and {b}: keys only in one of them and values that differ")]


_PYTHON_FILES = re.compile(r"\b(?:python|\.py)\b[^.?!\n]{0,60}\b(?:compile|compiles|syntax)\b|\bsyntax\s+errors?\b[^.?!\n]{0,60}"
                           r"\b(?:python|\.py)\b|\b(?:all|every|each)\s+(?:the\s+|of\s+the\s+)?(?:python\s+)?(?:files?|modules?)\b"
                           r"[^.?!\n]{0,40}\bcompile", re.I)
_ALL = re.compile(r"\b(?:all|every|each|any|which|whole|entire)\b", re.I)
SWEEP = "-m compileall -q -x '(^|/)(\\.git|\\.venv|venv|node_modules|build|dist|\\.tox)/' ."


def syntax_sweep_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_PYTHON_FILES.search(query) and _ALL.search(query)):
        return []
    return [planned(f"{python_command()} {SWEEP}", "check", "compile every Python file of the project (nothing is run) "
                                                           "and name each one with a syntax error, with its line", 120.0)]


_ONLY = re.compile(r"^only in (.+?): (.*)$", re.M)
_DIFFERENT = re.compile(r"^different values: (.*)$", re.M)
_COMPILE_ERROR = re.compile(r"\*\*\* Error compiling '(?:\./)?([^']+)'\.\.\.\n\s+File \"[^\"]+\", line (\d+)\n(?:.*\n){0,4}?"
                            r"\s*(\w*Error: [^\n]+)")


def config_diff_reports(records: list[CommandRecord]) -> list[str]:
    out = []
    for record in records:
        if not record.ran:
            continue
        if _KEYS_MARK in record.command and record.exit_code == 0:
            only = _ONLY.findall(record.output)
            different = _DIFFERENT.search(record.output)
            said = " ".join(f"Keys only in {name}: {keys}." for name, keys in only)
            if different:
                said += f" Keys in both with different values: {different.group(1)[:600]}."
            out.append(said.strip())
        elif SWEEP in record.command:
            errors = _COMPILE_ERROR.findall(record.output)
            if record.exit_code == 0:
                out.append("Every Python file compiles (compileall exit code 0, no syntax errors).")
            elif errors:
                out.append(f"Python: {len(errors)} file{'s' * (len(errors) != 1)} do{'es' * (len(errors) == 1)} not "
                           f"compile: " + "; ".join(f"{f}:{line} ({e.strip()[:120]})" for f, line, e in errors[:12]) + ".")
    return [o for o in out if o]
