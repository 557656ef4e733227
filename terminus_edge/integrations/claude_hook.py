"""Claude Code PreToolUse hook: route long-output Bash commands through `terminus-edge run`.

Claude Code ignores a hook's rewrite of Bash *output*, so the hook rewrites the command itself
(`hookSpecificOutput.updatedInput`, which replaces the whole tool input: every other field is kept).
Only commands that match the configured patterns are wrapped; interactive, trivial, background,
already-wrapped and pager-piped commands are left alone. Any doubt means "leave it alone".
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from terminus_edge import shell_words
from terminus_edge.errors import TerminusError
from terminus_edge.paths import data_dir

HOOK_MARKERS = ("terminus_edge hooks run claude-code", "terminus-edge hooks run claude-code")
CLAUDE_DEFAULT_TIMEOUT_MS = 120_000  # Claude Code's Bash default when tool_input has no timeout
CLAUDE_MAX_TIMEOUT_MS = 600_000  # the most Claude Code's Bash tool accepts
# Longer lines are heredocs and inline scripts, not test runs: they are left to Claude Code as they are.
MAX_COMMAND_CHARS = 20_000
TIMEOUT_MARGIN_S = 5  # finish (and summarize) before Claude Code kills the wrapped command

# Regexes matched at the start of each simple command (env assignments, sudo/time/env stripped).
DEFAULT_PATTERNS = [
    r"(python[0-9.]* -m )?(pytest|unittest|tox|nox)\b",
    r"(npm|pnpm|yarn|bun) (run )?(test|build|lint|typecheck|check|install|ci|i|add)\b",
    r"npx (jest|vitest|mocha|tsc|eslint|playwright|prettier --check)\b",
    r"(jest|vitest|mocha|tsc|eslint|rspec|phpunit|ctest|ninja|mvn|gradle|\./mvnw|\./gradlew)\b",
    r"cargo (test|build|check|clippy|nextest|run)\b",
    r"go (test|build|vet|generate)\b",
    r"make\b",
    r"cmake --build\b",
    r"dotnet (test|build|restore|publish)\b",
    r"swift (build|test)\b",
    r"mix (test|compile|deps\.get)\b",
    r"bundle (install|exec (rspec|rake))\b",
    r"(python[0-9.]* -m )?(pip[0-9.]*|uv pip) install\b",
    r"uv (sync|run (pytest|tox|ruff|mypy))\b",
    r"poetry (install|run (pytest|mypy|ruff))\b",
    r"(python[0-9.]* -m )?(ruff|flake8|mypy|pylint|black --check|isort --check)\b",
    r"(apt-get|apt) (install|update|upgrade)\b",
]

PAGERS = {"less", "more", "most", "pg"}
INTERACTIVE = {
    "vi", "vim", "nvim", "nano", "emacs", "top", "htop", "btop", "ssh", "sftp", "ftp", "telnet", "man",
    "watch", "tmux", "screen", "ipython", "irb", "ghci", "fzf", "less", "more",
}
REPLS = {"python", "python3", "node", "psql", "mysql", "sqlite3", "bash", "sh", "zsh"}  # interactive with no args
PREFIXES = {"sudo", "time", "env", "nice", "command", "exec"}
SEPARATORS = {"&&", "||", ";", "|", "&", "|&", ";;", "(", ")"}
# Builtins whose effect must outlive the command (Claude Code keeps the shell's cwd and env between calls):
# inside a wrapped child shell they would be lost, so such lines stay as they are.
STATEFUL = {"cd", "pushd", "popd", "export", "unset", "source", ".", "alias", "set", "shopt", "ulimit", "umask"}
LEADING_CD = re.compile(r"""^\s*(?:cd\s+(?:'[^']*'|"[^"]*"|[^\s;&|'"]+)\s*&&\s*)+""")


@dataclass
class HookConfig:
    patterns: list[str] = field(default_factory=lambda: list(DEFAULT_PATTERNS))
    # "policy": allow without a prompt when the policy lets it run unattended, else "ask" (the user sees the
    # rewritten command; Claude Code documents updatedInput with allow or ask only);
    # "defer": never decide, Claude Code's permission rules apply (some versions then drop the rewrite); "allow": always.
    # With "policy" and "allow", a catastrophic command anywhere in any Bash line is denied (wrapped or not).
    permission: str = "policy"
    enabled: bool = True


def config_path() -> Path:
    return data_dir() / "claude-code-hook.json"


