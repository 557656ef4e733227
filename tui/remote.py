"""The outbox's remote sink: the OpenAI-compatible bridge (terminus_edge.integrations.bridge), with the
user asked inside the TUI before the agent may have anything run here."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from terminus_edge.errors import TerminusError


def tui_approver(get_app: Callable[[], object]) -> Callable[[str, str], bool]:
    """An approver for the toolkit: called from a worker thread, it shows a modal and waits for y/n."""

    def approve(what: str, reason: str) -> bool:
        from terminus_edge.tui.screens import ConfirmScreen

        app = get_app()
        answer: list[bool] = []
        answered = threading.Event()

        def ask() -> None:
            app.push_screen(ConfirmScreen(what, reason), lambda ok: (answer.append(bool(ok)), answered.set()))

        app.call_from_thread(ask)
        answered.wait()
        return answer[0]

    return approve


def bridge_sink(endpoint: str, model_name: str, get_app: Callable[[], object], *, bundle: str | None = None,
                no_model: bool = False, api_key_env: str | None = None):
    from terminus_edge.integrations.bridge import Bridge, BridgeSink
    from terminus_edge.integrations.openai_client import ChatClient
    from terminus_edge.integrations.toolkit import Toolkit

    api_key = None
    if api_key_env:
        api_key = os.environ.get(api_key_env)
        if not api_key:
            raise TerminusError(f"environment variable {api_key_env} is not set")
    toolkit = Toolkit(bundle=bundle, use_model=not no_model, policy_mode="ask", approve=tui_approver(get_app))
    return BridgeSink(Bridge(ChatClient(endpoint, model_name, api_key=api_key), toolkit))
