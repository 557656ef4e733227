"""The three tools an outside agent gets (MCP server and remote bridge alike), over the shared library.

Every text that leaves through here is redacted; commands asked for by name pass the policy first.
The model loads lazily, once, and is used by one thread at a time.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from terminus_edge.errors import TerminusError, ToolDenied, ToolInputError
# MAX_LINES, MAX_ANSWER_CHARS and _parse_range are imported from here too (mcp_server, tests): re-exports
from terminus_edge.integrations.read_log import MAX_ANSWER_CHARS, MAX_LINES, _parse_range, log_answer  # noqa: F401

if TYPE_CHECKING:
    from terminus_edge.subagent.approval import CommandApprover

DEFAULT_TIMEOUT_MS = 30_000
MAX_TIMEOUT_MS = 600_000
MAX_COMMAND_BYTES = 131_071  # Linux's limit for one argument (MAX_ARG_STRLEN, with its NUL): `bash -c` fails above it
MAX_QUERY_CHARS = 10_000  # a request, not a document; longer ones only slow the planner down


@dataclass
class ToolAnswer:
    text: str  # redacted: safe to send
    tokens_raw: int = 0  # what the raw output behind it would have cost the agent
    log_ids: list[int] = field(default_factory=list)
    # the subagent's CommandRecords (run or refused), for a local view of what ran (the TUI's cards); never sent
    records: list = field(default_factory=list, repr=False)


# (what will run, why we ask) -> True to go ahead; the bridge asks the user on its terminal.
Approver = Callable[[str, str], bool]


def redact_text(text: str, command: str | None = None) -> str:
    """command: the command whose output text shows, so a secret it printed bare (`gh auth token`) is masked."""
    from terminus_edge.redact import redact

    return redact(text, command=command)


class _OneAtATime:
    """A ChatModel behind a lock: concurrent tool calls share one model instance. A call whose cancel event is
    set while it waits for another call's turn gives up at once (ModelCancelled)."""

    def __init__(self, model):
        self.model, self.name, self._lock = model, getattr(model, "name", "model"), threading.Lock()

    def chat(self, messages, *, cancel: threading.Event | None = None, **kwargs):
        from terminus_edge.model import ModelCancelled, accepts_cancel

        while not self._lock.acquire(timeout=0.01 if cancel is not None else -1):
            if cancel.is_set():
                raise ModelCancelled("cancelled while another request had the model")
        try:
            if cancel is not None and accepts_cancel(self.model.chat):
                kwargs["cancel"] = cancel
            return self.model.chat(messages, **kwargs)
        finally:
            self._lock.release()


