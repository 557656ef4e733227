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
