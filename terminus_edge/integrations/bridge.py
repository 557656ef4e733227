"""Drive a remote OpenAI-compatible main agent; its terminal work runs here, only redacted summaries go back.

    bridge = Bridge(ChatClient(endpoint, model), Toolkit(...))
    reply = bridge.send("Make the failing test in api/ pass")   # also the TUI outbox's sink
    print(bridge.account.report())
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from terminus_edge.cancel import Cancel, cancel_with, cancelled_by
from terminus_edge.errors import TerminusError
from terminus_edge.integrations.bridge_cancel import BridgeCancelled, approvals_on_this_thread, cancel_on_signals, wait_for
from terminus_edge.integrations.mcp_server import EXECUTION_SUBAGENT, READ_LOG
from terminus_edge.integrations.openai_client import ChatClient
from terminus_edge.integrations.toolkit import Toolkit, ToolInputError, redact_text
from terminus_edge.line_range import HELP as LINE_RANGE_HELP
from terminus_edge.summarize.tokens import count_tokens

SYSTEM_PROMPT = """\
You are the main coding agent. You cannot run commands yourself: a local execution subagent on the user's \
machine does, through the tool execution_subagent, and answers with short summaries (Command / Summary / \
Log id). Use read_log with a log id when you need exact output lines. Secrets in answers are masked. When \
you are done, answer in plain text without calling a tool."""

TOOLS = [
    {"type": "function", "function": {
        "name": "execution_subagent", "description": EXECUTION_SUBAGENT,
        "parameters": {"type": "object", "properties": {
            "query": {"type": "string", "description": "What to run and what to find out."},
            "description": {"type": "string", "description": "A short label for the user."},
        }, "required": ["query"]}}},
    {"type": "function", "function": {
        "name": "read_log", "description": READ_LOG,
        "parameters": {"type": "object", "properties": {
            "id": {"type": "integer", "description": "The log id from a summary's `Log: <id>` line."},
            "lines": {"type": "string", "description": LINE_RANGE_HELP + "."},
            "grep": {"type": "string", "description": "Python regular expression to filter lines."},
        }, "required": ["id"]}}},
]


class BridgeError(TerminusError):
    """The conversation cannot go on (the agent kept calling tools past the step limit)."""


CANCELLED = ("cancelled by {by}: {what}; nothing of this request went to the agent after the cancel, and the conversation "
             "is as it was before it (logs of stopped commands: terminus-edge logs list --cancelled)")


@dataclass
class TokenAccount:
    raw: int = 0  # tokens the raw outputs behind our tool answers would have cost
    sent: int = 0  # tokens of the tool answers actually sent
    messages_sent: int = 0  # tokens of everything we sent (user text + tool answers)
    prompt_tokens: int = 0  # as the endpoint counted them (its `usage`), when it says
    completion_tokens: int = 0
    tool_calls: int = 0
    answers: int = 0  # replies the endpoint sent back: 0 means nothing is known to have reached it

    def report(self) -> str:
        saved = ""
        if self.raw and self.sent <= self.raw:
            saved = f" ({100 * (1 - self.sent / self.raw):.1f}% saved)"
        elif self.raw:  # tiny outputs: the summary's frame costs more than the output itself
            saved = f" ({self.sent - self.raw:,} tokens more than the raw outputs)"
        lines = [f"Token account: raw outputs {self.raw:,} tokens; summaries sent {self.sent:,} tokens{saved}; "
                 f"{self.tool_calls} tool calls; all text sent {self.messages_sent:,} tokens"]
        if self.prompt_tokens or self.completion_tokens:
            lines.append(f"Endpoint usage: prompt {self.prompt_tokens:,}, completion {self.completion_tokens:,}")
        return "\n".join(lines)


