"""Parser-level checks on the second round of real captures in tests/data/real (pip, npm/pnpm/yarn, git, shell and
Python basics). Short outputs pass through verbatim, so the summary tests in test_facts_real_tools.py cannot tell
whether the parsers read them; these pin the facts a longer output's summary is built from."""

from __future__ import annotations

import pytest
from real_captures import facts_of

from terminus_edge.summarize.facts import extract_facts



def test_pip_build_failure_names_the_compiler_error_and_the_missing_header():
    facts = facts_of("pip-sdist-build-failure")
    assert facts.missing == ["header proj.h"]
    assert "build output: src/_geo.c:2:10: fatal error: proj.h: No such file or directory" in facts.errors
    assert "failed to build fastgeo" in facts.errors and "failed to build installable" not in facts.errors


def test_pip_build_requirements_step_missing_module():
    facts = facts_of("pip-build-deps-module-not-found")
    assert facts.missing == ["module numpy"]
    assert "build output: ModuleNotFoundError: No module named 'numpy'" in facts.errors


def test_pip_resolution_impossible_names_both_sides():
    conflicts = facts_of("pip-resolution-impossible").conflicts
    assert conflicts == [
        "cannot install flask==3.0.0 and werkzeug==2.0.0: conflicting dependencies", "The user requested werkzeug==2.0.0",
        "flask 3.0.0 depends on Werkzeug>=3.0.0", "no matching distributions available for: werkzeug"]


def test_pip_check_and_post_install_conflicts():
    assert len(facts_of("pip-check-broken").conflicts) == 2
    warned = facts_of("pip-install-dependency-conflict-warning")
    assert len(warned.conflicts) == 3 and "installed 1 package: urllib3 1.20" in warned.highlights


@pytest.mark.parametrize("name, missing", [
    ("npm-install-e404", ["left-padd-utils-xyz@*"]),
    ("npm-install-etarget", ["express@9.9.9"]),
    ("pnpm-add-e404", ["left-padd-utils-xyz"]),
    ("yarn-install-no-version", ["express@9.9.9"]),
    ("npm-run-build-tsc-not-found", ["command tsc"]),
])
def test_js_package_managers_name_what_is_missing(name, missing):
    assert facts_of(name).missing == missing


def test_npm_404_paragraph_keeps_its_words():
    errors = facts_of("npm-install-e404").errors
    assert "404 404" not in errors
    assert "The requested resource 'left-padd-utils-xyz@*' could not be found or you do not have permission to access it." in errors


def test_npm_404_url_alone_names_the_package():
    text = "npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/@acme%2fwidgets - Not found\n"
    assert extract_facts("npm install @acme/widgets", text, 1).missing == ["package @acme/widgets"]


def test_git_checkout_blocked_names_the_files():
    errors = facts_of("git-checkout-blocked-local-changes").errors
    assert errors[0] == "checkout blocked: 2 files with local changes would be overwritten: app.py, config.toml"


def test_git_detached_head_and_rebase_conflict():
    assert facts_of("git-checkout-detached-head").highlights == ["detached HEAD at 7d1ee3f main: new port, debug on"]
    rebase = facts_of("git-rebase-conflict")
    assert rebase.conflicts == ["merge conflict (content) in app.py", "merge conflict (content) in config.toml"]
    assert "error: could not apply 7d1ee3f... main: new port, debug on" in rebase.errors


def test_git_push_rejected_and_commit_with_nothing_added():
    assert "push rejected: main -> main (non-fast-forward)" in facts_of("git-push-rejected-non-ff").errors
    highlights = facts_of("git-commit-nothing-added").highlights
    assert "1 untracked: notes.txt" in highlights
    assert "branch has diverged from origin/main: 1 local and 1 remote commits" in highlights
    assert any(h.startswith("nothing added to commit but untracked files present") for h in highlights)


@pytest.mark.parametrize("name, expected", [
    ("python-syntax-error", ("SyntaxError", "'[' was never closed", "/home/dev/sh/syn.py", 6)),
    ("python-indentation-error", ("IndentationError", "unindent does not match any outer indentation level", "/home/dev/sh/indent.py", 5)),
])
def test_syntax_errors_without_a_traceback_header(name, expected):
    tb = facts_of(name).traceback
    assert (tb.exc_type, tb.message, tb.file, tb.line) == expected


