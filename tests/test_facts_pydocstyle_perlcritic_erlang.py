"""pydocstyle's two-line violations, perlcritic's `at line N, column M.  …  (Severity: S)` rows and the Erlang
runtime's uncaught exceptions (escript, the erl shell, a crashed boot): the real captures in tests/data/real plus
synthetic variants of each tool's layout, and long crafted lines that a backtracking pattern would choke on."""

from __future__ import annotations

from linear_time import assert_linear
from real_captures import facts_of, summary_of

from terminus_edge.summarize import summarize
from terminus_edge.summarize.facts import erlang, extract_facts, perlcritic, pydocstyle

N = 128_000  # characters of a crafted line


# --- pydocstyle ------------------------------------------------------------------------------------------------------

def test_pydocstyle_reads_every_two_line_violation_with_its_code_and_counts_them():
    facts = facts_of("pydocstyle-violations")
    assert facts.counts == {"errors": 11}
    got = [(d.file, d.line, d.code) for d in facts.diagnostics]
    assert len(got) == 11 and got.count(("shipping/rates.py", 17, "D103")) == 1
    assert ("shipping/__init__.py", 1, "D104") in got  # `at module level`: no definition name on the header
    assert [d.code for d in facts.diagnostics].count("D103") == 6
    add = [d for d in facts.diagnostics if d.line == 15]
    assert [d.code for d in add] == ["D400", "D403"] and add[0].message == "First line should end with a period (not 'e')"
    summary = summary_of("pydocstyle-violations")
    assert "11 errors" in summary and "__init__.py:1 D104: Missing docstring in public package" in summary


def test_pydocstyle_layout_is_found_without_its_command_and_with_explanations():
    out = ("pkg/a.py:3 in private nested function `_inner`:\n        D202: No blank lines allowed after function docstring\n"
           "        All docstrings should ...\n\n"
           "pkg/b.py:1 at module level:\n        D100: Missing docstring in public module\n")
    facts = extract_facts("./lint.sh", out, 1)
    assert "pydocstyle" in facts.tools
    assert [(d.file, d.line, d.code) for d in facts.diagnostics] == [("pkg/a.py", 3, "D202"), ("pkg/b.py", 1, "D100")]
    assert "ruff" not in extract_facts("pydocstyle pkg", out, 1).tools  # its own family now, not ruff's empty one
    assert pydocstyle.parse("pkg/a.py:3 in public function `f`:\n\nD103: not indented\n").diagnostics == []


# --- perlcritic ------------------------------------------------------------------------------------------------------

def test_perlcritic_violations_keep_file_place_and_severity_and_the_clean_file():
    facts = facts_of("perlcritic-violations")
    assert [(d.file, d.line, d.col, d.severity) for d in facts.diagnostics] == [
        ("report.pl", 6, 1, "severity 4"), ("report.pl", 6, 32, "severity 3"), ("report.pl", 9, 33, "severity 3")]
    assert facts.diagnostics[1].message == '"die" used instead of "croak"'
    assert "3 perlcritic violations (severity 4 ×1, severity 3 ×2)" in facts.highlights
    assert "lib/Calc.pm source OK" in facts.highlights
    summary = summary_of("perlcritic-violations")
    assert "report.pl:6:1 severity 4: Close filehandles" in summary and "Calc.pm:" not in summary


def test_perlcritic_single_file_layout_has_no_file_and_a_message_may_say_at_line():
    out = ('Warnings disabled at line 3 at line 12, column 5.  Consult documentation for ProhibitNoWarnings.  (Severity: 4)\n'
           'Code before strictures are enabled at line 1, column 1.  See page 429 of PBP.  (Severity: 5)\n')
    facts = extract_facts("perlcritic --gentle script", out, 2)
    assert [(d.file, d.line, d.col, d.severity, d.message) for d in facts.diagnostics] == [
        (None, 12, 5, "severity 4", "Warnings disabled at line 3"),
        (None, 1, 1, "severity 5", "Code before strictures are enabled")]
    assert perlcritic.parse("source OK\n").highlights == ["source OK"]
    assert extract_facts("perlcritic x.pl", "x.pl source OK\n", 0).diagnostics == []


# --- Erlang runtime ---------------------------------------------------------------------------------------------------

def test_escript_exception_brings_where_and_with_what():
    errors = facts_of("escript-badarg").errors
    assert errors == ["exception error: bad argument",
                      'in binary_to_integer/1, called as binary_to_integer(<<"thirty">>), '
                      "argument 1: not a textual representation of an integer"]
    assert facts_of("escript-badmatch-enoent").errors == [
        "exception error: no match of right hand side value {error,enoent}", "in erl_eval:expr/6"]  # not the call chain


def test_erl_shell_exception_and_a_crashed_boot_are_stated_errors():
    shell = ("1> list_to_atom(42).\n** exception error: bad argument\n     in function  list_to_atom/1\n"
             "        called as list_to_atom(42)\n2> q().\nok\n")
    facts = extract_facts("erl", shell, 0)
    assert facts.errors == ["exception error: bad argument", "in list_to_atom/1, called as list_to_atom(42)"]
    body = summarize("erl", shell.encode(), 0).body
    assert "exception error: bad argument" in body
    assert "succeeded" not in body and "but the output reports errors" in body  # the shell exits 0 after it
    boot = ('{"init terminated in do_boot",{undef,[{shop,main,[],[]}]}}\n'
            "init terminated in do_boot ({undef,[{shop,main,[],[]}]})\n\nCrash dump is being written to: erl_crash.dump...done\n")
    facts = extract_facts("erl -noshell -s shop main -s init stop", boot, 1)
    assert "erlang" in facts.tools and "init terminated in do_boot: {undef,[{shop,main,[],[]}]}" in facts.errors
    assert "erlang" in extract_facts("./run", "** exception exit: killed\n", 1).tools  # found by the output alone


# --- linear time --------------------------------------------------------------------------------------------------------

CRAFTED = {  # lines of about n characters
    pydocstyle: [lambda n: "a" * n + ":1 in public function `f`:\n  D103: x\n", lambda n: "a.py:1 in " + "a " * (n // 2) + "\n",
                 lambda n: "a.py:1 in public function `" + "`" * n + "\n"],
    perlcritic: [lambda n: "x. at line 1, column 1.  " * (n // 24) + "\n",
                 lambda n: "a." * (n // 2) + ": m at line 1, column 1.  (Severity: 3)\n",
                 lambda n: ("a at line 1, column 1." * (n // 22)) + "  (Severity: 3)\n"],
    erlang: [lambda n: "** exception error: x\n" * (n // 22), lambda n: "** exception error: x\n" + "  in function  f\n" * (n // 16)],
}


def test_crafted_long_lines_parse_in_linear_time():
    for module, cases in CRAFTED.items():
        for i, crafted in enumerate(cases):
            texts = {n: crafted(n) for n in (N // 4, N)}
            assert_linear(lambda n: module.parse(texts[n]), N // 4, f"{module.NAME} parse, text {i}")
            assert_linear(lambda n: module.OUTPUT_RE.search(texts[n]), N // 4, f"{module.NAME} OUTPUT_RE, text {i}")
