"""`terminus-edge agent`: a remote OpenAI-compatible main agent whose terminal work runs here."""

from __future__ import annotations

import os
import sys

import click

APPROVE_TO_POLICY = {"ask": "ask", "auto": "auto", "never": "deny-all"}


def _ask_on_terminal(command: str, reason: str) -> bool:
    if not sys.stdin.isatty():
        return False  # nobody to ask: refuse, the agent is told why
    click.echo(f"\nThe agent wants to run: {command}\n  ({reason})", err=True)
    return click.confirm("Run it?", default=False, err=True)


@click.command()
@click.option("--endpoint", required=True, metavar="URL", help="OpenAI-compatible base URL, e.g. http://localhost:8000/v1")
@click.option("--model", "model_name", required=True, metavar="NAME", help="Model name the endpoint serves.")
@click.option("--api-key-env", metavar="VAR", help="Environment variable holding the API key (never a flag).")
@click.option("--approve", type=click.Choice(list(APPROVE_TO_POLICY)), default="ask", show_default=True,
              help="Commands: ask on this terminal when the policy says so, auto (policy only), never (deny all).")
@click.option("--bundle", metavar="DIR", help="Local model bundle for the subagent and summaries.")
@click.option("--no-model", is_flag=True, help="No local model: deterministic summaries.")
@click.option("--cwd", type=click.Path(exists=True, file_okay=False), help="Project directory commands run in.")
@click.option("--max-steps", type=click.IntRange(1, 200), default=20, show_default=True, help="Model calls at most.")
@click.option("--timeout", "timeout_s", type=click.FloatRange(1, 3600), default=120, show_default=True,
              help="Seconds to wait for each answer from the endpoint.")
@click.argument("task")
def agent(endpoint, model_name, api_key_env, approve, bundle, no_model, cwd, max_steps, timeout_s, task) -> None:
    """Send TASK to the remote agent; run its terminal work locally; print its answer and the token account."""
    from terminus_edge.errors import TerminusError
    from terminus_edge.integrations.bridge import Bridge
    from terminus_edge.integrations.openai_client import ChatClient
    from terminus_edge.integrations.toolkit import Toolkit

    api_key = None
    if api_key_env:
        api_key = os.environ.get(api_key_env)
        if not api_key:
            raise TerminusError(f"environment variable {api_key_env} is not set")
    toolkit = Toolkit(cwd=cwd, bundle=bundle, use_model=not no_model, policy_mode=APPROVE_TO_POLICY[approve],
                      approve=_ask_on_terminal if approve == "ask" else None)
    client = ChatClient(endpoint, model_name, api_key=api_key, timeout_s=timeout_s)

    def show(kind: str, text: str) -> None:
        if kind == "tool":
            click.echo(f"→ {text}", err=True)
        elif kind == "result":
            click.echo("  " + text.replace("\n", "\n  "), err=True)

    bridge = Bridge(client, toolkit, max_steps=max_steps, on_event=show)
    try:
        click.echo(bridge.send(task))
    finally:
        client.close()
        click.echo(bridge.account.report(), err=True)
