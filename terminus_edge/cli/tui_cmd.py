"""`terminus-edge tui`: the shell-wrapping TUI (textual is imported only here, inside the command)."""

from __future__ import annotations

import click


@click.command("tui")
@click.option("--bundle", "-b", default=None, help="Model bundle directory (default: the cached default bundle).")
@click.option("--shell", default=None, help="Shell to run (default: $SHELL, else bash).")
@click.option("--endpoint", default=None, help="OpenAI-compatible endpoint of the remote main agent (the outbox sends there).")
@click.option("--model", "model_name", default=None, help="Model name at --endpoint.")
@click.option("--no-model", is_flag=True, help="No local model: deterministic summaries only.")
def tui(bundle: str | None, shell: str | None, endpoint: str | None, model_name: str | None, no_model: bool) -> None:
    """Start the TUI: a local shell whose output is summarized before it leaves."""
    from terminus_edge.errors import TerminusError

    if bool(endpoint) != bool(model_name):
        raise TerminusError("--endpoint and --model go together")
    sink = None
    if endpoint:
        sink = _bridge_sink(endpoint, model_name)
    from terminus_edge.tui.app import make_app

    make_app(bundle, shell, no_model=no_model, sink=sink).run()


def _bridge_sink(endpoint: str, model_name: str):
    """The remote-agent bridge as an outbox sink (terminus_edge.integrations.bridge.outbox_sink)."""
    from terminus_edge.errors import TerminusError

    try:
        from terminus_edge.integrations.bridge import outbox_sink
    except ImportError:
        raise TerminusError("--endpoint needs the agent bridge (terminus_edge.integrations.bridge), "
                            "which this installation does not have; the outbox works offline without it") from None
    return outbox_sink(endpoint, model_name)
