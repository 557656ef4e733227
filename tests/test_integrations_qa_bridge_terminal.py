"""`terminus-edge agent` prints text the remote agent chose on the user's terminal (session 11 QA): the command it
asks approval for, its tool calls, its reply. A control sequence in them acted on the terminal: `touch x #\\e[2K\\recho
hi` was shown for approval as `echo hi`, and a reply could set the clipboard (OSC 52) or clear the screen."""

from __future__ import annotations

from click.testing import CliRunner
from test_bridge import call

from terminus_edge.cli import main
from terminus_edge.policy import Decision
from terminus_edge.subagent.approval import ProposedCommand, describe
from terminus_edge.terminal_text import shown

HIDDEN = "touch pwned #\x1b[2K\recho hello"


def test_the_command_to_approve_is_shown_with_its_control_characters_visible():
    proposed = ProposedCommand(command=HIDDEN, explanation="say \u202ehello", goal="greet\x07", kind="run",
                               timeout_s=30, policy=Decision("ask", "needs approval"), number=1,
                               request="r", description="d\x1b]0;title\x07")
    text = describe(proposed)
    assert "$ touch pwned #^[[2K^Mecho hello" in text, text
    assert "\\u202e" in text and "goal: greet^G" in text
    assert not any(c in text for c in "\x1b\r\x07\u202e")


def test_shown_keeps_text_and_line_breaks_and_marks_the_rest():
    assert shown("plain: é ✓ 失败\tok") == "plain: é ✓ 失败\tok"
    assert shown("a\nb") == "a\nb"
    assert shown("a\r\nb") == "a^M\nb"
    assert shown("\x00\x7f\x9b31m") == "^@^?\\x9b31m"
    assert shown("\u200b\u2066x\u2069") == "\\u200b\\u2066x\\u2069"
    assert shown("\ud800") == "\\ud800"


def test_the_agents_tool_calls_and_reply_reach_the_terminal_inert(agent_server, tmp_path, te_home):
    server = agent_server([{"tool_calls": [call("read_log", {"id": "\x1b[2J1"})]},
                           {"content": "done\x1b]52;c;cm0gLXJmIH4=\x07 \x1b[31mred\x1b[0m"}])
    result = CliRunner().invoke(main, ["agent", "--endpoint", server.url, "--model", "m", "--approve", "never",
                                       "--no-model", "--cwd", str(tmp_path), "task"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output, repr(result.output)
    assert "done^[]52;c;cm0gLXJmIH4=^G" in result.output


def test_an_endpoint_error_text_reaches_the_terminal_inert(agent_server, tmp_path, te_home):
    server = agent_server([("http", 400, {"error": {"message": "bad\x1b[2J request\x1b]52;c;eA==\x07"}})])
    result = CliRunner().invoke(main, ["agent", "--endpoint", server.url, "--model", "m", "--approve", "never",
                                       "--no-model", "--cwd", str(tmp_path), "task"])
    assert result.exit_code == 1 and "bad^[[2J request" in result.output, repr(result.output)
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_the_tuis_approval_dialog_shows_control_characters_too():
    from rich.console import Console

    from terminus_edge.tui.screens.approval import proposal_view

    proposed = ProposedCommand(command=HIDDEN, explanation="say \u202eolleh", goal="g", kind="run", timeout_s=30,
                               policy=Decision("ask", "needs approval"), number=1, request="r\x1b[8m")
    console = Console(record=True, width=120, force_terminal=False)
    console.print(proposal_view(proposed))
    text = console.export_text()
    assert "$ touch pwned #^[[2K^Mecho hello" in text and "\\u202e" in text, text
    assert not any(c in text for c in "\x1b\r\u202e")
