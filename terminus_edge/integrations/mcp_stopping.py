"""How the MCP server stops: its calls cancelled and waited for (a bounded wait once it stops serving), stdin read
where no thread is left behind to hold the exit, and Ctrl-C, SIGTERM and SIGHUP turned into a stop from inside the
event loop (no KeyboardInterrupt landing at a random point of it).

Nothing that runs in a thread of ours can keep the process from exiting: a call's work and the stdin reader run
on daemon threads. Both may wait where no cancel reaches them (a bundle being read or checked, onnxruntime loading
a model, a read() on a client's stdin that stays open), and the interpreter would wait for such a thread forever at
exit (the SDK's worker threads are not daemons: that is why the server used to end with os._exit).
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

from terminus_edge.cancel import CLIENT_CANCELLED, STOP_WAIT_S, Cancel, Worker, by_signal, signals_handled


class Serving:
    """Why the server stopped serving, once it has (its client went away, a signal came), and how long the calls it
    cancelled then are waited for: stop_wait_s, or until a second signal. A call cancelled while it still serves
    was cancelled by the client's notifications/cancelled, and is waited for as long as it takes (the server
    serves on meanwhile)."""

    def __init__(self, stop_wait_s: float = STOP_WAIT_S) -> None:
        self.ended_by: str | None = None
        self.signals: list[int] = []
        self.stop_wait_s = stop_wait_s
        self.give_up_at: float | None = None
        self.abandoned = 0  # calls whose work had not stopped when the wait gave up
        self.stop_serving: Callable[[], None] | None = None  # set while serving: cancels the serving loop

    def end(self, by: str) -> None:
        if self.ended_by is None:
            self.ended_by = by
            self.give_up_at = time.monotonic() + self.stop_wait_s

    def signalled(self, signum: int) -> None:
        """A signal came (called in the event loop): the first stops serving, a second stops the wait."""
        self.signals.append(signum)
        self.end(by_signal(signum))
        if self.stop_serving is not None:
            self.stop_serving()

    @property
    def signum(self) -> int | None:
        """The signal that stopped the server, if one did."""
        return self.signals[0] if self.signals else None

    def cancel_reason(self) -> str:
        return self.ended_by or CLIENT_CANCELLED

    def still_waiting(self) -> bool:
        """Whether a cancelled call is still waited for."""
        return len(self.signals) < 2 and (self.give_up_at is None or time.monotonic() < self.give_up_at)


async def run_cancellable(work: Callable[[threading.Event], str], serving: Serving | None = None) -> str:
    """`work(cancel)` on a daemon thread; when this call is cancelled (the client's notifications/cancelled, or
    the server stopping on stdin EOF or a signal), set `cancel`, saying which (`serving`), and wait, shielded,
    until the work has stopped, so the command's group is gone and its log complete before the cancellation goes
    on. Once the server stopped serving that wait is bounded (Serving.still_waiting); work still running then is
    left to its daemon thread."""
    import contextvars

    import anyio
    import anyio.from_thread
    import anyio.lowlevel

    serving = serving or Serving()
    cancel, stopped, token = Cancel(), anyio.Event(), anyio.lowlevel.current_token()

    def wake() -> None:
        with suppress(anyio.RunFinishedError):  # the server is gone: nobody waits for this call any more
            anyio.from_thread.run_sync(stopped.set, token=token)

    context = contextvars.copy_context()  # what anyio.to_thread hands its threads (the SDK's request context)
    worker = Worker(lambda: context.run(work, cancel), "mcp-call", on_done=wake)
    try:
        await stopped.wait()
    except anyio.get_cancelled_exc_class():
        cancel.set(serving.cancel_reason())
        with anyio.CancelScope(shield=True):
            while not worker.done.is_set() and serving.still_waiting():
                await anyio.sleep(0.02)
        if not worker.done.is_set():
            serving.abandoned += 1
        raise
    return worker.result()


class WireLines:
    """The client's lines on stdin, for the SDK's stdio_server(stdin=…), read by a daemon thread: the SDK's own
    reader is a worker thread that blocks in read() until the client sends or closes stdin, and nothing can stop
    it. As the SDK does, fd 0 points at /dev/null while serving (nothing else may read the client's messages);
    close() points it back."""

    def __init__(self) -> None:
        import anyio

        self._send, self._receive = anyio.create_memory_object_stream[str](0)
        self._wire: int | None = None
        self._reader: Worker | None = None

    def _start(self) -> None:
        from io import TextIOWrapper

        import anyio.lowlevel

        try:  # the wire on a descriptor of its own (never closed: the reader may still wait in it), fd 0 on /dev/null
            import fcntl

            self._wire = fcntl.fcntl(0, fcntl.F_DUPFD_CLOEXEC, 3)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.close(null)
            binary = open(self._wire, "rb", closefd=False)  # noqa: SIM115 - lives as long as the reader
        except (OSError, ImportError):  # no descriptor to move: read stdin where it is
            binary = sys.stdin.buffer
        lines, token = TextIOWrapper(binary, encoding="utf-8", errors="replace"), anyio.lowlevel.current_token()
        self._reader = Worker(lambda: self._pump(lines, token), "mcp-stdin")

    def _pump(self, lines, token) -> None:
        import anyio
        import anyio.from_thread

        with suppress(anyio.RunFinishedError, anyio.BrokenResourceError, anyio.ClosedResourceError):
            for line in lines:
                anyio.from_thread.run(self._send.send, lone_surrogates_replaced(line), token=token)
            anyio.from_thread.run_sync(self._send.close, token=token)  # end of stdin: the SDK's reader ends

    def __aiter__(self) -> WireLines:
        return self

    async def __anext__(self) -> str:
        import anyio

        if self._reader is None:
            self._start()
        try:
            return await self._receive.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError):
            raise StopAsyncIteration from None

    def close(self) -> None:
        """Stop handing lines to the server (the SDK's reader ends); the daemon thread may stay in its read."""
        self._receive.close()
        if self._wire is not None:
            with suppress(OSError):
                os.dup2(self._wire, 0)


# A JSON string's escapes from a backslash on: an escaped backslash, a surrogate pair, or half of one alone.
_SURROGATE_ESCAPE = re.compile(r"\\(?:\\|u[dD][89abAB][0-9a-fA-F]{2}(?:\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
                               r"|u[dD][c-fC-F][0-9a-fA-F]{2})")


def lone_surrogates_replaced(line: str) -> str:
    """A JSON-RPC line with each escape of half a surrogate pair alone (`\\ud83d`, which JavaScript's JSON.stringify
    writes for half an emoji) made U+FFFD's: the SDK's parser refuses the whole line, and the request it held was
    never answered (the client waited for ever)."""
    if "\\u" not in line:
        return line
    return _SURROGATE_ESCAPE.sub(lambda m: m[0] if len(m[0]) in (2, 12) else "\\ufffd", line)


@contextmanager
def signals_stop(serving: Serving) -> Iterator[None]:
    """Inside the event loop, on the main thread: Ctrl-C, SIGTERM and SIGHUP call serving.signalled in the loop
    (a handler may run between any two bytecodes, so it only schedules that). A signal someone chose to ignore
    (nohup's SIGHUP) stays ignored; off the main thread nothing changes."""
    import asyncio

    loop = asyncio.get_running_loop()

    def on_signal(signum, frame) -> None:
        loop.call_soon_threadsafe(serving.signalled, signum)

    with signals_handled(on_signal, (signal.SIGINT, signal.SIGTERM, signal.SIGHUP),
                         over=lambda now: now is not signal.SIG_IGN):
        yield
