"""Third QA pass of the TUI (session 12): the remote agent's own commands get cards (what ran in the user's name, and
what went back to the agent), and the defects found driving the app with Pilot."""

from __future__ import annotations

import asyncio
import json

import pytest

from remote_fakes import ScriptedClient, sync

from terminus_edge.logstore import LogStore
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand
from terminus_edge.tui.screens import CommandApprovalScreen, RawLogScreen

pytest.importorskip("terminus_edge.integrations.bridge")


def request(query: str) -> dict:
    call = {"id": "c1", "function": {"name": "execution_subagent", "arguments": json.dumps({"query": query})}}
    return {"content": "", "tool_calls": [call]}


def card_text(app, key: int) -> str:
    from rich.console import Console

    console = Console(width=120, record=True, force_terminal=False)
    console.print(app.cards._cards[key]._renderable())
    return console.export_text()


async def until(pilot, test, what: str, seconds: float = 60) -> None:
    for _ in range(int(seconds / 0.05)):
        await pilot.pause()
        if test():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"waited for {what}; screen {pilot.app.screen}, said {[n.message for n in pilot.app._notifications]}")


async def answer(pilot, key: str) -> None:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, CommandApprovalScreen), "the approval dialog")
    await until(pilot, lambda: app.screen.armed, "the dialog to take keys")
    await pilot.press(key)
    if key in "ns":
        await pilot.press("enter")  # no reason


async def send_one_card(pilot) -> None:
    """A command of the user's, its card queued and the outbox sent: the scripted agent then makes its request."""
    app = pilot.app
    app.add_command(FinishedCommand("echo mine", b"mine\r\n", 0, 1.0, 2.0))
    await app.workers.wait_for_complete()
    app.cards.focus()
    await pilot.press("m")
    app.outbox.focus()
    await pilot.press("enter")


def local_app(store, tmp_path):
    """The TUI without a shell, its outbox a file."""
    from terminus_edge.tui.widgets.outbox import FileSink

    return make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "o.md"))


def remote_app(tmp_path, store, replies: list[dict]):
    """The TUI as `--endpoint` builds it (bridge_sink's wiring), its endpoint replaced by a scripted agent."""
    proj = tmp_path / "proj"
    proj.mkdir()
    app = make_app(start_shell=False, no_model=True, store=store, endpoint="http://127.0.0.1:9/v1", model_name="m")
    app.sink.bridge.client.close()
    app.sink.bridge.client = ScriptedClient(replies)
    app.sink.bridge.toolkit.cwd = str(proj)
    return app, proj


@sync
async def test_the_agent_s_commands_get_cards_with_what_went_back(tmp_path):
    """The agent's commands ran here (each approved) and their answer went back, but no card showed them: the user
    could not see afterwards what had run in their name, nor what the agent was told."""
    with LogStore(tmp_path / "logs.sqlite3") as store:
        app, proj = remote_app(tmp_path, store, [
            request("run `printf 'agent-was-here\\n'` and then run `touch made.stamp`"), {"content": "Thanks."}])
        async with app.run_test(size=(120, 36)) as pilot:
            await send_one_card(pilot)
            await answer(pilot, "y")
            await until(pilot, lambda: isinstance(app.screen, CommandApprovalScreen) and app.screen.proposed.number == 2,
                        "the second command's dialog")
            live = app.cards.states()[-1]  # the first command's card came as it ended, before the request's answer
            assert live.command == "printf 'agent-was-here\\n'" and live.agent_sent == "" and live.exit_code == 0
            await answer(pilot, "n")
            await until(pilot, lambda: isinstance(app.screen, RawLogScreen), "the agent's reply")
            await pilot.press("escape")
            states = app.cards.states()
            assert [s.command for s in states] == ["echo mine", "printf 'agent-was-here\\n'", "touch made.stamp"]
            mine, ran, refused = states
            assert mine.agent_sent is None
            assert ran.exit_code == 0 and ran.log_id is not None and not ran.pending and not ran.refused
            assert "agent-was-here" in store.read_raw(ran.log_id).decode()
            assert ran.text.startswith("Command: printf") and ran.body
            sent_back = app.sink.bridge.messages[-2]["content"]  # the tool answer, as it left
            assert ran.agent_sent == refused.agent_sent == sent_back
            assert refused.refused == "refused by the user" and refused.exit_code is None
            assert not (proj / "made.stamp").exists()
            rendered = card_text(app, ran.key)
            assert "agent printf" in rendered and "ran for the agent" in rendered
            rendered = card_text(app, refused.key)
            assert "not run" in rendered and "refused by the user" in rendered
            # Enter on the agent's card: what the agent was sent, then the output that stayed here
            app.cards.focus()
            app.cards.index = 1
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, RawLogScreen), "the card's log")
            assert app.screen.text.index(sent_back.strip()) < app.screen.text.index("agent-was-here")
            assert "it stays on this machine" in app.screen.text
            await pilot.press("escape")
            app.cards.index = 2  # nothing ran: no output to summarize or queue
            await pilot.press("m")
            await pilot.pause()
            assert app.outbox.items == []


