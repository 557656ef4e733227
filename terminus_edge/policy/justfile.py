"""justfile recipes read as text, for policy.recipes: what `just RECIPE ARGS…` runs.

    just_steps(args, cwd) -> [Step]
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from terminus_edge.policy.recipes import MAX_DEPTH, Step, _options, find_upward, read_text

_JUST_ASSIGN = re.compile(r"^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.*)$")
_JUST_RECIPE = re.compile(r"^@?([A-Za-z_][\w-]*)([^:=]*):(?!=)(.*)$")
_JUST_VALUE_OPTS = {"-f", "--justfile", "-d", "--working-directory", "--set", "--shell", "--dotenv-filename",
                    "--dotenv-path", "--color", "--command-color", "--list-heading", "--list-prefix", "--chooser"}
_JUST_QUIET = {"-n", "--dry-run", "-l", "--list", "--summary", "-s", "--show", "--evaluate", "--help", "-h",
               "--version", "-V", "--dump", "--variables", "--fmt", "--init", "--edit", "--choose", "--groups"}
_INTERPOLATE = re.compile(r"\{\{([^{}]*)\}\}")
_SHEBANG = {"bash": "", "sh": "", "zsh": "", "dash": "", "python": "python3 -c ", "python3": "python3 -c ",
            "node": "node -e ", "ruby": "ruby -e ", "perl": "perl -e "}


def just_steps(args: list[str], cwd: Path) -> list[Step]:
    """`just RECIPE ARGS…`: the recipe's dependencies, then its lines (`{{param}}` and `{{var}}` filled in where the
    value is a literal); a shebang recipe in a shell, Python, node, ruby or perl is checked as that script."""
    opts, operands = _options(args, _JUST_VALUE_OPTS)
    if set(opts) & _JUST_QUIET:
        return []
    named = opts.get("-f") or opts.get("--justfile")
    path = cwd / named if named else find_upward(cwd, ("justfile", "Justfile", ".justfile"))
    text = read_text(path) if path else None
    if text is None:
        return []
    folder = cwd / (opts.get("-d") or opts.get("--working-directory") or path.parent)
    variables, recipes, order, current = {}, {}, [], None
    for raw in text.split("\n"):
        if raw[:1] in (" ", "\t") and current is not None:
            if raw.strip():
                recipes[current][2].append(raw.strip())
            continue
        current = None
        line = raw.split(" #", 1)[0].strip()
        if (m := _JUST_ASSIGN.match(line)) and not line.startswith(("set ", "alias ")):
            literal = re.fullmatch(r"'([^']*)'|\"([^\"\\]*)\"", m.group(2).strip())
            variables[m.group(1)] = (literal.group(1) or literal.group(2) or "") if literal else None
        elif (m := _JUST_RECIPE.match(line)) and not line.startswith(("set ", "alias ", "[", "import ", "mod ")):
            current = m.group(1)
            params = [p.split("=")[0].lstrip("*+$") for p in m.group(2).split()]
            deps = re.findall(r"\(([^)]*)\)|([\w-]+)", m.group(3))
            recipes[current] = (params, [(a or b).split() for a, b in deps], [])
            order.append(current)
    if not recipes:
        return []
    words = [w for w in operands if w != "--"] or (["default"] if "default" in recipes else order[:1])
    steps: list[Step] = []

    def run(name: str, given: list[str], depth: int) -> None:
        params, deps, body = recipes[name]
        values = dict(zip(params, given))
        for dep in deps:
            if dep and dep[0] in recipes and depth < MAX_DEPTH:
                run(dep[0], [d.strip("'\"") for d in dep[1:]], depth + 1)

        def fill(m: re.Match) -> str:
            key = m.group(1).strip()
            value = values.get(key, variables.get(key))
            return shlex.quote(value) if value is not None and key in values else value if value is not None \
                else "$" + re.sub(r"\W", "_", key)[:40]
        lines = [_INTERPOLATE.sub(fill, line).lstrip("@-") for line in body]
        if lines and lines[0].startswith("#!"):
            language = os.path.basename(lines[0][2:].split()[-1] if lines[0][2:].split() else "")
            if language not in _SHEBANG:
                return
            script = "\n".join(lines[1:])
            lines = [script] if not _SHEBANG[language] else [_SHEBANG[language] + shlex.quote(script)]
        steps.extend(Step(f"the just recipe {name}", line, folder) for line in lines)
    at = 0
    while at < len(words):
        if words[at] not in recipes:
            return steps
        name = words[at]
        count = len(recipes[name][0])
        run(name, words[at + 1:at + 1 + count], 0)
        at += 1 + count
    return steps
