"""Normalization works on a copy: ANSI, carriage returns, bad UTF-8, binary data, repeated lines."""

from terminus_edge.summarize.normalize import fold_similar, is_binary, normalize


def test_strips_ansi_colours_and_osc_titles():
    raw = b"\x1b[1m\x1b[31mERROR\x1b[0m build \x1b]0;title\x07failed\x1b[K\n"
    assert normalize(raw).text == "ERROR build failed"


def test_carriage_return_progress_keeps_final_state():
    raw = b"\r  icons.zip [--]  0%\r  icons.zip [#-] 50%\r  icons.zip [##] 100% done\nnext line\n"
    assert normalize(raw).text.splitlines() == ["  icons.zip [##] 100% done", "next line"]


def test_crlf_line_endings_are_not_progress():
    assert normalize(b"one\r\ntwo\r\n").text == "one\ntwo"


def test_invalid_utf8_is_replaced_not_fatal():
    text = normalize(b"caf\xe9 \xff ok\n").text
    assert "\ufffd" in text and text.endswith("ok")


def test_binary_output_is_detected_and_described():
    raw = bytes(range(256)) * 40
    assert is_binary(raw)
    result = normalize(raw)
    assert result.binary and result.text == f"binary output, {len(raw)} bytes"


def test_text_with_tabs_and_backspaces_is_not_binary():
    raw = b"col1\tcol2\nab\bc\n"
    assert not is_binary(raw)
    assert normalize(raw).text == "col1\tcol2\nac"


def test_raw_bytes_are_left_untouched():
    raw = bytearray(b"\x1b[32mok\x1b[0m\r\n")
    before = bytes(raw)
    normalize(bytes(raw))
    assert bytes(raw) == before


def test_fold_similar_lines_keeps_ends_and_counts_the_middle():
    lines = ["start"] + [f"Downloading chunk {i} of 500 ({i * 2} kB)" for i in range(1, 501)] + ["done"]
    folded = fold_similar(lines)
    assert folded[0] == "start" and folded[-1] == "done"
    assert "… 497 similar lines …" in folded
    assert "Downloading chunk 500 of 500 (1000 kB)" in folded
    assert len(folded) == 6


def test_fold_leaves_distinct_lines_alone():
    lines = ["a.py:1: error one", "b.py:2: warning two", "c.py:3: note three"]
    assert fold_similar(lines) == lines


def _chunked(raw: bytes, size: int) -> str:
    return normalize(iter([raw[i : i + size] for i in range(0, len(raw), size)])).text


def test_erase_line_and_column_one_overwrite_like_a_carriage_return():
    # prettier on a terminal: the file name is printed, erased (ESC[2K) and the cursor sent to column 1 (ESC[1G)
    raw = (b"Checking formatting...\r\nsrc/app.js\x1b[2K\x1b[1G[\x1b[33mwarn\x1b[39m] src/app.js\r\n"
           b"src/util.js\x1b[2K\x1b[Geslint.config.js\x1b[2K\x1b[1G[warn] eslint.config.js\r\n")
    expected = ["Checking formatting...", "[warn] src/app.js", "[warn] eslint.config.js"]
    assert normalize(raw).text.splitlines() == expected
    assert all(_chunked(raw, size).splitlines() == expected for size in (1, 2, 3, 7))


def test_cursor_up_and_erase_replaces_the_lines_above():
    # jest's status area: a blank line and " RUNS ..." are drawn, then erased from below (ESC[K, ESC[1A) and
    # the next result is written where they were
    runs = b"\r\n\x1b[0m\x1b[7m\x1b[33m\x1b[1m RUNS \x1b[22m\x1b[39m\x1b[27m\x1b[0m \x1b[1m...\x1b[22m\r\n"
    erase = b"\x1b[?2026l\x1b[?2026h\r\x1b[K\r\x1b[1A\r\x1b[K\r\x1b[1A"
    raw = (b"Determining test suites...\r\n" + runs + erase + b"\x1b[1m\x1b[31m FAIL \x1b[0m src/cart.test.js\r\n"
           + runs + erase + b" PASS  src/money.test.js\r\n" + runs + erase + b"\r\nTests: 1 failed, 1 passed, 2 total\r\n")
    expected = ["Determining test suites...", " FAIL  src/cart.test.js", " PASS  src/money.test.js", "", "Tests: 1 failed, 1 passed, 2 total"]
    assert normalize(raw).text.splitlines() == expected
    assert all(_chunked(raw, size).splitlines() == expected for size in (1, 5, 16))


def test_a_multi_line_redraw_keeps_only_its_last_frame():
    frame = lambda n: b"".join(b"layer %d: %d%%\x1b[K\n" % (i, n) for i in range(3))
    raw = b"pulling\n" + frame(10) + b"\x1b[3A" + frame(60) + b"\x1b[3A" + frame(100) + b"done\n"
    expected = ["pulling", "layer 0: 100%", "layer 1: 100%", "layer 2: 100%", "done"]
    assert normalize(raw).text.splitlines() == expected and _chunked(raw, 4).splitlines() == expected


def test_text_written_before_an_odd_cursor_move_is_kept():
    # the cursor moves away (absolute position, then up) after the error was written: nothing says it was erased
    raw = b"first line\nerror: src/app.ts line 3 \x1b[10;20H\x1b[1A\x1b[2K\nnext\n"
    assert normalize(raw).text.splitlines() == ["first line", "error: src/app.ts line 3", "next"]


def test_redraw_escapes_leave_the_raw_bytes_alone():
    raw = b"src/app.js\x1b[2K\x1b[1G[warn] src/app.js\r\nRUNS\r\n\x1b[1A\x1b[2Kdone\n"
    before = bytes(raw)
    assert normalize(raw).text == "[warn] src/app.js\ndone"
    assert raw == before


def test_a_redraw_reaches_back_only_over_the_lines_still_held():
    from terminus_edge.summarize.terminal import HELD_LINES

    raw = b"".join(b"row %d\n" % i for i in range(100)) + b"\x1b[500A\x1b[2Kredrawn\n"
    # the cursor stops at the oldest row still held and draws over it; the rows below it stay, as on a terminal
    expected = [f"row {i}" for i in range(100 - HELD_LINES)] + ["redrawn"] + [f"row {i}" for i in range(101 - HELD_LINES, 100)]
    assert normalize(raw).text.splitlines() == expected
    assert _chunked(raw, 9).splitlines() == expected  # the same however the bytes arrive


def test_a_run_of_one_line_repeated_keeps_one_copy_and_counts_the_rest():
    """`yes | head -100000`'s card read 'y / … 99997 similar lines …': the summary says a line once, so two of the
    three kept copies vanished and the count came out 2 short."""
    assert fold_similar(["start"] + ["y"] * 100_000 + ["end"]) == ["start", "y", "… 99999 more identical lines …", "end"]
    assert fold_similar(["y"] * 5) == ["y"] * 5  # under min_run: as printed


def test_yes_head_summary_counts_every_line():
    from terminus_edge.summarize import summarize

    body = summarize("yes | head -100000", b"y\n" * 100_000, 0).body
    assert "y\n… 99999 more identical lines …" in body and "similar lines" not in body
