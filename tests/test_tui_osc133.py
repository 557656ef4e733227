"""OSC 133 command cutting: marks split anywhere across pty reads, exit codes, command lines, caps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from terminus_edge.tui.osc133 import CommandCutter, CommandFinished, CommandStarted, PromptEnd, parse_cmdline

BEL, ST = "\x07", "\x1b\\"


def mark(body: str, end: str = BEL) -> str:
    return f"\x1b]133;{body}{end}"


SESSION = (
    mark("D;0") + mark("A") + "\x1b[32muser@host\x1b[0m$ " + mark("B") + "echo hello; ls /nope\r\n"
    + mark("C;cmdline_url=echo%20hello%3B%20ls%20%2Fnope") + "hello\r\nls: cannot access '/nope'\r\n"
    + mark("D;2", ST) + mark("A") + "$ " + mark("B") + "\r\n" + mark("A") + "$ " + mark("B")
    + mark("C") + "\x1b[1mbold\x1b[0m" + mark("D;130") + mark("A") + "$ "
)


def run(chunks: list[str]) -> tuple[str, list]:
    cutter = CommandCutter()
    shown, events = [], []
    for chunk in chunks:
        for text, event in cutter.split(chunk):
            shown.append(text)
            if event is not None:
                events.append(event)
    return "".join(shown), events


def test_whole_session_in_one_read():
    shown, events = run([SESSION])
    assert shown == SESSION  # the emulator still sees every byte, marks included
    finished = [e for e in events if isinstance(e, CommandFinished)]
    assert [(e.command, e.exit_code) for e in finished] == [("echo hello; ls /nope", 2), (None, 130)]
    assert finished[0].output == "hello\r\nls: cannot access '/nope'\r\n"
    assert finished[1].output == "\x1b[1mbold\x1b[0m"
    assert sum(isinstance(e, PromptEnd) for e in events) == 3
    assert [e.command for e in events if isinstance(e, CommandStarted)] == ["echo hello; ls /nope", None]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(SESSION)), max_size=25))
def test_any_chunking_gives_the_same_result(cuts):
    points = sorted(set(cuts))
    chunks = [SESSION[a:b] for a, b in zip([0, *points], [*points, len(SESSION)])]
    assert run(chunks) == run([SESSION])


def test_d_without_c_is_not_a_command():
    _, events = run([mark("D;0") + mark("A") + "$ " + mark("B")])
    assert not any(isinstance(e, CommandFinished) for e in events)


def test_missing_exit_code_is_none_not_zero():
    _, events = run([mark("C") + "x" + mark("D")])
    assert events[-1] == CommandFinished(None, "x", None)


def test_other_osc_sequences_pass_through_and_stay_in_output():
    title = "\x1b]0;my title\x07"
    shown, events = run([mark("C") + title + "out" + mark("D;0")])
    assert title in shown
    assert events[-1].output == title + "out"


def test_unterminated_lookalike_is_released_when_it_cannot_be_a_mark():
    cutter = CommandCutter()
    first = cutter.split("abc\x1b]13")  # may become a mark: held back
    assert "".join(t for t, _ in first) == "abc"
    second = cutter.split("7;rgb\x07tail")  # OSC 137, not 133: everything comes out
    assert "".join(t for t, _ in second) == "\x1b]137;rgb\x07tail"


def test_zsh_prompt_sp_filler_is_not_output():
    filler = "\x1b[1m\x1b[7m%\x1b[27m\x1b[1m\x1b[0m" + " " * 79 + "\r \r"
    _, events = run([mark("C") + "no newline" + filler + mark("D;0")])
    assert events[-1].output == "no newline"


def test_zsh_prompt_sp_filler_is_cut_from_the_end_of_a_big_output_only():
    filler = "\x1b[1m\x1b[7m%\x1b[27m\x1b[1m\x1b[0m" + " " * 79 + "\r \r"
    body = "".join(f"{n}% done\r\n" for n in range(100_000))  # 1.2 MB, a '%' on every line
    _, events = run([mark("C"), body[:600_000], body[600_000:] + "tail" + filler, mark("D;0")])
    assert events[-1].output == body + "tail"


def test_huge_output_keeps_head_and_tail_and_counts_the_rest():
    cutter = CommandCutter(cap=100)
    cutter.split(mark("C"))
    for i in range(50):
        cutter.split(f"line{i:03d}\n")
    (_, event), = [p for p in cutter.split(mark("D;1")) if p[1] is not None]
    assert event.output.startswith("line000\n") and event.output.endswith("line049\n")
    head, gap, tail = event.output.partition(f"\n[terminus-edge: {event.dropped_chars} characters of output not kept here]\n")
    assert gap and len(head) == 50 and len(tail) <= 50
    assert len(head) + len(tail) + event.dropped_chars == 50 * 8  # every character kept or counted


def test_cmdline_forms():
    assert parse_cmdline("C;cmdline_url=a%20b%C3%A9") == "a bé"
    assert parse_cmdline("C;cmdline=raw text") == "raw text"
    assert parse_cmdline("C") is None


def test_c_again_before_d_is_the_next_line_of_the_same_input():
    """bash runs a pasted multi-line input one line at a time, each after its own C, with one D at the end: the
    second C used to start over, so the card named the last line and the first line's output was lost."""
    stream = (mark("B") + mark("C;cmdline=echo a") + "a\r\n" + mark("C;cmdline=echo b") + "b\r\n"
              + mark("C") + "c\r\n" + mark("D;0") + mark("A") + "$ ")
    _, events = run([stream[:40], stream[40:]])
    started = [e for e in events if isinstance(e, CommandStarted)]
    assert [(e.command, e.continued) for e in started] == [("echo a", False), ("echo b", True), (None, True)]
    (finished,) = [e for e in events if isinstance(e, CommandFinished)]
    assert (finished.command, finished.output, finished.exit_code) == ("echo a\necho b", "a\r\nb\r\nc\r\n", 0)
