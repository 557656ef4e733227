"""The workspace packages a JavaScript package manager's workspace flags select, for policy.npm.

    workspaces(tool, cwd) -> Workspaces | None        the root and its member packages (name, folder)
    select(tool, opts, found, cwd) -> [(name, folder)] what `-w NAME`, `--workspaces`, `-r`, `--filter SELECTOR` pick

Members come from package.json "workspaces" (npm, yarn, bun: a list of globs or {"packages": [...]}) or
pnpm-workspace.yaml "packages" (pnpm), globs matched against the folders holding a package.json (node_modules and
dot folders skipped; `!glob` excludes). A pnpm selector that follows the dependency graph (`pkg...`, `...pkg`, `^`,
`[since-ref]`) or only excludes (`!pkg`) is taken as every member: it picks some of them, so checking all can only
ask more. The root package runs only where the tool runs it (`--include-workspace-root`, pnpm's `-w`, yarn
`foreach -A`).
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from terminus_edge.policy.recipes import load_json, read_text

MAX_FOLDERS = 20_000  # folders walked looking for members; a larger tree is not read (today's behaviour)


@dataclass(frozen=True)
class Workspaces:
    root: Path
    members: list[tuple[str, Path]]  # (package name, folder)

    def root_member(self) -> tuple[str, Path]:
        data = load_json(read_text(self.root / "package.json") or "")
        return str(data.get("name") or self.root.name), self.root


def workspaces(tool: str, cwd: Path) -> Workspaces | None:
    folder = cwd
    for _ in range(8):
        globs = _globs(tool, folder)
        if globs is not None:
            members = _members(folder, globs)
            return None if members is None else Workspaces(folder, members)
        if folder.parent == folder:
            return None
        folder = folder.parent
    return None


def _globs(tool: str, folder: Path) -> list[str] | None:
    if tool == "pnpm":
        text = read_text(folder / "pnpm-workspace.yaml")
        if text is None:
            return None
        try:
            import yaml

            data = yaml.safe_load(text)
        except Exception:  # yaml.YAMLError, a bomb of aliases: unreadable
            return None
        packages = data.get("packages") if isinstance(data, dict) else None
    else:
        text = read_text(folder / "package.json")
        packages = load_json(text).get("workspaces") if text else None
        packages = packages.get("packages") if isinstance(packages, dict) else packages
    return [g for g in packages if isinstance(g, str)] if isinstance(packages, list) else None


def _members(root: Path, globs: list[str]) -> list[tuple[str, Path]] | None:
    include = [g.strip("/").removeprefix("./") for g in globs if not g.startswith("!")]
    exclude = [g[1:].strip("/").removeprefix("./") for g in globs if g.startswith("!")]
    members, walked = [], 0
    for folder, dirs, files in os.walk(root):
        walked += 1
        if walked > MAX_FOLDERS:
            return None
        dirs[:] = sorted(d for d in dirs if d != "node_modules" and not d.startswith("."))
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        if "package.json" not in files or relative == ".":
            continue
        if any(fnmatch.fnmatchcase(relative, g) for g in include) and \
                not any(fnmatch.fnmatchcase(relative, g) for g in exclude):
            data = load_json(read_text(Path(folder) / "package.json") or "")
            members.append((str(data.get("name") or os.path.basename(folder)), Path(folder)))
    return members


def select(tool: str, opts: dict[str, list[str]], found: Workspaces, cwd: Path) -> list[tuple[str, Path]]:
    """The members the flags pick, the root first where the tool runs there too."""
    picked: list[tuple[str, Path]] = []
    named = opts.get("-w", []) + opts.get("--workspace", []) if tool == "npm" else []
    selectors = opts.get("--filter", []) + opts.get("-F", []) if tool in ("pnpm", "bun") else []
    every = {"--workspaces", "-ws", "-r", "--recursive", "-A", "--all"} & set(opts)
    if every or any(_follows_graph(s) for s in selectors):
        picked = list(found.members)
    for value in named:
        place = os.path.normpath(cwd / value)
        picked += [m for m in found.members if m[0] == value or str(m[1]) == place or
                   str(m[1]).startswith(place + os.sep)]
    for selector in selectors:
        picked += [m for m in found.members if _selected(selector, m, cwd)]
    root_too = {"--include-workspace-root", "--workspace-root", "-A", "--all"} & set(opts) or \
        tool == "pnpm" and "-w" in opts
    if root_too:
        picked.insert(0, found.root_member())
    return list(dict.fromkeys(picked))


def _follows_graph(selector: str) -> bool:
    return selector.startswith(("!", "...", "^")) or selector.endswith("...") or "[" in selector or "^..." in selector


def _selected(selector: str, member: tuple[str, Path], cwd: Path) -> bool:
    name, folder = member
    selector = selector[1:-1] if selector.startswith("{") and selector.endswith("}") else selector
    if selector.startswith((".", "/")):  # a path or a glob of paths, from where the command runs
        place = os.path.normpath(cwd / selector)
        return str(folder) == place or fnmatch.fnmatchcase(str(folder), place) or \
            str(folder).startswith(place.rstrip("*").rstrip(os.sep) + os.sep) and selector.endswith("**")
    return fnmatch.fnmatchcase(name, selector) or "/" not in selector and name.split("/")[-1] == selector
