"""Exit 124 is a timeout only when something says so: a `timeout` wrapper on the command line, our capture stopping
the command at its deadline (timed_out=True), or the output. Otherwise it is just the exit code a script chose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts.registry import ran_under_timeout, says_timed_out
from terminus_edge.summarize.normalize import normalize
from terminus_edge.summarize.pipeline import summarize

REAL = Path(__file__).parent / "data" / "real"


@pytest.mark.parametrize("command", [
    "timeout 5 make", "timeout -s KILL -k 2 5m make test", "timeout --signal=INT 30 pytest -x",
    "sudo -u ci timeout 5 ./run.sh", "env CI=1 nice -n 10 timeout 3s pytest", "A=1 /usr/bin/timeout 3 ./x",
    "nice -10 timeout 5 ./x", "cd app && timeout 10 ./run.sh", "bash -lc 'timeout 5 make'", "sh -c \"timeout 5 make\"",
    "gtimeout 5 ./x", "./gen.sh | timeout 3 ./consume",
])
def test_commands_under_timeout(command):
    assert ran_under_timeout(command)


@pytest.mark.parametrize("command", [
    "./deploy.sh", "grep -rn timeout src", "echo timeout 5", "git commit -m 'timeout 5 fix'", "make timeout",
    "timeout --preserve-status 5 ./x",  # then timeout passes on the command's own status, never 124 of its own
    "python3 -c 'import sys; sys.exit(124)'", "bash -c 'unbalanced", "",
])
def test_commands_not_under_timeout(command):
    assert not ran_under_timeout(command)


def test_a_script_exiting_124_is_not_called_a_timeout():
    facts = extract_facts("./check.sh", "checking inputs\nvalidation failed: 3 rows rejected\n", 124)
    assert not facts.timed_out
    body = summarize("./check.sh", b"checking inputs\nvalidation failed: 3 rows rejected\n", 124).body
    assert body.startswith("exit code 124") and "timed out" not in body, body


@pytest.mark.parametrize("command, output, timed_out", [
    ("timeout 2 ./check.sh", "checking inputs\n", False),  # the wrapper
    ("./check.sh", "checking inputs\n", True),  # our capture stopped it at its deadline
    ("./check.sh", "checking inputs\ntimeout: sending signal TERM to command './slow.sh'\n", False),  # `timeout -v` inside
    ("./integration.sh", "starting db\nwaiting for db: timed out after 30 s\n", False),  # the script says so
])
def test_124_is_a_timeout_when_something_says_so(command, output, timed_out):
    facts = extract_facts(command, output, 124, timed_out=timed_out)
    assert facts.timed_out
    assert summarize(command, output.encode(), 124, timed_out=timed_out).body.startswith("timed out (exit code 124)")


def test_the_output_saying_timeout_as_a_setting_is_not_a_timeout():
    assert not says_timed_out("retries: 3\ntimeout: 30\nrequest_timeout = 5\n")
    assert says_timed_out("curl: (28) Connection timed out after 5001 milliseconds")
    assert says_timed_out("context deadline exceeded")


def test_any_other_exit_code_is_never_made_a_timeout_by_the_wrapper():
    facts = extract_facts("timeout 5 make", "make: *** [all] Error 2\n", 2)
    assert not facts.timed_out and facts.exit_code == 2


def _cases_exiting_124() -> list[Path]:
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
    return sorted(p for corpus in (REAL, shared) if corpus.is_dir() for p in corpus.iterdir()
                  if (p / "meta.json").is_file() and json.loads((p / "meta.json").read_text())["exit_code"] == 124)


def test_the_real_timeouts_still_time_out():
    cases = _cases_exiting_124()
    assert len(cases) >= 3  # prompt-timeout-input, python-timeout-busy-loop, hang-migrate-prompt (dev)
    for case in cases:
        command = (case / "command.txt").read_text().strip()
        facts = extract_facts(command, normalize((case / "output.txt").read_bytes()).text, 124)
        assert facts.timed_out, case.name
