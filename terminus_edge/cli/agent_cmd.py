"""`terminus-edge agent`: a remote OpenAI-compatible main agent whose terminal work runs here."""

from __future__ import annotations

import os
import sys

import click

APPROVE_TO_POLICY = {"ask": "ask", "auto": "auto", "never": "deny-all"}
NO_TERMINAL = "stdin is not a terminal, so nobody can be asked to approve it (use --approve auto to run what the policy allows)"
CHOICES = "y: run it, n: refuse, a: run it and the rest of this request the policy allows, s: refuse and stop"


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def ask_per_command(proposed):
    """--approve ask: the user decides on each command the subagent wants to run, on this terminal."""
    from terminus_edge.subagent.approval import UserDecision, describe

    if not stdin_is_terminal():
        return UserDecision.unanswered(NO_TERMINAL)
    click.echo("\n" + describe(proposed), err=True)
    try:
        choice = click.prompt(f"Run it? ({CHOICES})", type=click.Choice(["y", "n", "a", "s"]), default="n",
                              show_choices=False, err=True)
    except click.Abort:  # Ctrl-C or end of input at the prompt
        return UserDecision.unanswered("no answer at the prompt (input ended or interrupted)")
    if choice in ("y", "a"):
        return UserDecision("approve" if choice == "y" else "approve-all")
    try:
        reason = click.prompt("Why, for the agent (optional)", default="", show_default=False, err=True)
    except click.Abort:
        reason = ""
    return UserDecision("refuse" if choice == "n" else "refuse-all", reason)


@click.command()
@click.option("--endpoint", required=True, metavar="URL", help="OpenAI-compatible base URL, e.g. http://localhost:8000/v1")
@click.option("--model", "model_name", required=True, metavar="NAME", help="Model name the endpoint serves.")
@click.option("--api-key-env", metavar="VAR", help="Environment variable holding the API key (never a flag).")
@click.option("--approve", type=click.Choice(list(APPROVE_TO_POLICY)), default="ask", show_default=True,
              help="Commands: ask = you approve each command on this terminal (the policy's deny rules still "
                   "apply), auto = the policy alone (what it would ask about is refused), never = refuse all.")
@click.option("--bundle", type=click.Path(file_okay=False), help="Local model bundle for the subagent and summaries.")
@click.option("--no-model", is_flag=True, help="No local model: deterministic summaries.")
@click.option("--cwd", type=click.Path(exists=True, file_okay=False), help="Project directory commands run in.")
@click.option("--max-steps", type=click.IntRange(1, 200), default=20, show_default=True, help="Model calls at most.")
@click.option("--timeout", "timeout_s", type=click.FloatRange(1, 3600), default=120, show_default=True,
              help="Seconds to wait for each answer from the endpoint.")
@click.argument("task")
def agent(endpoint, model_name, api_key_env, approve, bundle, no_model, cwd, max_steps, timeout_s, task) -> None:
    """Send TASK to the remote agent; run its terminal work locally; print its answer and the token account."""
    from terminus_edge.errors import TerminusError
    from terminus_edge.integrations.bridge import Bridge, BridgeCancelled
    from terminus_edge.integrations.openai_client import ChatClient
    from terminus_edge.integrations.shared_logs import SharedLogsToolkit
    from terminus_edge.terminal_text import shown

    if not task.strip():  # refused here, not after a round trip to the endpoint
        raise TerminusError("the task is empty: say what the remote agent should do")
    api_key = None
    if api_key_env:
        api_key = os.environ.get(api_key_env)
        if not api_key:
            raise TerminusError(f"environment variable {api_key_env} is not set")
    client = ChatClient(endpoint, model_name, api_key=api_key, timeout_s=timeout_s)  # a bad URL: its error comes first
    if approve == "ask" and not stdin_is_terminal():
        click.echo(f"terminus-edge: --approve ask: {NO_TERMINAL}; every command will be refused", err=True)
    try:
        # its read_log reads only the logs of the commands it had run: the store holds all the user's others
        toolkit = SharedLogsToolkit(cwd=cwd, bundle=bundle, use_model=not no_model,
                                    policy_mode=APPROVE_TO_POLICY[approve],
                                    approve_command=ask_per_command if approve == "ask" else None)
    except BaseException:
        client.close()
        raise

    def show(kind: str, text: str) -> None:  # the agent's text, inert on this terminal (terminal_text)
        if kind == "tool":
            click.echo(f"→ {shown(text)}", err=True)
        elif kind == "result":
            click.echo("  " + shown(text).replace("\n", "\n  "), err=True)

    bridge = Bridge(client, toolkit, max_steps=max_steps, on_event=show)
    try:
        click.echo(shown(bridge.send(task)))
    except BridgeCancelled as cancelled:  # not an error: Ctrl-C exits 130, SIGTERM 143, SIGHUP 129
        click.echo(f"terminus-edge: {cancelled}", err=True)
        sys.exit(cancelled.exit_status)
    finally:
        client.close()
        if bridge.account.answers:  # an endpoint never reached was sent nothing: no account to give
            click.echo(bridge.account.report(), err=True)
