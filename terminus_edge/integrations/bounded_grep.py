"""read_log with a grep, answered by a child process under a deadline.

Python's `re` holds the GIL while it matches, so an agent's pattern that backtracks catastrophically (`(a+)+b` on a
line of forty a's) froze the whole MCP server for as long as it ran: every other call, every cancel, even its exit
when the client went away. In a child, such a pattern costs its deadline and one tool error; the server goes on.
"""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys

from terminus_edge.errors import ToolInputError
from terminus_edge.logstore_db import LogStoreError

GREP_DEADLINE_S = 20.0
_CHILD = "from terminus_edge.integrations.bounded_grep import child_main; child_main()"


def bounded_log_answer(store, log_id: int | str, lines: str | None, grep: str, deadline_s: float | None = None) -> str:
    """log_answer(store, log_id, lines, grep), computed by a child that is killed after `deadline_s`."""
    deadline_s = GREP_DEADLINE_S if deadline_s is None else deadline_s
    request = json.dumps({"store": str(store.path), "id": log_id, "lines": lines, "grep": grep, "deadline_s": deadline_s})
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD], input=request, capture_output=True, text=True,
                              timeout=deadline_s)
    except subprocess.TimeoutExpired:
        raise ToolInputError(f"grep /{grep}/ did not finish within {deadline_s:g} s on log {log_id}: a pattern whose "
                             "repeats can match the same text many ways (such as (a+)+) takes exponential time; "
                             "simplify it") from None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit code {done.returncode}"
        raise RuntimeError(f"read_log's grep failed: {reason}") from None
    if answer["kind"] == "ok":
        return answer["text"]
    raise (LogStoreError if answer["kind"] == "store" else ToolInputError)(answer["text"])


def child_main() -> None:
    from terminus_edge.integrations.read_log import log_answer
    from terminus_edge.logstore import LogStore

    request = json.loads(sys.stdin.read())
    # SIGALRM's default action ends the child even when the server that waits for it was killed
    signal.alarm(math.ceil(request["deadline_s"]) + 1)
    try:
        with LogStore(request["store"]) as store:
            answer = {"kind": "ok", "text": log_answer(store, request["id"], request["lines"], request["grep"])}
    except ToolInputError as error:
        answer = {"kind": "input", "text": str(error)}
    except LogStoreError as error:
        answer = {"kind": "store", "text": str(error)}
    sys.stdout.write(json.dumps(answer))
