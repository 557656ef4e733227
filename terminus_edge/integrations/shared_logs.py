"""A toolkit for a remote agent (the TUI's and `terminus-edge agent`'s): read_log reads only the stored logs shared
with it, the logs of the commands it had run and (in the TUI) those whose summary the user sent. The store keeps
every command the user ran (`terminus-edge run`, the TUI's shell, other agents' calls); none of that leaves the
machine unless the user sends it."""

from __future__ import annotations

from terminus_edge.integrations.toolkit import ToolDenied, Toolkit


class SharedLogsToolkit(Toolkit):
    # what the agent is told besides the rule, e.g. how the user can share another log
    not_shared_hint = ""

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
            raise ToolDenied(self.not_shared(number))
        return super().read_log(log_id, lines, grep)

    def not_shared(self, log_id: int) -> str:
        return (f"log {log_id} was not sent to you: you may read the logs of the commands you had run"
                + self.not_shared_hint)
