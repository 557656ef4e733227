"""`terminus-edge mcp`: serve the execution subagent over MCP (stdio)."""

from __future__ import annotations

import click


@click.command()
@click.option("--bundle", type=click.Path(file_okay=False), help="Model bundle (default: the default bundle). Loaded on first use.")
@click.option("--no-model", is_flag=True, help="No model: deterministic summaries only.")
@click.option("--cwd", type=click.Path(exists=True, file_okay=False), help="Project directory commands run in.")
@click.option("--policy", "policy_mode", type=click.Choice(["auto", "deny-all"]), default="auto", show_default=True,
              help="Commands an agent names: auto = the policy's allow/deny (nobody to ask over stdio, so "
                   "'ask' answers refuse); deny-all = refuse every named command.")
def mcp(bundle: str | None, no_model: bool, cwd: str | None, policy_mode: str) -> None:
    """Serve execution_subagent, run_in_terminal and read_log over MCP on stdin/stdout.

    An MCP client (Claude Code, VS Code, Cursor...) starts it; see the README's "MCP server" for their configs."""
    import sys

    if sys.stdin.isatty():  # typed in a terminal, it would only sit there: say what it waits for
        click.echo("terminus-edge mcp: waiting for an MCP client's JSON-RPC on stdin (not an interactive prompt); "
                   "an agent starts it from its MCP config, e.g. `claude mcp add terminus-edge -- terminus-edge mcp`; "
                   "Ctrl-C stops it", err=True)
    from terminus_edge.integrations.mcp_server import serve_stdio
    from terminus_edge.integrations.toolkit import Toolkit

    serve_stdio(Toolkit(cwd=cwd, bundle=bundle, use_model=not no_model, policy_mode=policy_mode))
