"""make_app(): the TUI wired for the CLI and the tests alike: the shell it runs (with its integration files in a
private temp dir), the log store, how the model loads, and where the outbox goes (a file, or a remote main agent)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from terminus_edge.tui.app import TerminusApp
from terminus_edge.tui.pipeline import Pipeline
from terminus_edge.tui.widgets.outbox import FileSink, OutboxSink, default_outbox_path


def make_app(bundle: str | None = None, shell: str | None = None, *, endpoint: str | None = None,
             model_name: str | None = None, api_key_env: str | None = None, no_model: bool = False, model=None,
             start_shell: bool = True, store=None, sink: OutboxSink | None = None,
             summarizer: Callable | None = None, redactor: Callable[[str], str] | None = None) -> TerminusApp:
    """Build the TUI. `model` (e.g. FakeModel) skips loading; `no_model` means deterministic summaries only;
    `start_shell=False` shows no shell (snapshot tests); `store` defaults to the user's log store;
    `endpoint` + `model_name` send the outbox to a remote main agent (else it is written to a file)."""
    from terminus_edge.tui.altkeys import keep_alt
    from terminus_edge.tui.shell import shell_launch

    keep_alt()  # before the app's driver makes its key parser

    argv, label = None, "no shell"
    if start_shell:
        rundir = Path(tempfile.mkdtemp(prefix="terminus-edge-tui-"))
        atexit.register(shutil.rmtree, rundir, ignore_errors=True)
        launch = shell_launch(shell, rundir)
        argv, label = launch.argv, launch.name if launch.integrated else f"{launch.name} (no command marks)"
    if store is None and start_shell:
        from terminus_edge.logstore import LogStore

        store = LogStore()
    if model is not None:
        loader, model_label = (lambda: model), None
    elif no_model:
        loader, model_label = None, "no model (--no-model)"
    else:
        from terminus_edge.model import load_model

        loader, model_label = (lambda: load_model(bundle)), None
    holder: list[TerminusApp] = []
    if sink is None and endpoint:
        from terminus_edge.tui.remote import bridge_sink

        sink = bridge_sink(endpoint, model_name or "", lambda: holder[0], bundle=bundle, no_model=no_model,
                           api_key_env=api_key_env, store=store)  # the agent's commands' cards read their logs here
    app = TerminusApp(shell_argv=argv, shell_label=label, pipeline=Pipeline(store, summarizer, redactor),
                      model_loader=loader, sink=sink or FileSink(default_outbox_path()), model_label=model_label)
    holder.append(app)
    return app
