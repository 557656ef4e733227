"""The pty's newline translation (ONLCR) undone only where it is certain: a TUI command's log and its binary size
are the bytes the command wrote."""

from __future__ import annotations

import os
import pty
import termios
from types import SimpleNamespace

import pytest

from terminus_edge.tui.onlcr import AS_WRITTEN, NEWLINES, OTHER, as_written, pty_translation
from terminus_edge.tui.pipeline import FinishedCommand, Pipeline
from terminus_edge.tui.widgets.cards import CardState


@pytest.fixture
def master():
    """A pty pair: the translation is set on the child's side and read through the master, as the TUI does."""
    master_fd, child_fd = pty.openpty()
    yield SimpleNamespace(master_fd=master_fd, child_fd=child_fd)
    os.close(master_fd)
    os.close(child_fd)


def set_oflag(fd: int, on: int = 0, off: int = 0) -> None:
    attrs = termios.tcgetattr(fd)
    attrs[1] = (attrs[1] | on) & ~off
    termios.tcsetattr(fd, termios.TCSANOW, attrs)


def test_the_pty_s_translation_is_read_from_its_output_flags(master):
    assert pty_translation(master) == NEWLINES  # a new pty: OPOST and ONLCR, as a shell's commands get it
    set_oflag(master.child_fd, off=termios.OPOST)  # `stty raw`, vim, ssh
    assert pty_translation(master) == AS_WRITTEN
    set_oflag(master.child_fd, on=termios.OPOST, off=termios.ONLCR)
    assert pty_translation(master) == AS_WRITTEN  # processing on, but nothing that changes bytes
    set_oflag(master.child_fd, on=termios.ONLCR | termios.TAB3)  # `stty tab3`: tabs become spaces
    assert pty_translation(master) == OTHER
    set_oflag(master.child_fd, on=termios.OCRNL, off=termios.TABDLY)
    assert pty_translation(master) == OTHER


def test_no_unix_pty_or_a_closed_one_is_not_known():
    assert pty_translation(None) == OTHER
    assert pty_translation(SimpleNamespace(master_fd=None)) == OTHER
    read, write = os.pipe()  # not a terminal
    try:
        assert pty_translation(SimpleNamespace(master_fd=read)) == OTHER
    finally:
        os.close(read)
        os.close(write)


def test_newlines_are_undone_only_where_every_one_was_translated():
    terminal = b"\x00\x01\r\nbin\r\r\nary\r\n"  # the program wrote "\r\n" once: the pty made it "\r\r\n"
    assert as_written(terminal, {NEWLINES}) == (b"\x00\x01\nbin\r\nary\n", True)
    assert as_written(b"a\nb\r\n", {NEWLINES}) == (b"a\nb\r\n", False)  # a bare "\n": translation was off a while
    assert as_written(b"a\r\n", {NEWLINES, AS_WRITTEN}) == (b"a\r\n", False)  # raw mode wrote "\r\n" itself?
    assert as_written(b"a\r\n", {AS_WRITTEN}) == (b"a\r\n", True)
    assert as_written(b"a\r\n", {OTHER}) == (b"a\r\n", False)
    assert as_written(b"a\r\n", set()) == (b"a\r\n", False)


def test_the_tui_s_line_for_a_left_out_middle_is_kept_and_not_counted_as_a_bare_newline():
    cut = b"\n[terminus-edge: 123 characters of output not kept here]\n"
    assert as_written(b"head\r\n" + cut + b"tail\r\n", {NEWLINES}) == (b"head\n" + cut + b"tail\n", True)
    assert as_written(b"head\r\n" + cut + b"ta\nil", {NEWLINES})[1] is False


def test_a_binary_card_says_its_count_is_the_terminal_s_where_the_translation_stayed():
    data = bytes(range(256)) * 4
    pipeline = Pipeline()
    pipeline.set_model(None)
    pipeline.record(1, FinishedCommand("cat blob", data, 0, 1000.0, 1000.1, terminal_bytes=True))
    pipeline.record(2, FinishedCommand("cat blob", data, 0, 1000.0, 1000.1))
    pipeline.record(3, FinishedCommand("echo hi", b"hi\r\n", 0, 1000.0, 1000.1, terminal_bytes=True))
    texts = [pipeline.summarize(CardState(key, "cat blob", 0, 0.1)).text for key in (1, 2, 3)]
    assert "binary output, 1024 bytes (bytes as the terminal got them" in texts[0]
    assert "binary output, 1024 bytes" in texts[1] and "terminal" not in texts[1]
    assert "terminal" not in texts[2]  # text: no size to qualify
