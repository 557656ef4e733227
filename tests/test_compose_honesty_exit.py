"""What the status line may claim: exit 0 is "succeeded" only when nothing in the output says otherwise (an
unanswered prompt, pip's dependency conflicts, failures, error-level findings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from real_captures import REAL, summary_of

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.summarize.status import problems_despite_exit_0, status_phrase
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts.types import Facts
from terminus_edge.summarize.normalize import normalize
from terminus_edge.summarize.pipeline import summarize

def body(command: str, text: str, code: int) -> str:
    return summarize(command, text.encode(), code).body


# --- exit 0 with something wrong -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, says", [
    ("sh-rm-interactive-no-answer", "exit code 0, but a prompt went unanswered"),
    ("pip-install-dependency-conflict-warning", "exit code 0, but the output reports 3 dependency conflicts"),
    ("pnpm-install-unmet-peer", "exit code 0, but the output reports 1 dependency conflict"),
])
def test_real_exit_0_with_a_problem_is_not_called_a_success(name, says):
    text = summary_of(name)
    assert says in text and "succeeded" not in text, text


def exit_0_cases() -> list[fb.Case]:
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
    corpora = [REAL] + ([shared] if shared.is_dir() else [])
    return [c for corpus in corpora for c in fb.load_corpus(corpus) if c.meta["exit_code"] == 0]


@pytest.mark.parametrize("case", exit_0_cases(), ids=lambda c: c.id)
def test_every_exit_0_case_says_succeeded_exactly_when_nothing_went_wrong(case):
    facts = extract_facts(case.command, normalize(case.output).text, 0)
    text = fb.summarizer_for(model=None)(case)
    problems = problems_despite_exit_0(facts)
    assert text.split("Summary: ", 1)[1].startswith("succeeded (exit code 0)" if not problems else "exit code 0, but ")


def test_clean_and_warning_only_runs_still_succeed():
    assert summary_of("cargo-clippy-warnings").split("Summary: ")[1].startswith("succeeded (exit code 0); 0 errors, 6 warnings")
    assert body("make", "nothing to be done\n", 0).startswith("succeeded (exit code 0)")


@pytest.mark.parametrize("command, output, says", [
    ("./setup.sh", "Installing hooks\nProceed (y/n)? ", "a prompt went unanswered"),
    ("bash -c 'read -p \"Overwrite config? [y/N] \" a'", "Overwrite config? [y/N] ", "a prompt went unanswered"),
    ("pip install 'bar==3.0'",
     "Collecting bar==3.0\nInstalling collected packages: bar\n"
     "ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. "
     "This behaviour is the source of the following dependency conflicts.\n"
     "foo 1.0 requires bar<2, but you have bar 3.0 which is incompatible.\nSuccessfully installed bar-3.0\n",
     "the output reports 1 dependency conflict"),
    ("pytest | tee log.txt", "tests/test_a.py .F\n=========================== 1 failed, 1 passed in 0.1s ===========================\n",
     "the output reports 1 failure"),
    ("npx tsc --noEmit || true", "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n",
     "the output reports 1 error"),
    ("./deploy.sh", "uploading\nError: could not reach the registry, using the cached image\ndone\n", "the output reports errors"),
    ("python3 job.py", 'Traceback (most recent call last):\n  File "/app/job.py", line 3, in <module>\n    run()\n'
     "ValueError: bad row 7\nrecovered, continuing\n", "the output reports"),
])
def test_synthetic_exit_0_with_a_problem(command, output, says):
    text = body(command, output, 0)
    assert text.startswith("exit code 0, but ") and says in text and "succeeded" not in text.split(";")[0], text


@pytest.mark.parametrize("output, prompt", [
    ("Installing into /opt/app\nContinue? ", "Continue?"),
    ("Installing\nEnter install dir: ", "Enter install dir:"),
    ("found config.toml\nDo you want to overwrite config.toml? ", "Do you want to overwrite config.toml?"),
    ("1) dev 2) prod 3) test\nSelect an environment [1-3]: ", "Select an environment [1-3]:"),
    ("Are you sure you want to drop table users? ", "Are you sure you want to drop table users?"),
])
def test_a_script_left_at_a_confirmation_or_entry_request_went_unanswered(output, prompt):
    # `echo -n "Continue? "; read x` with stdin closed: read gets EOF and a script without `set -e` exits 0
    text = body("./install.sh", output, 0)
    assert text.startswith(f'exit code 0, but a prompt went unanswered; waiting for input at prompt "{prompt}"'), text


@pytest.mark.parametrize("output", [
    "Cannot connect to the Docker daemon. Is the docker daemon running?\n",
    "Enter the password for this demo in config.toml\n",
    "continue reading the docs at https://example.org\n",
    "Overwrite mode is on.\n",
])
def test_a_question_or_instruction_that_asks_nothing_now_is_not_a_prompt(output):
    assert "prompt" not in body("./x.sh", output, 0)


@pytest.mark.parametrize("command, output", [
    ("curl -s localhost/api", '{"status":"ok","error":null,"items":[]}\n'),
    ("cat config.yaml", "retries: 3\non_error: retry\ntimeout: 30\nlog_level: error\n"),
    ("env | sort", "HOME=/root\nRAISE_ON_ERROR=false\n"),
    ("python3 etl.py", "loaded 10 rows\nskipped 2 invalid rows\ndone\n"),
])
def test_the_word_error_somewhere_is_not_an_error_report(command, output):
    # the fallback's error-like lines are still listed; they do not make the status line claim errors
    assert body(command, output, 0).startswith("succeeded (exit code 0)")


@pytest.mark.parametrize("line", [
    "Error: could not reach the registry", "error: unknown option", "fatal: not a git repository", "[ERROR] step crashed",
    "2026-11-25 10:00:01 ERROR db timeout", "npm ERR! code E404", "ValueError: bad row 7", "bash: line 1: x: error: nope",
])
def test_lines_that_state_an_error_do(line):
    assert status_phrase(Facts(exit_code=0, errors=[line])) == "exit code 0, but the output reports errors"


def test_each_error_level_fact_alone_takes_succeeded_away():
    assert status_phrase(Facts(exit_code=0)) == "succeeded (exit code 0)"
    for field, value in [("waiting_for_input", True), ("stopped_early", True), ("errors", ["error: boom"]), ("missing", ["module x"]),
                         ("conflicts", ["a 1 requires b<2"]), ("counts", {"failed": 2}), ("counts", {"errors": 1})]:
        facts = Facts(exit_code=0)
        setattr(facts, field, value)
        assert status_phrase(facts).startswith("exit code 0, but "), field
    for field, value in [("highlights", ["installed 3 packages"]), ("counts", {"passed": 4, "warnings": 2})]:
        facts = Facts(exit_code=0)
        setattr(facts, field, value)
        assert status_phrase(facts) == "succeeded (exit code 0)", field


def test_several_problems_are_named_together():
    facts = Facts(exit_code=0, waiting_for_input=True, conflicts=["x"], missing=["module a", "module b"], tools=["pip"])
    assert status_phrase(facts) == ("exit code 0, but a prompt went unanswered and the output reports "
                                    "1 dependency conflict and 2 missing items")
