"""Whole-screen programs on real terminals: the alternate screen (less, vim, man, watch) is not output unless the
stream ends on it (then its last frame is), frames redrawn from home after a clear (top) end as the last frame,
insert/delete lines and characters, scroll regions and resets land where a terminal puts them. Fixtures are real
pty captures (tests/data/screens/README.md); the grid oracle is bittty, the emulator under textual-tty."""

from __future__ import annotations

import re
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from normalize_checks import assert_clean_and_the_same_however_chunked

from terminus_edge.summarize import summarize
from terminus_edge.summarize.normalize import normalize
from terminus_edge.summarize.terminal import LineCleaner

SCREENS = Path(__file__).parent / "data" / "screens"


def raw(name: str) -> bytes:
    return (SCREENS / f"{name}.raw").read_bytes()


def text_of(data: bytes) -> str:
    return normalize(data).text


def chunked(data: bytes, size: int) -> str:
    return normalize(iter([data[i : i + size] for i in range(0, len(data), size)])).text


def same_however_chunked(data: bytes) -> bool:
    whole = text_of(data)
    return all(chunked(data, size) == whole for size in (1, 3, 17, 256))


# --- the alternate screen ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "lines"), [
    ("less-quit", ["before less", "less exit=0"]),
    ("vim-quit", ["vim exit=0"]),
    ("man-quit", ["man exit=0"]),
])
def test_what_a_full_screen_program_drew_on_the_alternate_screen_is_gone_when_it_leaves(name, lines):
    data = raw(name)
    assert b"\x1b[?1049h" in data and b"\x1b[?1049l" in data
    assert text_of(data).splitlines() == lines
    assert same_however_chunked(data)


def test_a_pager_killed_on_the_alternate_screen_leaves_its_last_frame():
    data = raw("less-killed")
    out = text_of(data).splitlines()
    assert out[0] == "before less"
    frame = out[1:]
    assert len(frame) <= 24 and frame[0] == "[build-system]" and frame.count("[project]") == 1
    # wrapped at the pty's 80 columns, as the terminal showed it
    assert 'description = "Offline execution subagent: run terminal commands, return short f' in frame
    assert frame[-1] == "/work/main/pyproject.toml"  # less's prompt (the file's name) on the bottom row
    assert same_however_chunked(data)


def test_the_last_frame_is_drawn_at_the_width_a_caller_knows():
    frame = cleaned(raw("less-killed"), 120).splitlines()
    assert 'description = "Offline execution subagent: run terminal commands, return short faithful summaries, on your own hardware"' in frame


def test_watch_killed_shows_its_last_frame_once():
    data = raw("watch-killed")
    out = text_of(data).splitlines()
    assert out[0].startswith("Every 0.5s: echo build step 3/7") and out[0].endswith("22:11:35 2026")
    assert out[2:] == ["build step 3/7", "__init__.py", "__main__.py", "__pycache__", "capture.py", "cli"]
    assert same_however_chunked(data)


def test_a_summary_of_a_vim_session_does_not_quote_the_edited_file():
    s = summarize("vim pyproject.toml", raw("vim-quit"), 0)
    assert "setuptools" not in s.text and "terminus-edge" not in s.text


# --- frames redrawn from home after a clear (normal screen) ------------------------------------------------------

def test_top_frames_redrawn_from_home_end_as_the_last_frame():
    data = raw("top-killed")
    times = re.findall(rb"top - (\d\d:\d\d:\d\d)", data)
    assert len(times) == 4
    out = text_of(data).splitlines()
    assert [line for line in out if line.startswith("top - ")] == [next(line for line in out if line.startswith("top - "))]
    assert out[0].startswith(f"top - {times[-1].decode()} up")
    assert sum(line.lstrip().startswith("PID USER") for line in out) == 1
    assert len(out) <= 24
    assert same_however_chunked(data)


def test_top_one_frame_and_clear_keep_every_line():
    out = text_of(raw("top-n1")).splitlines()
    assert out[0].startswith("top - ") and sum("PID USER" in line for line in out) == 1 and len(out) <= 24
    # `clear` erased the screen, but what it showed before was output: a plain log has it
    assert text_of(raw("clear")).splitlines() == ["before clear", "after clear", "second line"]


