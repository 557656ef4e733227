"""meta.json for each captured case, from the facts written here by hand (the counts each tool printed, which failure a
summary must name first, and the name pattern whose distinct matches plus a stated "N more" must equal the count).
Usage: write_meta.py CAPTURE_DIR CASES_DIR"""
import json
import os
import shutil
import sys

EXIT = [r"exit(ed|s)?\s*(with\s*)?(code|status)?\s*[:=]?\s*{rc}\b"]
MORE = {"id": "omission_stated", "what": "says how many failures are not named", "any_of": [r"\b\d+ more\b"]}
ALL_PASS = {"id": "claims_all_pass", "what": "claims every test passed or none failed",
            "any_of": [r"all\s+(\d+\s+)?(tests|examples|specs)\s+(passed|pass)\b", r"(?<![\d.])\b0\s+(failed|failures|failing)\b",
                       r"\bno\s+(test\s+)?failures\b"]}
NO_ERRORS = {"id": "claims_no_errors", "what": "claims no errors", "any_of": [r"(?<![\d.])\b0 errors\b", r"\bno errors\b"]}


def count(ident, what, *patterns):
    return {"id": ident, "what": what, "any_of": list(patterns)}


def name(ident, pattern):
    return {"id": ident, "what": f"{ident} is named", "any_of": [pattern]}


