"""What the remote agent gets from the TUI besides the outbox. read_log reads only the stored logs shared with it: a
log whose summary the user sent (its `Log:` line) or one of the commands the agent had run. Every command typed in
the shell is kept in the store, and none of it leaves the machine unless the user queues it and sees it first. What
the agent's tool calls got back is kept for the reply's view (`last_exchange`): the user approved those commands,
and sees what their answers told the agent."""

from __future__ import annotations

import re
from collections.abc import Callable

from terminus_edge.integrations import shared_logs as integrations_shared_logs
from terminus_edge.integrations.bridge import BridgeSink

# A summary block's own last line; a `Log: N` line elsewhere is output the summary quotes (or, in a full-output item,
# any output at all), which must not share the user's other logs with the agent.
SENT_LOG_RE = re.compile(r"(?:^|\n)Log: (\d+)\s*\Z")


class SharedLogsToolkit(integrations_shared_logs.SharedLogsToolkit):
    not_shared_hint = (", or a log named by a `Log:` line the user sent you (the user can queue another command's card "
                       "for you)")
    # (the subagent's CommandRecords, the answer the agent was sent for them, None while the request runs): called with
    # each command as it ends, then with all of them and the answer; the TUI shows them as cards
    on_commands: Callable[[list, str | None], None] | None = None

    def execution_subagent(self, *args, **kwargs):
        if self.on_commands is not None:
            kwargs.setdefault("on_record", lambda record: self._show([record], None))
        answer = super().execution_subagent(*args, **kwargs)
        if answer.records:
            self._show(answer.records, answer.text)
        return answer

    def _show(self, records: list, sent: str | None) -> None:
        if self.on_commands is None:
            return
        try:
            self.on_commands(records, sent)
        except Exception:  # noqa: BLE001 - the cards are a view: the commands and the agent's answer go on
            pass


class SharedLogsSink(BridgeSink):
    """Tells its toolkit which logs the user sent (the `Log:` lines of the items, as the user saw them), and keeps
    each tool call of the agent with the answer it was sent."""

    last_exchange: str = ""

    def deliver(self, items) -> str:
        for item in items:
            if not item.raw:
                self.bridge.toolkit.shared_logs.update(int(n) for n in SENT_LOG_RE.findall(item.text))
        events: list[tuple[str, str]] = []
        self.bridge.on_event = lambda kind, text: events.append((kind, text))
        self.last_exchange = ""
        try:
            return super().deliver(items)
        finally:
            self.bridge.on_event = None
            self.last_exchange = exchange_text(events)


def exchange_text(events: list[tuple[str, str]]) -> str:
    """The agent's tool calls and what each sent back (redacted, as it left), for the user to read."""
    parts = [f"→ {text}" if kind == "tool" else text.strip() for kind, text in events if kind in ("tool", "result")]
    if not parts:
        return ""
    calls = sum(kind == "tool" for kind, _ in events)
    return f"── what the agent was sent while it worked ({calls} tool call(s)) ──\n" + "\n\n".join(parts)
