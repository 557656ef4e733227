"""Tolerant parsing of the model's turns: Qwen3 `<tool_call>` JSON and the `<final_answer>` block.

Small models write the call format imperfectly (no closing tag, single quotes, a trailing comment,
JSON inside a code fence, `arguments` as a JSON string, a truncated object). Everything that can be
read as one `run_in_terminal` call is; anything else returns None, which the loop takes as a request
for the final answer. Nothing here raises on model text.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import warnings
from dataclasses import dataclass

TOOL_NAME = "run_in_terminal"

_TOOL_CALL_OPEN = re.compile(r"<\s*tool_call\s*>", re.IGNORECASE)
_TOOL_CALL_CLOSE = re.compile(r"<\s*/\s*tool_call\s*>", re.IGNORECASE)
_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\s*\n?(.*?)(?:```|$)", re.DOTALL)
_FINAL = re.compile(r"<\s*final_answer\s*>(.*?)(?:<\s*/\s*final_answer\s*>|$)", re.DOTALL | re.IGNORECASE)
_JSON_WORDS = {"true": "True", "false": "False", "null": "None"}


@dataclass(frozen=True)
class ToolCall:
    """One `run_in_terminal` call. timeout_ms is None when the model gave none (the loop picks a default)."""

    command: str
    explanation: str = ""
    goal: str = ""
    mode: str = "sync"
    timeout_ms: int | None = None

    def to_json(self) -> str:
        args = {"command": self.command, "explanation": self.explanation, "goal": self.goal, "mode": self.mode}
        if self.timeout_ms is not None:
            args["timeout"] = self.timeout_ms
        return json.dumps({"name": TOOL_NAME, "arguments": args}, ensure_ascii=False)

    def render(self) -> str:
        """The call as a Qwen3 assistant turn writes it."""
        return f"<tool_call>\n{self.to_json()}\n</tool_call>"


def extract_final_answer(text: str) -> str | None:
    """The body of `<final_answer>…</final_answer>` (closing tag optional), or None when absent."""
    match = _FINAL.search(text or "")
    if not match:
        return None
    return match.group(1).strip()


def parse_tool_call(text: str) -> ToolCall | None:
    """The first readable `run_in_terminal` call in a model turn, or None."""
    for candidate in _candidates(text or ""):
        call = _call_from_object(_load_object(candidate))
        if call is not None:
            return call
    return None


def _candidates(text: str) -> list[str]:
    """Text spans that may hold the call's JSON, most explicit first."""
    spans = []
    for opening in _TOOL_CALL_OPEN.finditer(text):
        rest = text[opening.end():]
        closing = _TOOL_CALL_CLOSE.search(rest)
        spans.append(rest[: closing.start()] if closing else rest)
    spans.extend(m.group(1) for m in _FENCE.finditer(text))
    spans.append(text)
    return spans


def _load_object(span: str) -> object:
    """The first JSON-ish object in span: strict JSON, then Python-literal style, then a truncated one closed."""
    start = span.find("{")
    while start != -1:
        body = span[start:]
        try:
            return json.JSONDecoder().raw_decode(body)[0]
        except ValueError:
            pass
        balanced, truncated = _scan_brackets(body)
        for attempt in (balanced, truncated):
            if attempt is None:
                continue
            value = _python_literal(attempt)
            if value is not None:
                return value
        start = span.find("{", start + 1)
    return None


def _string_step(ch: str, quote: str, escaped: bool) -> tuple[str | None, bool]:
    """One character inside a quoted string: (the quote, or None once this character closes the string;
    whether the next character is escaped)."""
    if escaped:
        return quote, False
    if ch == "\\":
        return quote, True
    return (None if ch == quote else quote), False


def _scan_brackets(text: str) -> tuple[str | None, str | None]:
    """One quote-aware walk over text, which starts at an opening brace. Returns (balanced, truncated):
    balanced is text up to the bracket that closes the first one (None if it is never closed); truncated is
    the whole text closed as a cut-off object (the model hit its token limit): the open string ended (less a
    half-written escape), a dangling ',' or ':' dropped, the open brackets closed (None if none is open)."""
    stack, quote, escaped, end = [], None, False, None
    for i, ch in enumerate(text):
        if quote:
            quote, escaped = _string_step(ch, quote, escaped)
        elif ch in "\"'":
            quote = ch
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]" and stack:
            stack.pop()
            if not stack and end is None:
                end = i + 1
    balanced = text[:end] if end is not None else None
    if not stack:
        return balanced, None
    closed = text if quote else text.rstrip()
    if quote:  # end the open string; a half-written escape (a trailing lone backslash) would escape the quote
        closed = (closed[:-1] if escaped else closed) + quote
    closed = re.sub(r"[,:]\s*$", "", closed)
    return balanced, closed + "".join(reversed(stack))


def _python_literal(text: str) -> object:
    """Parse with ast.literal_eval after mapping JSON's true/false/null (outside strings) to Python's."""
    out, quote, escaped, i = [], None, False, 0
    while i < len(text):
        ch = text[i]
        if quote:
            out.append(ch)
            quote, escaped = _string_step(ch, quote, escaped)
            i += 1
            continue
        if ch in "\"'":
            quote = ch
        word = re.match(r"[A-Za-z_]\w*", text[i:])
        if word:
            out.append(_JSON_WORDS.get(word.group(0), word.group(0)))
            i += len(word.group(0))
            continue
        out.append(ch)
        i += 1
    try:
        with warnings.catch_warnings():  # invalid escapes in model text warn; they are not our concern
            warnings.simplefilter("ignore")
            return ast.literal_eval("".join(out).replace("\n", " "))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _call_from_object(obj: object) -> ToolCall | None:
    if isinstance(obj, list) and obj:
        obj = obj[0]  # a model that wraps its call in a list
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("function"), dict):  # OpenAI style {"function": {"name", "arguments"}}
        obj = obj["function"]
    name = obj.get("name", obj.get("tool"))
    args = obj.get("arguments", obj.get("parameters", obj.get("args")))
    if name is None and args is None and "command" in obj:
        name, args = TOOL_NAME, obj
    if not isinstance(name, str) or re.sub(r"[^a-z]", "", name.lower()) != "runinterminal":
        return None
    if isinstance(args, str):
        args = _load_object(args)
    if not isinstance(args, dict):
        return None
    command = args.get("command", args.get("cmd"))
    if isinstance(command, list) and all(isinstance(part, str) for part in command):
        command = shlex.join(command)
    if not isinstance(command, str) or not command.strip():
        return None
    return ToolCall(
        command=command.strip(),
        explanation=str(args.get("explanation") or ""),
        goal=str(args.get("goal") or ""),
        mode=str(args.get("mode") or "sync"),
        timeout_ms=_timeout_ms(args.get("timeout")),
    )


def _timeout_ms(value: object) -> int | None:
    """The paper passes milliseconds; a small number (< 1000) is read as seconds, which is what it meant."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value).strip().lower().removesuffix("ms"))
    except ValueError:
        return None
    if number <= 0:
        return None
    return int(number * 1000) if number < 1000 else int(number)
