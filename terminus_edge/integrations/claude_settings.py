"""Install, remove and inspect our PreToolUse entry in a Claude Code settings.json, touching nothing else."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

from terminus_edge.errors import TerminusError
from terminus_edge.integrations.claude_hook import HOOK_MARKERS
from terminus_edge import shell_words

HOOK_TIMEOUT_S = 30  # Claude Code's per-hook timeout, in seconds


def settings_path(scope: str, project_dir: Path | None = None) -> Path:
    """scope: user (~/.claude/settings.json), project (.claude/settings.json, shared with the repo) or local
    (.claude/settings.local.json: this user's, not committed)."""
    if scope == "user":
        return Path.home() / ".claude" / "settings.json"
    name = "settings.local.json" if scope == "local" else "settings.json"
    return (project_dir or Path.cwd()) / ".claude" / name


PORTABLE_COMMAND = "terminus-edge hooks run claude-code"  # found through PATH: right on every teammate's machine


def hook_command(scope: str = "user") -> str:
    """The command Claude Code runs. A project's settings.json is committed and shared: the console script found
    through PATH, which is right on every machine that has terminus-edge. Yours alone (user, local): this
    interpreter by its absolute path, so it works whatever PATH Claude Code has."""
    if scope == "project":
        return PORTABLE_COMMAND
    return f"{shlex.quote(sys.executable)} -m terminus_edge hooks run claude-code"


def _our_scripts() -> list[Path]:
    """Where this installation's console script can be: its environment's scripts folder, the user scheme's
    (pip --user), next to this interpreter."""
    folders = [sysconfig.get_path("scripts"), Path(sys.executable).parent]
    try:
        folders.append(sysconfig.get_path("scripts", f"{os.name}_user"))
    except KeyError:
        pass
    return [Path(folder) / "terminus-edge" for folder in folders if folder]


def _is_this_installation(script: Path) -> bool:
    """The same file as our console script (pipx links it into ~/.local/bin), or a script whose #! is this Python."""
    for ours in _our_scripts():
        try:
            if os.path.samefile(script, ours):
                return True
        except OSError:
            continue
    try:
        with open(script, "rb") as handle:
            first = handle.readline(4096).decode("utf-8", "replace")
    except OSError:
        return False
    interpreter = shell_words.split(first[2:])[:1] if first.startswith("#!") else []
    return bool(interpreter) and interpreter[0] == sys.executable


def path_problem() -> tuple[str, str] | None:
    """Why `terminus-edge` on this PATH is not this installation: ("missing" | "other", one line), else None."""
    found = shutil.which("terminus-edge")
    if found is None:
        return "missing", "terminus-edge is not on PATH here"
    if not _is_this_installation(Path(found)):
        return "other", (f"terminus-edge on PATH is {found}, not this installation ({sys.executable}): "
                         "the hook runs that one here")
    return None


def command_problem(command: str) -> str | None:
    """Why a hook command cannot run on this machine (its program not found or not executable), else None."""
    try:
        words = shell_words.split(command)
    except ValueError:
        return "it cannot be parsed as a shell command"
    if not words:
        return "it is empty"
    program = words[0]
    if "/" not in program:
        return None if shutil.which(program) else f"{program} is not on PATH here"
    path = Path(os.path.expanduser(program))
    if not path.is_file() or not os.access(path, os.X_OK):
        return f"{program} does not exist here" if not path.exists() else f"{program} is not executable"
    return None


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


def install(path: Path, command: str | None = None, scope: str = "user") -> str:
    """Add (or refresh) our Bash PreToolUse hook (hook_command(scope) unless `command`). Returns 'installed',
    'updated' or 'unchanged'."""
    command = command or hook_command(scope)
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
    current: bool  # the installed command is the one `hooks install` would write for this scope here
    problem: str | None = None  # why the installed command does not run on this machine


def status(path: Path, scope: str = "user") -> HookStatus:
    settings = _read(path)
    hooks = settings.get("hooks")
    groups = hooks.get("PreToolUse", []) if isinstance(hooks, dict) else []
    for group in groups if isinstance(groups, list) else []:
        for hook in _hook_list(group):
            if _is_ours(hook):
                command = str(hook.get("command"))
                return HookStatus(path, True, True, command, command == hook_command(scope), command_problem(command))
    return HookStatus(path, path.exists(), False, None, False)
