"""Package launchers and shell-command runners: the command they run, for the policy to decide as if typed.

    launched(words) -> (command words or [], shell line or None)

`npx rimraf dist`, `npm exec -- X`, `npm x X`, `pnpm dlx X`, `pnpx X`, `yarn dlx X`, `bunx X`, `bun x X`, `uvx X`,
`uv tool run X`, `pipx run X`, `composer exec X` run the package's command X (`X@1.2`, `@scope/X@1` name the bin X);
`npm exec -c 'LINE'`, `npx -c LINE`, `pnpm dlx -c X Y` and `mix cmd X Y` run a shell line; `shx rm -rf dist` runs its
shell command. Deleting bins (rimraf, del, del-cli, premove) are `rm -rf` of what they are given. The project runners
that run a command in an environment (`uv run`, `poetry run`, `bundle exec`) are shell_syntax.runner_command's.
"""

from __future__ import annotations

import os
import re

# launcher words -> (options that take a value, options whose value is a shell line, flags that make the rest a line)
_LAUNCHERS = {
    ("npx",): ({"-p", "--package", "-w", "--workspace"}, {"-c", "--call"}, set()),
    ("npm", "exec"): ({"-p", "--package", "-w", "--workspace"}, {"-c", "--call"}, set()),
    ("npm", "x"): ({"-p", "--package", "-w", "--workspace"}, {"-c", "--call"}, set()),
    ("pnpx",): ({"--package"}, set(), {"-c", "--shell-mode"}),
    ("pnpm", "dlx"): ({"--package"}, set(), {"-c", "--shell-mode"}),
    ("yarn", "dlx"): ({"-p", "--package"}, set(), set()),
    ("bunx",): ({"-p", "--package"}, set(), set()), ("bun", "x"): ({"-p", "--package"}, set(), set()),
    ("uvx",): ({"--from", "--with", "-p", "--python", "--with-requirements", "--index", "--index-url", "--with-editable",
               "-c", "--constraints"}, set(), set()),
    ("uv", "tool", "run"): ({"--from", "--with", "-p", "--python", "--with-requirements", "--index", "--index-url",
                             "--with-editable", "-c", "--constraints"}, set(), set()),
    ("pipx", "run"): ({"--spec", "--python", "--pip-args", "--index-url"}, set(), set()),
    ("composer", "exec"): ({"-d", "--working-dir"}, set(), set()),
    ("shx",): (set(), set(), set()),
}
_DELETE_BINS = {"rimraf", "del", "del-cli", "premove"}
_GLOBAL_VALUES = {"-C", "--dir", "-w", "--workspace", "--filter", "-F", "--package", "--prefix", "--cwd", "-d",
                  "--working-dir", "--directory", "--project"}


def launched(words: list[str]) -> tuple[list[str], str | None]:
    """The command `words` launches, or the shell line it runs; ([], None) for anything else."""
    if not words:
        return [], None
    name = os.path.basename(words[0])
    if name == "mix" and words[1:2] == ["cmd"]:  # mix cmd [--app A] [--cd D] CMD ARGS: a shell command
        at = 2
        while at < len(words) and words[at] in ("--app", "--cd"):
            at += 2
        return [], " ".join(words[at:]) or None
    first = 1  # the tool's own options before its subcommand: `pnpm --package=x dlx`, `npm -w web exec`
    while first < len(words) - 1 and words[first].startswith("-") and (name,) not in _LAUNCHERS:
        first += 2 if words[first] in _GLOBAL_VALUES else 1
    key = next((k for k in _LAUNCHERS if (name,) + tuple(words[first:first + len(k) - 1]) == k), None)
    if key is None:
        return _deleter(name, words), None
    values, line_opts, line_flags = _LAUNCHERS[key]
    at, rest_is_line = first + len(key) - 1, False
    while at < len(words) and words[at].startswith("-") and words[at] != "--":
        option, eq, value = words[at].partition("=")
        if option in line_opts:
            return [], value if eq else (words[at + 1] if at + 1 < len(words) else None)
        rest_is_line |= option in line_flags
        at += 2 if option in values and not eq else 1
    at += at < len(words) and words[at] == "--"
    if at >= len(words):
        return [], None
    if rest_is_line:
        return [], " ".join(words[at:])
    run = [_bin(words[at])] + words[at + 1:]
    return _deleter(run[0], run) or run, None


def _bin(package: str) -> str:
    """The command a package spec names: `rimraf@5` -> rimraf, `@biomejs/biome@1.9` -> biome."""
    return re.sub(r"(?<=.)@[^/]*$", "", package).rsplit("/", 1)[-1] if package.startswith("@") or "@" in package[1:] \
        else package


def _deleter(name: str, words: list[str]) -> list[str]:
    operands = [w for w in words[1:] if not w.startswith("-")]
    return ["rm", "-rf", *operands] if name in _DELETE_BINS and operands else []
