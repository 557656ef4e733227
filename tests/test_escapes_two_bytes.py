"""A two-byte escape took the character after it too (`ab ESC \\ cd` summarized as `abd`, a stray string terminator
in binary-ish output, found through the TUI's card): only a character-set escape (ESC ( B, ESC # 8) has a third byte."""

from __future__ import annotations

import pytest

from terminus_edge.summarize import summarize
from terminus_edge.summarize.normalize import normalize


@pytest.mark.parametrize("raw, shown", [
    (b"ab\x1b\\cd\n", "abcd"),  # stray ST: nothing to end, nothing more to take
    (b"\x1bEerror: disk full\n", "error: disk full"),  # NEL before a word
    (b"\x1bDwarning: late\n", "warning: late"),
    (b"a\x1b(Bb\n", "ab"),  # tput sgr0's ESC ( B: the character set's letter is part of it
    (b"a\x1b#8b\n", "ab"),
    (b"\x1b]0;build\x1b\\step 1 done\n", "step 1 done"),  # a title ended by ST, as before
    (b"a\x1b7b\x1b8c\n", "ac"),  # save/restore cursor, as before
])
def test_escapes_take_only_their_own_bytes(raw, shown):
    assert normalize(raw).text == shown
    assert normalize([raw[:3], raw[3:]]).text == shown  # however the bytes arrive


def test_the_summary_quotes_the_error_whole():
    summary = summarize("./deploy", b"\x1bEerror: disk full\n", 1, model=None)
    assert "error: disk full" in summary.body
