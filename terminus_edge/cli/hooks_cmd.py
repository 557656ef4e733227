"""`terminus-edge hooks …`: install the Claude Code hook that routes commands through terminus-edge."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

AGENTS = click.Choice(["claude-code"])


SCOPES = ("user", "project", "local")


def _scope_option(fn):
    """--user (default), --project or --local, passed on as `scope`; two of them is a usage error (with one shared
    flag_value option the last one named silently won: `install --project --local` wrote only the local file)."""
    import functools

    @functools.wraps(fn)
    def with_scope(*args, **kwargs):
        chosen = [name for name in SCOPES if kwargs.pop(f"scope_{name}")]
        if len(chosen) > 1:
            raise click.UsageError(f"give one of --user, --project, --local (got {', '.join('--' + c for c in chosen)})")
        return fn(*args, scope=chosen[0] if chosen else "user", **kwargs)

    for name, help_text in reversed((
            ("user", "~/.claude/settings.json (default)."),
            ("project", "./.claude/settings.json (shared with the repo: runs `terminus-edge` found through PATH)."),
            ("local", "./.claude/settings.local.json (this project, yours only: not committed)."))):
        with_scope = click.option(f"--{name}", f"scope_{name}", is_flag=True, help=help_text)(with_scope)
    return with_scope


@click.group()
def hooks() -> None:
    """Install agent hooks (Claude Code) that route commands through terminus-edge."""


@hooks.command(short_help="Add the PreToolUse hook for the Bash tool (keeps other hooks).")
@click.argument("agent", type=AGENTS)
@_scope_option
@click.option("--pattern", "patterns", multiple=True, metavar="REGEX",
              help="Also wrap commands matching REGEX (kept in the hook config; repeatable).")
@click.option("--permission", type=click.Choice(["policy", "defer", "allow"]),
              help="Approve wrapped commands: by terminus-edge's policy, never (Claude Code decides), or always.")
def install(agent: str, scope: str, patterns: tuple[str, ...], permission: str | None) -> None:
    """Add the PreToolUse hook for the Bash tool (idempotent; other hooks are kept)."""
    from terminus_edge.integrations import claude_hook, claude_settings

    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise click.BadParameter(f"{pattern!r}: {error}", param_hint="--pattern") from None
    warning = _project_path_warning() if scope == "project" else None  # before anything is written
    path = claude_settings.settings_path(scope)
    existed = path.exists()
    outcome = claude_settings.install(path, scope=scope)  # first: a refused settings file leaves the config alone too
    config = claude_hook.load_config()
    config.patterns += [p for p in patterns if p not in config.patterns]
    if permission:
        config.permission = permission
    config_file = claude_hook.save_config(config)
    click.echo(f"{agent} hook {outcome}: {path}")
    if existed and outcome != "unchanged":
        click.echo(f"previous settings kept in {claude_settings.backup_path(path.resolve())}")
    click.echo(f"patterns and permission: {config_file}")
    if warning:
        click.echo(f"warning: {warning}", err=True)
    if config.permission == "defer":
        click.echo("note: with --permission defer the hook gives no decision; Claude Code documents the command "
                   "rewrite only together with allow or ask, so some versions run the original command", err=True)


def _project_path_warning() -> str | None:
    """A --project hook runs `terminus-edge` through PATH: refuse when that finds nothing here, warn when it finds
    another installation."""
    from terminus_edge.errors import TerminusError
    from terminus_edge.integrations import claude_settings

    problem = claude_settings.path_problem()
    if problem is None:
        return None
    kind, why = problem
    if kind == "missing":
        raise TerminusError(f"{why}: a --project hook runs `{claude_settings.PORTABLE_COMMAND}` through each "
                            f"machine's PATH, so here it would fail; put {Path(sys.executable).parent} on PATH, or "
                            "use --local (this machine's absolute path); nothing was changed")
    return f"{why}; teammates get the one on their PATH"


@hooks.command()
@click.argument("agent", type=AGENTS)
@_scope_option
def uninstall(agent: str, scope: str) -> None:
    """Remove our hook (and only ours) from the settings file."""
    from terminus_edge.integrations import claude_settings

    path = claude_settings.settings_path(scope)
    removed = claude_settings.uninstall(path)
    click.echo(f"{agent} hook {'removed from' if removed else 'was not in'} {path}")
    if removed:
        click.echo(f"previous settings kept in {claude_settings.backup_path(path.resolve())}")


@hooks.command()
@click.argument("agent", type=AGENTS)
@_scope_option
def status(agent: str, scope: str) -> None:
    """Say whether the hook is installed and what it runs."""
    from terminus_edge.integrations import claude_hook, claude_settings

    state = claude_settings.status(claude_settings.settings_path(scope), scope)
    if not state.installed:
        click.echo(f"{agent} hook: not installed ({state.path}{'' if state.exists else ', no such file'})")
        return
    click.echo(f"{agent} hook: installed in {state.path}{_staleness(state, scope)}")
    click.echo(f"command: {state.command}")
    if state.problem:
        click.echo(f"warning: this command does not run on this machine: {state.problem}", err=True)
    config = claude_hook.load_config()
    click.echo(f"permission: {config.permission}; {len(config.patterns)} patterns in {claude_hook.config_path()}")


def _staleness(state, scope: str) -> str:
    if state.current:
        return ""
    if scope == "project":
        return (" (by an absolute path, which teammates' machines may not have; `hooks install --project` writes "
                "the portable `terminus-edge hooks run claude-code`)")
    return " (installed by another Python; `hooks install` refreshes it)"


@hooks.command(short_help="Show what the hook would do with COMMAND (rewrite, approval).")
@click.argument("agent", type=AGENTS)
@click.argument("command")
def check(agent: str, command: str) -> None:
    """Show what the hook would do with COMMAND run here: the rewritten command and the approval it gives."""
    import os

    from terminus_edge.integrations import claude_hook

    _warn_if_project_hook_broken()
    config = claude_hook.load_config()
    event = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": command}, "cwd": os.getcwd()}
    output = (claude_hook.hook_response(event, config) or {}).get("hookSpecificOutput", {})
    if output.get("permissionDecision") == "deny":
        click.echo(f"denied: {output['permissionDecisionReason'].removeprefix('terminus-edge: ')}")
        return
    wrap, why = claude_hook.should_wrap(command, config)
    if not wrap:
        click.echo(f"left alone: {why}")
        return
    click.echo(output.get("updatedInput", {}).get("command") or claude_hook.rewrite_command(command, None))
    decision = output.get("permissionDecision")
    if decision == "ask":
        reason = output.get("permissionDecisionReason", "").partition("; the policy asks: ")[2]
        click.echo(f"approval: ask (Claude Code asks you: {reason})")
    else:
        click.echo(f"approval: {decision} (runs without a prompt)" if decision else
                   "approval: none given (Claude Code's own permission rules decide)")


def _warn_if_project_hook_broken() -> None:
    """This project's shared hook (./.claude/settings.json), if its command does not run here: one line."""
    from terminus_edge.errors import TerminusError
    from terminus_edge.integrations import claude_settings

    try:
        state = claude_settings.status(claude_settings.settings_path("project"), "project")
    except TerminusError:  # an unreadable settings file: `hooks status --project` says why
        return
    if state.installed and state.problem:
        click.echo(f"warning: the project's hook ({state.path}) does not run on this machine: {state.problem}",
                   err=True)


@hooks.command(hidden=True)
@click.argument("agent", type=AGENTS)
def run(agent: str) -> None:
    """The hook itself: Claude Code's PreToolUse JSON on stdin, our answer on stdout."""
    from terminus_edge.integrations import claude_hook

    answer = claude_hook.run_hook(sys.stdin.buffer.read().decode("utf-8", "replace"))
    if answer:
        click.echo(answer)