def test_apt_fancy_progress_on_the_reserved_bottom_row_is_not_output():
    out = text_of(raw("apt-reinstall-fancy-progress")).splitlines()
    assert not any("Progress:" in line or "[####" in line for line in out)
    assert out[6:10] == ["(Reading database ... 140637 files and directories currently installed.)",
                         "Preparing to unpack .../php-xml_2%3a8.2+93_all.deb ...",
                         "Unpacking php-xml (2:8.2+93) over (2:8.2+93) ...", "Setting up php-xml (2:8.2+93) ..."]
    assert out[-1].startswith("N: Ignoring file 'google-cloud-sdk.list.disabled-by-farm'") and len(out) == 12


def test_a_spinner_erased_at_the_end_of_its_line_leaves_no_frame():
    # npm's spinner: frames written over each other with ESC[1G ESC[0K, erased before the result is printed
    data = raw("npm-install")
    assert "⠴".encode() in data
    assert text_of(data) == "added 2 packages in 751ms"
    assert same_however_chunked(data)


def test_pip_progress_bar_ends_as_the_terminal_shows_it():
    data = raw("pip-download-progress")
    text = text_of(data)
    assert wrapped(text, 80) == grid(data, width=80)
    assert text.count("1.7/1.7 MB") == 1 and "0.0/1.7 MB" not in text
    assert text.splitlines()[-1] == "Successfully downloaded pyte black"


def test_a_full_reset_is_a_clear_and_leaves_no_letter_behind():
    assert text_of(b"building\x1bcdone\n").splitlines() == ["building", "done"]


# --- scroll regions -----------------------------------------------------------------------------------------------

def test_lines_scrolled_out_of_a_region_under_a_fixed_footer_stay_output_in_order():
    data = b"\x1b[2J\x1b[H\x1b[1;3r\x1b[4;1Hstatus: 40%\x1b[1;1H" + b"\r\n".join(b"log %d" % i for i in range(1, 6)) + b"\x1b[4;1H\x1b[2Kstatus: done\r\n"
    assert text_of(data).splitlines() == ["log 1", "log 2", "log 3", "log 4", "log 5", "status: done"]
    assert same_however_chunked(data)


def test_a_fixed_header_above_a_region_keeps_its_row_and_scrolled_lines_come_before_it():
    data = (b"\x1b[H\x1b[2Jheader\x1b[2;4r\x1b[2;1H" + b"\r\n".join(b"step %d" % i for i in range(1, 6))
            + b"\x1b[5;1Hfooter\r\n")
    assert text_of(data).splitlines() == ["step 1", "step 2", "header", "step 3", "step 4", "step 5", "footer"]


# --- a terminal as the oracle ---------------------------------------------------------------------------------------

def grid(data: bytes, width: int = 1000, height: int = 24) -> list[str]:
    from bittty import Board

    board = Board(width=width, height=height)
    board.parser.feed(data.decode())
    return trimmed(board.capture_text())


def cleaned(data: bytes, columns: int | None) -> str:
    cleaner = LineCleaner(columns)
    blocks = [cleaner.feed(data.decode()), cleaner.finish()]
    return "\n".join(b for b in blocks if b is not None)


def wrapped(text: str, width: int) -> list[str]:
    """Rows as a terminal `width` columns wide shows them: each row on as many screen rows as it needs."""
    return trimmed("\n".join(row[i : i + width].rstrip() for row in text.split("\n") for i in range(0, max(len(row), 1), width)))


def trimmed(text: str) -> list[str]:
    """Rows without the blank ones above and below them (normalize strips those)."""
    return text.strip("\n").split("\n")


# IL and DL are followed by CR: the VT510 manual moves the cursor to column 1 after them (as here), bittty keeps it.
EDITS = [b"\x1b[%dL\r", b"\x1b[%dM\r", b"\x1b[%d@", b"\x1b[%dP", b"\x1b[%dX", b"\x1b[%dA", b"\x1b[%dB", b"\x1b[%dC", b"\x1b[%dD",
         b"\x1b[%dG", b"\x1b[%dK", b"\x1b[%d;%dH", b"\x1b[%dd"]
# No bare CR: on a line with no cursor move it keeps the last non-empty progress state, not the terminal's overlay.
WORDS = [b"ok", b"error: x", b"  ", b"FAILED test_a", b"\r\n", b"\x1b[31mred\x1b[m"]


