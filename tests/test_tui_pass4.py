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


def test_the_history_keeps_its_newest_characters_and_says_the_start_is_gone():
    history = ScreenHistory(max_chars=1000)
    for i in range(1, 2001):
        history.add(f"{i}\r\n")
    assert history.cut and len(history.raw()) <= 1000 + len("2000\r\n")
    lines = history_lines(history.raw(), history.cut, 50)
    assert lines[0] == EARLIER and lines[1:] == [str(i) for i in range(1951, 2001)]
    assert history_lines(history.raw(), history.cut, 10_000)[1].isdigit()  # no partial first line