def load_config(path: Path | None = None) -> HookConfig:
    path = path or config_path()
    if not path.is_file():
        return HookConfig()
    try:
        raw = json.loads(path.read_text())
        config = HookConfig(
            patterns=list(raw.get("patterns", DEFAULT_PATTERNS)),
            permission=str(raw.get("permission", "policy")),
            enabled=bool(raw.get("enabled", True)),
        )
        for pattern in config.patterns:
            re.compile(pattern)
    except (ValueError, TypeError, AttributeError, re.error) as error:
        raise TerminusError(f"bad hook config {path}: {error}") from None
    if config.permission not in ("policy", "defer", "allow"):
        raise TerminusError(f"bad hook config {path}: permission must be policy, defer or allow")
    return config


def save_config(config: HookConfig, path: Path | None = None) -> Path:
    path = path or config_path()
    body = {"patterns": config.patterns, "permission": config.permission, "enabled": config.enabled}
    path.write_text(json.dumps(body, indent=2) + "\n")
    return path


def _tokens(command: str) -> list[str] | None:
    try:
        return shell_words.tokens(command)
    except ValueError:
        return None


def _segments(command: str) -> list[list[str]] | None:
    """Simple commands of a shell line as token lists; None when the line cannot be tokenized."""
    tokens = _tokens(command)
    if tokens is None:
        return None
    segments, current = [], []
    for token in tokens:
        if token in SEPARATORS:
            if current:
                segments.append(current)
            current = [token] if token in ("|", "|&") else []
        else:
            current.append(token)
    if current:
        segments.append(current)
    return segments


def _core(tokens: list[str]) -> list[str]:
    """Drop a pipe marker, VAR=value assignments and wrappers such as sudo/time/env."""
    tokens = [t for t in tokens if t not in ("|", "|&")]
    while tokens and (re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", tokens[0]) or tokens[0] in PREFIXES):
        tokens = tokens[1:]
    return tokens


def _interactive(tokens: list[str]) -> bool:
    if not tokens:
        return False
    name = Path(tokens[0]).name
    args = tokens[1:]
    if name in INTERACTIVE or (name in REPLS and not args):
        return True
    if name == "git" and args[:1] in (["rebase"], ["add"], ["commit"]):
        return any(a in ("-i", "--interactive", "-p", "--patch") for a in args) or (
            args[0] == "commit" and not any(a.startswith(("-m", "--message", "-F", "--file", "-C", "--no-edit")) for a in args)
        )
    if name == "tail" and any(a in ("-f", "-F", "--follow") for a in args):
        return True
    if name in ("docker", "podman", "kubectl") and any(re.fullmatch(r"-[a-z]*(it|ti)[a-z]*", a) for a in args):
        return True
    return False


def _calls_us(core: list[str]) -> bool:
    """`terminus-edge …` or `python -m terminus_edge …` (not a mere path such as tests/test_terminus_edge.py)."""
    if not core:
        return False
    if Path(core[0]).name in ("terminus-edge", "te"):
        return True
    return Path(core[0]).name.startswith("python") and core[1:3] == ["-m", "terminus_edge"]


def should_wrap(command: str, config: HookConfig) -> tuple[bool, str]:
    """(wrap?, why) for one Bash command line."""
    if not command.strip():
        return False, "empty"
    if len(command) > MAX_COMMAND_CHARS:
        return False, f"longer than {MAX_COMMAND_CHARS} characters"
    segments = _segments(LEADING_CD.sub("", command))
    if segments is None:
        return False, "cannot tokenize"
    cores = [_core(s) for s in segments]
    if any(_calls_us(core) for core in cores):
        return False, "already wrapped"
    if "&" in (_tokens(command) or ()):  # `run` ends with its shell and takes its process group along
        return False, "runs in the background (&)"
    for segment, core in zip(segments, cores):
        if segment[0] in ("|", "|&") and core and Path(core[0]).name in PAGERS:
            return False, "piped to a pager"
        if _interactive(core):
            return False, "interactive"
        if core and core[0] in STATEFUL:
            return False, f"changes shell state ({core[0]})"
    regexes = [re.compile(p) for p in config.patterns]
    for core in cores:
        text = " ".join(core)
        # a program named by its path (.venv/bin/python -m pytest, node_modules/.bin/jest) matches by its name too
        named = " ".join([Path(core[0]).name, *core[1:]]) if core and "/" in core[0] else text
        if any(r.match(text) or r.match(named) for r in regexes):
            return True, f"matches {named.split()[0]}"
    return False, "no pattern matches"


def wrapper_prefix() -> str:
    """How the rewritten command calls terminus-edge: the console script when on PATH, else this Python."""
    if shutil.which("terminus-edge"):
        return "terminus-edge"
    return f"{shlex.quote(sys.executable)} -m terminus_edge"


def rewrite_command(command: str, timeout_ms: int | None, prefix: str | None = None) -> str:
    """`cd DIR && CMD` keeps its cd outside (so Claude Code's cwd still follows it); CMD goes in one quoted word."""
    timeout_s = max(1, int((timeout_ms or CLAUDE_DEFAULT_TIMEOUT_MS) / 1000) - TIMEOUT_MARGIN_S)
    leading = LEADING_CD.match(command)
    head = leading.group(0) if leading else ""
    rest = command[len(head):].strip()
    return f"{head}{prefix or wrapper_prefix()} run --timeout {timeout_s} -- {shlex.quote(rest)}"


def _decision(command: str, cwd: str | None, config: HookConfig, wrapped: bool):
    """The unattended policy's Decision for the line, or None where the hook decides nothing (defer; "allow" for a
    line it does not wrap). A line it does not wrap is checked for catastrophes only, with the built-in rules (they
    do not depend on the policy file, whose errors then cannot stand in the way of every Bash call)."""
    if config.permission == "defer":
        return None
    from terminus_edge.policy import PolicyConfig, decide

    where = Path(cwd or ".")
    return decide(command, cwd=where, mode="auto", unattended=True, config=None if wrapped else PolicyConfig())


def _denial(reason: str) -> dict:
    """Claude Code's PreToolUse answer that blocks the call; the reason is shown to the model."""
    return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                   "permissionDecisionReason": f"terminus-edge: {reason} (catastrophic: never run)"}}