# -- a proposed command edited before it runs ------------------------------------------------------------------------


@sync
async def test_a_proposed_command_can_be_edited_and_the_edit_runs_and_the_agent_is_told(tmp_path):
    """The dialog offered y / n / a / s only: a command nearly right (a wrong path, a missing -x) had to be refused."""
    with LogStore(tmp_path / "logs.sqlite3") as store:
        app, proj = remote_app(tmp_path, store, [request("run `touch wrong.stamp`"), {"content": "Noted."}])
        async with app.run_test(size=(100, 30)) as pilot:
            await send_one_card(pilot)
            await answer(pilot, "e")
            box = app.screen.query_one("#reason")
            assert box.value == "touch wrong.stamp" and box.has_focus
            await pilot.press(*["backspace"] * len("wrong.stamp"), *"right.stamp", "enter")
            await until(pilot, lambda: isinstance(app.screen, RawLogScreen), "the agent's reply")
            assert (proj / "right.stamp").exists() and not (proj / "wrong.stamp").exists()
            tool_answer = app.sink.bridge.messages[-2]["content"]
            assert tool_answer.startswith("The user edited 1 command before running it: `touch wrong.stamp` ran as "
                                          "`touch right.stamp`.")
            card = app.cards.states()[-1]
            assert card.command == "touch right.stamp" and card.exit_code == 0 and card.proposed == "touch wrong.stamp"
            assert "ran for the agent, as you edited it" in card_text(app, card.key)
            assert store.get(card.log_id).command == "touch right.stamp"


def gate_with(decision, tmp_path):
    from terminus_edge.subagent.approval import ApprovalGate
    from terminus_edge.subagent.records import PlannedCommand

    gate = ApprovalGate(lambda proposed: decision, "q")
    return gate, gate.refusal(PlannedCommand("touch a.stamp", kind="run"), tmp_path)


def test_an_edit_is_checked_by_the_policy_again_and_a_catastrophe_stays_refused(tmp_path):
    from terminus_edge.subagent.approval import UserDecision

    gate, reason = gate_with(UserDecision("approve", command="touch b.stamp"), tmp_path)
    assert reason is None and gate.edited == "touch b.stamp"
    gate, reason = gate_with(UserDecision("approve", command="rm -rf /"), tmp_path)
    assert reason.startswith("the user's edit `rm -rf /` was refused by policy:") and gate.edited is None
    gate, reason = gate_with(UserDecision("approve", command=" touch a.stamp "), tmp_path)  # unchanged: no edit
    assert reason is None and gate.edited is None


def test_the_subagent_runs_the_edit_records_both_and_says_so_first(tmp_path):
    from terminus_edge.subagent.approval import UserDecision
    from terminus_edge.subagent.loop import execution_subagent

    with LogStore(tmp_path / "logs.sqlite3") as store:
        result = execution_subagent("run `printf one`", cwd=tmp_path, store=store,
                                    approve=lambda p: UserDecision("approve", command="printf two"))
    record = result.records[0]
    assert (record.command, record.edited_from, record.exit_code) == ("printf two", "printf one", 0)
    assert "two" in record.output and result.commands == ["printf two"]
    assert result.answer.startswith("The user edited 1 command before running it: `printf one` ran as `printf two`.")


