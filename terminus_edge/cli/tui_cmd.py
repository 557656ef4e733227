"""`terminus-edge tui`: the shell-wrapping TUI (textual is imported only here, inside the command)."""

from __future__ import annotations

import sys

import click


@click.command("tui")
@click.option("--bundle", "-b", default=None, type=click.Path(file_okay=False), help="Model bundle (default: the cached default bundle).")
@click.option("--shell", default=None, metavar="PATH", help="Shell to run (default: $SHELL, else bash).")
@click.option("--endpoint", default=None, metavar="URL",
              help="OpenAI-compatible base URL of a remote main agent: the outbox is sent there.")
@click.option("--model", "model_name", default=None, metavar="NAME", help="Model name the endpoint serves.")
@click.option("--api-key-env", default=None, metavar="VAR", help="Environment variable holding the endpoint's API key.")
@click.option("--no-model", is_flag=True, help="No local model: deterministic summaries only.")
def tui(bundle, shell, endpoint, model_name, api_key_env, no_model) -> None:
    """Start the TUI: a local shell whose output is summarized before it leaves.

    Without --endpoint the outbox works offline (write to a file, copy to the clipboard).
    """
    from terminus_edge.errors import TerminusError

    if bool(endpoint) != bool(model_name):
        raise TerminusError("--endpoint and --model go together")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):  # Textual drew escape codes into the pipe and sat there
        raise TerminusError("the TUI needs a terminal: its input or output is a pipe or a file here; "
                            "run `terminus-edge tui` in a terminal window (`terminus-edge run -- CMD` works anywhere)")
    from terminus_edge.tui.launch import make_app

    app = make_app(bundle, shell, endpoint=endpoint, model_name=model_name, api_key_env=api_key_env,
                   no_model=no_model)
    app.run()
    if app.return_code:  # closed by SIGTERM/SIGHUP: 128 + the signal (tui/signals.py)
        raise SystemExit(app.return_code)