@st.composite
def screen_edits(draw) -> bytes:
    """Drawing after a clear, kept to rows 1-10 of a 24-row screen so nothing scrolls (scrolled rows stay output
    here and leave the terminal's screen)."""
    parts = [b"\x1b[2J\x1b[H"]
    for _ in range(draw(st.integers(0, 40))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(WORDS)))
        else:
            seq = draw(st.sampled_from(EDITS))
            args = (draw(st.integers(1, 10)), draw(st.integers(1, 30)))[: seq.count(b"%d")]
            # (ESC[2K and ESC[1G on a line with no cursor move keep the line's last non-empty state, as CR does)
            if seq == b"\x1b[%dK":
                args = (draw(st.integers(0, 1)),)
            elif seq == b"\x1b[%dG":
                args = (args[0] + 1,)
            parts.append(seq % args)
    return b"".join(parts)


def reaches_row(data: bytes, limit: int) -> bool:
    row, rows = 1, 1
    for m in re.finditer(rb"\x1b\[(\d+)(?:;(\d+))?([A-Z@a-z])|\r\n", data):
        if m.group() == b"\r\n":
            row += 1
        elif m.group(3) in b"Hd":
            row = int(m.group(1))
        elif m.group(3) == b"B":
            row += int(m.group(1))
        elif m.group(3) == b"A":
            row = max(row - int(m.group(1)), 1)
        elif m.group(3) == b"L":
            rows += int(m.group(1))
        rows = max(rows, row)
    return rows + 10 > limit


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=screen_edits())
def test_edits_after_a_clear_show_what_a_terminal_shows(data):
    if reaches_row(data, 24):
        return
    assert trimmed(cleaned(data, None)) == grid(data, width=2 * len(data) + 40)  # wide enough that nothing wraps


def test_old_gaps_are_rendered_like_a_terminal():
    cases = [
        b"\x1b[2J\x1b[Hone\r\ntwo\r\nthree\x1b[2;1H\x1b[Linserted\r\n",  # insert line
        b"\x1b[2J\x1b[Hone\r\ntwo\r\nthree\x1b[2;1H\x1b[M",  # delete line
        b"\x1b[2J\x1b[Hprogress 10%\x1b[1;10H\x1b[3P\x1b[1;10H100%",  # delete characters
        b"\x1b[2J\x1b[Habcdef\x1b[1;2H\x1b[3X",  # erase characters
        b"\x1b[2J\x1b[Hrow 1\x1b[3;5Hrow 3\x1b[2dtwo",  # absolute rows below a clear
    ]
    for data in cases:
        assert trimmed(text_of(data)) == grid(data), data


# --- rows that wrap at the terminal's width ---------------------------------------------------------------------------

def test_a_spinner_whose_text_wraps_keeps_the_lines_above_it():
    # ora (the node spinner) with a 150-character text on an 80-column pty clears its two screen rows with ESC[1A;
    # rows that never wrap took the log line above for the spinner's first row and erased it (a warning with it)
    data = raw("ora-long-text")
    assert text_of(data).splitlines() == [
        "resolving packages for the workspace",
        "warning: retrying @scope/package-with-a-long-name-3 (ECONNRESET)",
        "✔ fetched 6 tarballs",
        "done in 0.8s",
    ]
    assert wrapped(text_of(data), 80) == grid(data, width=80)
    assert same_however_chunked(data)


WRAPS = [
    b"log line\r\n" + b"x" * 50 + b"\r\n\x1b[2A\x1b[2Kstatus",  # up over a wrapped row erases one of its screen rows
    b"log line\r\n" + b"x" * 50 + b"\r\n\x1b[2Aa\r\nb",  # a line feed inside a wrapped row goes to its next screen row
    b"\x1b[2J\x1b[H" + b"y" * 90 + b"\x1b[H\x1b[2Bz",  # down over screen rows of one row
    b"\x1b[2J\x1b[H" + b"y" * 90 + b"\x1b[2;5HQ\x1b[3;1HR",  # absolute moves into a wrapped row
    b"first\r\n" + b"w" * 40 + b"\x1b[1A\x1b[1G!",  # text ending on the last column: the cursor is still on its row
    b"first\r\n" + b"w" * 40 + b"\x1b[K\x1b[1D\x1b[1K",  # ... so erasing from it takes that column too
    b"first\r\n" + b"v" * 100 + b"\x1b[1A\x1b[5G\x1b[1K\x1b[20G\x1b[K",  # erase within the middle screen row
    b"top\r\n" + b"u" * 45 + b"\x1b[1A\x1b[99C!\x1b[3D<",  # cursor right stops at the last column
    b"a\r\n" + b"t" * 85 + b"\x1b[2F\x1b[Knew\x1b[1E\x1b[1E+",  # previous/next line moves count screen rows
]


