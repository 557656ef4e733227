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


def test_truncated_inside_an_escape_drops_the_half_written_escape():
    text = '<tool_call>{"name": "run_in_terminal", "arguments": {"command": "grep -n \\"TODO\\" src", "goal": "say \\'
    call = parse_tool_call(text)
    assert call.command == 'grep -n "TODO" src' and call.goal == "say "


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


# -- a call cut off by the token limit: what was written before the cut is kept --------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co")) | st.sampled_from('"\\\n\t\''),
                max_size=12)
_JSON = st.recursive(_TEXT | st.integers(-999, 999) | st.booleans() | st.none(),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3), max_leaves=8)
_MARK = "\uE000"  # a private-use character: _TEXT never draws one


def _string_leaves(value, path=()):
    if isinstance(value, str):
        yield path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from _string_leaves(item, path + (key,))


def _get(value, path):
    for key in path:
        value = value[key]
    return value


def _replace(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


def _cut(value, path, leaf):
    """value as far as serialization had got when it stopped inside (or right after) the leaf at path."""
    if not path:
        return leaf
    if isinstance(value, dict):
        kept = list(value)[: list(value).index(path[0])]
        return {**{k: value[k] for k in kept}, path[0]: _cut(value[path[0]], path[1:], leaf)}
    return value[: path[0]] + [_cut(value[path[0]], path[1:], leaf)]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_TEXT, _JSON, min_size=1, max_size=4), st.data())
def test_object_cut_inside_or_after_a_string_value_is_closed_to_its_prefix(obj, data):
    """A valid JSON object cut off inside a string value (even inside an escape), right after it or after its
    comma is closed into the object as written so far: that string shortened to the characters written,
    everything after it dropped."""
    from terminus_edge.subagent.toolcall import _load_object

    leaves = list(_string_leaves(obj))
    if not leaves:
        return
    path = data.draw(st.sampled_from(leaves))
    text = json.dumps(_replace(obj, path, _MARK), ensure_ascii=False)
    at, after = text.index(f'"{_MARK}"'), text.index(f'"{_MARK}"') + 3
    content = json.dumps(_get(obj, path), ensure_ascii=False)[1:-1]  # the leaf as JSON writes it, escapes and all
    inside_escapes = [i + 1 for i, ch in enumerate(content) if ch == "\\"] or [len(content)]
    written = data.draw(st.integers(0, len(content)) | st.sampled_from(inside_escapes), label="characters written")
    if written < len(content):  # cut inside the string: a half-written escape is dropped
        shown = content[:written]
        if (len(shown) - len(shown.rstrip("\\"))) % 2:
            shown = shown[:-1]
        prefix, leaf = text[:at] + '"' + content[:written], json.loads(f'"{shown}"')
    else:  # the string was finished, perhaps its comma too
        comma = text[after:after + 1] == "," and data.draw(st.booleans(), label="cut after the comma")
        prefix, leaf = text[:at] + f'"{content}"' + ("," if comma else ""), _get(obj, path)
    assert json.loads(text[:at] + f'"{content}"' + text[after:]) == obj
    assert _load_object(prefix) == _cut(obj, path, leaf)
