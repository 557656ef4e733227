"""Cargo aliases read as text, for policy.recipes: what `cargo NAME args` runs when NAME is an [alias] of a cargo
config file.

    cargo_steps(args, cwd) -> [Step]   `cargo fmt-all` -> `cargo fmt --all` (decided as if typed, aliases of aliases
                                        followed by the same check)

Config files are read as cargo reads them: `.cargo/config.toml` (or `.cargo/config`, which wins when both exist) in the
current directory and every directory above it, then $CARGO_HOME's (default ~/.cargo); the nearest definition of a
name wins; `--config alias.x="…"` or `--config FILE.toml` on the line wins over them all. Cargo's own commands cannot
be aliased (cargo ignores such an alias), so they are never looked up.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from terminus_edge.policy.recipes import Step, load_toml, read_text

_BUILTINS = set("build b check c clean doc d new init add remove rm run r test t bench update search publish install "
                "uninstall fmt clippy fix tree vendor metadata package login logout owner yank version help "
                "locate-project verify-project generate-lockfile pkgid rustc rustdoc report fetch config info "
                "miri".split())
_VALUE_OPTS = {"--config", "-Z", "-C", "--color", "--explain"}


def cargo_steps(args: list[str], cwd: Path) -> list[Step]:
    at, folder, given = 0, cwd, []
    while at < len(args) and args[at].startswith(("-", "+")):
        if args[at].startswith("--config="):
            given.append(args[at].split("=", 1)[1])
        elif args[at] == "--config" and at + 1 < len(args):
            given.append(args[at + 1])
        if args[at] == "-C" and at + 1 < len(args):
            folder = cwd / args[at + 1]
        at += 2 if args[at] in _VALUE_OPTS else 1
    if at >= len(args) or args[at] in _BUILTINS:
        return []
    name, rest = args[at], args[at + 1:]
    value = {**aliases(folder), **command_line_aliases(given, cwd)}.get(name)
    words = value.split() if isinstance(value, str) else value if isinstance(value, list) and all(
        isinstance(w, str) for w in value) else None
    if not words:
        return []
    return [Step(f"the cargo alias {name}", shlex.join(["cargo", *words, *rest]), cwd)]


def command_line_aliases(given: list[str], cwd: Path) -> dict:
    """The [alias] entries `--config` gives: `alias.x="…"` (TOML, as cargo reads it) or a TOML file's; the later
    ones win, and all of them win over the config files'."""
    found: dict = {}
    for value in given:
        table = load_toml(value) if "=" in value else load_toml(read_text(cwd / value) or "")
        if isinstance(table.get("alias"), dict):
            found.update(table["alias"])
    return found


def aliases(folder: Path) -> dict:
    """Every [alias] the cargo config files seen from folder define, the nearest definition of a name first."""
    found: dict = {}
    places, here = [], folder
    for _ in range(32):
        places.append(here / ".cargo")
        if here.parent == here:
            break
        here = here.parent
    places.append(Path(os.environ.get("CARGO_HOME") or Path.home() / ".cargo"))
    for place in places:
        for file_name in ("config", "config.toml"):
            text = read_text(place / file_name)
            table = load_toml(text).get("alias") if text else None
            if isinstance(table, dict):
                for key, value in table.items():
                    found.setdefault(key, value)
                break
    return found
