"""Round 15 (session 12): CI platforms and containers (tests/data/real_round15: Jenkins, GitLab, Azure Pipelines,
CircleCI and GitHub Actions logs, BuildKit and legacy `docker build`, `docker compose up`, npm-run-all / concurrently
labels, the docker CLI without a daemon). Every case's summary must keep its hand-written facts (the known misses
below excepted) and make none of its false claims; the parsers behind the fixes are checked directly."""

from __future__ import annotations

import pytest

from fidelity_sets import FidelitySet
from terminus_edge.summarize.facts import azurepipelines, buildkit, jenkins
from terminus_edge.summarize.prefixes import process_streams

KNOWN_MISSES = {
    # (session 13: `[{time}] {name}`'s bare names are read as process names, and each process's tally is said beside
    # their sum: concurrently-time-prefix-fail and npm-run-all-continue-seq keep every fact now)
    # `Tests 1 failed | 629 passed` behind colour codes pasted as literal `^[[31m` text
    "gh-run-log-vitest-collisions": ["counts"],
    # the twelve tidy errors are shown, `some tidy checks failed` between them and the runner's lines is not
    "azure-rust-tidy-long-lines": ["failed"],
}
# real_round15b was captured after the fixes
ROUND15 = FidelitySet("real_round15", "real_round15b", known_misses=KNOWN_MISSES)
CASES = ROUND15.cases
facts_of, text_of = ROUND15.facts_of, ROUND15.text_of


def test_the_set_is_well_formed():
    ROUND15.check_well_formed(at_least=49)


@pytest.mark.parametrize("name", CASES)
def test_summary_keeps_every_fact_and_no_false_claim(name):
    ROUND15.check_summary(name)


def test_jenkins_result_stage_and_skipped_stages():
    facts = jenkins.parse(text_of("jenkins-pipeline-buildkit-next"))
    assert facts.steps[:2] == ["Jenkins build result FAILURE in stage Build Frontend & Backend", "Jenkins: script returned exit code 1"]
    assert "Deploy (earlier failure(s))" in facts.highlights[0] and "Verify" in facts.highlights[0]
    freestyle = jenkins.parse(text_of("jenkins-freestyle-node-gyp"))
    assert freestyle.steps == ["Jenkins build result FAILURE", "Jenkins build step 'Execute shell' marked the build as failure"]
    assert jenkins.parse("Started by user admin\n+ make\nFinished: SUCCESS\n").highlights == ["Jenkins build result SUCCESS"]


def test_buildkit_failed_vertex_its_cause_and_the_legacy_builder():
    facts = buildkit.parse(text_of("jenkins-pipeline-buildkit-next"))
    assert facts.steps[0] == "docker build step [frontend builder 4/4] RUN npm run build: exit code: 1"
    assert facts.steps[1] == "docker build failed to solve (target frontend)"  # its message is the step's own ERROR line
    assert "A string literal cannot be used as an imported binding." in facts.errors
    assert not any(line.startswith("npm notice") for line in facts.errors)
    boxed = buildkit.parse(text_of("buildkit-forge-test-failing"))  # an excerpt from the `------ > [5/5] RUN` box on
    assert boxed.steps[0] == "docker build step [5/5] RUN forge test failed"
    assert "Encountered a total of 7 failing tests, 3 tests succeeded" in boxed.errors
    legacy = buildkit.parse(text_of("docker-build-classic-lxml"))
    assert legacy.steps == ["docker build Step 6/6 RUN pip install --no-cache-dir -r requirements.txt: returned a non-zero code: 1"]
    assert any("libxml2 and libxslt" in line for line in legacy.errors)
    cut = buildkit.parse(text_of("compose-build-classic-flake8"))
    assert cut.highlights == ["last docker build step: Step 9/28 RUN flake8 --ignore=E501,F401 --exclude=virt/ ."]
    built = "Step 1/2 : FROM alpine\n ---> 1a2b\nStep 2/2 : RUN true\n ---> Running in 3c4d\nSuccessfully built 5e6f7a8b9c0d\n"
    assert buildkit.parse(built).highlights == [] and buildkit.parse(built).steps == []


def test_azure_failed_task_says_why():
    facts = azurepipelines.parse(text_of("azure-rust-cargo-patch-retries"))
    assert facts.highlights == ["the failed Azure Pipelines task: Run build"]
    assert facts.errors[0] == "error: failed to resolve patches for `https://github.com/rust-lang/cargo`"
    assert facts.errors[-1] == "The command has failed after 5 attempts."


def test_each_process_is_read_apart():
    streams = process_streams(text_of("run-p-continue-on-error"))
    assert sorted(streams) == ["build:css", "build:js", "typecheck"]  # npm-run-all pads `[build:js ]`
    assert "Error: Cannot find module './missing-widget' imported from src/app.js" in streams["build:js"]
    facts = facts_of("npm-run-all-continue-seq")
    assert facts.counts["errors"] == 5 and facts.counts["warnings"] == 2  # tsc's 1 and eslint's 4, not the first alone
    assert process_streams("[lint] one\n[lint] two\n[lint] three\n") == {}  # one process: nothing to take apart


def test_buildkit_long_command_keeps_its_exit_code_and_an_excerpt_its_box_lines():
    facts = buildkit.parse(text_of("buildkit-apt-version-pins"))
    assert facts.steps[0].endswith("did not complete successfully: exit code: 100") and facts.steps[0].startswith(
        "docker build failed to solve: RUN apt-get update && apt-get install -y")
    assert "E: Version '3.25.1' for 'cmake' was not found" in facts.errors
