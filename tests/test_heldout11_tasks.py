"""tests/data/tasks_heldout11 (19 tasks written before the subagent ran on them, 0.018 -> 1.000) and tasks_heldout11b
(11 more written after those fixes, 0.455 -> 1.000) end to end with the rules planner. Floors, not the measured figure, plus the safety checks: the lookups (git history, logs, configs,
dependency trees, reports, two folders) run read-only commands the unattended policy allows, never a build, a test
suite, an install or a git command that changes the repository; the CI workflow's steps stop at the first failure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from heldout_runs import check, check_read_only, missing, run_rules

DATA = Path(__file__).parent / "data" / "tasks_heldout11"
DATA_B = Path(__file__).parent / "data" / "tasks_heldout11b"
LOOKUPS = ("cargo-why-syn", "auth-failed-logins", "junit-report-failures", "coverage-lowest-module", "git-flag-introduced",
           "git-branch-contains", "git-stash-contents", "git-latest-tag", "nginx-listen-ports", "dockerfile-runtime-stage",
           "k8s-memory-limits", "errors-by-hour", "slowest-endpoint", "job-duration", "config-dir-diff", "unpinned-requirements")
LOOKUPS_B = ("lock-who-depends", "git-function-added", "git-commit-in-release", "ssh-bruteforce-hosts", "etl-run-time",
             "docker-expose-entrypoint", "k8s-cpu-limits", "requirements-all-pinned", "templates-identical")
_RUNS_SOMETHING = re.compile(r"\b(pytest|unittest|go (test|build)|cargo|npm (run|test|install|ci)|pip install|make)\b|"
                             r"\bgit (checkout|switch|reset|stash (pop|apply|drop|push)|fetch|pull|push|tag)\b")


@pytest.mark.skipif(missing("bash", "python3", "git", "grep", "diff"), reason="a toolchain is missing")
def test_eleventh_held_out_batch_lookups():
    results = run_rules(DATA, LOOKUPS)
    check(results)
    check_read_only(results, LOOKUPS, DATA, _RUNS_SOMETHING)
    results = run_rules(DATA_B, LOOKUPS_B)
    check(results)
    check_read_only(results, LOOKUPS_B, DATA_B, _RUNS_SOMETHING)


@pytest.mark.skipif(missing("npm", "openssl"), reason="npm or openssl missing")
def test_eleventh_held_out_batch_npm_tree_and_certificate():
    results = run_rules(DATA, ("npm-why-dep", "cert-expiry"))
    check(results)
    assert results["npm-why-dep"].commands == ["npm ls ms"]
    assert results["cert-expiry"].commands[0].startswith("openssl x509 -in deploy/certs/api.pem -noout ")
    check(run_rules(DATA_B, ("cert-issuer-valid",)))


@pytest.mark.skipif(missing("python3"), reason="python3 missing")
def test_eleventh_held_out_batch_ci_steps_stop_at_the_first_failure():
    results = run_rules(DATA, ("ci-workflow-step",))
    check(results)
    assert results["ci-workflow-step"].commands == ["python3 -m compileall -q src", "python3 -m unittest discover -s tests",
                                                    "python3 scripts/check_version.py"]
    results = run_rules(DATA_B, ("workflow-which-step-breaks",))
    check(results)
    assert len(results["workflow-which-step-breaks"].commands) == 2  # the smoke test after the failing step is not run
