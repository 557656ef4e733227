"""Per-command approval in the TUI: the remote agent's subagent proposes commands, each is shown in a modal
(exact command, explanation, goal, timeout, policy verdict) and runs only on y; n refuses with an optional
reason the agent is told; a approves the rest the policy allows; s refuses and stops the request; a closing
app refuses instead of leaving the worker thread waiting."""

from __future__ import annotations

import asyncio
import io
import json
import threading

import pytest
from rich.console import Console

pytest.importorskip("terminus_edge.integrations.bridge")

from terminus_edge.integrations.bridge import Bridge, BridgeSink  # noqa: E402
from terminus_edge.integrations.toolkit import Toolkit  # noqa: E402
from terminus_edge.logstore import LogStore  # noqa: E402
from terminus_edge.policy import Decision  # noqa: E402
from terminus_edge.subagent.approval import ProposedCommand, UserDecision  # noqa: E402
from terminus_edge.tui.launch import make_app  # noqa: E402
from terminus_edge.tui.pipeline import FinishedCommand  # noqa: E402
from terminus_edge.tui.remote import CLOSING, tui_command_approver  # noqa: E402
from terminus_edge.tui.screens import CommandApprovalScreen, RawLogScreen  # noqa: E402
from terminus_edge.tui.widgets.outbox import FileSink  # noqa: E402
from remote_fakes import ScriptedClient, sync  # noqa: E402


def touch_request(*names: str) -> dict:
    query = "run " + " and then run ".join(f"`touch {n}`" for n in names)
    call = {"id": "c1", "function": {"name": "execution_subagent",
                                     "arguments": json.dumps({"query": query, "description": "touch files"})}}
    return {"content": "", "tool_calls": [call]}


class Remote:
    """A TUI whose outbox goes to a scripted agent that asks the subagent to touch files in `proj`."""

    def __init__(self, tmp_path, *names: str) -> None:
        self.proj = tmp_path / "proj"
        self.proj.mkdir()
        self.store = LogStore(tmp_path / "logs.sqlite3")
        self.client = ScriptedClient([touch_request(*names), {"content": "Done here."}])
        self.decisions: list[UserDecision] = []
        self.approver_done = threading.Event()
        holder = []
        ask = tui_command_approver(lambda: holder[0])

        def recorded(proposed):
            try:
                decision = ask(proposed)
                self.decisions.append(decision)
                return decision
            finally:
                self.approver_done.set()

        toolkit = Toolkit(cwd=self.proj, use_model=False, store=self.store, policy_mode="ask",
                          approve_command=recorded)
        self.app = make_app(start_shell=False, no_model=True, store=self.store,
                            sink=BridgeSink(Bridge(self.client, toolkit)))
        holder.append(self.app)

    async def send_outbox(self, pilot) -> None:
        self.app.add_command(FinishedCommand("echo hi", b"hi\r\n", 0, 1.0, 2.0))
        await settle(pilot)
        self.app.cards.focus()
        await pilot.press("m")
        self.app.outbox.focus()
        await pilot.press("enter")

    def tool_answer(self) -> str:
        return self.client.sent[1][-1]["content"]


def shown(screen, selector: str = "#proposal, .title, #reason-prompt") -> str:
    """The text of the modal's Statics as a reader sees it (rendered, not the markup)."""
    console = Console(width=200, record=True, file=io.StringIO())
    for static in screen.query(selector):
        console.print(static.content)
    return console.export_text()


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def next_modal(pilot, previous=None) -> CommandApprovalScreen:
    """Wait (up to ~10 s) for an approval modal other than `previous`, and until it takes keys (ARM_S)."""
    for _ in range(200):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, CommandApprovalScreen) and screen is not previous:
            await armed(screen)
            return screen
        await asyncio.sleep(0.05)
    raise AssertionError(f"no approval modal; screen is {pilot.app.screen!r}")


async def armed(screen: CommandApprovalScreen) -> None:
    while not screen.armed:
        await asyncio.sleep(0.05)


