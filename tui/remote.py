"""The outbox's remote sink: the OpenAI-compatible bridge (terminus_edge.integrations.bridge). Every command
the remote agent's subagent wants to run here is shown to the user in a modal first (per command, as
`terminus-edge agent --approve ask` asks on its terminal); the request as a whole is not asked about."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import contextmanager

from textual.message import Message

from terminus_edge.cancel import APP_CLOSED
from terminus_edge.errors import TerminusError
from terminus_edge.subagent.approval import CommandApprover, ProposedCommand, UserDecision

CLOSING = "the TUI closed before the user answered"
POLL_S = 0.1  # how often a waiting approver (or a delivery) looks whether the app is closing


class AgentCommands(Message):
    """The remote agent's subagent ran (or was refused) these commands for one request: one as it ends (`sent` None),
    then all of them with `sent`, the request's answer as the agent got it (redacted). Posted from the delivery's
    worker thread; the app shows them as cards."""

    def __init__(self, records: list, sent: str | None) -> None:
        super().__init__()
        self.records, self.sent = records, sent


def tui_command_approver(get_app: Callable[[], object],
                         where: Callable[[], str | None] = lambda: None) -> CommandApprover:
    """A CommandApprover for Toolkit(approve_command=...). Called on the subagent's worker thread: it pushes
    CommandApprovalScreen (saying the directory `where()` the command runs in) on the UI thread and blocks until
    the user answers. When the app is closing (or the worker is cancelled) it stops waiting and refuses, so no
    command runs and no thread is left hanging."""

    def approve(proposed: ProposedCommand) -> UserDecision:
        from terminus_edge.tui.screens import CommandApprovalScreen

        app = get_app()
        answered = threading.Event()
        answers: list[UserDecision | None] = []
        screen = CommandApprovalScreen(proposed, where())

        def answer(decision: UserDecision | None) -> None:
            answers.append(decision)
            answered.set()

        def show() -> None:  # on the UI thread
            app.push_screen(screen, answer)
            app.bell()

        if _closing(app):
            return UserDecision.unanswered(CLOSING)
        try:
            app.call_from_thread(show)
        except RuntimeError:  # the app stopped between the check and the call
            return UserDecision.unanswered(CLOSING)
        while not answered.wait(POLL_S):
            if _closing(app):
                _withdraw(app, screen)
                return UserDecision.unanswered(CLOSING)
        return answers[0] or UserDecision.refuse()

    return approve


def _closing(app) -> bool:
    if not app.is_running:
        return True
    from textual.worker import NoActiveWorker, get_current_worker

    try:
        return get_current_worker().is_cancelled
    except NoActiveWorker:  # called from a plain thread (tests): only the app's state counts
        return False


def _withdraw(app, screen) -> None:
    """Take the unanswered modal away if the app still runs (the worker was cancelled, not the app)."""
    if not app.is_running:
        return
    try:
        app.call_from_thread(lambda: screen.dismiss(None) if screen.is_attached and screen is app.screen else None)
    except RuntimeError:
        pass


@contextmanager
def cancel_with_worker(sink, reason: Callable[[], str | None] = lambda: None):
    """Around a sink.deliver() in a Textual thread worker: once the worker is cancelled (closing the app cancels
    every worker) the delivery is cancelled too (`sink.cancel(why)`, where the sink has one: the bridge's), why
    being `reason()` when the worker is cancelled (the app's close_reason: a signal) or else "the TUI closing".
    The remote exchange then stops as on any cancel: the running command's group ends, its log is kept and
    marked cancelled by the TUI closing, a local model call stops within a decode step, nothing more is sent;
    so the worker thread ends at once instead of keeping the closed app's process alive with its command."""
    cancel = getattr(sink, "cancel", None)
    from textual.worker import NoActiveWorker, get_current_worker

    try:
        worker = get_current_worker()
    except NoActiveWorker:
        worker = None
    if cancel is None or worker is None:
        yield
        return
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            if worker.cancelled_event.wait(POLL_S):
                if not finished.is_set():
                    cancel(reason() or APP_CLOSED)
                return

    threading.Thread(target=watch, name="outbox-cancel", daemon=True).start()
    try:
        yield
    finally:
        finished.set()


def bridge_sink(endpoint: str, model_name: str, get_app: Callable[[], object], *, bundle: str | None = None,
                no_model: bool = False, api_key_env: str | None = None, store=None):
    from terminus_edge.integrations.bridge import Bridge
    from terminus_edge.integrations.openai_client import ChatClient
    from terminus_edge.tui.shared_logs import SharedLogsSink, SharedLogsToolkit

    api_key = None
    if api_key_env:
        api_key = os.environ.get(api_key_env)
        if not api_key:
            raise TerminusError(f"environment variable {api_key_env} is not set")
    toolkit = SharedLogsToolkit(bundle=bundle, use_model=not no_model, policy_mode="ask", store=store,
                                approve_command=tui_command_approver(get_app, lambda: toolkit.cwd))
    toolkit.on_commands = lambda records, sent: get_app().post_message(AgentCommands(records, sent))
    return SharedLogsSink(Bridge(ChatClient(endpoint, model_name, api_key=api_key), toolkit))


def run_remote_commands_in(sink, cwd: str | None) -> None:
    """The remote agent's commands run in `cwd` (the shell's directory, as its prompt shows it), not where the TUI
    was started: the user's shell has usually moved since. A sink without a toolkit, or no `cwd`: unchanged."""
    toolkit = getattr(getattr(sink, "bridge", None), "toolkit", None)
    if toolkit is not None and cwd and os.path.isdir(cwd):
        toolkit.cwd = os.path.realpath(cwd)