@dataclass
class Bridge:
    client: ChatClient
    toolkit: Toolkit
    max_steps: int = 20  # model calls per send(); bounds a runaway agent
    on_event: Callable[[str, str], None] | None = None  # ("tool"|"result"|"agent", text) for a live view
    system_prompt: str = SYSTEM_PROMPT
    account: TokenAccount = field(default_factory=TokenAccount)
    messages: list[dict] = field(default_factory=list)
    _current: Cancel | None = field(default=None, init=False, repr=False)  # cancel of the send() running

    def cancel(self, reason: str | None = None) -> None:
        """Cancel the send() under way, from any thread (the TUI's cancel key); nothing when none runs.
        `reason`: who cancelled, for the notes it leaves (terminus_edge.cancel: APP_CLOSED…; default the client)."""
        current = self._current
        if current is not None:
            current.set(reason)

    def send(self, text: str) -> str:
        """Send a (redacted) user message, serve the agent's tool calls, return its final reply.

        Cancelling (Ctrl-C, SIGTERM or SIGHUP while it runs in the main thread, or cancel()) stops the command
        and the local model call under way as an MCP client's cancel does (the process group ended, the output
        so far kept in a log marked cancelled, the model within one decode step), abandons an endpoint request
        under way, sends nothing more, puts the conversation back as it was before this send() (so no half-done
        exchange reaches the agent later either) and raises BridgeCancelled."""
        cancel = self._current = Cancel()
        kept = len(self.messages)
        try:
            with cancel_on_signals(cancel), approvals_on_this_thread(self.toolkit, cancel) as approvals:
                return self._converse(text, cancel, approvals)
        except (BridgeCancelled, KeyboardInterrupt) as error:
            if isinstance(error, KeyboardInterrupt):
                cancel_with(cancel, signum=signal.SIGINT)
            else:
                cancel.set()
            del self.messages[kept:]
            what = str(error) if isinstance(error, BridgeCancelled) else "interrupted"
            raise BridgeCancelled(CANCELLED.format(by=cancelled_by(cancel), what=what), by=cancelled_by(cancel),
                                  signum=cancel.signum) from None
        finally:
            self._current = None

    def _converse(self, text: str, cancel: threading.Event, approvals) -> str:
        if not self.messages:
            self.messages.append({"role": "system", "content": self.system_prompt})
        self._append({"role": "user", "content": redact_text(text)})
        for _ in range(self.max_steps):
            history = list(self.messages)  # an abandoned request must not see the history rolled back
            message, usage = wait_for(lambda: self.client.complete(history, TOOLS), cancel, approvals,
                                      "while the agent was answering", abandon=True)
            self.account.answers += 1
            self.account.prompt_tokens += _count(usage.get("prompt_tokens"))
            self.account.completion_tokens += _count(usage.get("completion_tokens"))
            calls = message.get("tool_calls") or []
            if not isinstance(calls, list):
                calls = []
            calls = [dict(call, id=str(call.get("id") or f"call_{len(self.messages)}_{i}")) if isinstance(call, dict)
                     else {"id": f"call_{len(self.messages)}_{i}", "function": {}} for i, call in enumerate(calls)]
            content = _text(message.get("content"))
            assistant = {"role": "assistant", "content": content or None}
            if calls:
                assistant["tool_calls"] = [{"id": c["id"], "type": "function", "function": _echo(c.get("function"))}
                                           for c in calls]
            self.messages.append(assistant)
            if not calls:
                self._emit("agent", content)
                return content
            answers = []
            for call in calls:  # all answered before any is kept: a cancel leaves none half-answered
                answers.append(wait_for(lambda: self._serve(call, cancel), cancel, approvals,
                                        "the tool call under way was stopped"))
            for call, (answer, raw_tokens) in zip(calls, answers):
                self.account.raw += raw_tokens
                self.account.sent += count_tokens(answer)
                self._append({"role": "tool", "tool_call_id": call["id"], "content": answer})
        raise BridgeError(f"the agent was still calling tools after {self.max_steps} steps; stopped")

    def _serve(self, call: dict, cancel: threading.Event | None = None) -> tuple[str, int]:
        """Answer one tool call: (the redacted answer, the raw output's tokens behind it); bad calls get an error
        text the agent can correct, never a crash. Counted as sent only once it is (not after a cancel)."""
        function = call.get("function") if isinstance(call.get("function"), dict) else {}
        name = function.get("name")
        self.account.tool_calls += 1
        raw_tokens = 0
        try:
            args = function.get("arguments") or "{}"
            # said before it is parsed: a malformed call's error line follows the call it answers
            self._emit("tool", f"{name} {(args if isinstance(args, str) else json.dumps(args))[:300]}")
            args = json.loads(args) if isinstance(args, str) else args
            if not isinstance(args, dict):
                raise ToolInputError("arguments must be a JSON object")
            if name == "execution_subagent":
                answer = self.toolkit.execution_subagent(_str(args, "query"), _str(args, "description", ""),
                                                         cancel=cancel)
            elif name == "read_log":
                answer = self.toolkit.read_log(args.get("id"), args.get("lines"), args.get("grep"))
            else:
                raise ToolInputError(f"unknown tool {name!r}; the tools are execution_subagent and read_log")
        except json.JSONDecodeError as error:
            text = f"Error: arguments are not valid JSON ({error.msg} at char {error.pos}); send a JSON object"
        except TerminusError as error:
            text = f"Error: {error}"
        except Exception as error:  # noqa: BLE001 - a bug of ours must not end the user's session
            text = f"Error: internal error ({type(error).__name__}): {error}"
        else:
            text, raw_tokens = answer.text, answer.tokens_raw
        text = redact_text(text)
        self._emit("result", text)
        return text, raw_tokens

    def _append(self, message: dict) -> None:
        self.account.messages_sent += count_tokens(message["content"])
        self.messages.append(message)

    def _emit(self, kind: str, text: str) -> None:
        if self.on_event:
            self.on_event(kind, text)


