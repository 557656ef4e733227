"""prefixes.py: a wrapper's prefix on every line is taken off before the parsers read the lines."""

from terminus_edge.summarize.prefixes import NOISE_KINDS, strip_line_prefixes

PYTEST_TAIL = ["FAILED tests/test_a.py::test_one - assert 1 == 2", "1 failed, 3 passed in 0.02s"]


def test_ts_iso_timestamps_go():
    text = "\n".join(f"2026-11-26T18:22:13.784{i}Z {line}" for i, line in enumerate(["", *PYTEST_TAIL, "done"]))
    assert strip_line_prefixes(text).split("\n")[1:3] == PYTEST_TAIL


def test_gh_log_columns_then_timestamp():
    lines = ["##[group]Run pytest", *PYTEST_TAIL, "##[error]Process completed with exit code 1."]
    text = "\n".join(f"test\tRun tests\t2026-11-26T18:22:22.20{i}Z {line}" for i, line in enumerate(lines))
    assert strip_line_prefixes(text).split("\n") == lines
    assert strip_line_prefixes(text, NOISE_KINDS).split("\n") == lines


def test_compose_service_bars_in_one_column():
    text = "web-1     | Traceback (most recent call last):\nweb-1     |   File \"app.py\", line 3\nworker-1  | ready\nweb-1     | KeyError: 'jp'"
    assert strip_line_prefixes(text).split("\n")[3] == "KeyError: 'jp'"


def test_labels_kept_for_the_lines_shown_but_not_for_parsers():
    text = "[lint] > eslint src\n[lint] src/a.js\n[lint]   1:7  error  'fs' is unused  no-unused-vars\n[test] Tests: 2 failed, 4 passed\nERROR: \"lint\" exited with 1."
    assert strip_line_prefixes(text, NOISE_KINDS) == text
    assert strip_line_prefixes(text).split("\n")[3] == "Tests: 2 failed, 4 passed"


def test_tool_own_marks_and_clocks_stay():
    maven = "[INFO] Building app\n[INFO] BUILD FAILURE\n[ERROR] Failed to execute goal\n[ERROR] -> [Help 1]"
    dmesg = "[48668.192569] Total swap = 0kB\n[48668.192571] 6291358 pages RAM\n[48668.192848] Out of memory: Killed process 19753"
    numbers = "0.123456 0.5\n1.234567 0.25\n2.345678 0.125"
    for text in (maven, dmesg, numbers):
        assert strip_line_prefixes(text) == text


def test_a_few_prefixed_lines_are_no_layer():
    text = "18:22:14 started\nbuild ok\nwrote dist/app.js\n3 files\nall done"
    assert strip_line_prefixes(text) == text


def test_unaligned_bars_are_a_table_not_services():
    table = "alice | 3\nbob | 10\ncarol | 7\ndave | 1"
    assert strip_line_prefixes(table) == table
