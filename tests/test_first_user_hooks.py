"""`hooks check` shows what the Claude Code hook would do: the rewritten command and the approval it would give."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.integrations.claude_hook import load_config, save_config


def _check(command: str) -> list[str]:
    result = CliRunner().invoke(main, ["hooks", "check", "claude-code", command])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def _permission(mode: str) -> None:
    config = load_config()
    config.permission = mode
    save_config(config)


def test_a_wrapped_command_the_policy_allows_runs_without_a_prompt():
    rewritten, approval = _check("npm test 2>&1 | tail -40")
    assert rewritten.endswith("run --timeout 115 -- 'npm test 2>&1 | tail -40'")
    assert approval == "approval: allow (runs without a prompt)"


def test_a_wrapped_command_the_policy_questions_shows_the_reason_claude_code_will_show():
    rewritten, approval = _check("pytest -q && git push --force origin main")
    assert "run --timeout" in rewritten
    assert approval.startswith("approval: ask (Claude Code asks you: ") and "force-pushes" in approval


@pytest.mark.parametrize(("command", "what"), [("pytest -q && rm -rf /", "the whole filesystem"),
                                               ("rm -rf ~", "the home directory")])
def test_a_catastrophic_command_is_denied_wrapped_or_not(command, what):
    (line,) = _check(command)
    assert line.startswith("denied: ") and f"would delete {what}" in line and line.endswith("(catastrophic: never run)")


@pytest.mark.parametrize(("mode", "expected"), [
    ("defer", "approval: none given (Claude Code's own permission rules decide)"),
    ("allow", "approval: allow (runs without a prompt)"),
])
def test_the_permission_setting_changes_the_approval(mode, expected):
    _permission(mode)
    assert _check("pytest -q && git push --force origin main")[1] == expected


def test_defer_leaves_even_a_catastrophic_line_to_claude_code():
    _permission("defer")
    assert _check("pytest -q && rm -rf /")[1] == "approval: none given (Claude Code's own permission rules decide)"


def test_a_command_left_alone_says_why_and_nothing_else():
    assert _check("ls -la") == ["left alone: no pattern matches"]
