"""TUI pass 4 (session 13): the shell pane's own screen history for Shift+PgUp, a multi-line command edited in the
approval dialog, and the defects found driving the app."""

from __future__ import annotations

from terminus_edge.tui.screen_history import EARLIER, ScreenHistory, history_lines


def test_the_history_is_what_the_shell_printed_in_order_without_a_full_screen_program_s_screen():
    history = ScreenHistory()
    for chunk in ["\x1b]133;A\x07$ \x1b]133;B\x07ecg\b \b\b\x1b[Kho hi\r\n", "\x1b]133;C\x07hi\r\n",
                  "\x1b]133;D;0\x07$ vim\r\n\x1b[?1049h~ vim's own page\x1b[?1049l", "$ make\r\n50%\r100%\r\n$ "]:
        history.add(chunk)
    assert history_lines(history.raw(), history.cut, 100) == ["$ eho hi", "hi", "$ vim", "$ make", "100%", "$"]


def test_a_binary_output_is_one_line_and_the_rest_of_the_history_stays_readable():
    """Found driving it: after `head -c 3000 /bin/ls` the whole view said "binary output, 5557 bytes"."""
    elf = open("/bin/ls", "rb").read(3000).decode("utf-8", "surrogateescape")
    history = ScreenHistory()
    for chunk in ["$ echo one\r\n\x1b]133;C\x07one\r\n\x1b]133;D;0\x07$ head -c 3000 /bin/ls\r\n\x1b]133;C\x07", elf,
                  "\x1b]133;D;0\x07$ echo two\r\n\x1b]133;C\x07two\r\n\x1b]133;D;0\x07$ "]:
        history.add(chunk)
    lines = history_lines(history.raw(), history.cut, 100)
    assert lines[:3] == ["$ echo one", "one", "$ head -c 3000 /bin/ls"]
    assert lines[3].startswith("(binary output, ") and lines[4:] == ["$ echo two", "two", "$"]


def test_the_history_keeps_its_newest_characters_and_says_the_start_is_gone():
    history = ScreenHistory(max_chars=1000)
    for i in range(1, 2001):
        history.add(f"{i}\r\n")
    assert history.cut and len(history.raw()) <= 1000 + len("2000\r\n")
    lines = history_lines(history.raw(), history.cut, 50)
    assert lines[0] == EARLIER and lines[1:] == [str(i) for i in range(1951, 2001)]
    assert history_lines(history.raw(), history.cut, 10_000)[1].isdigit()  # no partial first line


# -- a multi-line command edited in the approval dialog -------------------------------------------------------------

from remote_fakes import sync  # noqa: E402
from test_tui_qa_pass3 import until  # noqa: E402

from terminus_edge.logstore import LogStore  # noqa: E402
from terminus_edge.tui.screens import CommandApprovalScreen  # noqa: E402


def proposal(command: str):
    from terminus_edge.policy import Decision
    from terminus_edge.subagent.approval import ProposedCommand

    return ProposedCommand(command=command, explanation="", goal="", kind="run", timeout_s=30,
                           policy=Decision("ask", "writes"), number=1, request="r")


async def edit_lines(pilot, command: str, decisions: list) -> None:
    """The dialog for `command` up, armed, and `e` pressed."""
    app = pilot.app
    app.push_screen(CommandApprovalScreen(proposal(command)), decisions.append)
    await until(pilot, lambda: app.screen.armed, "the dialog")
    await pilot.press("e")
    await pilot.pause()


@sync
async def test_a_here_document_is_edited_in_a_text_area_and_ctrl_s_runs_the_edit(tmp_path):
    """`e` on a command of several lines only said it could not be edited: y or n."""
    from test_tui_qa_pass3 import local_app

    with LogStore(tmp_path / "l.sqlite3") as store:
        app = local_app(store, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            decisions = []
            await edit_lines(pilot, "cat > notes.txt <<'EOF'\nfirst\nEOF", decisions)
            area = app.screen.query_one("#edit-lines")
            assert area.has_focus and area.text == "cat > notes.txt <<'EOF'\nfirst\nEOF"
            assert not app.screen.query_one("#reason").display
            await pilot.press("up", "end", *" line", "enter", *"second y n")  # keys typed are text, not choices
            await pilot.press("ctrl+s")
            await until(pilot, lambda: decisions, "the decision")
            assert decisions[0].action == "approve"
            assert decisions[0].command == "cat > notes.txt <<'EOF'\nfirst line\nsecond y n\nEOF"


@sync
async def test_esc_from_the_text_area_goes_back_to_the_choices_and_an_empty_edit_is_not_run(tmp_path):
    from test_tui_qa_pass3 import local_app

    with LogStore(tmp_path / "l.sqlite3") as store:
        app = local_app(store, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            decisions = []
            await edit_lines(pilot, "printf 'a\tb'\nls", decisions)
            app.screen.query_one("#edit-lines").load_text("  \n")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not decisions and any("empty" in note.message for note in app._notifications)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen.refusing is None and app.screen.query_one("#choices").display
            assert not app.screen.query_one("#edit-lines").display and not decisions
            await pilot.press("e")  # again: the text area, with the proposal as it was
            await pilot.pause()
            assert app.screen.query_one("#edit-lines").text == "printf 'a\tb'\nls"


def test_an_edited_multi_line_command_is_checked_by_the_policy_again(tmp_path):
    from test_tui_qa_pass3 import gate_with

    from terminus_edge.subagent.approval import UserDecision

    gate, reason = gate_with(UserDecision("approve", command="cat <<EOF\nhi\nEOF\nrm -rf /"), tmp_path)
    assert reason.startswith("the user's edit `") and "refused by policy" in reason and gate.edited is None
    gate, reason = gate_with(UserDecision("approve", command="cat > b.txt <<EOF\nhi\nEOF"), tmp_path)
    assert reason is None and gate.edited == "cat > b.txt <<EOF\nhi\nEOF"
