"""Binary output in the shell pane (`head -c 2000 /dev/urandom`) left control and format characters in bittty's cells;
drawn as they were, the real terminal acted on them (`ESC \\` ate the next character) or gave them a column Rich did
not count, and the side panel beside the shell was drawn off by a column until the next full redraw."""

from __future__ import annotations

import random
import time
import unicodedata

from remote_fakes import sync
from rich.cells import cell_len
from textual.app import App

from terminus_edge.tui.cell_text import REPLACEMENT, safe_text
from terminus_edge.tui.screens.dialogs import RawLogScreen, ScrollbackScreen
from terminus_edge.tui.widgets.cards import CardState, SummaryCard
from terminus_edge.tui.widgets.terminal import ShellTerminal

UNSAFE = {"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"}


class OnePane(App):
    def compose(self):
        yield ShellTerminal(["sleep", "30"], id="terminal")


def drawn_rows(terminal: ShellTerminal) -> list[str]:
    return ["".join(segment.text for segment in terminal.render_line(y)) for y in range(terminal.size.height)]


def unsafe_in(text: str) -> list[str]:
    return [char for char in text if unicodedata.category(char) in UNSAFE and char not in "\u200c\u200d"]


async def fed(pilot, data: str) -> list[str]:
    terminal = pilot.app.query_one(ShellTerminal)
    terminal.feed(data)
    terminal._feed_screen()
    await pilot.pause()
    return drawn_rows(terminal)


@sync
async def test_a_stray_string_terminator_and_format_characters_are_drawn_one_column_each():
    async with OnePane().run_test(size=(40, 6)) as pilot:
        rows = await fed(pilot, "ab\x1b\\cd\r\nx\u0080y\u202ez\U000e0731!\u2028.\r\nplain \ue0b0 caf\u00e9 \u4e2d\u6587\r\n")
        assert rows[0].startswith(f"ab{REPLACEMENT}\\cd ")  # the ESC bittty kept, one column, as bittty counted it
        assert rows[1].startswith(f"x{REPLACEMENT}y{REPLACEMENT}z{REPLACEMENT}!{REPLACEMENT}. ")
        assert rows[2].startswith("plain \ue0b0 caf\u00e9 \u4e2d\u6587 ")  # private use (prompt icons), CJK kept
        assert all(cell_len(row) == 40 and not unsafe_in(row) for row in rows)


@sync
async def test_random_binary_output_draws_every_row_at_the_pane_s_width():
    data = random.Random(7).randbytes(2000).decode("utf-8", "surrogateescape")
    async with OnePane().run_test(size=(80, 24)) as pilot:
        rows = await fed(pilot, data)
        assert any(row.strip() for row in rows)
        assert [unsafe_in(row) for row in rows] == [[]] * 24
        assert {cell_len(row) for row in rows} == {80}


def test_safe_text_keeps_printable_text_and_joiners():
    assert safe_text("plain ascii") == "plain ascii"
    assert safe_text("\u00a0nbsp, \u3000 wide space, \U0001f468\u200d\U0001f469") == \
        "\u00a0nbsp, \u3000 wide space, \U0001f468\u200d\U0001f469"
    assert safe_text("tab\there\x7f\x9b") == f"tab{REPLACEMENT}here{REPLACEMENT}{REPLACEMENT}"


def test_a_card_draws_the_output_its_summary_quotes_the_same_way():
    summary = "succeeded (exit code 0). Output:\nx\x80y\u202ez\n\tindented"
    card = SummaryCard(CardState(1, "printf x", 0, 0.1, pending=False, body=summary))
    body = card._renderable().renderables[2]
    assert body.plain == f"succeeded (exit code 0). Output:\nx{REPLACEMENT}y{REPLACEMENT}z\n\tindented"


def test_the_raw_log_and_scrollback_views_draw_output_the_same_way():
    text = "ok line\n\tx\x80y\u202ez\n" + "plain\n" * 3
    for screen in (RawLogScreen("log #1", text), ScrollbackScreen("history", text)):
        assert screen.text == f"ok line\n\tx{REPLACEMENT}y{REPLACEMENT}z\n" + "plain\n" * 3


def test_safe_text_of_a_large_mostly_ascii_view_is_quick():
    text = ("a build log line with some words in it\n" * 50_000) + "x\x1b\\y\n"
    started = time.perf_counter()
    assert safe_text(text, keep="\n").endswith(f"x{REPLACEMENT}\\y\n")
    assert time.perf_counter() - started < 3.0  # 0.14 s here (a character-by-character pass: 0.47 s)
