"""`terminus-edge mcp`: the execution subagent and its log store as MCP tools over stdio (official SDK).

Each call's work runs on a daemon thread, so concurrent calls proceed side by side (one shared, locked
model; one shared log store). A call the client cancels (notifications/cancelled), or that is still running
when stdin closes or a signal stops the server (mcp_stopping), sets its thread's cancel event: the command's
process group is stopped at once, its log finished and marked cancelled, a model call under way (a planning
turn, a gist) stops within one decode step, and no answer is sent.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from terminus_edge import __version__
from terminus_edge.integrations.mcp_stopping import Serving, WireLines, run_cancellable, signals_stop
from terminus_edge.integrations.toolkit import DEFAULT_TIMEOUT_MS, MAX_LINES, MAX_TIMEOUT_MS, Toolkit, redact_text
from terminus_edge.line_range import HELP as LINE_RANGE_HELP

INSTRUCTIONS = """\
terminus-edge runs terminal commands on the user's machine and returns short, faithful summaries
(exit code, counts, the errors with file:line) instead of raw output. Prefer `execution_subagent` for
"run X and tell me Y" requests; use `run_in_terminal` for one exact command; every answer names a log
id, and `read_log` returns the raw lines (a range or a regex) when a summary is not enough."""

EXECUTION_SUBAGENT = """\
Delegate a terminal task to a local execution subagent. It chooses and runs the commands itself (at most
10, non-interactive, in the project directory) and answers with one block per command:
`Command: …` / `Summary: …` (exit code, pass/fail counts, errors with file:line) / `Log: <id>`.
Use it for running tests, builds, linters and for diagnosing failures. The raw output never comes back;
use read_log with the log id when you need exact lines."""

RUN_IN_TERMINAL = """\
Run one exact shell command (bash, non-interactive, stdin closed, in the project directory) and get back
its summary block: `Command:` / `Summary:` with exit code, counts and the key errors / `Log: <id>`.
Not the raw output: call read_log with the id for exact lines. A command that times out or waits for
input is stopped and reported as such; background processes it leaves running (`nohup server &`) are named with
their PIDs. Commands the local policy refuses are not run; the error says why."""

READ_LOG = f"""\
Read the stored raw output of an earlier command by its log id (from `Log: <id>` in a summary).
`lines` picks a range, {LINE_RANGE_HELP};
`grep` keeps only lines matching a Python regular expression. Lines come back numbered, at most
{MAX_LINES} per call, with secrets masked. Ask for a narrow range or a grep rather than the whole log."""


def _not_a_boolean(value):
    if isinstance(value, bool):  # pydantic reads true as 1: `timeout: true` ran with 1 ms, `id: true` read log 1
        raise ValueError("a boolean is not a number")
    return value


# after the Field in Annotated: before it, pydantic's JSON schema loses the bounds (`ge` in place of `minimum`)
NOT_A_BOOLEAN = BeforeValidator(_not_a_boolean)


def one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text.strip())


def bad_arguments(error) -> str:
    """A pydantic ValidationError as one line an agent can act on (the SDK's own text spans lines and links)."""
    parts = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "arguments"
        got = "" if item["type"] == "missing" else f" (got {_json_type(item.get('input'))})"
        parts.append(f"{where}: {item['msg']}{got}")
    return "bad arguments: " + "; ".join(parts)


def _json_type(value) -> str:
    names = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


class EndWatched:
    """The server's read stream, calling on_end() when it ends (the client closed stdin), before the serving loop
    cancels the calls still running; everything else is the stream's own."""

    def __init__(self, stream, on_end: Callable[[], None]):
        self._stream, self._on_end = stream, on_end

    def __getattr__(self, name):  # last_context, and whatever else the SDK reads
        return getattr(self._stream, name)

    def __aiter__(self):
        return self

    async def __anext__(self):
        try:
            return await self._stream.__anext__()
        except StopAsyncIteration:
            self._on_end()
            raise

    async def receive(self):
        import anyio

        try:
            return await self._stream.receive()
        except anyio.EndOfStream:
            self._on_end()
            raise

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def __aenter__(self):
        await self._stream.__aenter__()
        return self

    async def __aexit__(self, *exc):
        return await self._stream.__aexit__(*exc)


def build_server(toolkit: Toolkit):
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError
    from pydantic import ValidationError

    from terminus_edge.errors import TerminusError

    serving = Serving()

    class Server(MCPServer):
        async def run_stdio_async(self) -> None:
            """The SDK's, with stdin read where no thread is left behind (WireLines), its end noted (EndWatched),
            and Ctrl-C, SIGTERM, SIGHUP cancelling the serving loop (its calls, waited for: run_cancellable); the
            answers made by then are still written out."""
            import anyio
            from mcp.server.stdio import stdio_server

            from terminus_edge.cancel import CLIENT_GONE

            stdin = WireLines()
            with signals_stop(serving):
                async with stdio_server(stdin=stdin) as (read_stream, write_stream):
                    try:
                        with anyio.CancelScope() as scope:
                            serving.stop_serving = scope.cancel
                            if serving.signals:  # one came while the streams were being set up
                                scope.cancel()
                            await self._lowlevel_server.run(EndWatched(read_stream, lambda: serving.end(CLIENT_GONE)),
                                                            write_stream,
                                                            self._lowlevel_server.create_initialization_options())
                    finally:
                        serving.stop_serving = None
                        stdin.close()

        async def call_tool(self, name, arguments, context=None):
            # Copilot's run_in_terminal keeps isBackground as the legacy spelling of mode "async"
            if name == "run_in_terminal" and isinstance(arguments, dict) and arguments.get("isBackground") is True:
                raise ToolError(f"Error executing tool {name}: bad arguments: isBackground: true asks for mode "
                                "'async'; only 'sync' runs here (the command would be stopped at its timeout)")
            try:
                return await super().call_tool(name, arguments, context)
            except ToolError as error:
                if not isinstance(error.__cause__, ValidationError):
                    raise
                raise ToolError(f"Error executing tool {name}: {bad_arguments(error.__cause__)}") from error.__cause__

    server = Server("terminus-edge", instructions=INSTRUCTIONS, version=__version__)

    def guarded(call):
        try:
            return call().text
        except TerminusError as error:  # bad input, unknown log, policy refusal: one clear line for the agent
            raise ToolError(one_line(redact_text(str(error)))) from None
        except Exception as error:  # a bug of ours: still one line the agent can report, never a secret
            raise ToolError(one_line(redact_text(f"internal error ({type(error).__name__}): {error}"))) from error

    async def execution_subagent(
        query: Annotated[str, Field(description="What to run and what to find out, e.g. 'run the unit tests "
                                                "of package api and tell me which fail and why'.")],
        description: Annotated[str, Field(description="A short label for the user, e.g. 'Run api tests'.")] = "",
    ) -> str:
        return await run_cancellable(lambda cancel: guarded(
            lambda: toolkit.execution_subagent(query, description, cancel=cancel)), serving)

    async def run_in_terminal(
        command: Annotated[str, Field(description="The exact command line to run.")],
        explanation: Annotated[str, Field(description="One sentence for the user: what this command does.")] = "",
        goal: Annotated[str, Field(description="What the command should establish.")] = "",
        timeout: Annotated[int, Field(ge=0, le=MAX_TIMEOUT_MS,
                                      description="Milliseconds before the command is stopped: about 30000 for "
                                                  "quick commands, 120000 for builds and test suites; 0 for no "
                                                  f"limit of your own (the longest here, {MAX_TIMEOUT_MS})."),
                           NOT_A_BOOLEAN] = DEFAULT_TIMEOUT_MS,
        mode: Annotated[Literal["sync"], Field(description="Always 'sync': the answer comes when the command has "
                                                           "ended or been stopped.")] = "sync",
    ) -> str:
        return await run_cancellable(lambda cancel: guarded(
            lambda: toolkit.run_in_terminal(command, explanation, goal, timeout, cancel=cancel)), serving)

    def read_log(
        id: Annotated[int, Field(ge=1, description="The log id from a summary's `Log: <id>` line."), NOT_A_BOOLEAN],
        lines: Annotated[str | None, Field(description=LINE_RANGE_HELP + "; omit for the start of "
                                                       "the log.")] = None,
        grep: Annotated[str | None, Field(description="Python regular expression; only matching lines are "
                                                      "returned.")] = None,
    ) -> str:
        return guarded(lambda: toolkit.read_log(id, lines, grep))

    server.add_tool(execution_subagent, description=EXECUTION_SUBAGENT, structured_output=False)
    server.add_tool(run_in_terminal, description=RUN_IN_TERMINAL, structured_output=False)
    server.add_tool(read_log, description=READ_LOG, structured_output=False)
    server.serving = serving
    return server


def serve_stdio(toolkit: Toolkit) -> None:
    """Serve on stdin/stdout until the client closes stdin or Ctrl-C, SIGTERM or SIGHUP comes. Either way the calls
    under way are cancelled and waited for (their command groups ended, their logs finished and marked; at most
    cancel.STOP_WAIT_S, or until a second signal), the answers already made are written out and the toolkit's log
    store is closed. After a signal this then raises KeyboardInterrupt (SignalInterrupt for SIGTERM and SIGHUP),
    so the CLI ends with its one cancel line and 128 + the signal."""
    import signal

    from terminus_edge.cancel import SignalInterrupt

    server = build_server(toolkit)
    try:
        server.run("stdio")
    finally:
        toolkit.close()
        sys.stdout.flush()
    signum = server.serving.signum
    if signum is not None:
        raise KeyboardInterrupt if signum == signal.SIGINT else SignalInterrupt(signum)
