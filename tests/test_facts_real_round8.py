"""Round 8 (session 8): real captures of OCaml / dune, Java and Kotlin exceptions, MkDocs, docutils, pydantic, deptry,
clang-tidy, Node crashes inside a dependency and more (tests/data/real). The fidelity of every case is checked by
test_facts_real_tools.py; here the parsers are checked directly, and the OCaml, Java and MkDocs cases must keep
their facts from the parsed facts alone, not only because a short output is shown whole."""

from __future__ import annotations

import pytest
from real_captures import facts_of, facts_only_summary, missed_from_facts_alone


# Facts that are lines of the program's own output (what it printed before failing), which the summary shows as
# output lines, not parsed facts.
OUTPUT_LINE_FACTS = {
    "dune-test-executable-fails": {"ok"}, "java-worker-thread-exception-exit-0": {"done"},
    "ocaml-invalid-argument-script": {"printed"}, "ocamlc-usage-unknown-file": {"usage"},
    "mkdocs-build-invalid-yaml": {"where"},  # said as `mkdocs.yml:5:4`; the fact asks for the words "line 5"
    "ocaml-assert-failure": {"printed"}, "java-string-index-out-of-bounds": {"printed"},
}
FACTS_ONLY = [
    "dune-build-two-library-errors", "dune-build-unbound-record-field", "dune-test-executable-fails",
    "ocaml-invalid-argument-script", "ocaml-not-found-backtrace", "ocaml-syntax-error-unclosed",
    "ocamlc-list-element-type-mismatch", "ocamlc-multiline-type-not-compatible", "ocamlc-no-implementation-link",
    "ocamlc-signature-mismatch", "ocamlc-unbound-value-hint", "ocamlc-usage-unknown-file", "ocamlc-warn-error-nonexhaustive",
    "java-array-index-out-of-bounds", "java-assertion-error-ea", "java-caused-by-illegal-state", "java-class-cast-exception",
    "java-concurrent-modification", "java-main-class-not-found", "java-number-format-exception",
    "java-source-launch-compile-errors", "java-worker-thread-exception-exit-0", "kotlin-number-format-exception",
    "mkdocs-build-anchor-and-link-warnings", "mkdocs-build-docs-dir-missing", "mkdocs-build-invalid-yaml",
    "mkdocs-build-plugin-not-installed", "mkdocs-build-strict-anchor-warnings", "mkdocs-build-theme-plugin-not-installed",
    "mkdocs-build-tty-colour",
    # captured after the round's fixes (the generalisation check)
    "ocamlc-labelled-arg-type-error", "ocaml-assert-failure", "ocaml-failure-no-backtrace", "dune-build-dev-profile-warnings",
    "java-exception-in-initializer", "java-string-index-out-of-bounds", "mkdocs-build-nav-missing-page", "mkdocs-build-config-file-missing",
]


@pytest.mark.parametrize("name", FACTS_ONLY)
def test_parsed_facts_alone_keep_the_facts(name):
    missed, forbidden = missed_from_facts_alone(name)
    assert missed <= OUTPUT_LINE_FACTS.get(name, set()) and forbidden == [], facts_only_summary(name)


def test_ocaml_message_runs_on_over_its_indented_lines():
    diag, = facts_of("ocamlc-multiline-type-not-compatible").diagnostics
    assert (diag.file, diag.line, diag.severity) == ("pairs.ml", 2, "error")
    assert diag.message == ("This expression has type (string * float) list but an expression was expected of type (string * int) list; "
                            "Type float is not compatible with type int")


def test_ocaml_warnings_made_errors_with_their_names_and_the_unmatched_case():
    facts = facts_of("ocamlc-warn-error-nonexhaustive")
    assert [(d.line, d.code) for d in facts.diagnostics] == [(7, "partial-match"), (1, "missing-mli"), (12, "unused-var")]
    assert facts.counts == {"errors": 3}
    assert "Here is an example of a case that is not matched: Triangle (_, _, _)" in facts.diagnostics[0].message


def test_ocaml_second_place_and_nested_places_join_their_diagnostic():
    syntax, = facts_of("ocaml-syntax-error-unclosed").diagnostics
    assert syntax.line == 5 and "broken_syntax.ml:3: This '(' might be unmatched" in syntax.message
    mismatch, = facts_of("ocamlc-signature-mismatch").diagnostics
    assert "counter.mli:3: Expected declaration" in mismatch.message and "val incr : t -> unit" in mismatch.message


def test_ocaml_uncaught_exceptions():
    tb = facts_of("ocaml-not-found-backtrace").traceback
    assert (tb.exc_type, tb.file, tb.line, tb.function) == ("Not_found", "lookup.ml", 9, "Lookup")
    assert tb.message == "raised at Stdlib__Hashtbl.find (hashtbl.ml:543)"
    script = facts_of("ocaml-invalid-argument-script").traceback
    assert (script.exc_type, script.message) == ("Invalid_argument", "port out of range: 70000")


