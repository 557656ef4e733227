"""Approval policy for commands a remote main agent asks us to run.

    decide(command, cwd=Path, mode="ask"|"auto"|"deny-all", config=None, unattended=False) -> Decision(action, reason)

The command is parsed with shlex (operators `&&`, `||`, `;`, `|`, `&`, subshells, `$(…)`, backticks,
`bash -c '…'`, `eval`, heredocs) into simple commands; wrappers (`sudo`, `env`, `nohup`, `timeout`,
`xargs`, …) are looked through. Built-in deny rules (destroying the system or the remote, running
downloaded code, writing outside the working tree) cannot be overridden by allow patterns; the
config file adds allow/ask/deny patterns and extra writable directories. Denied and asked decisions
carry a reason the agent can read and act on.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Mapping

from terminus_edge.errors import TerminusError
from terminus_edge import shell_words

Action = Literal["allow", "ask", "deny"]
MODES = ("ask", "auto", "deny-all")
_RANK = {"allow": 0, "ask": 1, "deny": 2}


class PolicyError(TerminusError):
    """The policy config file is unreadable or malformed, or the mode is unknown."""


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str
    catastrophic: bool = False  # a deny for destroying the system or the home directory (rm -rf /, mkfs, fork bomb)

    @property
    def allowed(self) -> bool:
        return self.action == "allow"


@dataclass
class PolicyConfig:
    """Patterns are shell globs matched against each simple command (`pytest*`, `make *`), or regexes
    when written `re:<regex>`. deny/ask patterns are also matched against the whole command line."""

    allow: list[str] = field(default_factory=list)
    ask: list[str] = field(default_factory=list)
    deny: list[str] = field(default_factory=list)
    writable: list[str] = field(default_factory=lambda: [tempfile.gettempdir()])
    mode: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping, source: str = "config") -> "PolicyConfig":
        unknown = set(data) - {"allow", "ask", "deny", "writable", "mode"}
        if unknown:
            raise PolicyError(f"{source}: unknown policy keys {sorted(unknown)}")
        lists = {}
        for key in ("allow", "ask", "deny", "writable"):
            if key in data:
                value = data[key]
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise PolicyError(f"{source}: '{key}' must be a list of strings")
                lists[key] = list(value)
        for pattern in lists.get("allow", []) + lists.get("ask", []) + lists.get("deny", []):
            if pattern.startswith("re:"):
                try:
                    re.compile(pattern[3:])
                except re.error as error:
                    raise PolicyError(f"{source}: bad regex {pattern!r}: {error}") from None
        mode = data.get("mode")
        if mode is not None and mode not in MODES:
            raise PolicyError(f"{source}: mode must be one of {', '.join(MODES)}")
        return cls(**lists, mode=mode)


def config_path() -> Path:
    from terminus_edge.paths import data_dir

    return data_dir() / "policy.toml"


def load_config(path: Path | str | None = None) -> PolicyConfig:
    """Read a TOML or JSON policy file; with no path, data_dir()/policy.toml (or .json) if present."""
    if path is None:
        default = config_path()
        candidates = [default, default.with_suffix(".json")]
        path = next((p for p in candidates if p.exists()), None)
        if path is None:
            return PolicyConfig()
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
        data = json.loads(raw) if path.suffix == ".json" else tomllib.loads(raw)
    except FileNotFoundError:
        raise PolicyError(f"policy file not found: {path}") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:  # TOMLDecodeError, JSONDecodeError
        raise PolicyError(f"cannot read policy file {path}: {error}") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{path}: expected a table/object at the top level")
    return PolicyConfig.from_mapping(data, str(path))


def _matches(pattern: str, text: str) -> bool:
    if pattern.startswith("re:"):
        return re.search(pattern[3:], text) is not None
    return fnmatch.fnmatchcase(text, pattern)


def decide(command: str, *, cwd: Path, mode: str = "ask",
           config: PolicyConfig | Mapping | Path | str | None = None, unattended: bool = False) -> Decision:
    """allow / ask / deny for `command` run in `cwd`, with a reason the requesting agent can read.

    unattended: nobody is there to approve (the subagent, an agent's tool call): the stricter
    policy.rules.UNATTENDED table, policy.unattended, policy.rewrites and policy.code (any delete, truncation or
    overwrite of existing data, by any tool or code; SQL the line does not show) also ask, policy.recipes decides
    what a project task runner (`make migrate`, `npm run format`) would run, and the caller treats "ask" as a
    refusal."""
    if mode not in MODES:
        raise PolicyError(f"unknown approval mode {mode!r} (use {', '.join(MODES)})")
    if isinstance(config, PolicyConfig):
        cfg = config
    elif isinstance(config, Mapping):
        cfg = PolicyConfig.from_mapping(config)
    else:
        cfg = load_config(config)
    if mode == "deny-all":
        return Decision("deny", "approval mode is deny-all: no command may run")
    if not command.strip():
        return Decision("deny", "empty command")

    from terminus_edge.policy.rules import analyse_context  # the shell parser and built-in rules

    cwd = Path(os.path.realpath(cwd))
    writable = [cwd] + [Path(os.path.realpath(os.path.expanduser(p))) for p in cfg.writable]
    ctx, segments = analyse_context(command, cwd, writable, unattended)
    verdicts = ctx.verdicts
    hard = [v for v in verdicts if v[0] == "deny"]
    if hard:
        return Decision("deny", "denied: " + "; ".join(dict.fromkeys(reason for _, reason in hard)),
                        catastrophic=bool(ctx.catastrophes))
    texts = segments + [command]
    for pattern in cfg.deny:
        if any(_matches(pattern, t) for t in texts):
            return Decision("deny", f"denied by the policy config pattern {pattern!r}")
    asks = [reason for action, reason in verdicts if action == "ask"]
    asks += [f"matches the policy config ask pattern {p!r}" for p in cfg.ask if any(_matches(p, t) for t in texts)]
    if asks:
        return Decision("ask", "needs approval: " + "; ".join(dict.fromkeys(asks)))
    if mode == "auto":
        return Decision("allow", "auto mode: no deny or ask rule matched")
    unlisted = [s for s in segments if not _safe(s) and not any(_matches(p, s) for p in cfg.allow)]
    if not unlisted:
        return Decision("allow", "every part is read-only or allowed by the policy config")
    return Decision("ask", f"ask mode: `{unlisted[0]}` is not on the allow list")


_READ_ONLY = {"ls", "pwd", "cat", "head", "tail", "less", "wc", "grep", "rg", "ag", "echo", "printf", "which",
              "whoami", "id", "uname", "date", "df", "du", "file", "stat", "tree", "true", "false", "env",
              "printenv", "type", "diff", "cmp", "sort", "uniq", "cut", "tr", "basename", "dirname",
              "realpath", "readlink", "sha256sum", "md5sum", "jq", "test", "["}
_READ_ONLY_GIT = {"status", "log", "diff", "show", "branch", "remote", "rev-parse", "describe", "blame", "ls-files"}
# Options that make a read-only tool write or change something: they are not read-only any more.
_WRITING_OPTIONS = {"date": ("-s", "--set"), "file": ("-C", "--compile"), "tree": ("-o",), "find": ("-fls",)}
# `git branch` lists with these (and names patterns only after --list); any other option or operand creates,
# renames, deletes or re-points a branch. `git remote` lists bare, with -v, `show` and `get-url`.
_GIT_BRANCH_LISTING = {"-a", "--all", "-r", "--remotes", "-v", "-vv", "--verbose", "--list", "-l", "--show-current",
                       "--color", "--no-color", "--column", "--no-column", "-i", "--ignore-case", "--omit-empty",
                       "--abbrev", "--no-abbrev"}
_GIT_BRANCH_VALUES = {"--contains", "--no-contains", "--merged", "--no-merged", "--points-at", "--sort", "--format"}


def _safe(segment: str) -> bool:
    """A built-in read-only command (no redirection, no -exec/-delete, no option that writes)."""
    try:
        words = shell_words.split(segment)
    except ValueError:
        return False
    if not words or any(op in segment for op in (">", "-exec", "-delete", "-fprint")):
        return False
    if words[0] == "find" and {"-ok", "-okdir"} & set(words):
        return False
    from terminus_edge.policy.outputs import output_files  # `sort -o FILE` writes as `> FILE` does

    if output_files(words[0], words) or any(w.split("=")[0] in _WRITING_OPTIONS.get(words[0], ()) for w in words[1:]):
        return False
    if words[0] == "git":
        return len(words) > 1 and words[1] in _READ_ONLY_GIT and _git_lists_only(words[1], words[2:])
    if words[0] == "uniq":  # `uniq IN OUT` writes OUT
        return len([w for w in words[1:] if not w.startswith("-")]) < 2
    return words[0] == "find" or words[0] in _READ_ONLY


def _git_lists_only(sub: str, args: list[str]) -> bool:
    if sub == "remote":
        return all(a in ("-v", "--verbose") for a in args) or args[:1] in (["show"], ["get-url"])
    if sub != "branch":
        return True
    listing, at = "--list" in args or "-l" in args, 0
    while at < len(args):
        key = args[at].split("=")[0]
        if key in _GIT_BRANCH_VALUES:
            at += 1 if "=" in args[at] else 2
            continue
        bundle = re.fullmatch(r"-[arvil]+", key) is not None  # -av, -rv
        if key not in _GIT_BRANCH_LISTING and not bundle and (key.startswith("-") or not listing):
            return False
        at += 1
    return True