@pytest.mark.parametrize("data", WRAPS)
def test_moves_over_rows_that_wrap_at_the_width_land_where_a_terminal_puts_them(data):
    assert wrapped(cleaned(data, 40), 40) == grid(data, width=40)


# --- cost -----------------------------------------------------------------------------------------------------------

def test_a_long_session_on_the_alternate_screen_costs_bounded_time_and_memory():
    frame = raw("top-killed").split(b"\x1b[H", 2)[2]  # one of top's frames, drawn from home
    body = b"\x1b[?1049h\x1b[H\x1b[2J" + (b"\x1b[H" + frame) * 400  # about 3 MB, never left
    data = b"$ top\r\n" + body
    started = time.perf_counter()
    tracemalloc.start()
    try:
        out = normalize(iter([data[i : i + 65536] for i in range(0, len(data), 65536)])).text.splitlines()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert out[0] == "$ top" and sum(line.startswith("top - ") for line in out) == 1 and len(out) <= 25
    assert peak < 4_000_000, peak
    assert elapsed < 3.0, elapsed


MOVES = [b"\x1b[%dA", b"\x1b[%dB", b"\x1b[%dC", b"\x1b[%dD", b"\x1b[%dG", b"\x1b[K", b"\x1b[1K", b"\r", b"\x1b[1D#", b"\x1b[%dE",
         b"\x1b[%dF"]


@st.composite
def moves_over_wrapped_rows(draw) -> bytes:
    """Rows of 1-111 characters placed on a 40-column screen (long ones take several screen rows), then cursor moves,
    erases and one-character marks. A mark never lands on the last column (ESC[1D first): a terminal wraps the next
    character over the row below, where the rows here grow a screen row and keep both."""
    parts, at = [b"\x1b[2J\x1b[H"], 1
    for i in range(draw(st.integers(1, 5))):
        row = b"%d" % i + b"." * draw(st.integers(0, 110))
        parts.append(b"\x1b[%d;1H" % at + row)
        at += (len(row) - 1) // 40 + 1
    for _ in range(draw(st.integers(0, 25))):
        move = draw(st.sampled_from(MOVES))
        n = draw(st.integers(1, 3 if move[-1:] in b"ABEF" else 45))  # stay well inside 24 rows (height is unknown)
        parts.append(move % n if b"%d" in move else move)
    return b"".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=moves_over_wrapped_rows())
def test_moves_over_wrapped_rows_match_a_terminal_of_that_width(data):
    # blank screen rows aside: a row's erased last screen row has no text of its own to show here
    ours = [row for row in wrapped(cleaned(data, 40), 40) if row]
    assert ours == [row for row in grid(data, width=40) if row]


# --- any byte soup, whole-screen sequences included ----------------------------------------------------------------

SOUP = [b"\x1b[?1049h", b"\x1b[?1049l", b"\x1b[?47h", b"\x1b[2J", b"\x1b[3J", b"\x1bc", b"\x1b[H", b"\x1b[5;3H", b"\x1b[4d",
        b"\x1b[1;3r", b"\x1b[r", b"\x1b[2L", b"\x1b[M", b"\x1b[3P", b"\x1b[2X", b"\x1b[4@", b"\x1b[2A", b"\x1b[1B", b"\x1b[K",
        b"\x1b[1K", b"\x1b[1G", b"\x1b[0K", b"\x1b7", b"\x1b8", b"\r", b"\r\n", b"\n", b"ok", b"error: x", b"y" * 90, b"\xe2\xa0\x99"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.lists(st.sampled_from(SOUP), max_size=60).map(b"".join),
       cuts=st.lists(st.integers(min_value=1, max_value=16), max_size=12))
def test_screen_soup_is_clean_idempotent_and_the_same_however_chunked(data, cuts):
    assert_clean_and_the_same_however_chunked(data, text_of(data), cuts)
