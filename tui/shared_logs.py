"""Which stored logs the remote agent may read (read_log) from the TUI: those shared with it, a log whose summary the
user sent (its `Log:` line) or one of the commands the agent had run. Every command typed in the shell is kept in the
store, and none of it leaves the machine unless the user queues it and sees it first."""

from __future__ import annotations

import re

from terminus_edge.integrations.bridge import BridgeSink
from terminus_edge.integrations.toolkit import ToolDenied, Toolkit

SENT_LOG_RE = re.compile(r"^Log: (\d+)$", re.M)


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
        number = str(log_id).strip().lstrip("#")
        if number.isdigit() and int(number) not in self.shared_logs:
            raise ToolDenied(not_shared(int(number)))
        return super().read_log(log_id, lines, grep)  # not a number: the store's own one-line error


class SharedLogsSink(BridgeSink):
    """Tells its toolkit which logs the user sent: the `Log:` lines of the items, as the user saw them."""

    def deliver(self, items) -> str:
        for item in items:
            self.bridge.toolkit.shared_logs.update(int(n) for n in SENT_LOG_RE.findall(item.text))
        return super().deliver(items)
