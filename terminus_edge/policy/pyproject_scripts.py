"""Scripts in pyproject.toml run by pdm, hatch and rye, for policy.recipes: what `pdm run fmt`, `hatch run test`,
`rye run purge` run, each line decided as if typed.

    pyproject_script_steps(tool, args, cwd) -> [Step]

- pdm: [tool.pdm.scripts] NAME = "cmd" | {cmd = str | [words]} | {shell = str} | {composite = [entries]} | {call =
  "pkg.mod:func"}; `pdm run NAME args` or `pdm NAME args` (a name that is no pdm command); pre_NAME / post_NAME run
  around it; a composite entry naming a script runs it (with the entry's arguments), any other entry is a command.
- hatch: [tool.hatch.envs.ENV.scripts] (or hatch.toml's [envs.ENV.scripts]) NAME = "cmd" | [cmds]; `hatch run
  [ENV:]NAME args`, ENV "default" when not given, an environment inheriting the default one's scripts; a command
  whose first word is a script name runs that script; `{args}` / `{args:default}` filled in.
- rye: [tool.rye.scripts] NAME = "cmd" | {cmd = str | [words]} | {chain = [names]} | {call = "pkg.mod:func"}.
A `call` entry (a Python function) cannot be read and asks. A name no script has: [] (the runner's command is decided
as typed, `pdm run pytest` as `pytest`).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge import shell_words
from terminus_edge.policy.recipes import MAX_DEPTH, Step, find_upward, load_toml, read_text

_PDM_COMMANDS = set("add build cache completion config export fix import info init install list lock outdated "
                    "publish python py remove run search self plugin show sync update use venv".split())
_VALUE_OPTS = {"pdm": {"-p", "--project", "-v", "--venv"}, "hatch": {"-e", "--env", "--data-dir", "--cache-dir"},
               "rye": {"--pyproject", "--env-file"}}


def pyproject_script_steps(tool: str, args: list[str], cwd: Path) -> list[Step]:
    at = _skip_options(args, _VALUE_OPTS.get(tool, set()))
    if tool == "pdm" and args[at:at + 1] == ["run"]:
        at = _skip_options(args, _VALUE_OPTS["pdm"] | {"--json"}, at + 1)
    elif tool == "pdm" and (at >= len(args) or args[at] in _PDM_COMMANDS):
        return []
    elif tool in ("hatch", "rye"):
        if args[at:at + 1] != ["run"]:
            return []
        at = _skip_options(args, _VALUE_OPTS[tool], at + 1)
    if at >= len(args):
        return []
    name, extra = args[at], args[at + 1:]
    found = find_upward(cwd, ("pyproject.toml",))
    root = found.parent if found else cwd
    data = load_toml(read_text(found) or "") if found else {}
    if tool == "hatch":
        return _hatch(name, extra, data, root)
    scripts = data.get("tool", {}).get(tool, {}).get("scripts") if isinstance(data.get("tool"), dict) else None
    if not isinstance(scripts, dict) or name not in scripts:
        return []
    steps: list[Step] = []
    _pdm_rye(tool, scripts, name, extra, root, steps, 0)
    return steps


def _skip_options(args: list[str], values: set[str], at: int = 0) -> int:
    while at < len(args) and args[at].startswith("-") and args[at] != "--":
        at += 2 if args[at] in values else 1
    return at + (at < len(args) and args[at] == "--")


def _pdm_rye(tool: str, scripts: dict, name: str, extra: list[str], root: Path, steps: list, depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    source = f"the {tool} script {name}"
    names = [f"pre_{name}", name, f"post_{name}"] if tool == "pdm" and depth == 0 else [name]
    for each in names:
        entry = scripts.get(each)
        if isinstance(entry, (str, list)):
            entry = {"cmd": entry}
        if not isinstance(entry, dict):
            continue
        tail = " " + shlex.join(extra) if extra and each == name else ""
        cmd = entry.get("cmd")
        if isinstance(cmd, list):
            cmd = shlex.join(str(w) for w in cmd)
        if isinstance(cmd, str):
            steps.append(Step(source, cmd + tail, root))
        if isinstance(entry.get("shell"), str):
            steps.append(Step(source, entry["shell"] + tail, root))
        if "call" in entry:
            steps.append(Step(source, "", root, f"calls the Python function {entry['call']!r}, which is not read"))
        for item in entry.get("composite", []) + entry.get("chain", []) if isinstance(
                entry.get("composite", []), list) and isinstance(entry.get("chain", []), list) else []:
            words = _words(item) if isinstance(item, str) else []
            if words and words[0] in scripts:
                _pdm_rye(tool, scripts, words[0], words[1:], root, steps, depth + 1)
            elif words:
                steps.append(Step(source, item, root))


def _hatch(name: str, extra: list[str], data: dict, root: Path) -> list[Step]:
    env, _, script = name.rpartition(":")
    env = env or "default"
    hatch_toml = load_toml(read_text(root / "hatch.toml") or "")
    envs = hatch_toml.get("envs") or data.get("tool", {}).get("hatch", {}).get("envs", {})
    if not isinstance(envs, dict):
        return []
    scripts: dict = {}
    for each in dict.fromkeys(["default", env.split(".")[0]]):  # an environment inherits the default one's scripts
        table = envs.get(each, {}).get("scripts", {}) if isinstance(envs.get(each), dict) else {}
        scripts.update(table if isinstance(table, dict) else {})
    if script not in scripts:
        return []
    steps: list[Step] = []

    def add(script_name: str, args: list[str], depth: int) -> None:
        body = scripts.get(script_name)
        for line in [body] if isinstance(body, str) else body if isinstance(body, list) else []:
            if not isinstance(line, str) or depth > MAX_DEPTH:
                continue
            first = line.split()[0] if line.split() else ""
            if first in scripts and first != script_name:
                add(first, line.split()[1:] + args, depth + 1)
                continue
            filled = re.sub(r"\{args(?::([^}]*))?\}", lambda m: shlex.join(args) if args else (m[1] or "").strip(),
                            line)
            steps.append(Step(f"the hatch script {env}:{script_name}", filled, root))
    add(script, extra, 0)
    return steps


def _words(text: str) -> list[str]:
    try:
        return shell_words.split(text)
    except ValueError:
        return [text]  # unbalanced quotes: decided as a command line (the parser asks)
