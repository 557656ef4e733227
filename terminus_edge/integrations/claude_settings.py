"""Install, remove and inspect our PreToolUse entry in a Claude Code settings.json, touching nothing else."""

from __future__ import annotations

import json
import os
import shlex
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from terminus_edge.errors import TerminusError
from terminus_edge.integrations.claude_hook import HOOK_MARKERS

HOOK_TIMEOUT_S = 30  # Claude Code's per-hook timeout, in seconds


def settings_path(scope: str, project_dir: Path | None = None) -> Path:
    if scope == "user":
        return Path.home() / ".claude" / "settings.json"
    return (project_dir or Path.cwd()) / ".claude" / "settings.json"


def hook_command() -> str:
    """The command Claude Code runs: this interpreter, so it works whatever PATH the agent has."""
    return f"{shlex.quote(sys.executable)} -m terminus_edge hooks run claude-code"


def _is_ours(hook: object) -> bool:
    return isinstance(hook, dict) and any(m in str(hook.get("command", "")) for m in HOOK_MARKERS)


def _read(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        settings = json.loads(path.read_text() or "{}")
    except ValueError as error:
        raise TerminusError(f"{path} is not valid JSON ({error}); fix it first, nothing was changed") from None
    if not isinstance(settings, dict):
        raise TerminusError(f"{path} does not hold a JSON object; nothing was changed")
    return settings


def _write(path: Path, settings: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings.", suffix=".json")
    with os.fdopen(fd, "w") as handle:
        json.dump(settings, handle, indent=2)
        handle.write("\n")
    os.replace(tmp, path)


def _pre_tool_use(settings: dict, path: Path) -> list:
    hooks = settings.setdefault("hooks", {})
    groups = hooks.setdefault("PreToolUse", []) if isinstance(hooks, dict) else None
    if not isinstance(groups, list):
        raise TerminusError(f"{path}: hooks.PreToolUse is not a list; nothing was changed")
    return groups


def install(path: Path, command: str | None = None) -> str:
    """Add (or refresh) our Bash PreToolUse hook. Returns 'installed', 'updated' or 'unchanged'."""
    command = command or hook_command()
    settings = _read(path)
    groups = _pre_tool_use(settings, path)
    ours = {"type": "command", "command": command, "timeout": HOOK_TIMEOUT_S}
    for group in groups:
        if isinstance(group, dict) and group.get("matcher") == "Bash":
            for index, hook in enumerate(group.get("hooks", [])):
                if _is_ours(hook):
                    if hook == ours:
                        return "unchanged"
                    group["hooks"][index] = ours
                    _write(path, settings)
                    return "updated"
    groups.append({"matcher": "Bash", "hooks": [ours]})
    _write(path, settings)
    return "installed"


def uninstall(path: Path) -> bool:
    """Remove only our hook entries (and groups/keys that held nothing else). True when something was removed."""
    if not path.exists():
        return False
    settings = _read(path)
    hooks = settings.get("hooks")
    groups = hooks.get("PreToolUse") if isinstance(hooks, dict) else None
    if not isinstance(groups, list):
        return False
    removed = False
    for group in list(groups):
        if isinstance(group, dict) and isinstance(group.get("hooks"), list):
            kept = [h for h in group["hooks"] if not _is_ours(h)]
            if len(kept) != len(group["hooks"]):
                removed = True
                if kept:
                    group["hooks"] = kept
                else:
                    groups.remove(group)
    if not removed:
        return False
    if not groups:
        del hooks["PreToolUse"]
    if not hooks:
        del settings["hooks"]
    _write(path, settings)
    return True


@dataclass
class HookStatus:
    path: Path
    exists: bool
    installed: bool
    command: str | None
    current: bool  # the installed command is the one this interpreter would install


def status(path: Path) -> HookStatus:
    settings = _read(path)
    hooks = settings.get("hooks")
    groups = hooks.get("PreToolUse", []) if isinstance(hooks, dict) else []
    for group in groups if isinstance(groups, list) else []:
        for hook in group.get("hooks", []) if isinstance(group, dict) else []:
            if _is_ours(hook):
                return HookStatus(path, True, True, hook.get("command"), hook.get("command") == hook_command())
    return HookStatus(path, path.exists(), False, None, False)
