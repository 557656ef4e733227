"""go-task's Taskfile.yml, tox's environments and nox's sessions read as text, for policy.recipes.

    task_steps(args, cwd) -> [Step]   `task migrate`: its deps, then its cmds (`task: other` followed)
    tox_steps(args, cwd) -> [Step]    `tox -e format`: the environment's commands_pre, commands, commands_post
    nox_steps(args, cwd) -> [Step]    `nox -s fix`: the session's session.run(…) calls (literal arguments)

Templates whose value is not a literal of the file (`{{.VAR}}` from `sh:`, tox's `{env:X}`) stay unexpanded
variables to the policy. Packages installed into the runner's own virtualenv (tox deps, session.install) are not
checked: that environment is the runner's, made again on each run.
"""

from __future__ import annotations

import ast
import configparser
import re
import shlex
from pathlib import Path

from terminus_edge.policy.recipes import MAX_DEPTH, Step, _options, find_upward, load_toml, read_text

_TASKFILES = ("Taskfile.yml", "taskfile.yml", "Taskfile.yaml", "taskfile.yaml", "Taskfile.dist.yml",
              "taskfile.dist.yml", "Taskfile.dist.yaml", "taskfile.dist.yaml")
_TASK_QUIET = {"-n", "--dry", "-l", "--list", "-a", "--list-all", "--summary", "-h", "--help", "--version", "-i",
               "--init", "--status"}
_GO_TEMPLATE = re.compile(r"\{\{\s*\.?([\w.]*)\s*\}\}|\{\{[^}]*\}\}")


def task_steps(args: list[str], cwd: Path) -> list[Step]:
    opts, operands = _options(args, {"-t", "--taskfile", "-d", "--dir", "-o", "--output", "-C", "--concurrency"})
    if set(opts) & _TASK_QUIET:
        return []
    named = opts.get("-t") or opts.get("--taskfile")
    folder = cwd / (opts.get("-d") or opts.get("--dir") or ".")
    path = folder / named if named else find_upward(folder, _TASKFILES)
    text = read_text(path) if path else None
    if text is None:
        return []
    try:
        import yaml

        data = yaml.safe_load(text)
    except Exception:  # ImportError, yaml.YAMLError: unreadable, today's behaviour
        return []
    tasks = data.get("tasks") if isinstance(data, dict) else None
    if not isinstance(tasks, dict):
        return []
    cli_args = shlex.join(operands[operands.index("--") + 1:]) if "--" in operands else ""
    names = [w for w in operands[:operands.index("--") if "--" in operands else None] if "=" not in w] or ["default"]
    literal = {k: v for k, v in (data.get("vars") or {}).items() if isinstance(v, (str, int, float))} \
        if isinstance(data.get("vars"), dict) else {}
    steps: list[Step] = []

    def run(name: str, depth: int) -> None:
        task = tasks.get(name)
        if depth > MAX_DEPTH or task is None:
            return
        if isinstance(task, (str, list)):
            task = {"cmds": [task] if isinstance(task, str) else task}
        if not isinstance(task, dict):
            return
        own = {**literal, **{k: v for k, v in (task.get("vars") or {}).items() if isinstance(v, (str, int, float))}} \
            if isinstance(task.get("vars") or {}, dict) else literal
        where = path.parent / task["dir"] if isinstance(task.get("dir"), str) and "{{" not in task["dir"] else path.parent
        for dep in task.get("deps") or []:
            run(dep if isinstance(dep, str) else dep.get("task", "") if isinstance(dep, dict) else "", depth + 1)
        for item in task.get("cmds") or []:
            if isinstance(item, dict) and isinstance(item.get("task"), str):
                run(item["task"], depth + 1)
                continue
            line = item.get("cmd") or item.get("defer") if isinstance(item, dict) else item
            if isinstance(line, str):
                steps.append(Step(f"the Taskfile task {name}", _fill(line, own, cli_args), where))
    for name in names:
        if name not in tasks:
            return steps
        run(name, 0)
    return steps


def _fill(line: str, values: dict, cli_args: str) -> str:
    def one(m: re.Match) -> str:
        key = m.group(1) or ""
        if key == "CLI_ARGS":
            return cli_args
        if key in values:
            return str(values[key])
        return "$" + (re.sub(r"\W", "_", key) or "TASK_TEMPLATE")
    return _GO_TEMPLATE.sub(one, line)


_TOX_QUIET = {"-l", "--listenvs", "-a", "--listenvs-all", "--showconfig", "--help", "-h", "--version", "--notest",
              "--devenv", "--help-ini"}
_TOX_VALUE_OPTS = {"-e", "-c", "--conf", "--root", "--workdir", "-m", "-f", "-x", "--override", "-r", "-p",
                   "--parallel", "--installpkg", "--hashseed"}