@sync
async def test_approve_each_command_shows_the_command_and_runs_it(tmp_path):
    remote = Remote(tmp_path, "one", "two")
    async with remote.app.run_test(size=(100, 30)) as pilot:
        await remote.send_outbox(pilot)
        first = await next_modal(pilot)
        proposed = first.proposed
        assert (proposed.command, proposed.number, proposed.description) == ("touch one", 1, "touch files")
        text = shown(first)
        assert "$ touch one" in text and f"explanation {proposed.explanation}" in text
        assert f"goal        {proposed.goal}" in text and f"timeout     {proposed.timeout_s:g} s" in text
        assert f"policy      allows it ({proposed.policy.reason})" in text
        assert "command 1 of its request (touch files)" in text
        assert not (remote.proj / "one").exists()  # nothing runs before the answer
        await pilot.press("y")
        second = await next_modal(pilot, first)
        assert second.proposed.command == "touch two" and (remote.proj / "one").exists()
        await pilot.press("y")
        await settle(pilot)
        assert (remote.proj / "two").exists()
        assert [d.action for d in remote.decisions] == ["approve", "approve"]
        assert "Command: touch one" in remote.tool_answer() and "Command: touch two" in remote.tool_answer()
        assert isinstance(remote.app.screen, RawLogScreen) and remote.app.screen.text == "Done here."
    remote.store.close()


@sync
async def test_refuse_with_a_reason_is_told_to_the_agent_and_the_rest_still_asks(tmp_path):
    remote = Remote(tmp_path, "one", "two")
    async with remote.app.run_test(size=(100, 30)) as pilot:
        await remote.send_outbox(pilot)
        first = await next_modal(pilot)
        await pilot.press("n")
        assert first.query_one("#reason").has_focus and first.is_current  # the reason box, not yet refused
        await pilot.press(*"not now", "enter")
        await next_modal(pilot, first)
        await pilot.press("y")
        await settle(pilot)
    assert not (remote.proj / "one").exists() and (remote.proj / "two").exists()
    assert remote.decisions[0] == UserDecision("refuse", "not now")
    answer = remote.tool_answer()
    assert "`touch one` was not run (refused by the user: not now)." in answer
    assert "Command: touch two" in answer
    remote.store.close()


@sync
async def test_escape_goes_back_from_the_reason_then_refuses_without_one(tmp_path):
    remote = Remote(tmp_path, "one")
    async with remote.app.run_test(size=(100, 30)) as pilot:
        await remote.send_outbox(pilot)
        modal = await next_modal(pilot)
        await pilot.press("s", "escape")  # back to the choices: still asking
        assert modal.is_current and modal.query_one("#choices").display
        await pilot.press("escape")
        await settle(pilot)
    assert remote.decisions == [UserDecision.refuse()] and not (remote.proj / "one").exists()
    assert "`touch one` was not run (refused by the user)." in remote.tool_answer()
    remote.store.close()


@sync
async def test_approve_all_asks_once_for_the_rest_of_the_request(tmp_path):
    remote = Remote(tmp_path, "a1", "a2", "a3")
    async with remote.app.run_test(size=(100, 30)) as pilot:
        await remote.send_outbox(pilot)
        await next_modal(pilot)
        await pilot.press("a")
        await settle(pilot)
    assert [d.action for d in remote.decisions] == ["approve-all"]
    assert all((remote.proj / n).exists() for n in ("a1", "a2", "a3"))
    assert all(f"Command: touch {n}" in remote.tool_answer() for n in ("a1", "a2", "a3"))
    remote.store.close()


@sync
async def test_stop_refuses_this_command_and_the_rest_of_the_request(tmp_path):
    remote = Remote(tmp_path, "s1", "s2")
    async with remote.app.run_test(size=(100, 30)) as pilot:
        await remote.send_outbox(pilot)
        modal = await next_modal(pilot)
        await pilot.click("#refuse-all")  # the buttons do what the keys do
        assert modal.is_current and "stopping the request" in shown(modal)
        await pilot.press(*"wrong dir", "enter")
        await settle(pilot)
    assert remote.decisions == [UserDecision("refuse-all", "wrong dir")]
    assert not (remote.proj / "s1").exists() and not (remote.proj / "s2").exists()
    answer = remote.tool_answer()
    assert "`touch s1` was not run (refused by the user: wrong dir)." in answer
    assert "touch s2" not in answer  # the request ended: the subagent proposed nothing more
    remote.store.close()


@sync
async def test_closing_the_app_while_asking_refuses_and_frees_the_worker(tmp_path):
    remote = Remote(tmp_path, "c1")
    async with remote.app.run_test(size=(100, 30)) as pilot:
        await remote.send_outbox(pilot)
        await next_modal(pilot)
        remote.app.exit()
    assert await asyncio.to_thread(remote.approver_done.wait, 10)
    assert remote.decisions == [UserDecision.unanswered(CLOSING)]
    assert not (remote.proj / "c1").exists()
    remote.store.close()


