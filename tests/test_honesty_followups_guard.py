"""The fact guard drops a gist's success claim when something went wrong although the exit code is 0 (an unanswered
prompt, pip's dependency conflicts, error lines), as it does for a failed command."""

from __future__ import annotations

from pathlib import Path

import pytest

from terminus_edge.model import FakeModel
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.guard import guard
from terminus_edge.summarize.normalize import normalize
from terminus_edge.summarize.pipeline import summarize

REAL = Path(__file__).parent / "data" / "real"


def capture(name: str) -> tuple[str, bytes, int]:
    import json

    case = REAL / name
    meta = json.loads((case / "meta.json").read_text())
    return (case / "command.txt").read_text().strip(), (case / "output.txt").read_bytes(), meta["exit_code"]


@pytest.mark.parametrize("name, claim", [
    ("pip-install-dependency-conflict-warning", "The urllib3 package was installed without any issues."),
    ("pip-install-dependency-conflict-warning", "The urllib3 package was installed successfully."),
    ("sh-rm-interactive-no-answer", "The rm command completed as expected."),
])
def test_a_success_claim_on_a_real_exit_0_with_a_problem_is_removed(name, claim):
    command, raw, code = capture(name)
    assert code == 0  # the premise: the exit code alone says success
    text = normalize(raw).text
    facts = extract_facts(command, text, code)
    assert not facts.failed  # ...and so do the failure facts: only the exit-0 problems tell
    result = guard(claim, text, facts, "")
    assert result.text == "" and result.removed == [claim]


def test_the_same_claim_on_a_clean_run_stays():
    # the control: the same sentence survives when nothing went wrong, so the removal above is the problem's doing
    text = "Collecting urllib3==1.26.0\nInstalling collected packages: urllib3\nSuccessfully installed urllib3-1.26.0\n"
    facts = extract_facts("pip install urllib3==1.26.0", text, 0)
    claim = "The urllib3 package was installed without any issues."
    assert guard(claim, text, facts, "").text == claim


def test_a_sentence_that_names_the_problem_stays():
    command, raw, _ = capture("pip-install-dependency-conflict-warning")
    text = normalize(raw).text
    facts = extract_facts(command, text, 0)
    # a failure word is supported when something went wrong, even at exit 0
    kept = "The urllib3 1.20 install left requests with incompatible dependencies."
    assert guard(kept, text, facts, "").text == kept
    failing = "The dependency resolver could not satisfy requests."
    assert guard(failing, text, facts, "").text == failing


def test_end_to_end_the_gist_does_not_survive_next_to_the_conflicts():
    command, raw, _ = capture("pip-install-dependency-conflict-warning")
    claim = "The urllib3 package was installed without any issues."
    summary = summarize(command, raw, 0, model=FakeModel([claim]))
    assert claim not in summary.text and not summary.model_used
    assert "exit code 0, but the output reports 3 dependency conflicts" in summary.body


def test_error_lines_at_exit_0_take_a_success_claim_away():
    text = "uploading image\nError: could not reach the registry, using the cached image\nuploaded image\n"
    facts = extract_facts("./deploy.sh", text, 0)
    assert guard("The image was uploaded without errors.", text, facts, "").text == ""