def tox_steps(args: list[str], cwd: Path) -> list[Step]:
    """tox (3 and 4: `tox r -e x` too) with tox.ini, or pyproject's legacy_tox_ini; each command's `{posargs}` filled."""
    words = args[1:] if args[:1] in (["r"], ["run"], ["p"], ["run-parallel"]) else args
    if words[:1] and not words[0].startswith("-") and words[0] not in ("--",):
        return []  # another tox subcommand (list, config, devenv, …)
    envs, at = [], 0
    while at < len(words) and words[at] != "--":
        if words[at] in ("-e", "--env") and at + 1 < len(words):
            envs += words[at + 1].split(",")
        elif words[at].startswith(("-e=", "--env=")):
            envs += words[at].split("=", 1)[1].split(",")
        elif words[at] in _TOX_QUIET:
            return []
        at += 1 + (words[at] in _TOX_VALUE_OPTS)
    posargs = words[at + 1:]
    opts, _ = _options(words[:at], _TOX_VALUE_OPTS)
    path = cwd / (opts.get("-c") or opts.get("--conf") or "tox.ini")
    config = configparser.ConfigParser(interpolation=None)
    text = read_text(path)
    if text is None and (pyproject := read_text(cwd / "pyproject.toml")):
        legacy = load_toml(pyproject).get("tool", {}).get("tox", {})
        text = legacy.get("legacy_tox_ini") if isinstance(legacy, dict) else None
    try:
        config.read_string(text if isinstance(text, str) else "")
    except configparser.Error:
        return []
    if not config.has_section("testenv") and not any(s.startswith("testenv:") for s in config.sections()):
        return []
    if not envs:
        listed = config.get("tox", "envlist", fallback="") if config.has_section("tox") else ""
        envs = [e.strip() for e in re.split(r"[,\n]", listed) if e.strip()] or ["py"]
    steps = []
    for env in envs:
        section = f"testenv:{env}" if config.has_section(f"testenv:{env}") else "testenv"
        for key in ("commands_pre", "commands", "commands_post"):
            value = config.get(section, key, fallback=None) if config.has_section(section) else None
            if value is None and config.has_section("testenv"):
                value = config.get("testenv", key, fallback="")
            for line in re.sub(r"\\\n", " ", value or "").split("\n"):
                line = _tox_substitute(line.strip().lstrip("-!").strip(), posargs, path.parent)
                if line and not line.startswith("#"):
                    steps.append(Step(f"the tox environment {env}", line, path.parent))
    return steps


def _tox_substitute(line: str, posargs: list[str], root: Path) -> str:
    def one(m: re.Match) -> str:
        key, _, default = m.group(1).partition(":")
        if key == "posargs":
            return shlex.join(posargs) if posargs else default
        if key in ("toxinidir", "tox_root"):
            return str(root)
        if key in ("envpython", "env_python"):
            return "python"
        return "$TOX_" + re.sub(r"\W", "_", key).upper()
    return re.sub(r"\{([^{}]*)\}", one, line)


def nox_steps(args: list[str], cwd: Path) -> list[Step]:
    """`nox -s a b`, `nox --session a`, plain `nox` (nox.options.sessions, else every session)."""
    if {"-l", "--list", "--list-sessions", "-h", "--help", "--version", "--usage"} & set(args):
        return []
    opts, operands = _options(args, {"-f", "--noxfile", "-k", "--keywords", "-t", "--tags", "-p", "--python",
                                     "-e", "--envdir", "-db", "--default-venv-backend"})
    path = cwd / (opts.get("-f") or opts.get("--noxfile") or "noxfile.py")
    text = read_text(path)
    try:
        tree = ast.parse(text or "", str(path))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    sessions, default = {}, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "nox.options.sessions" and \
                isinstance(node.value, (ast.List, ast.Tuple)):
            default = [e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                target = call.func if call else decorator
                if getattr(target, "attr", getattr(target, "id", "")) == "session":
                    named = [k.value.value for k in (call.keywords if call else []) if k.arg == "name" and
                             isinstance(k.value, ast.Constant)]
                    sessions[named[0] if named else node.name] = node
    posargs = operands[operands.index("--") + 1:] if "--" in operands else []
    names, at = [], 0
    while at < len(args) and args[at] != "--":
        if args[at] in ("-s", "--session", "--sessions", "-e"):
            at += 1
            while at < len(args) and not args[at].startswith("-"):
                names.append(args[at])
                at += 1
            continue
        at += 1
    if "-k" in opts or "--keywords" in opts or "-t" in opts or "--tags" in opts:
        names = list(sessions)
    steps: list[Step] = []
    for name in names or default or list(sessions):
        if name.split("(")[0] in sessions:
            steps += _session_runs(sessions[name.split("(")[0]], name, posargs, path.parent)
    return steps


def _session_runs(function: ast.FunctionDef, name: str, posargs: list[str], root: Path) -> list[Step]:
    param = function.args.args[0].arg if function.args.args else "session"
    steps, where = [], root
    calls = [n for n in ast.walk(function) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and
             isinstance(n.func.value, ast.Name) and n.func.value.id == param]
    for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):  # in the order the session runs them
        if node.func.attr == "chdir" and node.args and isinstance(node.args[0], ast.Constant):
            where = root / str(node.args[0].value)
        elif node.func.attr in ("run", "run_always", "run_install"):
            words = []
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    words.append(shlex.quote(arg.value))
                elif isinstance(arg, ast.Starred) and "posargs" in ast.unparse(arg.value):
                    words += [shlex.quote(p) for p in posargs]
                else:
                    words.append("$NOX_ARGUMENT")
            if words:
                steps.append(Step(f"the nox session {name}", " ".join(words), where))
    return steps