class Toolkit:
    def __init__(self, *, cwd: str | Path | None = None, bundle: str | None = None, use_model: bool = True,
                 model=None, store=None, policy_mode: str = "auto", approve: Approver | None = None,
                 approve_command: CommandApprover | None = None, gist_deadline_s: float = 20.0):
        # approve_command: asked before each command the subagent runs in "ask" mode (instead of `approve`
        # once per request).
        try:
            self.cwd = str(Path(cwd or Path.cwd()).resolve())
        except FileNotFoundError:  # started from a folder deleted since
            raise TerminusError("the current directory no longer exists; give the project directory (--cwd DIR)") from None
        if not Path(self.cwd).is_dir():
            raise TerminusError(f"working directory does not exist: {self.cwd}")
        self.bundle, self.use_model = bundle, use_model
        self.policy_mode, self.approve, self.approve_command = policy_mode, approve, approve_command
        self.gist_deadline_s = gist_deadline_s
        self._model = _OneAtATime(model) if model is not None else None
        self._model_tried = model is not None
        self._model_lock = threading.Lock()
        self._store, self._own_store = store, store is None

    def close(self) -> None:
        """Close the log store if this toolkit opened it (one handed in is its owner's to close)."""
        if self._own_store and self._store is not None:
            self._store.close()

    @property
    def store(self):
        if self._store is None:
            from terminus_edge.logstore import LogStore

            self._store = LogStore()
        return self._store

    def model(self):
        """The ChatModel, loaded on first use; None with --no-model. When the bundle cannot be loaded, an
        UnavailableModel: summaries fall back to the deterministic form and each one says why."""
        if not self.use_model:
            return None
        with self._model_lock:
            if not self._model_tried:
                self._model_tried = True
                from terminus_edge.model import UnavailableModel, load_model

                try:
                    self._model = _OneAtATime(load_model(self.bundle))
                except Exception as error:  # noqa: BLE001 - no model means deterministic summaries, said once
                    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
                    print(f"terminus-edge: model not loaded ({reason}); deterministic summaries", file=sys.stderr)
                    self._model = UnavailableModel(f"the bundle could not be loaded ({reason})")
            return self._model

    # -- the tools ------------------------------------------------------------------------------------

    def execution_subagent(self, query: str, description: str = "", *, cancel: threading.Event | None = None,
                           on_record: Callable | None = None) -> ToolAnswer:
        """cancel: set when the client cancelled the request: the running command stops, no further one starts.
        on_record: called with each command's record as it ends (a local view; see subagent.loop)."""
        if not re.search(r"\w", query):
            raise ToolInputError("query is empty: say what to run and what to find out")
        if len(query) > MAX_QUERY_CHARS:
            raise ToolInputError(f"query is {len(query):,} characters; keep it under {MAX_QUERY_CHARS:,} (put long "
                                 "material in a file and name the file)")
        if "\x00" in query:
            raise ToolInputError("query contains a NUL byte")
        self.check_query(query, description)
        from terminus_edge.subagent.loop import execution_subagent

        per_command = self.approve_command if self.policy_mode == "ask" else None
        result = execution_subagent(query, description, cwd=self.cwd, model=self.model(), store=self.store,
                                    approve=per_command, cancel=cancel, on_record=on_record)
        answer = result.answer
        if cancel is not None and cancel.is_set():
            answer = cancelled_answer(result)
        return ToolAnswer(redact_text(answer), self._raw_tokens(result.log_ids), list(result.log_ids),
                          list(result.records))

    def run_in_terminal(self, command: str, explanation: str = "", goal: str = "",
                        timeout_ms: int | None = None, *, cancel: threading.Event | None = None) -> ToolAnswer:
        """cancel: set when the client cancelled the request: the command's process group is stopped and its
        log finished (the answer then says it was cancelled)."""
        if not command.strip():
            raise ToolInputError("command is empty")
        if "\x00" in command:
            raise ToolInputError("command contains a NUL byte, which no shell command line can hold")
        if len(command.encode("utf-8", "surrogatepass")) > MAX_COMMAND_BYTES:
            raise ToolInputError(f"command is {len(command.encode('utf-8', 'surrogatepass')):,} bytes; one command line "
                                 f"may hold at most {MAX_COMMAND_BYTES:,}: write a script file and run that")
        timeout_ms = DEFAULT_TIMEOUT_MS if timeout_ms is None else timeout_ms
        if timeout_ms == 0:  # Copilot's run_in_terminal: "Use 0 for no timeout"; here the longest we wait
            timeout_ms = MAX_TIMEOUT_MS
        if not 1 <= timeout_ms <= MAX_TIMEOUT_MS:
            raise ToolInputError(f"timeout must be 1..{MAX_TIMEOUT_MS} milliseconds (0: {MAX_TIMEOUT_MS}), "
                                 f"got {timeout_ms}")
        self.check_command(command)
        from terminus_edge.integrations.runner import run_and_summarize

        summary, log_id, tokens_raw = run_and_summarize(command, cwd=self.cwd, timeout_s=timeout_ms / 1000,
                                                        store=self.store, model=self.model(),
                                                        deadline_s=self.gist_deadline_s, cancel=cancel)
        return ToolAnswer(redact_text(summary), tokens_raw, [log_id])

    def read_log(self, log_id: int | str, lines: str | None = None, grep: str | None = None) -> ToolAnswer:
        if grep:  # an agent's regex may backtrack for ever, holding the GIL: a child answers it under a deadline
            from terminus_edge.integrations.bounded_grep import bounded_log_answer

            return ToolAnswer(bounded_log_answer(self.store, log_id, lines, grep))
        return ToolAnswer(log_answer(self.store, log_id, lines, grep))

    # -- helpers --------------------------------------------------------------------------------------

    def check_command(self, command: str) -> None:
        """A command an outside agent names: refused under deny-all, or when the policy says it may not run
        unattended (an "ask" verdict too: nobody can approve it here, and the reason says so)."""
        from terminus_edge.subagent.approval import policy_verdict, unattended_refusal

        if self.policy_mode == "deny-all":
            raise ToolDenied("not run: every command is refused here (deny-all)")
        reason = unattended_refusal(policy_verdict(command, self.cwd))
        if reason:
            raise ToolDenied(f"not run: {reason}")

    def check_query(self, query: str, description: str) -> None:
        """Before the subagent works on a request: deny-all refuses; ask mode asks the user first.
        Each command the subagent then chooses still passes its own safety check."""
        if self.policy_mode == "deny-all":
            raise ToolDenied("not run: every command is refused here (deny-all)")
        if self.policy_mode == "ask" and self.approve is not None and self.approve_command is None:
            label = f"{description}: {query}" if description else query
            if not self.approve(label, "the agent asks the local subagent to run commands for this"):
                raise ToolDenied("denied by the user")

    def _raw_tokens(self, log_ids) -> int:
        from terminus_edge.summarize.tokens import count_tokens

        total = 0
        for log_id in log_ids:
            total += sum(count_tokens(line) for line in self.store.iter_lines(log_id))
        return total


def cancelled_answer(result) -> str:
    """A subagent answer cut short by a cancel: said first, then what it has (the commands run before it)."""
    ran = [r for r in result.records if not r.refused]
    when = f"Cancelled after {result.latency_ms / 1000:.1f} s"
    if not ran:
        return f"{when}, before any command ran." + ("\n\n" + result.answer if result.records else "")
    count = f"{len(ran)} command{'s' * (len(ran) != 1)}"
    return f"{when}; the answer covers only the {count} run before it.\n\n{result.answer}"
