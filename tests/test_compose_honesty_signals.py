"""An exit status 128+N names the signal N, worded as the shell's convention (a program may exit 130 itself)."""

from __future__ import annotations

import signal
import pytest
from real_captures import summary_of

from terminus_edge.summarize.status import signal_note, status_phrase
from terminus_edge.summarize.facts.types import Facts

@pytest.mark.parametrize("number", range(1, 32))
def test_128_plus_a_signal_names_it(number):
    note = signal_note(128 + number)
    name = signal.Signals(number).name
    verb = "stopped" if name in ("SIGTSTP", "SIGSTOP", "SIGTTIN", "SIGTTOU") else "killed"
    assert note.startswith(f" (128+{number}: by shell convention, {verb} by {name}")


@pytest.mark.parametrize("code", [0, 1, 2, 127, 128, 160, 255, -1])
def test_other_codes_name_no_signal(code):
    assert signal_note(code) == ""


def test_sigkill_names_its_common_causes_and_the_real_captures_name_their_signals():
    assert "OOM killer" in status_phrase(Facts(exit_code=137))
    assert "(128+9: by shell convention, killed by SIGKILL" in summary_of("sh-killed-137")
    assert "(128+11: by shell convention, killed by SIGSEGV — segmentation fault)" in summary_of("python-segfault")
    assert "(128+2: by shell convention, killed by SIGINT" in summary_of("python-keyboard-interrupt")


def test_a_timeout_is_still_a_timeout_whatever_signal_ended_it():
    assert status_phrase(Facts(exit_code=137, timed_out=True)) == "timed out (exit code 137)"
    git_fatal = summary_of("git-not-a-repository")  # git's own 128 is not 128+0
    assert "exit code 128" in git_fatal and "exit code 128 (" not in git_fatal


def test_a_stop_signal_status_says_stopped_not_killed():
    from terminus_edge.summarize.status import signal_note

    assert "stopped by SIGTSTP" in signal_note(148) and "killed" not in signal_note(148)
    assert "stopped by SIGTTIN" in signal_note(149)
    assert "killed by SIGKILL" in signal_note(137)