def test_approver_refuses_when_the_app_is_not_running(tmp_path):
    app = make_app(start_shell=False, no_model=True, store=LogStore(tmp_path / "l.sqlite3"),
                   sink=FileSink(tmp_path / "o.md"))
    decision = tui_command_approver(lambda: app)(proposal("touch x"))
    assert decision == UserDecision.unanswered(CLOSING) and not decision.runs


def proposal(command: str, **kw) -> ProposedCommand:
    fields = dict(explanation="Create the marker file the build expects",
                  goal="know whether the build step can start", kind="run", timeout_s=30.0,
                  policy=Decision("ask", "writes files in the project"), number=2,
                  request="prepare the build and run `make check`", description="prepare build")
    return ProposedCommand(command=command, **{**fields, **kw})


def test_markup_in_a_command_is_shown_literally(tmp_path):
    async def run() -> None:
        app = make_app(start_shell=False, no_model=True, store=LogStore(tmp_path / "l.sqlite3"),
                       sink=FileSink(tmp_path / "o.md"))
        async with app.run_test(size=(80, 24)) as pilot:
            app.push_screen(CommandApprovalScreen(proposal("echo '[bold]x[/bold]' [red]")))
            await pilot.pause()
            assert "$ echo '[bold]x[/bold]' [red]" in shown(app.screen)

    asyncio.run(run())


@pytest.mark.parametrize("keys", [(), ("n", *"wrong dir"), ("e", "backspace", *"x")],
                         ids=["choices", "refusal-reason", "edit"])
def test_approval_modal_snapshot(snap_compare, tmp_path, keys):
    pytest.importorskip("pytest_textual_snapshot")
    app = make_app(start_shell=False, no_model=True, store=LogStore(tmp_path / "l.sqlite3"),
                   sink=FileSink(tmp_path / "o.md"))

    async def show(pilot) -> None:
        pilot.app.push_screen(CommandApprovalScreen(proposal("touch build/.ready && ls build")))
        await pilot.pause()
        await armed(pilot.app.screen)
        await pilot.press(*keys)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_a_very_long_command_scrolls_and_the_buttons_stay_on_screen(tmp_path):
    async def run() -> None:
        app = make_app(start_shell=False, no_model=True, store=LogStore(tmp_path / "l.sqlite3"),
                       sink=FileSink(tmp_path / "o.md"))
        command = " && ".join(f"touch file-number-{i}" for i in range(120))
        async with app.run_test(size=(80, 24)) as pilot:
            app.push_screen(CommandApprovalScreen(proposal(command)))
            await pilot.pause()
            for button in app.screen.query("Button"):
                assert button.region.bottom <= 24 and button.region.height == 3
            assert command in shown(app.screen).replace("\n", "")

    asyncio.run(run())


@sync
async def test_the_key_line_names_the_choices_and_not_the_letters_typed_into_the_reason(tmp_path):
    remote = Remote(tmp_path, "one")
    async with remote.app.run_test(size=(120, 30)) as pilot:
        await remote.send_outbox(pilot)
        await next_modal(pilot)
        line = remote.app.query_one("#keys").render().plain
        assert line.startswith("y run  e edit  n refuse  a run the rest  s stop  Esc back / refuse"), line
        await pilot.press("n")
        await pilot.pause()
        line = remote.app.query_one("#keys").render().plain
        assert line.startswith("Esc back") and "y run" not in line, line
        await pilot.press("escape", "escape")
        await settle(pilot)
    remote.store.close()


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (200, 60)])
def test_every_choice_and_the_hint_show_whole_in_a_small_or_big_window(tmp_path, size):
    """At 60x20 only 'Run (y)' showed: the other three buttons (Refuse, with the keyboard on it, too) and the
    key hint were cut off."""
    async def run() -> None:
        app = make_app(start_shell=False, no_model=True, store=LogStore(tmp_path / "l.sqlite3"),
                       sink=FileSink(tmp_path / "o.md"))
        async with app.run_test(size=size) as pilot:
            app.push_screen(CommandApprovalScreen(proposal("touch build/.ready && ls build")))
            await pilot.pause()
            dialog = app.screen.query_one("#dialog")
            inside = dialog.region.shrink(dialog.styles.gutter)
            buttons = list(app.screen.query("Button"))
            for button in buttons:
                label = str(button.label)
                assert inside.contains_region(button.region), (label, button.region, inside)
                assert button.content_region.width >= len(label), (label, button.content_region)
            for one, other in zip(buttons, buttons[1:]):
                assert not one.region.overlaps(other.region)
            assert inside.contains_region(app.screen.query_one("#hint").region)
            assert app.screen.focused is app.screen.query_one("#refuse")

    asyncio.run(run())