def test_dune_failed_action_and_what_its_output_says_failed():
    assert facts_of("dune-test-executable-fails").errors == ["test_ledger (alias test/runtest) exited 1", "FAIL overdraft refused"]
    assert facts_of("dune-build-two-library-errors").counts == {"errors": 2}


def test_mkdocs_log_levels_wrapped_lines_and_endings():
    tty = facts_of("mkdocs-build-tty-colour")
    assert tty.counts == {"warnings": 4} and all(d.message.endswith("documentation files.") for d in tty.diagnostics[:2])
    strict = facts_of("mkdocs-build-strict-anchor-warnings")
    assert strict.errors == ["Aborted with 4 warnings in strict mode"]
    plugin = facts_of("mkdocs-build-plugin-not-installed")
    assert plugin.diagnostics[0].code == "config plugins" and plugin.counts == {"errors": 1}
    yaml, = facts_of("mkdocs-build-invalid-yaml").diagnostics
    assert (yaml.line, yaml.col) == (5, 4) and "expected <block end>" in yaml.message


def test_java_thread_and_main_class_and_source_launcher():
    assert 'thread "worker-1"' in facts_of("java-worker-thread-exception-exit-0").highlights[0]
    assert facts_of("java-main-class-not-found").errors == ["could not find or load main class Gradez (ClassNotFoundException)"]
    assert "compilation failed (source launcher); the program did not run" in facts_of("java-source-launch-compile-errors").errors


def test_docutils_system_messages_are_diagnostics():
    facts = facts_of("rst2html-docutils-warnings")
    assert facts.counts == {"errors": 3, "warnings": 2}
    assert [(d.line, d.severity) for d in facts.diagnostics][:3] == [(4, "warning"), (7, "warning"), (12, "error")]


def test_pydantic_field_errors_and_deptry_file_findings():
    errors = facts_of("python-pydantic-validation-error").errors
    assert errors[0] == "id: Input should be a valid integer, unable to parse string as an integer [int_parsing]" and len(errors) == 3
    deptry = facts_of("deptry-missing-and-unused")
    assert deptry.counts == {"errors": 4} and deptry.count_words["errors"] == "dependency issues"
    assert [(d.file, d.line, d.code) for d in deptry.diagnostics if d.line is None] == [("pyproject.toml", None, "DEP002")] * 2


def test_a_compile_error_in_a_path_holding_ld_is_no_link_failure():
    assert not any(e.startswith("link failed") for e in facts_of("cmake-ninja-build-two-cxx-errors").errors)


def test_a_runtime_error_at_a_warnings_place_is_kept():
    facts = facts_of("gnat-run-constraint-error")
    assert any("CONSTRAINT_ERROR" in e for e in facts.errors)


def test_node_error_thrown_inside_a_dependency_names_its_throw_site():
    tb = facts_of("svelte-check-ts-and-a11y").traceback
    assert (tb.file, tb.line) == ("/home/dev/js/node_modules/svelte-check/bin/ts-version-check.js", 38)


def test_mkdocs_info_that_lists_pages_and_docutils_reason_on_the_next_line():
    listed = [d for d in facts_of("mkdocs-build-nav-missing-page").diagnostics if d.severity == "info"]
    assert [d.message for d in listed] == [
        'The following pages exist in the docs directory, but are not included in the "nav" configuration: extra.md']
    severe = facts_of("rst2html-severe-include")
    assert severe.diagnostics[0].message.endswith("No such file or directory: 'missing_part.rst'.")
    assert severe.errors == ["Exiting due to level-4 (SEVERE) system message"]


def test_ocaml_assert_failure_names_its_own_place():
    tb = facts_of("ocaml-assert-failure").traceback
    assert (tb.exc_type, tb.file, tb.line, tb.function) == ("Assert_failure", "check.ml", 2, "Check.average")


def test_spectral_rows_put_the_rule_first_and_the_document_path_last():
    diags = facts_of("spectral-lint-openapi").diagnostics
    assert [d.code for d in diags][:3] == ["oas3-api-servers", "info-contact", "info-description"]
    ref = next(d for d in diags if d.code == "invalid-ref")
    assert ref.severity == "error" and ref.message.startswith("'#/components/schemas/Item' does not exist (at paths./items/{id}.get")


def test_a_file_url_frame_is_a_plain_path():
    assert [f.location for f in facts_of("mocha-chai-deep-equal-and-throw").failures] == [
        "/home/dev/webapp/test/cart.test.mjs:4", "/home/dev/webapp/test/cart.test.mjs:5"]