@pytest.mark.parametrize("name, chain", [
    ("python-chained-from", "chained exceptions: FileNotFoundError -> RuntimeError (uncaught: RuntimeError)"),
    ("python-chained-during-handling", "chained exceptions: ValueError -> KeyError (uncaught: KeyError)"),
    ("python-urlopen-unreachable", "chained exceptions: socket.gaierror -> urllib.error.URLError (uncaught: urllib.error.URLError)"),
])
def test_exception_chains_are_one_chain_with_the_uncaught_one_named(name, chain):
    assert chain in facts_of(name).highlights


def test_input_prompt_is_the_text_before_the_traceback():
    facts = facts_of("python-input-eof")
    assert facts.waiting_for_input and facts.input_prompt == "Project name:"


def test_python_dash_m_of_a_missing_module():
    assert "module pytest" in facts_of("python-m-pytest-not-installed").missing


def test_timeout_with_no_output_is_a_timeout():
    facts = facts_of("python-timeout-busy-loop")
    assert facts.timed_out and facts.exit_code == 124


@pytest.mark.parametrize("name, missing", [
    ("sh-cd-missing-dir", "file frontend"),
    ("sh-ls-cannot-access", "file build/"),
    ("python-cannot-open-file", "file /home/dev/sh/manage.py"),
    ("npm-install-no-package-json", "file /home/dev/npmp/empty/package.json"),
])
def test_missing_files_are_named_by_their_path_alone(name, missing):
    assert missing in facts_of(name).missing


def test_npm_eresolve_is_one_conflict_with_both_versions():
    facts = facts_of("npm-install-eresolve-peer")
    assert facts.conflicts == ['could not resolve peer react@"^18.2.0" from react-dom@18.2.0 (found react@17.0.2)']
    assert not any(e.startswith(("While resolving", "Could not resolve dependency")) for e in facts.errors)


def test_pnpm_unmet_peer_is_a_conflict_under_its_package():
    facts = facts_of("pnpm-install-unmet-peer")
    assert facts.conflicts == ["react-dom 18.2.0: unmet peer react@^18.2.0: found 17.0.2"]
    assert "packages: +6" in facts.highlights


def test_git_status_says_what_is_staged_and_what_is_not():
    highlights = facts_of("git-status-mixed").highlights
    assert "staged: deleted README.md, new file new_module.py" in highlights
    assert "not staged: modified config.toml" in highlights
    assert "2 untracked: README.md, notes.txt" in highlights


def test_make_recipe_traceback_and_make_error_both_kept():
    facts = facts_of("make-recipe-python-keyerror")
    assert (facts.traceback.exc_type, facts.traceback.line) == ("KeyError", 9)
    assert "make: *** [Makefile:3: check] Error 1" in facts.errors


def test_pip_version_that_needs_a_newer_python_is_not_called_missing():
    facts = facts_of("pip-requires-python")
    assert facts.missing == ["django==6.0 (needs Python >=3.12, latest available 5.2.19)"]
    assert "21 versions skipped that require a different Python (>=3.12)" in facts.highlights
    assert facts_of("pip-no-matching-version").missing == ["requests==2.99.1 (no such version, latest available 2.34.2)"]


def test_git_push_declined_by_a_hook_keeps_the_hooks_message():
    errors = facts_of("git-push-hook-declined").errors
    assert "remote: direct pushes to main are not allowed; open a merge request" in errors
    assert "push rejected: main -> main (pre-receive hook declined)" in errors


def test_git_modify_delete_conflict_and_stash_drop():
    assert facts_of("git-cherry-pick-conflict").conflicts[0].startswith("modify/delete: legacy.txt deleted in 64f3a35")
    assert "dropped refs/stash@{0}" in facts_of("git-stash-pop-automerged").highlights


@pytest.mark.parametrize("name, prompt", [
    ("prompt-timeout-input", "Project name:"),
    ("npm-init-stdin-closed", "package name: (init)"),
    ("sh-rm-interactive-no-answer", "rm: remove regular empty file 'old.log'?"),
])
def test_unanswered_prompts(name, prompt):
    facts = facts_of(name)
    assert facts.waiting_for_input and facts.input_prompt == prompt


@pytest.mark.parametrize("name", ["docker-daemon-unreachable", "git-pull-divergent", "pip-invalid-requirement"])
def test_a_question_in_an_error_message_is_not_a_prompt(name):
    assert not facts_of(name).waiting_for_input
