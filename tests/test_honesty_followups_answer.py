"""The subagent's verdict line says what went wrong at exit 0 (an unanswered prompt, dependency conflicts, failures,
error lines) instead of "Build succeeded" / "reported no problems" / "Tests passed"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from terminus_edge.subagent.answer import assemble_answer, facts_from_dict, verdict
from terminus_edge.subagent.records import CommandRecord
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts import types as ft
from terminus_edge.summarize.normalize import normalize
from terminus_edge.summarize.pipeline import summarize

REAL = Path(__file__).parent / "data" / "real"
SUCCESS_WORDS = ("succeeded", "no problems", "Tests passed", "ran and exited")


def record(command: str, output: str, code: int, kind: str) -> CommandRecord:
    """A record as the loop fills it: the facts are the summary's, kept as a dict."""
    summary = summarize(command, output.encode(), code)
    return CommandRecord(command=command, kind=kind, origin="rules", exit_code=code, output=normalize(output.encode()).text,
                         summary_text=summary.text, facts=summary.facts.to_dict())


def real_record(name: str, kind: str) -> CommandRecord:
    case = REAL / name
    code = json.loads((case / "meta.json").read_text())["exit_code"]
    return record((case / "command.txt").read_text().strip(), (case / "output.txt").read_text(), code, kind)


@pytest.mark.parametrize("name, kind, says", [
    ("pip-install-dependency-conflict-warning", "build",
     "The build did not come out clean: `pip install 'urllib3==1.20'` exited with code 0, but the output reports 3 dependency conflicts."),
    ("pip-install-dependency-conflict-warning", "run",
     "`pip install 'urllib3==1.20'` exited with code 0, but the output reports 3 dependency conflicts."),
    ("sh-rm-interactive-no-answer", "run", "`rm -i old.log` exited with code 0, but a prompt went unanswered."),
    ("pnpm-install-unmet-peer", "build", "exited with code 0, but the output reports 1 dependency conflict"),
])
def test_real_exit_0_with_a_problem(name, kind, says):
    rec = real_record(name, kind)
    assert rec.exit_code == 0 and not rec.waiting_for_input  # only the output tells
    text = verdict(rec)
    assert says in text and not any(word in text for word in SUCCESS_WORDS), text


@pytest.mark.parametrize("command, output, kind, says", [
    ("./lint.sh", "checking src\nerror: src/a.sh is not executable\nchecked 12 files\n", "check",
     "`./lint.sh` exited with code 0, but the output reports errors."),
    ("pytest | tee log.txt", "tests/test_a.py .F\n=========================== 1 failed, 1 passed in 0.1s ===========================\n",
     "test", "Tests failed: `pytest | tee log.txt` exited with code 0, but the output reports 1 failure (1 failed, 1 passed tests)."),
    ("./run_tests.sh", 'Traceback (most recent call last):\n  File "/app/t.py", line 3, in <module>\n    run()\nValueError: bad fixture\n',
     "test", "Not a clean test run: `./run_tests.sh` exited with code 0, but the output reports"),
    ("npx tsc --noEmit || true", "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n", "build",
     "The build did not come out clean: `npx tsc --noEmit || true` exited with code 0, but the output reports 1 error"),
])
def test_synthetic_exit_0_with_a_problem(command, output, kind, says):
    text = verdict(record(command, output, 0, kind))
    assert text.startswith(says) and not any(word in text for word in SUCCESS_WORDS), text


@pytest.mark.parametrize("command, output, kind, says", [
    ("make", "gcc -o app main.c\n", "build", "Build succeeded: `make` exited with code 0."),
    ("ruff check .", "All checks passed!\n", "check", "`ruff check .` reported no problems: exit code 0"),
    ("pytest -q", "..\n2 passed in 0.01s\n", "test", "Tests passed, no failures: `pytest -q` exited with code 0"),
    ("python3 etl.py", "loaded 10 rows\non_error: retry\ndone\n", "run", "`python3 etl.py` ran and exited with code 0"),
])
def test_clean_exit_0_still_says_so(command, output, kind, says):
    assert verdict(record(command, output, 0, kind)).startswith(says)


def test_a_non_zero_exit_is_unchanged():
    rec = record("pip install 'bar==3.0'", "ERROR: No matching distribution found for bar==3.0\n", 1, "build")
    assert verdict(rec) == "The build failed: `pip install 'bar==3.0'` exited with code 1."


def test_the_answer_leads_with_the_problem():
    rec = real_record("pip-install-dependency-conflict-warning", "build")
    answer = assemble_answer("install urllib3 1.20", [rec])
    first, rest = answer.split("\n", 1)
    assert "but the output reports 3 dependency conflicts" in first and "Build succeeded" not in answer
    assert "Command: pip install" in rest


def test_facts_round_trip_through_the_records_dict():
    facts = ft.Facts(exit_code=0, tools=["pytest"], counts={"failed": 1}, count_unit="tests", waiting_for_input=True,
                  failures=[ft.TestFailure("t.py::a", "assert 1 == 2", "t.py:3")],
                  diagnostics=[ft.Diagnostic("error", "bad", "a.c", 1, 2, "E1")],
                  traceback=ft.TracebackInfo("ValueError", "x", "a.py", 3, "f"), conflicts=["a requires b<2"])
    assert facts_from_dict(facts.to_dict()) == facts
    assert facts_from_dict({}) == ft.Facts()
    assert facts_from_dict({"counts": {"passed": 2}, "unknown_key": 1}).counts == {"passed": 2}
    real_facts = extract_facts("rm -i old.log", "rm: remove regular empty file 'old.log'? ", 0)
    assert facts_from_dict(real_facts.to_dict()) == real_facts
