"""Round 14 (session 12): ecosystems the real set had not captured in these shapes (tests/data/real_round14: Maven /
surefire with JUnit 5, the JUnit console launcher, javac / javadoc, Groovy, Clojure, RSpec JSON, rubocop's formats,
PHPUnit, composer, phpmd, Perl, hspec / HUnit / cabal, mix / EUnit, Lua, R CMD check / lintr, staticcheck). Every case's
summary must keep its hand-written facts and make none of its false claims; the parsers behind the fixes are checked
directly."""

from __future__ import annotations

import pytest

from fidelity_sets import FidelitySet
from terminus_edge.summarize.facts import jsontests
from terminus_edge.summarize.facts.common import by_level

# RSpec's JSON report is one line (17 KB): normalize breaks it at its commas (json_lines.py) instead of cutting its
# middle, so every failed example is named (it had been a known miss: 3 of 4 cut, session 12).
ROUND14 = FidelitySet("real_round14", known_misses={})
CASES = ROUND14.cases
facts_of = ROUND14.facts_of


def test_the_set_is_well_formed():
    ROUND14.check_well_formed(at_least=60)


@pytest.mark.parametrize("name", CASES)
def test_summary_keeps_every_fact_and_no_false_claim(name):
    ROUND14.check_summary(name)


def test_junit_console_launcher_failures_and_a_surefire_report_file():
    console = facts_of("junit-console-launcher")
    assert console.counts == {"total": 6, "passed": 2, "failed": 3, "skipped": 1, "errors": 0}
    assert [(f.name, f.location) for f in console.failures] == [
        ("shop.OrderTest.parsesQuantity", "OrderTest.java:9"), ("shop.StockTest.addsUp", "StockTest.java:13"),
        ("shop.StockTest.removingUnknownSku", "StockTest.java:26")]
    report = facts_of("cat-surefire-report-txt")  # `cat` of target/surefire-reports/X.txt: no [ERROR] prefixes
    assert report.counts["passed"] == 1 and report.counts["skipped"] == 1 and report.counts["failed"] == 2
    assert [f.name for f in report.failures] == ["shop.StockTest.addsUp", "shop.StockTest.removingUnknownSku"]


def test_maven_reactor_and_offline_dependency():
    assert facts_of("mvn-reactor-module-fails").steps == ["reactor modules: api FAILURE, web SKIPPED"]
    assert facts_of("mvn-offline-dependency-missing").missing == [
        "artifact com.fasterxml.jackson.core:jackson-databind:jar:2.99.1 (offline mode: never downloaded)"]


def test_a_groovy_script_frame_is_the_place_and_its_compile_error_is_read():
    tb = facts_of("groovy-null-property").traceback
    assert (tb.exc_type, tb.file, tb.line) == ("java.lang.NullPointerException", "report.groovy", 5)
    # held out: a message over two lines before its ` @ line 1, column 1.` (the `1 error` tally alone had hidden it)
    [d] = facts_of("groovy-duplicate-class").diagnostics
    assert (d.file, d.line, d.col) == ("/home/dev/gr/Pricing.groovy", 1, 1) and "duplicate class definition" in d.message


def test_haskell_test_reports_and_cabal_verdicts():
    hspec = facts_of("hspec-failures")
    assert [(f.name, f.location) for f in hspec.failures][0] == ("mean is zero for an empty list", "Spec.hs:12:15")
    assert hspec.failures[0].reason == "expected: 0.0 but got: NaN"
    hunit = facts_of("hunit-failures")
    assert hunit.counts == {"total": 4, "failed": 2, "errors": 1, "passed": 1}
    assert [(f.name, f.kind) for f in hunit.failures] == [("1:median of three", "failed"), ("2:parse", "failed"), ("3:parse bad", "error")]
    assert "cabal: Failed to build hstats-0.1.0 (which is required by exe:hstats from hstats-0.1.0)." in facts_of("cabal-build-type-error").errors


def test_linters_by_level_rubocop_simple_hlint_lintr_phpmd():
    simple = facts_of("rubocop-format-simple")
    assert {d.file for d in simple.diagnostics} == {"lib/cart.rb", "lib/report.rb"} and len(simple.diagnostics) == 11
    assert "rubocop offenses by severity: warning 1, convention 10 (11 offenses in all)" in simple.highlights
    assert "hlint hints by level: warning 4, suggestion 1 (5 hints in all)" in facts_of("hlint-suggestions").highlights
    assert "10 lints (by level: style 10)" in facts_of("lintr-lint-file").highlights
    assert "4 violations reported" in facts_of("phpmd-text").highlights
    assert by_level("x", {"a": 2}, ("a",)) == "x: a 2"  # one level: no sum


def test_r_cmd_check_and_composer():
    check = facts_of("r-cmd-check")
    assert check.counts == {"errors": 1, "warnings": 3} and check.count_unit is None
    errors = [d.message for d in check.diagnostics if d.severity == "error"]
    assert errors == ["checking examples: Error in trimmed_mean(c(1, 2, 3, 100)) : object 'undefined_offset' not found"]
    offline = facts_of("composer-install-offline")
    assert "No composer.lock file present." in offline.highlights
    assert offline.errors[0].startswith('in RemoteFilesystem.php line 476: The "https://repo.packagist.org/packages.json" file')


def test_rspec_json_whole_and_cut():
    whole = ('{"version":"3.12.0","examples":[{"id":"./spec/a_spec.rb[1:1]","description":"adds","full_description":"A adds",'
             '"status":"failed","file_path":"./spec/a_spec.rb","line_number":3,"run_time":0.1,"pending_message":null,'
             '"exception":{"class":"RSpec::Expectations::ExpectationNotMetError","message":"\\nexpected: 2\\n     got: 3\\n",'
             '"backtrace":["./spec/a_spec.rb:4:in `block (2 levels)\'"]}}],"summary":{"duration":0.1,"example_count":1,'
             '"failure_count":1,"pending_count":0,"errors_outside_of_examples_count":0},"summary_line":"1 example, 1 failure"}')
    facts = jsontests.parse(whole)
    assert facts.counts == {"total": 1, "failed": 1} and facts.count_unit == "tests"
    assert [(f.name, f.reason, f.location) for f in facts.failures] == [("A adds", "expected: 2 got: 3", "spec/a_spec.rb:4")]
    long = facts_of("rspec-json-format")  # one line over 16 KiB: broken at its commas, read whole
    assert long.counts["failed"] == 4 and [f.name for f in long.failures] == [
        "Cart rejects an unknown code", "Cart lists skus", "Cart finds a missing sku", "Cart checks several things"]
