"""The Claude Code hook, pass 3: a test runner named by its path (`.venv/bin/python -m pytest`, the way Claude Code
runs a project's own interpreter) was left alone ("no pattern matches"); stdin that is not an event was dropped
without a word."""
from __future__ import annotations

import pytest

from terminus_edge.integrations.claude_hook import HookConfig, run_hook, should_wrap


@pytest.mark.parametrize("command", [".venv/bin/python -m pytest -q", "/usr/bin/python3 -m pytest tests/test_a.py",
                                     "venv/bin/pytest -x", "node_modules/.bin/jest --ci", "/usr/bin/make -j4",
                                     "./mvnw test", "cd api && .venv/bin/python -m mypy ."])
def test_a_program_named_by_its_path_is_wrapped(command):
    wrap, why = should_wrap(command, HookConfig())
    assert wrap, why


@pytest.mark.parametrize("command", ["./build.sh", ".venv/bin/python script.py", "bin/vim notes.txt",
                                     ".venv/bin/python -m pytest &"])
def test_others_named_by_path_stay_alone(command):
    assert not should_wrap(command, HookConfig())[0]


@pytest.mark.parametrize("stdin, said", [("", "no event on stdin"), ("{oops", "stdin is not JSON"),
                                         ("[1, 2]", "the event is a JSON list, not an object")])
def test_what_is_not_an_event_is_left_alone_with_one_line(stdin, said, capsys):
    assert run_hook(stdin, HookConfig()) == ""
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("terminus-edge hook: left the call alone (") and said in err
