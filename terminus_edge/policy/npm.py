"""JavaScript task runners read as text, for policy.recipes: the package.json scripts npm, yarn, pnpm and bun run
(in the workspace packages their flags pick, policy.workspaces), and deno.json's tasks.

    package_steps(tool, args, cwd) -> [Step]   `npm run format -w web`, `pnpm -r migrate`, `yarn workspace ui fix`
    deno_steps(args, cwd) -> [Step]            `deno task build`: its dependencies' commands, then its own
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.policy.recipes import (_BUILTINS, MAX_DEPTH, Step, find_upward, gather_options, load_json,
                                          read_text)
from terminus_edge.policy.workspaces import select, workspaces

_NPM_LIFECYCLE = {"test": "test", "t": "test", "tst": "test", "start": "start", "stop": "stop", "restart": "restart"}
_NPM_RUN = {"run", "run-script", "rum", "urn"}
_BUN_BUILTINS = set("run test x repl exec install i add a remove rm update outdated link unlink publish patch pm build "
                    "init create c upgrade audit info why completions help".split())
_VALUE_OPTS = {  # options that take a value, per tool (pnpm's -w is --workspace-root; npm's names a workspace)
    "npm": {"--prefix", "-w", "--workspace"},
    "pnpm": {"-C", "--dir", "--filter", "-F", "--filter-prod", "--workspace-concurrency", "--reporter"},
    "yarn": {"--cwd"}, "bun": {"--cwd", "--filter", "-F"}}
_SELECTING = {"-w", "--workspace", "--workspaces", "-ws", "--filter", "-F", "-r", "--recursive", "--workspace-root"}


def package_steps(tool: str, args: list[str], cwd: Path) -> list[Step]:
    """npm/yarn/pnpm/bun running a package.json script, with its pre and post hooks (npm runs them; yarn 2+ and pnpm
    by default do not: checked all the same, which can only ask more)."""
    if tool == "yarn" and args[:1] in (["workspace"], ["workspaces"]):
        return _yarn_workspaces(args, cwd)
    opts, operands = gather_options(args, _VALUE_OPTS.get(tool, set()))
    folder = cwd / (opts.get("--prefix") or opts.get("-C") or opts.get("--dir") or opts.get("--cwd") or ["."])[-1]
    named = _script(tool, operands)
    if named is None:
        return []
    script, extra = named
    if not set(opts) & _SELECTING:
        found = find_upward(folder, ("package.json",))
        return script_steps(found, script, extra) if found else []
    found_workspaces = workspaces(tool, folder)
    if found_workspaces is None:
        return []
    steps: list[Step] = []
    for name, member in select(tool, opts, found_workspaces, folder):
        steps += script_steps(member / "package.json", script, extra, f" of the workspace {name}")
    return steps


def _script(tool: str, operands: list[str]) -> tuple[str, list[str]] | None:
    """(script, the arguments passed on to it) the operands run; None when they run no script."""
    if not operands:
        return None
    first, rest = operands[0], operands[1:]
    if tool == "npm" and first in _NPM_LIFECYCLE:
        script = _NPM_LIFECYCLE[first]
    elif first in _NPM_RUN or tool == "bun" and first == "run":
        if not rest:
            return None
        script, rest = rest[0], rest[1:]
    elif tool in ("yarn", "pnpm") and first not in _BUILTINS or tool == "pnpm" and first in ("test", "start") or \
            tool == "bun" and first not in _BUN_BUILTINS and not re.search(r"[./]", first):
        script = first
    else:
        return None
    return script, rest[1:] if rest[:1] == ["--"] else rest


def script_steps(package_json: Path, script: str, extra: list[str], where: str = "") -> list[Step]:
    """The script of that package.json and its pre/post hooks, extra arguments appended to the script itself."""
    text = read_text(package_json)
    scripts = load_json(text).get("scripts") if text else None
    if not isinstance(scripts, dict) or not isinstance(scripts.get(script), str):
        return []
    steps = []
    for name in (f"pre{script}", script, f"post{script}"):
        body = scripts.get(name)
        if isinstance(body, str):
            line = body + (" " + shlex.join(extra) if name == script and extra else "")
            steps.append(Step(f"the package.json script {name}{where}", line, package_json.parent))
    return steps


def _yarn_workspaces(args: list[str], cwd: Path) -> list[Step]:
    """`yarn workspace NAME [run] SCRIPT args`, `yarn workspaces foreach [flags] run SCRIPT args` (berry) and
    `yarn workspaces run SCRIPT args` (classic)."""
    found = workspaces("yarn", cwd)
    if found is None or len(args) < 3:
        return []
    if args[0] == "workspace":
        members = [m for m in found.members if m[0] == args[1]]
        named = _script("yarn", args[2:])
    elif args[1] in ("foreach", "run") and "run" in args[1 + (args[1] == "foreach"):]:
        at = args.index("run", 1 + (args[1] == "foreach"))
        members = select("yarn", {"-A": []} if {"-A", "--all"} & set(args[:at]) else {"--workspaces": []}, found, cwd)
        named = _script("yarn", args[at:])
    else:
        return []
    if named is None:
        return []
    return [step for name, folder in members for step in script_steps(folder / "package.json", *named,
                                                                         f" of the workspace {name}")]


def deno_steps(args: list[str], cwd: Path) -> list[Step]:
    """`deno task NAME args`: deno.json / deno.jsonc "tasks" (a command, or {command, dependencies}); a name deno.json
    lacks runs package.json's script of that name."""
    if args[:1] != ["task"]:
        return []
    opts, operands = gather_options(args[1:], {"--cwd", "-c", "--config", "-f", "--filter"})
    if not operands or set(opts) & {"-r", "--recursive", "-f", "--filter", "-h", "--help", "--eval"}:
        return []
    config = (opts.get("-c") or opts.get("--config") or [None])[-1]
    path = cwd / config if config else find_upward(cwd, ("deno.json", "deno.jsonc"))
    text = read_text(path) if path else None
    tasks = load_json(_strip_jsonc(text)).get("tasks") if text else None
    name, extra = operands[0], operands[1:]
    extra = extra[1:] if extra[:1] == ["--"] else extra
    if not isinstance(tasks, dict) or name not in tasks:
        package = find_upward(cwd, ("package.json",))
        return script_steps(package, name, extra) if package else []
    folder = cwd / opts["--cwd"][-1] if "--cwd" in opts else path.parent
    steps: list[Step] = []

    def add(task_name: str, depth: int, seen: set[str]) -> None:
        task = tasks.get(task_name)
        if depth > MAX_DEPTH or task_name in seen or task is None:
            return
        seen.add(task_name)
        task = {"command": task} if isinstance(task, str) else task if isinstance(task, dict) else {}
        for dependency in task.get("dependencies") or [] if isinstance(task.get("dependencies"), list) else []:
            if isinstance(dependency, str):
                add(dependency, depth + 1, seen)
        if isinstance(task.get("command"), str):
            line = task["command"] + (" " + shlex.join(extra) if extra and task_name == name else "")
            steps.append(Step(f"the deno task {task_name}", line, folder))
    add(name, 0, set())
    return steps


def _strip_jsonc(text: str) -> str:
    """JSON with comments and trailing commas (deno.jsonc) made plain JSON, in one pass; strings kept as they are."""
    out: list[str] = []
    at, size = 0, len(text)
    while at < size:
        char = text[at]
        if char == '"':
            end = at + 1
            while end < size and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[at:end + 1])
            at = end + 1
        elif text.startswith("//", at):
            end = text.find("\n", at)
            at = size if end == -1 else end
        elif text.startswith("/*", at):
            end = text.find("*/", at + 2)
            at = size if end == -1 else end + 2
        else:
            if char in "}]":
                while out and out[-1].isspace():
                    out.pop()
                if out and out[-1] == ",":
                    out.pop()
            out.append(char)
            at += 1
    return "".join(out)