def hook_response(event: dict, config: HookConfig, prefix: str | None = None) -> dict | None:
    """The JSON to print for one PreToolUse event, or None to leave the call untouched. A catastrophic command
    anywhere in the line (rm -rf / or ~, mkfs, dd onto a disk, a fork bomb, chmod -R of /) is denied, wrapped or not."""
    if not config.enabled or event.get("tool_name") != "Bash":
        return None
    if event.get("hook_event_name", "PreToolUse") != "PreToolUse":  # e.g. PostToolUse: nothing to rewrite
        return None
    tool_input = event.get("tool_input")
    if not isinstance(tool_input, dict) or not isinstance(tool_input.get("command"), str):
        return None
    command, cwd = tool_input["command"], event.get("cwd")
    cwd = cwd if isinstance(cwd, str) and cwd else None
    wrap, why = should_wrap(command, config)
    wrap = wrap and not tool_input.get("run_in_background")
    decision = _decision(command, cwd, config, wrap) if command.strip() else None
    if decision is not None and decision.catastrophic:
        return _denial(decision.reason)
    if not wrap:
        return None
    new_input = dict(tool_input)  # updatedInput replaces the whole input: keep description, timeout, …
    new_input["command"] = rewrite_command(command, _timeout_ms(tool_input.get("timeout")), prefix)
    output = {
        "hookEventName": "PreToolUse",
        "permissionDecisionReason": f"terminus-edge: {why}; raw output kept in the local log store",
        "updatedInput": new_input,
    }
    if config.permission == "allow" or decision is not None and decision.allowed:
        output["permissionDecision"] = "allow"
    elif decision is not None:  # the user sees the rewritten command and the policy's reason in the prompt
        output["permissionDecision"] = "ask"
        output["permissionDecisionReason"] += f"; the policy asks: {decision.reason}"
    return {"hookSpecificOutput": output}


def _timeout_ms(value) -> int | None:
    """The Bash call's own timeout when it is a usable number of milliseconds (capped as Claude Code caps it)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
        return None
    return int(min(value, CLAUDE_MAX_TIMEOUT_MS))


def run_hook(stdin_text: str, config: HookConfig | None = None) -> str:
    """Entry point of the installed hook: stdin JSON in, stdout JSON out ('' leaves the call alone).
    A bad hook config is reported (TerminusError); anything else odd in the event leaves the call alone."""
    try:
        event = json.loads(stdin_text)
    except ValueError as error:  # never block the agent because of us; Claude Code shows this line in its transcript
        said = "no event on stdin" if not stdin_text.strip() else f"stdin is not JSON: {error}"
        print(f"terminus-edge hook: left the call alone ({said})", file=sys.stderr)
        return ""
    if not isinstance(event, dict):
        print(f"terminus-edge hook: left the call alone (the event is a JSON {type(event).__name__}, not an object)",
              file=sys.stderr)
        return ""
    config = config or load_config()
    try:
        response = hook_response(event, config)
    except Exception as error:  # noqa: BLE001 - a bug of ours must not stand between Claude Code and its shell
        print(f"terminus-edge hook: left the call alone ({type(error).__name__}: {error})", file=sys.stderr)
        return ""
    return json.dumps(response) if response else ""
