"""`terminus-edge hooks …`: install the Claude Code hook that routes commands through terminus-edge."""

from __future__ import annotations

import re
import sys

import click

AGENTS = click.Choice(["claude-code"])


def _scope_option(fn):
    fn = click.option("--local", "scope", flag_value="local",
                      help="./.claude/settings.local.json (this project, yours only: not committed).")(fn)
    fn = click.option("--project", "scope", flag_value="project", help="./.claude/settings.json (shared with the repo).")(fn)
    return click.option("--user", "scope", flag_value="user", default=True, help="~/.claude/settings.json (default).")(fn)


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
    path = claude_settings.settings_path(scope)
    existed = path.exists()
    outcome = claude_settings.install(path)  # first: a settings file it refuses to touch leaves the config alone too
    config = claude_hook.load_config()
    config.patterns += [p for p in patterns if p not in config.patterns]
    if permission:
        config.permission = permission
    config_file = claude_hook.save_config(config)
    click.echo(f"{agent} hook {outcome}: {path}")
    if existed and outcome != "unchanged":
        click.echo(f"previous settings kept in {claude_settings.backup_path(path.resolve())}")
    click.echo(f"patterns and permission: {config_file}")
    if config.permission == "defer":
        click.echo("note: with --permission defer the hook gives no decision; Claude Code documents the command "
                   "rewrite only together with allow or ask, so some versions run the original command", err=True)


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

    state = claude_settings.status(claude_settings.settings_path(scope))
    if not state.installed:
        click.echo(f"{agent} hook: not installed ({state.path}{'' if state.exists else ', no such file'})")
        return
    note = "" if state.current else " (installed by another Python; `hooks install` refreshes it)"
    click.echo(f"{agent} hook: installed in {state.path}{note}")
    click.echo(f"command: {state.command}")
    config = claude_hook.load_config()
    click.echo(f"permission: {config.permission}; {len(config.patterns)} patterns in {claude_hook.config_path()}")


@hooks.command(short_help="Show what the hook would do with COMMAND (rewrite, approval).")
@click.argument("agent", type=AGENTS)
@click.argument("command")
def check(agent: str, command: str) -> None:
    """Show what the hook would do with COMMAND run here: the rewritten command and the approval it gives."""
    import os

    from terminus_edge.integrations import claude_hook

    config = claude_hook.load_config()
    wrap, why = claude_hook.should_wrap(command, config)
    if not wrap:
        click.echo(f"left alone: {why}")
        return
    event = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": command}, "cwd": os.getcwd()}
    output = (claude_hook.hook_response(event, config) or {}).get("hookSpecificOutput", {})
    click.echo(output.get("updatedInput", {}).get("command") or claude_hook.rewrite_command(command, None))
    decision = output.get("permissionDecision")
    if decision == "ask":
        reason = output.get("permissionDecisionReason", "").partition("; the policy asks: ")[2]
        click.echo(f"approval: ask (Claude Code asks you: {reason})")
    else:
        click.echo(f"approval: {decision} (runs without a prompt)" if decision else
                   "approval: none given (Claude Code's own permission rules decide)")


@hooks.command(hidden=True)
@click.argument("agent", type=AGENTS)
def run(agent: str) -> None:
    """The hook itself: Claude Code's PreToolUse JSON on stdin, our answer on stdout."""
    from terminus_edge.integrations import claude_hook

    answer = claude_hook.run_hook(sys.stdin.buffer.read().decode("utf-8", "replace"))
    if answer:
        click.echo(answer)

