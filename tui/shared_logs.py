"""What the remote agent gets from the TUI besides the outbox. read_log reads only the stored logs shared with it: a
log whose summary the user sent (its `Log:` line) or one of the commands the agent had run. Every command typed in
the shell is kept in the store, and none of it leaves the machine unless the user queues it and sees it first. What
the agent's tool calls got back is kept for the reply's view (`last_exchange`): the user approved those commands,
and sees what their answers told the agent."""

from __future__ import annotations

import re

from terminus_edge.integrations.bridge import BridgeSink
from terminus_edge.integrations.toolkit import ToolDenied, Toolkit

# A summary block's own last line; a `Log: N` line elsewhere is output the summary quotes (or, in a full-output item,
# any output at all), which must not share the user's other logs with the agent.
SENT_LOG_RE = re.compile(r"(?:^|\n)Log: (\d+)\s*\Z")


def not_shared(log_id) -> str:
    return (f"log {log_id} was not sent to you: you may read a log named by a `Log:` line the user sent you, or one of "
            "the commands you had run (the user can queue another command's card for you)")


class SharedLogsToolkit(Toolkit):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shared_logs: set[int] = set()

    def execution_subagent(self, *args, **kwargs):
        answer = super().execution_subagent(*args, **kwargs)
        self.shared_logs.update(answer.log_ids)
        return answer

    def read_log(self, log_id, lines=None, grep=None):
        from terminus_edge.logstore import LogStoreError, _as_id

        try:  # read as the store reads it: `+5`, `0_5` and ` #5 ` are log 5 there too
            number = _as_id(log_id)
        except LogStoreError:
            return super().read_log(log_id, lines, grep)  # not a number: the store's own one-line error
        if number not in self.shared_logs:
            raise ToolDenied(not_shared(number))
        return super().read_log(log_id, lines, grep)


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
