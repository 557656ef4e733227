"""The subagent's system prompt (our own wording of the paper's contract) and the loop's fixed messages."""

from __future__ import annotations

import json

from terminus_edge.subagent.toolcall import TOOL_NAME

MAX_TURNS = 10
TOOL_OUTPUT_LIMIT = 60 * 1024  # bytes of output handed back to the model per call (head + tail)

TOOL_SCHEMA = {
    "type": "function",
    "function": {
        "name": TOOL_NAME,
        "description": (
            "Run one shell command in a fresh non-interactive bash in the project directory (stdin closed) "
            "and return its exit code and output."
        ),
        "parameters": {
            "type": "object",
            "properties": {
                "command": {"type": "string", "description": "The command line to run."},
                "explanation": {"type": "string", "description": "One sentence for the user: what this does."},
                "goal": {"type": "string", "description": "What the command should establish."},
                "mode": {"type": "string", "enum": ["sync"], "description": "Always \"sync\"."},
                "timeout": {
                    "type": "integer",
                    "description": "Milliseconds: about 30000 for quick commands, 120000 for builds and test suites.",
                },
            },
            "required": ["command", "explanation", "goal", "mode", "timeout"],
        },
    },
}

SYSTEM_PROMPT = """\
You are an execution subagent. A coding agent gives you a request about the project in {cwd}. You answer it \
by running terminal commands there and reporting faithfully what they showed.

How you work:
- Your only tool is {tool}. Make exactly one tool call per turn. You have at most {max_turns} turns.
- Each command runs in a fresh non-interactive bash in the project directory, with stdin closed. Do not start \
editors, pagers, prompts or servers that never exit. Do not modify or delete files, install anything, or leave \
the project directory.
- Give every call a timeout in milliseconds: about 30000 for quick commands, 120000 for builds and test \
suites. A command that times out or waits for input is reported as such; do not retry it.
- Run what the request names. Otherwise find the project's own command (README, Makefile, package.json, \
Cargo.toml, pyproject.toml ...). When asked why something fails, look at the source lines the errors point to.
- When you know enough, stop calling the tool and answer inside <final_answer></final_answer>. For each \
command you ran write
Command: <the command>
Summary: <the result with exit code, counts, failing names, errors with file:line, anything the caller must know>
About 200 tokens in all. State only what the output shows; never claim success that the output does not show.

# Tools

<tools>
{tools}
</tools>

To call the tool, reply with exactly:
<tool_call>
{{"name": "{tool}", "arguments": {{"command": "...", "explanation": "...", "goal": "...", "mode": "sync", "timeout": 30000}}}}
</tool_call>"""

BUDGET_SPENT = (
    "Your {max_turns} turns are used up; no more commands can be run. Give your final answer now, "
    "inside <final_answer></final_answer>, from the commands already run."
)

FINAL_ANSWER_REQUEST = "Give your final answer now, inside <final_answer></final_answer>."


def system_prompt(cwd: str, max_turns: int = MAX_TURNS) -> str:
    return SYSTEM_PROMPT.format(cwd=cwd, tool=TOOL_NAME, max_turns=max_turns, tools=json.dumps(TOOL_SCHEMA))


def user_message(query: str, description: str = "") -> str:
    label = f"Task: {description.strip()}\n\n" if description.strip() else ""
    return f"{label}Request: {query.strip()}"


def tool_result_message(exit_code: int | None, output: str, *, timed_out: bool = False,
                        waiting_for_input: bool = False, refused: str | None = None,
                        timeout_s: float | None = None) -> str:
    """The text of the `tool` turn handed back to the model after a call."""
    if refused:
        return f"Not run: {refused}"
    notes = []
    if timed_out:
        notes.append(f"timed out after {timeout_s:g} s; the process group was killed" if timeout_s else "timed out")
    if waiting_for_input:
        notes.append("the command was waiting for input (stdin is closed)")
    head = f"exit code: {exit_code}" + (f" ({'; '.join(notes)})" if notes else "")
    return f"{head}\n{output}"