def _count(value) -> int:
    """A usage count as the endpoint reported it; anything that is not a count adds nothing."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _text(content) -> str:
    """Message content: a string, or a list of parts ({"type": "text", "text": …}) as some servers send it."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text") or "" for part in content
                       if isinstance(part, dict) and part.get("type") == "text" and isinstance(part.get("text"), str))
    return ""


def _echo(function) -> dict:
    """The call as we send it back in the history: name and arguments as strings, as strict endpoints require."""
    function = function if isinstance(function, dict) else {}
    name, arguments = function.get("name"), function.get("arguments")
    if not isinstance(arguments, str):
        arguments = json.dumps(arguments if arguments is not None else {})
    return {"name": name if isinstance(name, str) else str(name or ""), "arguments": arguments}


def _str(args: dict, key: str, default: str | None = None) -> str:
    value = args.get(key, default)
    if not isinstance(value, str):
        raise ToolInputError(f"argument {key!r} must be a string" if key in args else f"argument {key!r} is missing")
    return value


@dataclass
class BridgeSink:
    """The TUI outbox's sink (`name`, `deliver(items) -> receipt`): approved items go to the remote agent as
    one user message; its reply is kept in `last_reply`. Blocking: call it from a worker thread."""

    bridge: Bridge
    name: str = "agent"
    last_reply: str = ""

    def cancel(self, reason: str | None = None) -> None:
        """Cancel a delivery under way (from the UI thread): see Bridge.send. `reason`: who cancelled."""
        self.bridge.cancel(reason)

    def deliver(self, items) -> str:
        text = "\n\n".join(item.text.strip() for item in items) + "\n"
        self.last_reply = self.bridge.send(text)
        first = self.last_reply.strip().splitlines()[0] if self.last_reply.strip() else "(no text)"
        return f"{len(items)} item(s) sent to {self.bridge.client.model}; reply: {first[:120]}"
