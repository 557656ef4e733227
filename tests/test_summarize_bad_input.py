"""Bad input: each gives a clear summary, never a traceback, in bounded memory."""

from __future__ import annotations

import random
import tracemalloc

import pytest

from linear_time import assert_linear

from terminus_edge.summarize import summarize
from terminus_edge.summarize.normalize import normalize


def summarize_measured(raw: bytes, code: int = 0, command: str = "some-tool"):
    tracemalloc.start()
    try:
        summary = summarize(command, raw, code)
        return summary, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_empty_output_says_so():
    for code in (0, 1):
        s = summarize("true", b"", code)
        assert s.body == ("succeeded (exit code 0); no output" if code == 0 else "exit code 1; no output")
    assert summarize("true", b"\n \n\t\n", 0).body.endswith("no output")


def test_random_binary_output_is_described_by_its_size():
    raw = random.Random(7).randbytes(200_000)
    s = summarize("cat blob", raw, 0)
    assert s.body == "succeeded (exit code 0); binary output, 200000 bytes"


@pytest.mark.parametrize("raw,kind", [
    (b"\x7fELF\x02\x01\x01" + bytes(200) + random.Random(1).randbytes(4000), "ELF executable"),
    (b"\x89PNG\r\n\x1a\n" + bytes(30) + random.Random(2).randbytes(4000), "PNG image"),
    ("héllo wörld, error here\n".encode("utf-16"), "UTF-16 text"),
])
def test_binary_output_names_its_kind_when_the_magic_bytes_say(raw, kind):
    s = summarize("cat file", raw, 0)
    assert f"binary output, {len(raw)} bytes" in s.body and kind in s.body


def test_invalid_utf8_is_replaced_and_the_error_survives():
    s = summarize("make", b"caf\xe9 \xff\xfe\nsrc/a.c:3:1: error: stray '\\377' in program\n", 2)
    assert "exit code 2" in s.body and "src/a.c:3:1" in s.body and "stray" in s.body
    assert "\ufffd" in normalize(b"caf\xe9").text


def test_nul_separated_output_is_text_not_binary():
    s = summarize("find . -print0", b"./a.py\x00./src/b.py\x00./src/c.py\x00", 0)
    assert "binary" not in s.body
    assert "./src/b.py" in s.body and "./a.py" in s.body


def test_stray_nul_bytes_are_dropped_from_text():
    text = normalize(b"progress\x00 done\nerror: disk full\n").text
    assert "\x00" not in text and "error: disk full" in text


def test_carriage_return_storm_keeps_final_states_in_bounded_memory():
    rng = random.Random(3)
    parts = []
    for file in range(40):
        parts.append(f"downloading part-{file}.bin\n".encode())
        parts.append(b"".join(f"\r{pct:3d}% [{'#' * (pct // 5):<20}] {rng.random():.3f} MB/s".encode() for pct in range(0, 101) for _ in range(25)))
        parts.append(b"\n")
    parts.append(b"error: checksum mismatch for part-39.bin\n")
    raw = b"".join(parts)
    s, peak = summarize_measured(raw, 1, "fetch-all")
    assert "checksum mismatch for part-39.bin" in s.body
    assert "\r" not in s.text and "100% [####################]" in normalize(raw).text
    assert peak < 12_000_000


def test_one_long_storm_without_any_newline_is_bounded():
    raw = b"".join(f"\r{i % 100:3d}% eta {i}s".encode() for i in range(400_000))  # ~6 MB, never a newline
    s, peak = summarize_measured(raw, 0, "long-job")
    assert "99% eta 399999s" in s.body
    assert peak < 12_000_000


def test_heavy_ansi_osc_cursor_and_truecolor_are_stripped():
    raw = (
        b"\x1b]0;build \xe2\x80\x94 window title\x07\x1b[?1049h\x1b[2J\x1b[H"
        b"\x1b[38;5;196m\x1b[1merror\x1b[0m\x1b[38;2;255;128;0m:\x1b[0m "
        b"\x1b]8;;file:///src/app.ts\x1b\\src/app.ts\x1b]8;;\x1b\\ line 3 \x1b[10;20H\x1b[1A\x1b[2K\x1b[?25l\n"
        b"\x1b]133;D;1\x07\x1bP+q544e\x1b\\\x1b(B\x1b[m\x1b]unterminated title\n"
        b"next line \x1b[48;2;1;2;3mstill here\x1b[49m\n"
    )
    s = summarize("npm run build", raw, 1)
    assert "\x1b" not in s.text and "error: src/app.ts line 3" in s.text
    assert "next line still here" in s.text  # a stray ESC ] does not swallow what follows


def test_ten_megabyte_line_without_newline_is_cut_and_counted():
    raw = b"item, " * 1_750_000
    s, peak = summarize_measured(raw, 0, "some-tool")
    assert s.body.startswith("succeeded (exit code 0)")
    assert "more characters]" in s.body and len(s.body) < 2_000
    assert peak < 24_000_000


def test_ten_megabyte_json_line_without_newline_is_broken_at_its_commas_and_counted_as_printed():
    raw = b'{"items": [' + b'{"id": 1, "ok": true}, ' * 450_000 + b"]}"
    s, peak = summarize_measured(raw, 0, "curl -s api/items")
    assert s.body.startswith("succeeded (exit code 0); large output (1 line as printed, 900001 once one-line JSON")
    assert len(s.body) < 2_000
    assert peak < 24_000_000


def test_long_line_then_error_keeps_the_error():
    raw = b"x" * 10_000_000 + b"\nTypeError: cannot read properties of undefined\n"
    s, peak = summarize_measured(raw, 1, "node app.js")
    assert "TypeError: cannot read properties of undefined" in s.body
    assert peak < 24_000_000


WHITESPACE_STORMS = {  # about n characters of whitespace
    "blank lines": lambda n: "\n" * n,
    "indented blank lines": lambda n: "   \n\t\n" * (n * 3 // 10),
    "one line of spaces": lambda n: " " * n + 'File "x", line 1',
    "tabs": lambda n: "\t" * n + "x",
}


@pytest.mark.parametrize("name", sorted(WHITESPACE_STORMS))
@pytest.mark.parametrize("command", ["pip install x", "npm install", "pytest", "cargo build", "dotnet build", "go test ./...",
                                     "node --test", "npx jest", "npx vitest", "mvn test", "npx tsc", "npx eslint .", "mypy .",
                                     "ruff check", "gcc -c a.c", "shellcheck a.sh", "git status", "python a.py", "foo"])
def test_whitespace_storms_are_parsed_in_linear_time(name, command):
    """A line-start pattern written `^\\s+` with re.M crosses newlines: on 100,000 blank lines every line start
    rescans the rest of the text. The parsers see the text directly here, without normalization."""
    from terminus_edge.summarize.facts import extract_facts

    texts = {n: WHITESPACE_STORMS[name](n) + "\nerror: boom\n" for n in (25_000, 100_000)}
    assert_linear(lambda n: extract_facts(command, texts[n], 1), 25_000, f"{command} on {name}", repeats=2)
