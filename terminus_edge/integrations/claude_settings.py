"""Install, remove and inspect our PreToolUse entry in a Claude Code settings.json, touching nothing else."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from terminus_edge.errors import TerminusError
from terminus_edge.integrations.claude_hook import HOOK_MARKERS

HOOK_TIMEOUT_S = 30  # Claude Code's per-hook timeout, in seconds


def settings_path(scope: str, project_dir: Path | None = None) -> Path:
    """scope: user (~/.claude/settings.json), project (.claude/settings.json, shared with the repo) or local
    (.claude/settings.local.json: this user's, not committed)."""
    if scope == "user":
        return Path.home() / ".claude" / "settings.json"
    name = "settings.local.json" if scope == "local" else "settings.json"
    return (project_dir or Path.cwd()) / ".claude" / name


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


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".terminus-edge.bak")


def _write(path: Path, settings: dict) -> None:
    """Atomically, through a symlink (dotfile managers) rather than over it, keeping the file's mode; the
    previous content is kept next to it (backup_path) first."""
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    if path.exists():
        shutil.copy2(path, backup_path(path))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings.", suffix=".json")
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump(settings, handle, indent=2)
            handle.write("\n")
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _hook_list(group: object) -> list:
    """A matcher group's hooks, [] when the group is not shaped as Claude Code expects (left untouched)."""
    hooks = group.get("hooks") if isinstance(group, dict) else None
    return hooks if isinstance(hooks, list) else []


def _pre_tool_use(settings: dict, path: Path) -> list:
    hooks = settings.setdefault("hooks", {})
    if not isinstance(hooks, dict):
        raise TerminusError(f"{path}: hooks is not a JSON object; nothing was changed")
    groups = hooks.setdefault("PreToolUse", [])
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
            for index, hook in enumerate(_hook_list(group)):
                if _is_ours(hook):
                    refreshed = {"timeout": HOOK_TIMEOUT_S, **hook, "type": "command", "command": command}
                    if hook == refreshed:  # keys the user added (a longer timeout, statusMessage …) are kept
                        return "unchanged"
                    group["hooks"][index] = refreshed
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
        for hook in _hook_list(group):
            if _is_ours(hook):
                return HookStatus(path, True, True, hook.get("command"), hook.get("command") == hook_command())
    return HookStatus(path, path.exists(), False, None, False)
