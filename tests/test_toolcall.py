"""Tolerant parsing of Qwen3 tool calls and the final answer: every shape a small model writes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminus_edge.subagent.toolcall import ToolCall, extract_final_answer, parse_tool_call

CANONICAL = ('<tool_call>\n{"name": "run_in_terminal", "arguments": {"command": "pytest -q", "explanation": "run tests", '
             '"goal": "find failures", "mode": "sync", "timeout": 120000}}\n</tool_call>')


def test_canonical_call():
    call = parse_tool_call(CANONICAL)
    assert call == ToolCall("pytest -q", "run tests", "find failures", "sync", 120000)


@pytest.mark.parametrize("text", [
    CANONICAL.replace("</tool_call>", ""),  # missing closing tag
    CANONICAL.replace("\n</tool_call>", "\n</tool_call>\nI will now look at the output."),  # trailing text
    "Let me run the tests first.\n" + CANONICAL,  # leading prose
    CANONICAL.replace('"', "'"),  # single quotes throughout
    "```json\n" + CANONICAL.split("\n")[1] + "\n```",  # JSON in a code fence, no tags
    "<tool_call>```json\n" + CANONICAL.split("\n")[1] + "\n```</tool_call>",  # fence inside the tags
    CANONICAL.split("\n")[1],  # bare JSON object
    CANONICAL.replace("<tool_call>", "<TOOL_CALL>").replace("</tool_call>", "</TOOL_CALL>"),
])
def test_tolerated_shapes(text):
    call = parse_tool_call(text)
    assert call is not None and call.command == "pytest -q"


def test_trailing_commas_and_json_literals_in_python_style():
    text = "<tool_call>{'name': 'run_in_terminal', 'arguments': {'command': 'make', 'mode': 'sync', 'x': true, 'y': null,},}"
    assert parse_tool_call(text).command == "make"


def test_truncated_object_is_closed():
    text = '<tool_call>\n{"name": "run_in_terminal", "arguments": {"command": "cargo test", "explanation": "run the te'
    call = parse_tool_call(text)
    assert call.command == "cargo test" and call.explanation == "run the te"


def test_arguments_as_json_string():
    args = json.dumps({"command": "npm test", "timeout": 30000})
    text = "<tool_call>" + json.dumps({"name": "run_in_terminal", "arguments": args}) + "</tool_call>"
    assert parse_tool_call(text) == ToolCall("npm test", timeout_ms=30000)


def test_openai_style_function_wrapper_and_parameters_key():
    text = json.dumps({"function": {"name": "run_in_terminal", "parameters": {"command": "ls"}}})
    assert parse_tool_call(text).command == "ls"


def test_command_given_as_argv_list_is_quoted():
    text = json.dumps({"name": "run_in_terminal", "arguments": {"command": ["grep", "-n", "a b", "f.py"]}})
    assert parse_tool_call(text).command == "grep -n 'a b' f.py"


@pytest.mark.parametrize("value,expected", [(30, 30000), ("120000", 120000), ("45000ms", 45000), (0, None),
                                            ("soon", None), (True, None), (None, None), (2.5, 2500)])
def test_timeout_milliseconds_and_seconds(value, expected):
    text = json.dumps({"name": "run_in_terminal", "arguments": {"command": "ls", "timeout": value}})
    assert parse_tool_call(text).timeout_ms == expected


@pytest.mark.parametrize("text", [
    "", "I think the tests pass.", "<tool_call></tool_call>", "<tool_call>{not json at all",
    '<tool_call>{"name": "read_file", "arguments": {"path": "a.py"}}</tool_call>',  # another tool
    '<tool_call>{"name": "run_in_terminal", "arguments": {"command": "   "}}</tool_call>',  # empty command
    '<tool_call>{"name": "run_in_terminal", "arguments": 42}</tool_call>',
    "<final_answer>Command: make\nSummary: ok</final_answer>",
])
def test_unusable_turns_give_none(text):
    assert parse_tool_call(text) is None


def test_first_usable_call_wins():
    bad = '<tool_call>{"name": "search", "arguments": {}}</tool_call>'
    assert parse_tool_call(bad + "\n" + CANONICAL).command == "pytest -q"


def test_render_round_trips():
    call = ToolCall("echo 'hi'", "say hi", "check echo", "sync", 30000)
    assert parse_tool_call(call.render()) == call


def test_final_answer_extraction():
    assert extract_final_answer("x <final_answer>\nCommand: a\nSummary: b\n</final_answer> y") == "Command: a\nSummary: b"
    assert extract_final_answer("<final_answer>Command: a (cut off") == "Command: a (cut off"
    assert extract_final_answer("no tags here") is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("{}[]\"':,<>/ _abcnrtu\\") + ["<tool_call>", "</tool_call>", "true", "null",
                                    '"run_in_terminal"', '"name"', '"arguments"', '"command"', "<final_answer>"]),
                max_size=40).map("".join))
def test_never_raises_on_model_text(text):
    call = parse_tool_call(text)
    assert call is None or call.command.strip()
    extract_final_answer(text)
