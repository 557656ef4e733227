"""Project task runners looked into, with nobody watching: what `make migrate`, `npm run format` (`-w web`, `pnpm -r`:
policy.npm), `deno task fmt`, `cargo fmt-all` (an alias: policy.cargo), `rake db:reset` (policy.rakefile), `just fmt`,
`task migrate`, `poe lint`, `tox -e format`, `nox -s fix`, `composer run x`, `mvn test` (policy.maven) or `gradle
test` (policy.gradle) will run, each recipe command decided as if typed; a step the runner's file holds but that cannot
be read with confidence (a Maven plugin not known, Groovy code in a Gradle action) asks with its reason.

check_recipes(name, words, segment, ctx) records on ctx (a policy.rules.Context) every verdict the runner's recipe
commands get from the same rules (decide(..., unattended=True) runs it on every simple command), the reason naming the
runner's target and the recipe line: "`make migrate` runs the Makefile target migrate: `python3 migrate.py up` changes
the database (…)".

The recipes are read from the project's files, never by running anything: `make -n TARGET` still runs `$(shell …)`
and every `$(MAKE)` / `+` line, so the Makefile's text is parsed (policy.makefile, policy.make_goals) and its
variables expanded only where the value is certain. A runner whose file is missing, unreadable, larger than
MAX_FILE_BYTES or without the target keeps today's behaviour (the runner's command alone is decided). Runners calling
runners (a target running `$(MAKE) other`, `npm run a` running `npm run b`) are followed to MAX_DEPTH, at most
MAX_STEPS recipe lines per command line.
"""

from __future__ import annotations

import json
import shlex
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from terminus_edge.policy.rules import Context

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 5  # runner inside runner inside …
MAX_STEPS = 300  # recipe lines decided for one command line
MAX_LINE = 16 * 1024  # a longer recipe line asks: the policy's parser is linear, but not free


@dataclass(frozen=True)
class Step:
    source: str  # "the Makefile target migrate"
    line: str  # the recipe command, expanded as far as is certain
    cwd: Path  # where it runs
    doubt: str = ""  # set: the runner's file says this step cannot be read with confidence (asked, with this reason)


def check_recipes(name: str, words: list[str], segment: str, ctx: "Context") -> None:
    from terminus_edge.policy.rules import Context, _analyse

    if ctx.cwd is None or ctx.recipe_steps[0] > MAX_STEPS:  # over the budget: asked already, nothing more read
        return
    here = (tuple(words), ctx.cwd)
    if name == "mix" and here in ctx.recipe_chain:  # `test: ["ecto.create", "test"]`: mix's own test (a task runs once)
        return
    steps = project_steps(name, words, ctx.cwd, ctx.recipe_files)
    if not steps:
        return
    if ctx.recipe_depth >= MAX_DEPTH:
        ctx.ask(f"`{segment}` runs project tasks nested too deeply to check")
        return
    for step in steps:
        ctx.recipe_steps[0] += 1
        if ctx.recipe_steps[0] > MAX_STEPS:
            ctx.ask(f"`{segment}` runs more recipe lines than can be checked ({MAX_STEPS})")
            return
        if step.doubt:
            ctx.ask(f"`{segment}` runs {step.source}: {step.doubt}")
            continue
        if len(step.line) > MAX_LINE:
            ctx.ask(f"`{segment}` runs {step.source}, a line too long to check ({len(step.line)} characters)")
            continue
        inner = Context(ctx.root, ctx.writable, unattended=True, line=step.line, recipe_depth=ctx.recipe_depth + 1,
                        recipe_steps=ctx.recipe_steps, recipe_files=ctx.recipe_files,
                        recipe_chain=ctx.recipe_chain + (here,))
        inner.cwd = step.cwd
        _analyse(step.line, inner, [], 0)
        for action, reason in dict.fromkeys(inner.verdicts):
            said = f"`{segment}` runs {step.source}: " + (reason if reason.startswith("`") else f"`{step.line}`: {reason}")
            if action == "deny":
                ctx.deny(said, catastrophic=reason in inner.catastrophes)
            else:
                ctx.ask(said)


