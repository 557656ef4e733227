"""compose: how the facts become the Summary: text (codes list, severities, verbatim fallback, already-said
output lines, overflow order, sentence joins)."""

from __future__ import annotations

from terminus_edge.summarize import summarize
from terminus_edge.summarize.compose import compose_body, diagnostic_lines, one_of_each_code_first, pack, then
from terminus_edge.summarize.context import context_lines
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts.types import Diagnostic, Facts
from terminus_edge.summarize.tokens import count_tokens


def lint_facts(diagnostics: list[Diagnostic], exit_code: int = 1) -> Facts:
    errors = sum(d.severity == "error" for d in diagnostics)
    return Facts(exit_code=exit_code, diagnostics=diagnostics, counts={"errors": errors} if errors else {})


def test_codes_list_is_left_out_when_every_diagnostic_is_listed():
    diags = [Diagnostic("error", f"`m{i}` imported but unused", "app/models.py", i, 1, "F401") for i in range(1, 4)]
    diags.append(Diagnostic("error", "Do not use bare `except`", "app/models.py", 9, 5, "E722"))
    body = compose_body(lint_facts(diags), "", None, 200)
    assert "codes:" not in body
    assert "models.py:9:5 E722: Do not use bare `except`" in body and body.count("F401") == 3


def test_codes_list_stays_when_diagnostics_overflow_the_budget():
    diags = [Diagnostic("error", f"Line too long ({100 + i} > 88)", f"pkg/mod_{i}.py", i, 89, "E501") for i in range(1, 60)]
    diags.append(Diagnostic("error", "Within an `except` clause, raise exceptions with `raise ... from err`", "pkg/api.py", 40, 9, "B904"))
    body = compose_body(lint_facts(diags), "", None, 200)
    assert "codes: E501 ×59, B904" in body
    assert "+52 more errors not shown (see the log)" in body


def test_one_of_each_code_comes_first_when_they_do_not_all_fit():
    diags = [Diagnostic("error", f"Line too long ({100 + i} > 88)", f"pkg/mod_{i}.py", i, 89, "E501") for i in range(1, 60)]
    diags.append(Diagnostic("error", "Within an `except` clause, raise exceptions with `raise ... from err`", "pkg/api.py", 40, 9, "B904"))
    diags.append(Diagnostic("error", "Undefined name `session`", "pkg/db.py", 7, 3, "F821"))
    body = compose_body(lint_facts(diags), "", None, 200)
    assert "api.py:40:9 B904" in body and "db.py:7:3 F821" in body  # not crowded out by 59 E501s
    assert "mod_1.py:1:89 E501" in body and "mod_2.py:2:89 E501" in body  # a code's first two, then the others
    assert body.index("mod_2.py") < body.index("api.py:40:9 B904") < body.index("mod_3.py")


def test_one_of_each_code_first_keeps_the_rest_in_order():
    d = [Diagnostic("error", "m", "f.py", i, 1, code) for i, code in enumerate(["A1", "A1", "A1", "B2", "A1", "C3", "B2"])]
    assert [x.line for x in one_of_each_code_first(d, lead=1)] == [0, 3, 5, 1, 2, 4, 6]
    assert [x.line for x in one_of_each_code_first(d, lead=2)] == [0, 1, 3, 5, 6, 2, 4]


def test_the_real_severity_is_printed_and_warnings_come_before_lesser_levels():
    diags = [
        Diagnostic("convention", "Missing module docstring", "pkg/calc.py", 1, 0, "C0114"),
        Diagnostic("info", "Double quote to prevent globbing and word splitting.", "deploy.sh", 5, 6, "SC2086"),
        Diagnostic("warning", "Unused variable 'x'", "pkg/calc.py", 7, 4, "W0612"),
        Diagnostic("error", "Unable to import 'inventory.missing_mod'", "pkg/report.py", 2, 0, "E0401"),
    ]
    lines = diagnostic_lines(diags)
    assert lines[0] == "pkg/calc.py:1:0 convention C0114: Missing module docstring"
    assert lines[1] == "deploy.sh:5:6 info SC2086: Double quote to prevent globbing and word splitting"
    assert lines[3] == "pkg/report.py:2:0 E0401: Unable to import 'inventory.missing_mod'"  # errors carry no label
    body = compose_body(lint_facts(diags), "", None, 200)
    assert "warning C0114" not in body and "warning SC2086" not in body
    assert body.index("W0612") < body.index("C0114") and body.index("W0612") < body.index("SC2086")


def test_pylint_conventions_and_shellcheck_infos_are_not_called_warnings():
    pylint = (b"************* Module pkg.calc\n"
              b"pkg/calc.py:1:0: C0114: Missing module docstring (missing-module-docstring)\n"
              b"pkg/calc.py:1:0: C0116: Missing function or method docstring (missing-function-docstring)\n"
              b"pkg/calc.py:8:0: R1710: Either all return statements in a function should return an expression, or none of them should. (inconsistent-return-statements)\n"
              b"\n------------------------------------------------------------------\n"
              b"Your code has been rated at 4.00/10\n")
    body = summarize("pylint pkg", pylint, 24).body
    assert "convention C0114" in body and "refactor R1710" in body and "warning" not in body
    shellcheck = ("deploy.sh:3:12: note: Use ./*glob* or -- *glob* so names with dashes won't become options. [SC2035]\n"
                  "deploy.sh:10:1: warning: Use 'cd ... || exit' or 'cd ... || return' in case cd fails. [SC2164]\n")
    body = compose_body(extract_facts("shellcheck -f gcc deploy.sh", shellcheck, 1), "", None, 200)
    assert "info SC2035" in body and "warning SC2164" in body and "[info]" not in body


