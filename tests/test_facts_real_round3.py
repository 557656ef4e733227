"""Parser-level checks on the third round of real captures in tests/data/real: clang 14 (C, C++, link, -Werror),
clang-tidy 14, make / ninja / meson 1.0 / autoconf 2.71 configure driving clang, gradle 4.4.1 on JDK 17, ant 1.10 with
JUnit 4.13, scalac / scala 2.11, kotlinc 1.3 (Debian bookworm packages).
The summary-level scoring of every case (facts kept, no forbidden claim) is in test_facts_real_tools.py; these pin the
facts those summaries are built from, and a few synthetic variants show the rules are not keyed to one capture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from real_captures import REAL, facts_of

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts.jvm_build import tool_lines

ROUND3 = [
    "clang-c-errors", "clangxx-template-errors", "clang-werror", "clang-warnings-only", "clang-link-undefined",
    "clangxx-link-undefined-tty", "make-k-clang-errors-tty", "clang-tidy-warnings", "clang-tidy-warnings-as-errors",
    "clang-missing-header", "ninja-clang-errors", "gradle-compile-errors", "gradle-test-failures", "gradle-test-failures-tty",
    "gradle-build-warnings", "gradle-task-not-found", "gradle-offline-missing-dependency", "gradle-run-exception",
    "ant-compile-errors", "ant-junit-failures", "meson-setup-missing-dependency", "configure-missing-header", "scalac-errors",
    "scala-runtime-exception", "kotlinc-errors", "gradle-compile-errors-tty", "gradle-multiproject-continue",
    "asan-heap-buffer-overflow", "ubsan-lsan-runtime-errors", "gradle-build-script-error", "gradle-groovy-compile-errors",
    "gradle-groovy-static-type-errors",
]


def test_round3_cases_are_present_and_cover_the_new_tools():
    tools = {json.loads((REAL / name / "meta.json").read_text())["tool"] for name in ROUND3}
    assert tools == {"clang", "clang-tidy", "make", "ninja", "meson", "configure", "gradle", "ant", "scalac", "scala", "kotlinc"}


def test_round3_scores_full_recall_and_no_forbidden_claim():
    cases = [c for c in fb.load_corpus(REAL) if c.id in ROUND3]
    assert len(cases) == len(ROUND3)
    totals = fb.totals(fb.run_benchmark(cases, fb.summarizer_for(model=None)))
    assert totals["mean_recall"] == 1.0 and totals["forbidden_hits"] == 0


# --- clang ---------------------------------------------------------------------------------------------------------

def test_clang_errors_and_warnings_counted_by_severity():
    facts = facts_of("clang-c-errors")
    assert facts.counts == {"errors": 2, "warnings": 3}
    assert [(d.line, d.col, d.severity) for d in facts.diagnostics] == [
        (32, 10, "warning"), (33, 23, "error"), (34, 13, "error"), (37, 31, "warning"), (39, 12, "warning")]


def test_template_errors_carry_their_notes_and_static_assert_its_message():
    diags = facts_of("clangxx-template-errors").diagnostics
    assert len(diags) == 4
    static, sum_, scale, too_few = diags
    assert static.message.startswith('static_assert failed: "Matrix element type must be arithmetic" (requirement ')
    assert "requested here at matrix.cpp:35:25" in static.message
    assert sum_.message == "no matching function for call to 'sum' (note: candidate template ignored: could not match 'Matrix' against 'vector')"
    assert "invalid operands to binary expression ('double' and 'const char *')" in scale.message
    assert too_few.message == "too few arguments to function call, expected 2, have 1"  # `'at' declared here` adds nothing


def test_werror_and_tidy_as_errors_keep_the_flag_as_code_not_in_the_message():
    werror = facts_of("clang-werror").diagnostics
    assert [(d.severity, d.code) for d in werror] == [("error", "-Werror,-Wunused-variable"), ("error", "-Werror,-Wsign-compare")]
    assert werror[0].message == "unused variable 'unused_len'"
    tidy = facts_of("clang-tidy-warnings-as-errors")
    assert tidy.counts == {"errors": 2, "warnings": 2}
    assert tidy.diagnostics[0].code == "performance-unnecessary-value-param,-warnings-as-errors"
    assert "2 warnings treated as errors" in tidy.highlights


def test_tidy_dotted_check_names_are_codes_even_on_long_messages():
    facts = facts_of("clang-tidy-warnings")
    assert facts.counts == {"warnings": 10}  # not the 18724 of `warnings generated`, which counts system headers
    assert "clang-analyzer-security.insecureAPI.strcpy" in {d.code for d in facts.diagnostics}
    assert "Suppressed 18714 warnings (18713 in non-user code, 1 with check filters)" in facts.highlights


def test_clang_link_errors_name_every_symbol_and_the_callers():
    c = facts_of("clang-link-undefined")
    assert c.errors[0] == "linker: undefined reference to print_report, pow, sqrt (in main, stddev)"
    assert "link failed: linker command failed with exit code 1 (use -v to see invocation)" in c.errors
    cxx = facts_of("clangxx-link-undefined-tty")
    assert cxx.errors[0].startswith("linker: undefined reference to report::print(Shape const&, int), Circle::area() const, vtable for Circle")


def test_missing_header_and_ninja_failure():
    assert facts_of("clang-missing-header").missing == ["header config.h"]
    ninja = facts_of("ninja-clang-errors")
    assert ninja.errors == ["FAILED: tally.p/src_count.c.o", "ninja: build stopped: subcommand failed."]
    assert ninja.counts == {"errors": 1, "warnings": 1}


def test_make_driving_clang_on_a_terminal():
    facts = facts_of("make-k-clang-errors-tty")
    assert facts.counts == {"errors": 2, "warnings": 1}
    assert facts.steps == ["make: *** [Makefile:9: src/queue.o] Error 1", "make: *** [Makefile:9: src/main.o] Error 1",
                           "make: Target 'app' not remade because of errors"]


def test_address_sanitizer_report_kind_place_access_and_origin():
    facts = facts_of("asan-heap-buffer-overflow")
    assert facts.errors == ["AddressSanitizer: heap-buffer-overflow at /home/dev/asan/tokens.c:11:18 in split() (WRITE of size 8 in thread T0)"]
    assert facts.highlights == ["allocated by thread T0 here: /home/dev/asan/tokens.c:7:18 in split()"]


def test_ubsan_runtime_errors_and_a_leak():
    facts = facts_of("ubsan-lsan-runtime-errors")
    assert [(d.file, d.line, d.col) for d in facts.diagnostics] == [("stats.c", 24, 14), ("stats.c", 9, 15)]
    assert facts.diagnostics[0].message == "runtime error: shift exponent 33 is too large for 32-bit type 'int'"
    assert facts.errors == ["AddressSanitizer: 64 byte(s) leaked in 1 allocation(s)"]
    assert facts.highlights == ["Direct leak of 64 byte(s) in 1 object(s) allocated from: /home/dev/ubsan/stats.c:15:14 in histogram()"]


def test_a_sanitizer_report_cut_off_before_its_summary_still_names_the_error():
    text = "==7==ERROR: AddressSanitizer: heap-use-after-free on address 0x6020 at pc 0x1 bp 0x2 sp 0x3\nREAD of size 4 at 0x6020 thread T0\n"
    assert extract_facts("./app", text, 1).errors == ["AddressSanitizer: heap-use-after-free (READ of size 4 in thread T0)"]


def test_gcc_style_notes_fold_in_the_same_way():
    text = (
        "m.cpp: In function 'int main()':\n"
        "m.cpp:9:17: error: no matching function for call to 'sum(std::vector<int>&)'\n"
        "    9 |     double s = sum(raw);\n"
        "m.cpp:4:3: note: candidate: 'template<class T> T sum(const Matrix<T>&)'\n"
        "m.cpp:4:3: note:   template argument deduction/substitution failed:\n"
        "m.cpp:9:17: note:   'std::vector<int>' is not derived from 'const Matrix<T>'\n"
        "m.cpp:12:5: error: 'undeclared_thing' was not declared in this scope\n"
        "m.cpp:12:5: note: each undeclared identifier is reported only once for each function it appears in\n"
    )
    diags = extract_facts("g++ -c m.cpp", text, 1).diagnostics
    assert diags[0].message.endswith(
        "(note: candidate: 'template<class T> T sum(const Matrix<T>&)'; note: 'std::vector<int>' is not derived from 'const Matrix<T>')")
    assert diags[1].message == "'undeclared_thing' was not declared in this scope"


# --- gradle / ant ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["gradle-compile-errors", "gradle-compile-errors-tty"])
def test_gradle_compile_errors_glued_to_the_task_name_are_read_and_counted(name):
    facts = facts_of(name)
    assert facts.counts == {"errors": 3}
    assert [(Path(d.file).name, d.line) for d in facts.diagnostics] == [("Ledger.java", 18), ("Ledger.java", 22), ("Main.java", 10)]
    assert facts.diagnostics[1].message == "cannot find symbol (symbol: variable Strings)"
    assert "What went wrong: Execution failed for task ':compileJava'. > Compilation failed; see the compiler error output for details." in facts.errors


def test_gradle_lint_warnings_counted_with_their_category():
    facts = facts_of("gradle-build-warnings")
    assert facts.counts == {"warnings": 7} and len(facts.diagnostics) == 7
    assert [d.code for d in facts.diagnostics].count("rawtypes") == 3
    assert "BUILD SUCCESSFUL in 1s" in facts.highlights


@pytest.mark.parametrize("name", ["gradle-test-failures", "gradle-test-failures-tty"])
def test_gradle_junit_failures_plain_and_rich_console(name):
    facts = facts_of(name)
    assert facts.counts == {"total": 6, "failed": 2, "skipped": 1, "passed": 3}
    assert [(f.name, f.reason) for f in facts.failures] == [
        ("com.acme.LedgerTest > formatsCents", "org.junit.ComparisonFailure at LedgerTest.java:19"),
        ("com.acme.LedgerTest > averageOfEmpty", "java.lang.ArithmeticException at LedgerTest.java:25")]


def test_gradle_run_exception_is_the_programs_stack_trace():
    tb = facts_of("gradle-run-exception").traceback
    assert (tb.exc_type, tb.message, tb.file, tb.line, tb.function) == (
        "java.lang.NumberFormatException", 'For input string: "63 79"', "Main.java", 11, "com.acme.Main.loadPorts")


def test_gradle_offline_dependency_and_cause_chain():
    facts = facts_of("gradle-offline-missing-dependency")
    assert facts.missing == ["artifact com.google.guava:guava:31.1-jre (no cached version for offline mode)"]
    assert facts.errors[0] == (
        "What went wrong: Could not resolve all files for configuration ':compileClasspath'. > Could not resolve "
        "com.google.guava:guava:31.1-jre. > No cached version of com.google.guava:guava:31.1-jre available for offline mode.")


def test_gradle_glue_split_only_before_compiler_or_jvm_output():
    assert tool_lines(":compileJava/src/A.java:3: error: x\n") == ":compileJava\n/src/A.java:3: error: x\n"
    assert tool_lines(":app:runException in thread \"main\" java.lang.X\n").startswith(":app:run\nException in thread")
    assert tool_lines(":compileJava UP-TO-DATE\n:runner\n") == ":compileJava UP-TO-DATE\n:runner\n"


def test_gradle_build_script_error_says_where_in_the_script():
    errors = facts_of("gradle-build-script-error").errors
    assert errors[0].startswith(
        "What went wrong (at Build file '/home/dev/gscript/build.gradle' line: 8): A problem occurred evaluating root project "
        "'ports'. > Could not find method testImplemention()")


@pytest.mark.parametrize("name, expected", [
    ("gradle-groovy-compile-errors", [(14, 22, "unable to resolve class Heading")]),
    ("gradle-groovy-static-type-errors", [
        (15, 43, "[Static type checking] - No such property: size for class: java.util.List <Integer>"),
        (19, 24, "[Static type checking] - Cannot return value of type java.math.BigDecimal on method returning type int")]),
])
def test_groovyc_errors_through_gradle(name, expected):
    facts = facts_of(name)
    assert [(d.line, d.col, d.message) for d in facts.diagnostics] == expected
    assert facts.counts == {"errors": len(expected)}


def test_ant_javac_errors_without_the_task_prefix():
    facts = facts_of("ant-compile-errors")
    assert facts.counts == {"errors": 2}
    assert [(d.line, d.message) for d in facts.diagnostics] == [
        (23, "cannot find symbol (symbol: variable Locale)"), (27, "int cannot be dereferenced")]
    assert "/home/dev/antp/build.xml:9: Compile failed; see the compiler error output for details." in facts.errors
    assert "BUILD FAILED" in facts.highlights


def test_ant_junit_totals_once_per_suite_and_failures_with_their_exception():
    facts = facts_of("ant-junit-failures")
    assert facts.counts == {"total": 4, "failed": 1, "errors": 1, "skipped": 0, "passed": 2}
    assert [(f.name, f.kind, f.reason) for f in facts.failures] == [
        ("com.acme.InventoryTest.shipMoreThanStock", "error", "java.lang.IllegalStateException: not enough cd-2: have 1, need 2"),
        ("com.acme.InventoryTest.labelShowsQuantity", "failed", "junit.framework.AssertionFailedError: expected:<EF-3 x[ ]2> but was:<EF-3 x[]2>")]


def test_ant_junit_sums_suites_and_finds_line_numbers_when_compiled_with_debug():
    text = (
        "Buildfile: /w/build.xml\n\ntest:\n"
        "    [junit] Testsuite: a.ATest\n"
        "    [junit] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.01 sec\n"
        "    [junit] Testcase: one took 0.001 sec\n"
        "    [junit] \tFAILED\n"
        "    [junit] expected:<1> but was:<2>\n"
        "    [junit] junit.framework.AssertionFailedError: expected:<1> but was:<2>\n"
        "    [junit] \tat a.ATest.one(ATest.java:12)\n"
        "    [junit] Testsuite: a.BTest\n"
        "    [junit] Tests run: 3, Failures: 0, Errors: 0, Skipped: 1, Time elapsed: 0.01 sec\n"
        "\nBUILD FAILED\n/w/build.xml:20: Some tests failed\n\nTotal time: 1 second\n"
    )
    facts = extract_facts("ant test", text, 1)
    assert facts.counts == {"total": 5, "failed": 1, "errors": 0, "skipped": 1, "passed": 3}
    assert [(f.name, f.location) for f in facts.failures] == [("a.ATest.one", "ATest.java:12")]


# --- meson, configure, scala --------------------------------------------------------------------------------------

def test_meson_missing_dependency_is_a_missing_package():
    facts = facts_of("meson-setup-missing-dependency")
    assert facts.missing == ["package libwebp"]
    assert [(d.file, d.line) for d in facts.diagnostics] == [("meson.build", 3)]


def test_configure_error_with_the_last_check_that_failed():
    facts = facts_of("configure-missing-header")
    assert facts.errors == ["configure: error: sodium.h not found: install libsodium development files"]
    assert facts.highlights == ["last failed check: checking for sodium.h... no"]
    preamble = "checking for cc... no\nconfigure: error: in `/w':\nconfigure: error: no acceptable C compiler found in $PATH\n"
    assert extract_facts("./configure", preamble, 1).errors == ["configure: error: no acceptable C compiler found in $PATH"]


def test_scalac_errors_and_its_spelled_out_total():
    facts = facts_of("scalac-errors")
    assert facts.counts == {"errors": 3}
    assert facts.diagnostics[0].message == "type mismatch; (found: String; required: Int)"
    assert extract_facts("scalac A.scala", "A.scala:4: error: y\ntwo errors found\n", 1).counts == {"errors": 2}


def test_scala_exception_points_at_the_programs_frame_not_the_library():
    tb = facts_of("scala-runtime-exception").traceback
    assert (tb.exc_type, tb.message, tb.file, tb.line) == ("java.util.NoSuchElementException", "key not found: plum", "Orders.scala", 7)


def test_kotlinc_errors_with_columns():
    facts = facts_of("kotlinc-errors")
    assert facts.counts == {"errors": 5}
    assert [(d.line, d.col) for d in facts.diagnostics] == [(12, 30), (12, 38), (12, 49), (16, 56), (22, 31)]


def test_gradle_continue_keeps_test_totals_apart_from_another_modules_compile_errors():
    facts = facts_of("gradle-multiproject-continue")
    assert facts.counts == {"total": 3, "failed": 1, "skipped": 0, "passed": 2}  # javac's `2 errors` are not test errors
    assert "2 compilation errors" in facts.highlights
    assert [d.line for d in facts.diagnostics] == [10, 16]
    assert [f.name for f in facts.failures] == ["com.acme.core.PriceTest > discountsByPercent"]