@sync
async def test_a_command_with_control_characters_is_not_offered_for_editing(tmp_path):
    """The Input would show it otherwise than it runs (ESC, CR, a here-document's newline)."""
    from terminus_edge.policy import Decision
    from terminus_edge.subagent.approval import ProposedCommand

    with LogStore(tmp_path / "l.sqlite3") as store:
        app = local_app(store, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            for command in ("touch x #\x1b[2K\recho hi",):  # several lines: edited in a text area (test_tui_pass4)
                app.push_screen(CommandApprovalScreen(ProposedCommand(
                    command=command, explanation="", goal="", kind="run", timeout_s=30,
                    policy=Decision("ask", "writes"), number=1, request="r")))
                await until(pilot, lambda: app.screen.armed, "the dialog")
                await pilot.press("e")
                await pilot.pause()
                assert app.screen.refusing is None and not app.screen.query_one("#reason-box").display
                assert "cannot be edited here" in [n.message for n in app._notifications][-1]
                await pilot.press("escape")


# -- defects found driving the app -----------------------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_a_window_crossing_the_narrow_width_keeps_the_shell_s_lines_whole(shell, tmp_path):
    """Widening a window from below 64 columns laid the shell pane out at 32 columns for a frame (the side panel shown
    before the screen took the new width; 22 from 50 to 100): bittty cut every row to that width, the rest of each
    line lost, and the shell got SIGWINCH for 32 columns. The pane now passes on the size it settles at."""
    from test_tui_qa_shell import drive

    line = "echo " + "-".join(f"w{i:02d}" for i in range(11))  # 48 columns: with the prompt under 60
    got = drive(shell, tmp_path, [["type", "cd /\r"], ["cards", 1], ["type", line + "\r"], ["cards", 2],
                                  ["resize", [60, 24]], ["sleep", 0.3], ["resize", [120, 36]], ["sleep", 0.3],
                                  ["type", "stty size\r"], ["cards", 3], ["rows", None]])
    rows = got["rows"][0]
    assert any(row.endswith(line) for row in rows), rows  # the command line, whole (cut at 32 columns it was not)
    assert line[5:] in rows, rows  # its output
    assert got["cards"][2][3].split() == ["34", "75"]  # the shell has the pane's size


@sync
async def test_f3_before_the_first_command_says_why_nothing_moved(tmp_path):
    """The README's first step is 'F3 moves to the cards': before any command F3 did nothing, not a word."""

    with LogStore(tmp_path / "l.sqlite3") as store:
        app = local_app(store, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("f3")
            await pilot.pause()
            assert [n.message for n in app._notifications] == [
                "No command cards yet: each command you run in the shell gets one when it finishes."]
            app.add_command(FinishedCommand("echo one", b"one\r\n", 0, 1.0, 2.0))
            await app.workers.wait_for_complete()
            await pilot.press("f3")
            assert app.focused is app.cards


# -- scrollback ------------------------------------------------------------------------------------------------------


def test_shift_page_up_shows_what_scrolled_off_and_a_full_screen_program_still_gets_it(tmp_path):
    """The pane kept no scrollback: Shift+PgUp only said to use F3 and Enter on each card. It now shows the shell's
    recent commands and their output (the running one's so far); vim, in the alternate screen, still gets the keys."""
    from test_tui_qa_shell import drive

    got = drive("bash", tmp_path, [
        ["type", "seq 1 300\r"], ["cards", 1], ["type", "echo two\r"], ["cards", 2],
        ["type", "printf 'part%s\\n' ial; sleep 30\r"], ["screen", "partial"],
        ["press", ["shift+pageup"]], ["view", None], ["press", ["shift+pageup", "shift+pagedown"]],
        ["on top", None], ["press", ["escape"]], ["on top", None], ["press", ["ctrl+c"]], ["cards", 3],
        ["type", "vim -u NONE -c 'set nomore'\r"], ["sleep", 1.0], ["press", ["shift+pageup"]], ["sleep", 0.3],
        ["on top", None], ["type", "\x1b:q!\r"], ["cards", 4]])
    view = got["view"][0].split("\n")  # since session 13 the pane's own history, prompts and all, in order
    assert [line for line in view if line.isdigit()] == [str(i) for i in range(1, 301)]
    assert view[-4].endswith("# echo two") and view[-3] == "two" and view[-1] == "partial"
    assert view[-2].endswith("# printf 'part%s\\n' ial; sleep 30")
    assert got["on top"] == ["ScrollbackScreen", "Screen", "Screen"]  # Esc: back; over vim: no view
    assert [command for command, *_ in got["cards"]][-1] == "vim -u NONE -c 'set nomore'"


def test_the_scrollback_keeps_the_newest_lines_and_leaves_the_agent_s_commands_out():
    from terminus_edge.tui.scrollback import transcript
    from terminus_edge.tui.widgets.cards import CardState

    states = [CardState(1, "seq 1 5000", 0, 1.0), CardState(2, "agent cmd", 0, 1.0, agent_sent="sent"),
              CardState(3, "echo end", 0, 1.0)]
    outputs = {1: "".join(f"{i}\r\n" for i in range(1, 5001)).encode(), 2: b"agent output\r\n", 3: b"end\r\n"}
    text = transcript(states, lambda state: outputs[state.key], max_lines=100).split("\n")
    assert text[0].startswith("… [earlier output") and len(text) == 101
    assert text[-3:] == ["5000", "$ echo end    (exit 0)", "end"] and "agent output" not in text


def test_an_agent_card_before_its_request_s_answer_says_the_answer_is_not_made_yet():
    from terminus_edge.tui.agent_cards import NOT_SENT_YET, agent_log_view
    from terminus_edge.tui.widgets.cards import CardState

    live = CardState(1, "pytest -q", 0, 1.0, agent_sent="")
    assert agent_log_view(live, "3 passed") == f"{NOT_SENT_YET}\n\n── this command's output (it stays on this machine) ──\n3 passed"
    assert agent_log_view(CardState(2, "ls", 0, 1.0), "a b") == "a b"  # the shell's own card: the output only


@sync
async def test_the_scrollback_is_in_the_command_palette_too(tmp_path):
    from terminus_edge.tui.screens import ScrollbackScreen

    with LogStore(tmp_path / "l.sqlite3") as store:
        app = local_app(store, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            app.add_command(FinishedCommand("seq 1 3", b"1\r\n2\r\n3\r\n", 0, 1.0, 2.0))
            await app.workers.wait_for_complete()
            await pilot.press("f2", *"Scrollback", "enter")
            await until(pilot, lambda: isinstance(app.screen, ScrollbackScreen), "the scrollback")
            assert app.screen.text == "$ seq 1 3    (exit 0)\n1\n2\n3"