GO_VET = (b"# example.com/svc/store\n"
          b"store/store.go:10:2: fmt.Printf format %d has arg k of wrong type string\n"
          b"store/store.go:15:2: fmt.Println call has possible formatting directive %v\n")


def test_short_output_passes_verbatim_when_facts_and_output_lines_would_be_longer():
    s = summarize("go vet ./...", GO_VET, 2)
    assert s.body.startswith("exit code 2; 2 errors. Output:\n# example.com/svc/store\n")
    assert s.body.count("store.go:15:2") == 1  # said once, in the output's own words
    raw_tokens = count_tokens(GO_VET.decode())
    assert count_tokens(s.body) <= raw_tokens + 12  # the exit code and counts, nothing else added


def test_verbatim_keeps_totals_the_output_never_prints():
    raw = (b"ok  \texample.com/shop/calc\t0.003s\tcoverage: 33.3% of statements\n"
           b"ok  \texample.com/shop/util\t0.003s\tcoverage: 60.0% of statements\n")
    body = summarize("go test -cover ./...", raw, 0).body
    assert body.startswith("succeeded (exit code 0); packages: 2 ok, 0 failed. Output:\n")
    eslint = (b"/w/src/util.js\n  4:3  warning  Unexpected console statement  no-console\n\n"
              b"\xe2\x9c\x96 1 problem (0 errors, 1 warning)\n  0 errors and 1 warning potentially fixable with the `--fix` option.\n")
    body = summarize("eslint src", eslint, 1).body
    assert "Output:" in body and "fixable with --fix" not in body  # the output says it in its own words


def test_a_view_of_a_large_output_never_passes_as_verbatim():
    facts = Facts(exit_code=0, n_lines=150_000, highlights=["150000 matching lines in 150000 files"])
    view = "src/a.py:1:import os\n… [149998 lines omitted] …\nsrc/z.py:9:import os"
    body = compose_body(facts, view, None, 200)
    assert "150000 matching lines" in body and "Output:" not in body


def test_output_lines_skip_what_the_facts_said_with_basenames_and_without_error_prefixes():
    said = ("exit code 1; 3 errors; inventory/models.py:16 misc: Generator has incompatible item type \"float\"; "
            "models.py:19 return: Missing return statement; Expected `)`, found newline; "
            "Program.cs:19:28 CS0029: Cannot implicitly convert type `int' to `string'")
    output = "\n".join([
        "inventory/models.py:19: error: Missing return statement  [return]",  # basename in the summary
        "broken.py:1: error: Expected `)`, found newline  [syntax]",  # different place: not said
        "Program.cs(19,28): error CS0029: Cannot implicitly convert type `int' to `string'",  # paren location
        "error: Missing return statement",  # prefix only, no place
        "npm error",  # a bare level tag
        "[INFO]",
        "models.py:91: error: Missing return statement  [return]",  # same message, another line: not said
    ])
    assert context_lines(output, said, 100).splitlines() == [
        "broken.py:1: error: Expected `)`, found newline  [syntax]",
        "models.py:91: error: Missing return statement  [return]",
    ]


def test_a_message_the_facts_clipped_is_said():
    message = "Plugin maven-surefire-plugin:3.5.2 or one of its dependencies could not be resolved: Cannot access central in offline mode"
    said = "exit code 1; " + message[:70] + "…; BUILD FAILURE"
    assert context_lines(f"[ERROR] {message}\nsomething else entirely here", said, 100) == "something else entirely here"


def test_mypy_lines_are_not_repeated_under_output_lines():
    raw = (b"inventory/models.py:16: error: Generator has incompatible item type \"float\"; expected \"bool\"  [misc]\n"
           b"inventory/models.py:19: error: Missing return statement  [return]\n"
           b"inventory/models.py:26: error: Item \"None\" of \"str | None\" has no attribute \"upper\"  [union-attr]\n"
           b"inventory/models.py:40: error: Unsupported operand types for + (\"int\" and \"str\")  [operator]\n"
           b"inventory/report.py:6: note: By default the bodies of untyped functions are not checked, consider using --check-untyped-defs  [annotation-unchecked]\n"
           b"Found 4 errors in 1 file (checked 3 source files)\n")
    body = summarize("mypy inventory", raw, 1).body
    for text in ("Missing return statement", "has no attribute", "Unsupported operand", "incompatible item type"):
        assert body.count(text) == 1, (text, body)


def test_no_second_full_stop_after_an_item_that_ends_a_sentence():
    assert then("Build FAILED.", "Output lines:") == "Build FAILED. Output lines:"
    assert then("exit code 1", "Output lines:") == "exit code 1. Output lines:"
    facts = Facts(exit_code=1, errors=["Build FAILED."], counts={"errors": 1})
    words = ["parser", "lexer", "checker", "emitter", "linker", "loader"]
    lines = "\n".join(f"{words[i % 6]} {words[i // 6 % 6]}: compiled {words[(i + 1) % 6]}" for i in range(30))
    body = compose_body(facts, lines + "\nBuild FAILED.\n", None, 200)
    assert "Build FAILED. Output lines:" in body and ".." not in body
    assert compose_body(facts, lines, "The build stopped at the link step.", 200).count("..") == 0
    items = [("error", "Failed to execute goal surefire:test: There are test failures."), ("error", "BUILD FAILURE")]
    assert pack("exit code 1", items, 200) == "exit code 1; Failed to execute goal surefire:test: There are test failures; BUILD FAILURE"