def project_steps(name: str, words: list[str], cwd: Path, parsed: dict | None = None) -> list[Step]:
    """The recipe commands `words` runs through a project task runner; [] when it is none or they cannot be read.
    parsed: Makefiles already read for this command line (each `$(MAKE)` line would read its Makefile again)."""
    from terminus_edge.policy.cargo import cargo_steps
    from terminus_edge.policy.gradle import gradle_steps
    from terminus_edge.policy.justfile import just_steps
    from terminus_edge.policy.maven import maven_steps
    from terminus_edge.policy.make_goals import make_steps
    from terminus_edge.policy.npm import deno_steps, package_steps
    from terminus_edge.policy.pyproject_scripts import pyproject_script_steps
    from terminus_edge.policy.build_aliases import build_alias_steps
    from terminus_edge.policy.rakefile import rake_steps
    from terminus_edge.policy.taskfiles import nox_steps, task_steps, tox_steps

    args = words[1:]
    if name in ("make", "gmake"):
        return make_steps(args, cwd, {} if parsed is None else parsed)
    if name == "just":
        return just_steps(args, cwd)
    if name == "task":  # go-task's Taskfile.yml or taskipy's [tool.taskipy.tasks]: both when a project has both
        return task_steps(args, cwd) + taskipy_steps(args, cwd)
    if name == "poe" or name == "poetry" and args[:1] == ["poe"]:
        return poe_steps(args[1:] if name == "poetry" else args, cwd)
    if name == "tox":
        return tox_steps(args, cwd)
    if name == "nox":
        return nox_steps(args, cwd)
    if name == "composer":
        return composer_steps(args, cwd)
    if name in ("npm", "yarn", "pnpm", "bun"):
        return package_steps(name, args, cwd)
    if name == "deno":
        return deno_steps(args, cwd)
    if name == "cargo":
        return cargo_steps(args, cwd)
    if name == "rake":
        return rake_steps(args, cwd)
    if name in ("mvn", "mvnw", "mvnd"):
        return maven_steps(args, cwd)
    if name in ("gradle", "gradlew"):
        return gradle_steps(args, cwd)
    if name in ("pdm", "hatch", "rye"):
        return pyproject_script_steps(name, args, cwd)
    if name in ("mix", "sbt"):
        return build_alias_steps(name, args, cwd)
    return []


def read_text(path: Path) -> str | None:
    """The file's text, or None when it is missing, unreadable or larger than MAX_FILE_BYTES."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def load_json(text: str) -> dict:
    """The object a JSON file holds; {} for anything else, malformed or nested too deeply to read."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def load_toml(text: str) -> dict:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def find_upward(cwd: Path, names: tuple[str, ...], levels: int = 8) -> Path | None:
    """The nearest of `names` in cwd or a directory above it (npm, just and task search upward)."""
    folder = cwd
    for _ in range(levels):
        for file_name in names:
            if (folder / file_name).is_file():
                return folder / file_name
        if folder.parent == folder:
            return None
        folder = folder.parent
    return None


def _options(args: list[str], value_opts: set[str]) -> tuple[dict[str, str], list[str]]:
    """({option: value}, operands) up to `--` (kept as an operand); `--opt=value` split; a repeated option's last."""
    opts, operands = gather_options(args, value_opts)
    return {key: values[-1] for key, values in opts.items()}, operands