# case: (tool, facts, forbidden, budget groups: [(total, distinct-name regex)])
CASES = {
    "pytest-10-kinds": ("pytest", [count("failed", "10 failed", r"\b10 failed"), count("passed", "5 passed", r"\b5 passed"),
                                   name("first", r"test_kind_0\b")], [ALL_PASS], [(10, r"test_kind_(\d+)")]),
    "pytest-300-param": ("pytest", [count("failed", "300 failed", r"\b300 failed"), count("passed", "20 passed", r"\b20 passed"),
                                    name("first", r"test_amount\[0\]"), MORE], [ALL_PASS], [(300, r"test_amount\[(\d+)\]")]),
    "pytest-300-tb-line": ("pytest", [count("failed", "300 failed", r"\b300 failed"), name("first", r"test_amount\[0\]"), MORE],
                           [ALL_PASS], [(300, r"test_amount\[(\d+)\]")]),
    "pytest-40-failed-10-errors": ("pytest", [count("failed", "40 failed", r"\b40 failed"), count("errors", "10 errors", r"\b10 errors"),
                                              name("db_down", r"db down"), name("rule", r"test_rule_\d+"), MORE], [ALL_PASS],
                                   [(50, r"test_(?:rule|query)_\d+")]),
    "jest-50-text": ("jest", [count("failed", "50 failed", r"\b50 failed"), count("passed", "20 passed", r"\b20 passed"),
                              name("first", r"sum case 0\b"), MORE], [ALL_PASS], [(50, r"sum case (\d+)")]),
    "jest-json-10": ("jest", [count("failed", "10 failed", r"\b10 failed"), name("first", r"parses record 0\b")], [ALL_PASS],
                     [(10, r"parses record (\d+)")]),
    "vitest-10": ("vitest", [count("failed", "10 failed", r"\b10 failed"), name("first", r"vector 0\b")], [ALL_PASS],
                  [(10, r"vector (\d+)")]),
    "mocha-50": ("mocha", [count("failed", "50 failing", r"\b50 (failing|failed)"), count("passed", "10 passing", r"\b10 (passing|passed)"),
                           name("first", r"balances entry 0\b"), MORE], [ALL_PASS], [(50, r"balances entry (\d+)")]),
    "go-test-50": ("go", [count("failed", "50 tests failed", r"\b50 (failed|failures|FAIL)"), name("first", r"TestRate0\b"),
                          {**MORE, "any_of": MORE["any_of"] + [r"TestRate0\b(?=.*TestRate49\b)"]}],
                   [ALL_PASS], [(50, r"TestRate(\d+)")]),
    "cargo-test-10": ("cargo", [count("failed", "10 failed", r"\b10 failed"), count("passed", "5 passed", r"\b5 passed"),
                                name("first", r"checks_limit_0\b")], [ALL_PASS], [(10, r"checks_limit_(\d+)")]),
    "rspec-50": ("rspec", [count("failed", "50 failures", r"\b50 (failures|failed)"), name("first", r"totals line 0\b"), MORE],
                 [ALL_PASS], [(50, r"totals line (\d+)")]),
    "eslint-300-4-rules": ("eslint", [count("errors", "675 errors", r"\b675 (errors|problems)"),
                                      name("undef", r"no-undef"), name("debugger", r"no-debugger"), name("self", r"no-self-compare"),
                                      name("unused", r"no-unused-vars"), MORE], [NO_ERRORS], []),
    "tsc-50-5-codes": ("tsc", [count("errors", "63 errors (50 in src, 13 in node_modules' @types)", r"\b63 errors"), name("ts2322", "TS2322"), name("ts2304", "TS2552|TS2304"),
                               name("ts2339", "TS2339"), name("ts2345", "TS2345"), MORE], [NO_ERRORS], []),
    "mypy-50-7-kinds": ("mypy", [count("errors", "50 errors", r"\b50 errors"), name("assignment", r"\bassignment\b"),
                                 name("return", r"return-value"), name("name", r"name-defined"), name("import", r"import-not-found"),
                                 name("empty", r"empty-body"), MORE], [NO_ERRORS], []),
    "ruff-40-5-rules": ("ruff", [count("errors", "52 errors", r"\b52 errors"), name("b006", "B006"), name("f821", "F821"),
                                 name("e711", "E711"), name("e731", "E731"), name("e722", "E722"), MORE], [NO_ERRORS], []),
    "gcc-many-kinds": ("gcc", [count("errors", "7 errors", r"\b7 errors"), name("undeclared", "undeclared_a"), name("member", "nope"),
                               name("args", "too many arguments"), name("redef", "redefinition"), name("incompat", "incompatible types"),
                               name("expected", "expected expression")], [NO_ERRORS], []),
    "make-k-12-targets": ("make", [count("targets", "4 targets failed", r"\b4 (targets|recipes|failed|errors?)\b|t00\.o.*t03\.o.*t06\.o.*t09\.o"),
                                   name("t00", r"t00\.(o|c)"), name("t09", r"t09\.(o|c)"), name("not_remade", "not remade")], [NO_ERRORS], []),
    "concurrently-time-name": ("concurrently", [count("failed", "pytest 10 failed", r"\b10 failed"), count("eslint", "675 errors",
                               r"\b675 (errors|problems)"), name("first", r"test_kind_0\b"), name("debugger", "no-debugger"), MORE],
                               [ALL_PASS, NO_ERRORS], [(10, r"test_kind_(\d+)")]),
    "concurrently-index": ("concurrently", [count("mypy", "mypy 50 errors", r"\b50 errors"), count("jest", "jest 50 failed", r"\b50 failed"),
                           name("first", r"sum case 0\b"), name("mypy", r"app\.py:3\b"), MORE], [ALL_PASS, NO_ERRORS],
                           [(50, r"sum case (\d+)")]),
    "concurrently-name-brackets": ("concurrently", [count("tsc", "tsc 63 errors", r"\b63 errors"), count("mocha", "mocha 50 failing",
                                   r"\b(50|60) (failing|failed)"), count("cargo", "cargo 10 failed", r"\b10 failed|\b60 failed"),
                                   name("mocha_first", r"balances entry 0\b"), name("cargo_first", r"checks_limit_0\b"),
                                   name("ts", r"TS2322"), MORE], [ALL_PASS, NO_ERRORS], []),
    "honcho-two-tools": ("honcho", [count("failed", "pytest 10 failed", r"\b10 failed"), name("first", r"test_kind_0\b"),
                                    name("killed", r"types\.1.{0,40}(-15|SIGTERM|terminated)|(SIGTERM|terminated).{0,40}types\.1|rc=-15")], [ALL_PASS], [(10, r"test_kind_(\d+)")]),
    # captured after the fixes (turbo 2.11 from npm, packages/{api,web} running the projects above), scored once
    "turbo-four-tasks": ("turbo", [count("pytest", "api:test 10 failed", r"\b10 failed|\b60 failed"),
                                   count("jest", "web:test 50 failed", r"\b50 failed|\b60 failed"),
                                   count("mypy", "api:lint 50 errors", r"\b50 errors|\b113 errors"),
                                   count("tsc", "web:lint 63 errors", r"\b63 errors|\b113 errors"),
                                   name("py_first", r"test_kind_0\b"), name("jest_first", r"sum case 0\b"),
                                   name("tasks", r"api#lint.{0,40}api#test.{0,40}web#lint.{0,40}web#test|0 successful, 4 total"), MORE],
                         [ALL_PASS, NO_ERRORS], []),
}
# Corrected after the first scoring (session 13, said in RESULTS.md): tsc printed 63 errors, not the 50 the project was
# written to make (13 are in node_modules' @types); honcho's killed process may be named after the signal; go-test-50's
# "N more" holds when all 50 are named. Fixed in the checker: pytest-40's name pattern captured only the number.
# the stated count of the failures of several tools (concurrently-name-brackets) may be per tool or summed: 60 is 50 + 10

src, dst = sys.argv[1], sys.argv[2]
for case, (tool, facts, forbidden, groups) in CASES.items():
    os.makedirs(f"{dst}/{case}", exist_ok=True)
    for f in ("command.txt", "output.txt"):
        shutil.copy(f"{src}/{case}/{f}", f"{dst}/{case}/{f}")
    rc = int(open(f"{src}/{case}/exit_code").read())
    exit_fact = {"id": "exit_code", "what": f"exit code {rc}", "any_of": [p.format(rc=rc) for p in EXIT]}
    meta = {"id": case, "tool": tool, "exit_code": rc, "intent": f"Run {tool}.", "facts": facts + [exit_fact],
            "forbidden": forbidden, "group": "budget-heldout",
            "named_or_counted": [{"total": n, "name_re": r} for n, r in groups],
            "bytes": os.path.getsize(f"{dst}/{case}/output.txt")}
    json.dump(meta, open(f"{dst}/{case}/meta.json", "w"), indent=2)
