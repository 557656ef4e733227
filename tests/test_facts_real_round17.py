"""Round 17 (session 14): failure modes the earlier sets did not hold (tests/data/real_round17: C++ runtime aborts,
sanitizer stack reports, gdb on a C++ terminate and a core file, make's up-to-date / not-remade lines, cmake / meson /
ninja configuration errors, go and cargo test shapes, Django and alembic migrations, pytest-subtests, jest / ts-node /
tsc -b / mocha, concurrently running three tools, Sphinx crash reports). Every case's summary must keep its
hand-written facts and make none of its false claims; the parsers behind the fixes are checked directly."""

from __future__ import annotations

import pytest

from fidelity_sets import FidelitySet
from terminus_edge.summarize.facts import cargo, cc, gdb, migrations, nodejs, pytest as pytest_facts, sphinx

ROUND17 = FidelitySet("real_round17", "real_round17b")  # 17b: captured after the first fixes


def test_the_set_is_well_formed():
    ROUND17.check_well_formed(at_least=79)


@pytest.mark.parametrize("name", ROUND17.cases)
def test_summary_keeps_every_fact_and_no_false_claim(name):
    ROUND17.check_summary(name)


def test_make_says_what_it_did_not_do():
    assert cc.parse(ROUND17.text_of("make-nothing-to-be-done")).highlights == ["make: Nothing to be done for 'all'"]
    assert cc.parse(ROUND17.text_of("make-target-up-to-date")).highlights == ["make: 'app' is up to date"]
    recursive = cc.parse(ROUND17.text_of("make-recursive-nothing-to-be-done"))  # said in lib/ and app/: once
    assert recursive.highlights == ["make[1]: Nothing to be done for 'all'"]
    kept_going = cc.parse(ROUND17.text_of("make-k-not-remade-two-targets"))
    assert kept_going.errors[-1] == "make: Target 'all' not remade because of errors"


def test_sanitizer_names_the_stack_variable_and_its_frame():
    facts = cc.parse(ROUND17.text_of("asan-stack-use-after-return"))
    assert "stack variable 'counter' (line 3) of make_counter() at /home/dev/cxx/uar.c:3: the access is inside it" in facts.highlights


def test_cargo_failures_follow_libtests_sorted_list():
    text = ("test t::b ... FAILED\ntest t::a ... FAILED\n\nfailures:\n\n---- t::b stdout ----\nthread 't::b' panicked at src/lib.rs:2:1:\nno b\n"
            "\n---- t::a stdout ----\nthread 't::a' panicked at src/lib.rs:1:1:\nno a\n\nfailures:\n    t::a\n    t::b\n\n"
            "test result: FAILED. 0 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n")
    assert [(f.name, f.reason) for f in cargo.parse(text).failures] == [("t::a", "no a"), ("t::b", "no b")]


def test_gdb_keeps_the_cxx_runtimes_reason():
    facts = gdb.parse(ROUND17.text_of("gdb-batch-cxx-terminate-bt"))
    assert facts.errors == ["terminate called after throwing std::runtime_error: config file must end in .cfg: settings.ini"]
    assert gdb.parse("terminate called without an active exception\n").errors == ["terminate called without an active exception"]


def test_pytest_subtests_are_named_with_their_own_reason_before_their_test():
    facts = pytest_facts.parse(ROUND17.text_of("pytest-subtests-subfail"))
    assert [(f.name, f.reason) for f in facts.failures][:2] == [
        ("tests/test_sub.py::test_rates_positive [rate] (code='CHF')", "AssertionError: CHF rate must be positive"),
        ("tests/test_sub.py::test_rates_positive", "contains 1 failed subtest")]
    assert facts.counts == {"failed": 4}  # `6 subtests passed` are subtests, not tests
    unit = pytest_facts.parse(ROUND17.text_of("pytest-unittest-subtest-failures"))  # a unittest subTest under pytest
    assert (unit.failures[0].name, unit.failures[0].reason) == (
        "tests/test_unit_sub.py::ParseTests::test_ports (raw='-1')", "AssertionError: None != -1")


def test_sphinx_crash_report_gives_the_cause_the_versions_and_the_log():
    facts = sphinx.parse(ROUND17.text_of("sphinx-build-conf-py-exception"))
    assert facts.errors == ["Sphinx Configuration error"]
    assert (facts.traceback.exc_type, facts.traceback.file, facts.traceback.line) == (
        "FileNotFoundError", "/home/dev/sph2/src/conf.py", 2)
    assert facts.highlights[0] == "versions: Python 3.11.7, Sphinx 9.0.4, Docutils 0.22.4"
    assert facts.highlights[1].startswith("full traceback in /tmp/sphinx-err-")


def test_migration_runners_name_the_step_that_crashed():
    alembic = migrations.parse(ROUND17.text_of("alembic-upgrade-table-already-exists"))
    assert alembic.highlights == ["failed in alembic upgrade -> a1 (create accounts)"]
    ok = "INFO  [alembic.runtime.migration] Running upgrade a1 -> b2, add email\n"
    assert migrations.parse(ok).highlights == []  # it finished: nothing crashed in it
    django = migrations.parse("  Applying orders.0001_initial... OK\n  Applying orders.0002_placed...Traceback (most recent call last):\n"
                              '  File "manage.py", line 22, in <module>\nKeyError: \'x\'\n')
    assert django.highlights == ["failed while applying migration orders.0002_placed"]


def test_mocha_exception_during_run_points_at_the_test_file():
    crash = nodejs.parse(ROUND17.text_of("mocha-forbid-only")).traceback
    assert (crash.exc_type, crash.file, crash.line) == ("Error", "/home/dev/js/test/orders.spec.js", 3)


def test_sphinx_autodoc_warning_carries_the_exception_it_quotes_and_it_is_told_once():
    from terminus_edge.summarize.facts import extract_facts
    text = ("WARNING: autodoc: failed to import 'shop'; the following exception was raised:\nTraceback (most recent call last):\n"
            '  File "/v/lib/python3.11/site-packages/sphinx/ext/autodoc/importer.py", line 9, in _import\n    raise exc\n'
            "ModuleNotFoundError: No module named 'shop'\n [autodoc.import_object]\nbuild finished with problems, 1 warning.\n")
    warning = sphinx.parse(text).diagnostics[0]
    assert (warning.message, warning.code) == (
        "autodoc: failed to import 'shop' (ModuleNotFoundError: No module named 'shop')", "autodoc.import_object")
    facts = extract_facts("sphinx-build -b html src out", text, 1)
    assert facts.traceback is None and facts.missing == ["module shop"]
