"""Chained Python tracebacks: the summary's "Output lines" never spend their room on the connective lines
("During handling of the above exception, …"); the final exception and the innermost own frame come first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from terminus_edge.summarize import summarize
from terminus_edge.summarize.context import context_lines

REAL = Path(__file__).parent / "data" / "real"
CHAINED = sorted(p for p in REAL.glob("python-chained*") if p.is_dir())
CONNECTIVE = ("During handling of the above exception", "The above exception was the direct cause")

LIBRARY_CHAIN = """Traceback (most recent call last):
  File "/home/dev/app/load.py", line 7, in load
    return json.loads(raw)
  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads
    return _default_decoder.decode(s)
  File "/usr/lib/python3.11/json/decoder.py", line 355, in raw_decode
    raise JSONDecodeError("Expecting value", s, err.value) from None
json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/home/dev/app/main.py", line 12, in <module>
    main()
  File "/home/dev/app/main.py", line 9, in main
    config = load_or_die(path)
  File "/home/dev/app/load.py", line 11, in load_or_die
    raise SystemError(f"bad config {path}")
  File "/usr/lib/python3.11/logging/__init__.py", line 1, in helper
    pass
SystemError: bad config settings.json
"""


def test_the_real_captures_are_here():
    assert len(CHAINED) >= 3


@pytest.mark.parametrize("case", CHAINED, ids=lambda p: p.name)
def test_a_chained_traceback_summary_has_no_connective_line_and_keeps_the_final_exception(case):
    meta = json.loads((case / "meta.json").read_text())
    s = summarize((case / "command.txt").read_text().strip(), (case / "output.txt").read_bytes(), meta["exit_code"])
    assert not any(c in s.body for c in CONNECTIVE)
    final = [line for line in (case / "output.txt").read_text().splitlines() if line and not line[0].isspace()][-1]
    assert final.split(":", 1)[0] in s.body


def test_output_lines_prefer_the_final_exception_and_innermost_own_frame_over_connective_lines():
    picked = context_lines(LIBRARY_CHAIN, "exit code 1", budget=40)
    assert "SystemError: bad config settings.json" in picked
    assert 'File "/home/dev/app/load.py", line 11, in load_or_die' in picked  # not the logging frame below it
    assert "logging/__init__.py" not in picked and "json/decoder.py" not in picked
    assert not any(c in picked for c in CONNECTIVE)


def test_exception_lines_and_frames_the_facts_already_say_are_not_repeated():
    said = ("exit code 1; json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0) at /home/dev/app/load.py:7; "
            "SystemError: bad config settings.json at /home/dev/app/load.py:11")
    assert context_lines(LIBRARY_CHAIN, said, budget=200) == ""


def test_a_chained_traceback_with_library_frames_is_said_by_its_facts_alone():
    s = summarize("python3 main.py", LIBRARY_CHAIN.encode(), 1)
    assert "Output lines" not in s.body and "SystemError: bad config settings.json at /home/dev/app/load.py:11" in s.body


def test_a_traceback_of_library_frames_only_shows_its_exception_line():
    text = ('Traceback (most recent call last):\n  File "<frozen runpy>", line 198, in _run_module_as_main\n'
            '  File "/usr/lib/python3.11/json/tool.py", line 50, in main\n    obj = json.load(infile)\n'
            "ValueError: Expecting value\n")
    assert context_lines(text, "exit code 1", budget=40) == "ValueError: Expecting value"