def gather_options(args: list[str], value_opts: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    """({option: [values]}, operands) up to `--` (kept as an operand): an option may be given more than once."""
    opts: dict[str, list[str]] = {}
    operands, at = [], 0
    while at < len(args):
        word = args[at]
        if word == "--":
            operands += args[at:]
            break
        if word.startswith("-") and word != "-":
            key, eq, value = word.partition("=")
            if not eq and key in value_opts and at + 1 < len(args):
                at, value = at + 1, args[at + 1]
            opts.setdefault(key, []).append(value)
        else:
            operands.append(word)
        at += 1
    return opts, operands


# package managers' own commands, which win over a script of the same name (`yarn install`, `pnpm add`)
_BUILTINS = set("add audit autoclean bin cache check config create dedupe dlx exec explain generate-lock-entry global "
                "help import info init install import licenses link list login logout node outdated owner pack patch "
                "plugin policies prune publish rebuild remove search set tag team unlink unplug up update upgrade "
                "upgrade-interactive version versions why workspace workspaces ci i ls rm store env root fetch "
                "deploy server setup doctor".split())


def composer_steps(args: list[str], cwd: Path) -> list[Step]:
    """`composer run-script x`, `composer run x`, `composer x`: composer.json's "scripts" (`@other` followed, `@php`
    and `@composer` as commands; a PHP callback `Class::method` cannot be read and is left out)."""
    opts, operands = _options(args, {"-d", "--working-dir"})
    folder = cwd / (opts.get("-d") or opts.get("--working-dir") or ".")
    text = read_text(folder / "composer.json")
    scripts = load_json(text).get("scripts") if text else None
    if not isinstance(scripts, dict) or not operands:
        return []
    name, rest = (operands[1], operands[2:]) if operands[0] in ("run-script", "run") and len(operands) > 1 \
        else (operands[0], operands[1:])
    if name not in scripts or name in _BUILTINS:
        return []
    extra = rest[1:] if rest[:1] == ["--"] else rest
    steps: list[Step] = []

    def add(script: str, depth: int) -> None:
        body = scripts.get(script)
        for line in ([body] if isinstance(body, str) else body if isinstance(body, list) else []):
            if not isinstance(line, str) or depth > MAX_DEPTH:
                continue
            if line.startswith("@") and not line.startswith(("@php", "@composer", "@putenv")):
                add(line[1:].split()[0], depth + 1)
            elif not line.startswith("@putenv") and not ("::" in line and " " not in line.strip()):
                line = line[1:] if line.startswith(("@php", "@composer")) else line
                steps.append(Step(f"the composer.json script {script}", line + (" " + shlex.join(extra) if extra
                                                                                  and script == name else ""), folder))
    add(name, 0)
    return steps


def _pyproject_tool(cwd: Path, tool: str) -> tuple[dict, Path] | None:
    found = find_upward(cwd, ("pyproject.toml",))
    text = read_text(found) if found else None
    table = load_toml(text).get("tool", {}).get(tool) if text else None
    return (table, found.parent) if isinstance(table, dict) else None


def taskipy_steps(args: list[str], cwd: Path) -> list[Step]:
    """taskipy's `task NAME args`: [tool.taskipy.tasks] NAME (a string or {cmd = …}) with its pre_NAME and post_NAME."""
    found = _pyproject_tool(cwd, "taskipy")
    operands = [a for a in args if not a.startswith("-")]
    if found is None or not operands:
        return []
    tasks, root = found[0].get("tasks", {}), found[1]
    extra = args[args.index(operands[0]) + 1:]
    steps = []
    for name in (f"pre_{operands[0]}", operands[0], f"post_{operands[0]}"):
        task = tasks.get(name) if isinstance(tasks, dict) else None
        line = task.get("cmd") if isinstance(task, dict) else task
        if isinstance(line, str):
            steps.append(Step(f"the taskipy task {name}", line + (" " + shlex.join(extra) if extra and
                                                                   name == operands[0] else ""), root))
    return steps if any(s.source.endswith(f" {operands[0]}") for s in steps) else []


def poe_steps(args: list[str], cwd: Path) -> list[Step]:
    """poethepoet's `poe NAME args`: [tool.poe.tasks] NAME as a cmd or shell task, a sequence (strings are references
    to tasks), a ref, with its deps; a script (a Python callable) or expr task cannot be read and is left out."""
    opts, operands = _options(args, {"-C", "--directory", "--root"})
    found = _pyproject_tool(cwd / (opts.get("-C") or opts.get("--directory") or opts.get("--root") or "."), "poe")
    if found is None or not operands:
        return []
    tasks, root = found[0].get("tasks", {}), found[1]
    if not isinstance(tasks, dict) or operands[0] not in tasks:
        return []
    extra, steps = operands[1:], []

    def add(task, name: str, depth: int, extra: list[str]) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(task, str):
            task = {"cmd": task}
        elif isinstance(task, list):
            task = {"sequence": task}
        if not isinstance(task, dict):
            return
        for dep in task.get("deps", []) if isinstance(task.get("deps"), list) else []:
            if isinstance(dep, str) and dep.split()[:1] and dep.split()[0] in tasks:
                add(tasks[dep.split()[0]], dep.split()[0], depth + 1, dep.split()[1:])
        for kind in ("cmd", "shell"):
            if isinstance(task.get(kind), str):
                steps.append(Step(f"the poe task {name}", task[kind] + (" " + shlex.join(extra) if extra and
                                                                        kind == "cmd" else ""), root))
        if isinstance(task.get("ref"), str) and task["ref"].split()[:1] and task["ref"].split()[0] in tasks:
            ref = task["ref"].split()
            add(tasks[ref[0]], ref[0], depth + 1, ref[1:])
        for item in task.get("sequence", []) if isinstance(task.get("sequence"), list) else []:
            if isinstance(item, str):
                add(tasks.get(item.split()[0]) if item.split() else None, item, depth + 1, [])
            else:
                add(item, name, depth + 1, [])
    add(tasks[operands[0]], operands[0], 0, extra)
    return steps
