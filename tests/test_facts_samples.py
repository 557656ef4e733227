"""Parsers on realistic output of tools that are not installed here (written from each tool's real format)."""

from __future__ import annotations

from terminus_edge.summarize.facts import extract_facts

TSC = """src/api.ts(14,7): error TS2322: Type 'string' is not assignable to type 'number'.
src/api.ts(30,19): error TS2339: Property 'nmae' does not exist on type 'User'.
"""

TSC_PRETTY = """src/index.ts:3:10 - error TS2305: Module '"./lib"' has no exported member 'helper'.

3 import { helper } from "./lib";
           ~~~~~~

Found 1 error in src/index.ts:3
"""

ESLINT = """
/home/dev/web/src/App.jsx
   4:10  error    'useMemo' is defined but never used  no-unused-vars
  12:5   warning  Unexpected console statement          no-console

/home/dev/web/src/util.js
  7:1  error  Expected indentation of 2 spaces but found 4  indent

✖ 3 problems (2 errors, 1 warning)
  1 error and 0 warnings potentially fixable with the `--fix` option.
"""

JEST = """ FAIL  src/cart.test.js
  ● Cart › applies discount

    expect(received).toBe(expected) // Object.is equality

    Expected: 90
    Received: 100

      12 |   cart.applyDiscount(10);
    > 13 |   expect(cart.total()).toBe(90);
         |                        ^
      14 | });

      at Object.toBe (src/cart.test.js:13:24)

 PASS  src/money.test.js

Test Suites: 1 failed, 1 passed, 2 total
Tests:       1 failed, 7 passed, 8 total
Snapshots:   0 total
Time:        1.204 s
Ran all test suites.
"""

VITEST = """ ❯ src/parse.test.ts (3 tests | 1 failed) 6ms
   × parse > rejects empty input 4ms
     → expected [Function] to throw an error

 FAIL  src/parse.test.ts > parse > rejects empty input
AssertionError: expected [Function] to throw an error
 ❯ src/parse.test.ts:14:30

 Test Files  1 failed | 2 passed (3)
      Tests  1 failed | 11 passed (12)
   Start at  10:02:11
   Duration  412ms
"""

GO_TEST = """--- FAIL: TestParseDuration (0.00s)
    duration_test.go:21: ParseDuration("1h30m") = 5400s, want 5401s
--- FAIL: TestRound (0.00s)
    round_test.go:9: got 2, want 3
FAIL
FAIL\texample.com/timeutil\t0.004s
ok  \texample.com/strutil\t0.002s
FAIL
"""

GO_BUILD = """# example.com/app
./main.go:12:2: undefined: fmt.Prntln
./main.go:15:6: declared and not used: x
"""

DOTNET_BUILD = """  Determining projects to restore...
  All projects are up-to-date for restore.
/src/Api/Controllers/UserController.cs(42,17): error CS0103: The name 'usr' does not exist in the current context [/src/Api/Api.csproj]
/src/Api/Models/User.cs(8,23): warning CS8618: Non-nullable property 'Name' must contain a non-null value when exiting constructor. [/src/Api/Api.csproj]

Build FAILED.

/src/Api/Models/User.cs(8,23): warning CS8618: Non-nullable property 'Name' must contain a non-null value when exiting constructor. [/src/Api/Api.csproj]
/src/Api/Controllers/UserController.cs(42,17): error CS0103: The name 'usr' does not exist in the current context [/src/Api/Api.csproj]
    1 Warning(s)
    1 Error(s)

Time Elapsed 00:00:03.21
"""

DOTNET_TEST = """  Failed Api.Tests.UserTests.Create_RejectsEmptyName [12 ms]
  Error Message:
   Assert.Throws() Failure: No exception was thrown
  Stack Trace:
     at Api.Tests.UserTests.Create_RejectsEmptyName() in /src/Api.Tests/UserTests.cs:line 21

Failed!  - Failed:     1, Passed:    23, Skipped:     2, Total:    26, Duration: 310 ms - Api.Tests.dll (net8.0)
"""

MAVEN = """[INFO] -------------------------------------------------------
[INFO]  T E S T S
[INFO] -------------------------------------------------------
[INFO] Running com.acme.OrderServiceTest
[ERROR] Tests run: 5, Failures: 1, Errors: 0, Skipped: 1, Time elapsed: 0.12 s <<< FAILURE! -- in com.acme.OrderServiceTest
[ERROR] com.acme.OrderServiceTest.totalIncludesTax -- Time elapsed: 0.01 s <<< FAILURE!
org.opentest4j.AssertionFailedError: expected: <107.0> but was: <100.0>
\tat com.acme.OrderServiceTest.totalIncludesTax(OrderServiceTest.java:31)
[INFO]
[INFO] Results:
[INFO]
[ERROR] Failures:
[ERROR]   OrderServiceTest.totalIncludesTax:31 expected: <107.0> but was: <100.0>
[INFO]
[ERROR] Tests run: 5, Failures: 1, Errors: 0, Skipped: 1
[INFO]
[INFO] BUILD FAILURE
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on project orders: There are test failures.
"""

MAVEN_COMPILE = """[ERROR] COMPILATION ERROR :
[ERROR] /home/dev/orders/src/main/java/com/acme/Order.java:[17,25] cannot find symbol
  symbol:   method getTotl()
  location: class com.acme.Order
[INFO] 1 error
[INFO] BUILD FAILURE
"""

GRADLE = """> Task :app:test FAILED

AppTest > greetingHasName() FAILED
    org.opentest4j.AssertionFailedError at AppTest.java:12

3 tests completed, 1 failed

FAILURE: Build failed with an exception.

* What went wrong:
Execution failed for task ':app:test'.
> There were failing tests. See the report at: file:///home/dev/app/build/reports/tests/test/index.html

BUILD FAILED in 4s
"""

NPM_ERESOLVE = """npm ERR! code ERESOLVE
npm ERR! ERESOLVE unable to resolve dependency tree
npm ERR!
npm ERR! While resolving: web@1.0.0
npm ERR! Found: react@18.2.0
npm ERR! node_modules/react
npm ERR!   react@"^18.2.0" from the root project
npm ERR!
npm ERR! Could not resolve dependency:
npm ERR! peer react@"^16.8.0" from react-old-widget@2.1.0
npm ERR! node_modules/react-old-widget
npm ERR!
npm ERR! A complete log of this run can be found in: /root/.npm/_logs/2024-05-01T10_00_00_000Z-debug-0.log
"""

NPM_E404 = """npm ERR! code E404
npm ERR! 404 Not Found - GET https://registry.npmjs.org/left-padd - Not found
npm ERR! 404
npm ERR! 404  'left-padd@*' is not in this registry.
"""

PIP_CONFLICT = """ERROR: Cannot install -r requirements.txt (line 2) and urllib3==1.26.0 because these package versions have conflicting dependencies.

The conflict is caused by:
    The user requested urllib3==1.26.0
    requests 2.32.3 depends on urllib3<3 and >=1.21.1
    botocore 1.34.0 depends on urllib3<2.1 and >=1.25.4

ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts
"""

PIP_CHECK = """Successfully installed urllib3-2.2.1
ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. This behaviour is the source of the following dependency conflicts.
botocore 1.34.0 requires urllib3<2.1,>=1.25.4; python_version >= "3.10", but you have urllib3 2.2.1 which is incompatible.
"""

MYPY = """app/models.py:12: error: Incompatible types in assignment (expression has type "str", variable has type "int")  [assignment]
app/views.py:40: error: Item "None" of "Optional[User]" has no attribute "name"  [union-attr]
app/views.py:40: note: See https://mypy.rtfd.io/en/stable/_refs.html#code-union-attr for more info
Found 2 errors in 2 files (checked 14 source files)
"""

RUFF_CONCISE = """src/pkg/core.py:1:8: F401 [*] `os` imported but unused
src/pkg/core.py:22:5: E722 Do not use bare `except`
Found 2 errors.
[*] 1 fixable with the `--fix` option.
"""

CLIPPY = """warning: this `if` has identical blocks
  --> src/lib.rs:10:5
   |
10 |     if x { 1 } else { 1 }
   |     ^^^^^^^^^^^^^^^^^^^^^
   = help: for further information visit https://rust-lang.github.io/rust-clippy/master/index.html#if_same_then_else
   = note: `#[warn(clippy::if_same_then_else)]` on by default

error: used `unwrap()` on a `Result` value
  --> src/main.rs:4:13
   |
4  |     let v = parse(s).unwrap();
   |             ^^^^^^^^^^^^^^^^^

warning: `demo` (lib) generated 1 warning
error: could not compile `demo` (bin "demo") due to 1 previous error; 1 warning emitted
"""

CLANG_LINK = """Undefined symbols for architecture arm64:
  "_compute_checksum", referenced from:
      _main in main.o
ld: symbol(s) not found for architecture arm64
clang: error: linker command failed with exit code 1 (use -v to see invocation)
"""

CMAKE = """-- The C compiler identification is GNU 12.2.0
CMake Error at CMakeLists.txt:8 (find_package):
  By not providing "FindZLIB.cmake" in CMAKE_MODULE_PATH this project has
  asked CMake to find a package configuration file provided by "ZLIB", but
  CMake did not find one.
-- Configuring incomplete, errors occurred!
"""

MOCHA = """  Parser
    ✓ parses numbers
    1) parses negative numbers

  1 passing (8ms)
  1 failing

  1) Parser
       parses negative numbers:
     AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:

-1 !== 1

      at Context.<anonymous> (test/parser.test.js:9:12)
"""

PYRIGHT = """/home/dev/app/main.py
  /home/dev/app/main.py:7:12 - error: "foo" is not defined (reportUndefinedVariable)
  /home/dev/app/main.py:9:1 - warning: Import "yaml" could not be resolved from source (reportMissingModuleSource)
1 error, 1 warning, 0 informations
"""


def facts_for(command, text, code=1):
    return extract_facts(command, text, code)


def test_tsc_plain_and_pretty():
    facts = facts_for("npx tsc --noEmit", TSC, 2)
    assert [(d.file, d.line, d.col, d.code) for d in facts.diagnostics] == [
        ("src/api.ts", 14, 7, "TS2322"), ("src/api.ts", 30, 19, "TS2339")]
    assert facts.counts == {"errors": 2}
    pretty = facts_for("tsc", TSC_PRETTY, 2)
    assert pretty.diagnostics[0].code == "TS2305" and pretty.diagnostics[0].line == 3 and pretty.counts["errors"] == 1


def test_eslint_stylish():
    facts = facts_for("npx eslint src", ESLINT)
    assert facts.counts == {"errors": 2, "warnings": 1}
    first = facts.diagnostics[0]
    assert (first.file, first.line, first.col, first.code) == ("/home/dev/web/src/App.jsx", 4, 10, "no-unused-vars")
    assert facts.diagnostics[2].file.endswith("util.js") and facts.diagnostics[2].code == "indent"


def test_jest_failure_with_expected_received():
    facts = facts_for("npx jest", JEST)
    assert facts.counts["failed"] == 1 and facts.counts["passed"] == 7 and facts.counts["total"] == 8
    failure = facts.failures[0]
    assert failure.name == "Cart › applies discount"
    assert "Expected: 90" in failure.reason and "Received: 100" in failure.reason
    assert failure.location == "src/cart.test.js:13"


def test_jest_failure_details_after_the_usual_blank_line():
    # Real jest prints the per-test list, a blank line, then the ● block (a regex's ^\s* used to start on the blank line).
    text = (" FAIL  src/cart.test.ts\n  cart\n    ✓ adds items (3 ms)\n    ✕ applies coupon twice (5 ms)\n\n"
            "  ● cart › applies coupon twice\n\n    expect(received).toBe(expected)\n\n    Expected: 90\n    Received: 81\n\n"
            "      at Object.<anonymous> (src/cart.test.ts:14:23)\n\nTests:       1 failed, 1 passed, 2 total\n")
    (failure,) = facts_for("npx jest", text).failures
    assert failure.name == "cart › applies coupon twice" and failure.location == "src/cart.test.ts:14"
    assert "Expected: 90" in failure.reason and "Received: 81" in failure.reason


def test_vitest_counts_and_failure():
    facts = facts_for("npx vitest run", VITEST)
    assert facts.counts["failed"] == 1 and facts.counts["passed"] == 11
    assert any("rejects empty input" in f.name for f in facts.failures)


def test_mocha_failing():
    facts = facts_for("npx mocha", MOCHA)
    assert facts.counts == {"passed": 1, "failed": 1}
    assert facts.failures and "Parser" in facts.failures[0].name


def test_go_test_failures_and_packages():
    facts = facts_for("go test ./...", GO_TEST)
    assert facts.counts["failed"] == 2
    assert [(f.name, f.location) for f in facts.failures] == [
        ("TestParseDuration", "duration_test.go:21"), ("TestRound", "round_test.go:9")]
    assert "want 5401s" in facts.failures[0].reason
    assert any("1 failed (example.com/timeutil)" in h for h in facts.highlights)


def test_go_build_errors():
    facts = facts_for("go build ./...", GO_BUILD)
    assert [(d.file, d.line, d.col) for d in facts.diagnostics] == [("main.go", 12, 2), ("main.go", 15, 6)]
    assert "undefined: fmt.Prntln" in facts.diagnostics[0].message and facts.counts == {"errors": 2}


def test_dotnet_build_dedupes_the_final_summary():
    facts = facts_for("dotnet build", DOTNET_BUILD)
    assert facts.counts == {"errors": 1, "warnings": 1}
    errors = [d for d in facts.diagnostics if d.severity == "error"]
    assert len(errors) == 1 and errors[0].code == "CS0103" and errors[0].line == 42
    assert "Build FAILED" in facts.highlights


def test_dotnet_test_totals_and_failed_test():
    facts = facts_for("dotnet test", DOTNET_TEST)
    assert facts.counts == {"total": 26, "failed": 1, "passed": 23, "skipped": 2}
    assert facts.failures[0].name == "Api.Tests.UserTests.Create_RejectsEmptyName"
    assert "No exception was thrown" in facts.failures[0].reason


def test_maven_surefire():
    facts = facts_for("mvn test", MAVEN)
    assert facts.counts == {"total": 5, "failed": 1, "errors": 0, "skipped": 1, "passed": 3}
    assert any("OrderServiceTest.totalIncludesTax" in f.name for f in facts.failures)
    assert "BUILD FAILURE" in facts.highlights
    assert any("maven-surefire-plugin" in e for e in facts.errors)


def test_maven_compile_error():
    facts = facts_for("mvn -q compile", MAVEN_COMPILE)
    d = facts.diagnostics[0]
    assert d.file.endswith("Order.java") and (d.line, d.col) == (17, 25) and "cannot find symbol" in d.message


def test_gradle_test_failure():
    facts = facts_for("./gradlew test", GRADLE)
    assert facts.counts == {"total": 3, "failed": 1, "skipped": 0, "passed": 2}
    assert facts.failures[0].name == "AppTest > greetingHasName()"
    assert "BUILD FAILED in 4s" in facts.highlights
    assert any("Execution failed for task ':app:test'" in e for e in facts.errors)


def test_npm_eresolve_conflict():
    facts = facts_for("npm install react-old-widget", NPM_ERESOLVE)
    assert "npm error code ERESOLVE" in facts.errors
    assert any("react@18.2.0" in c for c in facts.conflicts)
    assert any('peer react@"^16.8.0" from react-old-widget@2.1.0' in c for c in facts.conflicts)


def test_npm_404_missing_package():
    facts = facts_for("npm install left-padd", NPM_E404)
    assert "left-padd@*" in facts.missing and "npm error code E404" in facts.errors


def test_pip_resolution_conflict():
    facts = facts_for("pip install -r requirements.txt", PIP_CONFLICT)
    joined = " | ".join(facts.conflicts)
    assert "urllib3==1.26.0" in joined and "botocore 1.34.0 depends on urllib3<2.1" in joined


def test_pip_dependency_check_conflict():
    facts = facts_for("pip install -U urllib3", PIP_CHECK, 0)
    assert any("botocore 1.34.0 requires urllib3" in c and "urllib3 2.2.1" in c for c in facts.conflicts)
    assert any(h.startswith("installed 1 package: urllib3 2.2.1") for h in facts.highlights)


def test_mypy_codes_and_total():
    facts = facts_for("mypy app", MYPY)
    assert facts.counts == {"errors": 2}
    assert [(d.file, d.line, d.code) for d in facts.diagnostics] == [
        ("app/models.py", 12, "assignment"), ("app/views.py", 40, "union-attr")]


def test_pyright():
    facts = facts_for("pyright", PYRIGHT)
    assert facts.counts == {"errors": 1, "warnings": 1}
    assert facts.diagnostics[0].code == "reportUndefinedVariable"


def test_ruff_concise():
    facts = facts_for("ruff check src", RUFF_CONCISE)
    assert [(d.code, d.line, d.col) for d in facts.diagnostics] == [("F401", 1, 8), ("E722", 22, 5)]
    assert facts.counts == {"errors": 2} and "[*] 1 fixable with the `--fix` option." in facts.highlights


def test_clippy_lints_and_totals():
    facts = facts_for("cargo clippy", CLIPPY, 101)
    assert [(d.severity, d.file, d.line) for d in facts.diagnostics] == [("warning", "src/lib.rs", 10), ("error", "src/main.rs", 4)]
    assert facts.counts == {"errors": 1, "warnings": 1}


def test_clang_undefined_symbols():
    facts = facts_for("clang -o app main.o", CLANG_LINK)
    joined = " ".join(facts.errors)
    assert "_compute_checksum" in joined and "linker command failed" in joined


def test_cmake_error():
    facts = facts_for("cmake -B build", CMAKE)
    assert any(e.startswith("CMake Error at CMakeLists.txt:8 (find_package)") for e in facts.errors)


def test_unknown_tool_falls_back_to_error_lines():
    text = "starting worker\nconnecting to db\nFATAL: password authentication failed for user \"app\"\nexiting\n"
    facts = facts_for("./bin/worker --once", text, 1)
    assert facts.errors == ['FATAL: password authentication failed for user "app"']


def test_command_not_found_is_a_missing_command():
    facts = facts_for("foo-tool --x", "bash: line 1: foo-tool: command not found\n", 127)
    assert "command foo-tool" in facts.missing


def test_waiting_for_input_on_timeout():
    # exit 124 alone is a number a script may return: no timeout is claimed unless something says so
    facts = extract_facts("./deploy.sh", "Deploying to prod\nContinue? [y/N] ", 124)
    assert not facts.timed_out and facts.waiting_for_input and facts.input_prompt == "Continue? [y/N]"
    # our capture stopped it at its deadline, or it ran under `timeout`: then it timed out
    for command, timed_out in (("./deploy.sh", True), ("timeout 60 ./deploy.sh", False)):
        facts = extract_facts(command, "Deploying to prod\nContinue? [y/N] ", 124, timed_out=timed_out)
        assert facts.timed_out and facts.waiting_for_input and facts.input_prompt == "Continue? [y/N]"


def test_eof_on_closed_stdin_means_it_wanted_input():
    text = 'Enter your name: Traceback (most recent call last):\n  File "a.py", line 1, in <module>\n    input("Enter your name: ")\nEOFError: EOF when reading a line\n'
    facts = extract_facts("python a.py", text, 1)
    assert facts.waiting_for_input and facts.traceback.exc_type == "EOFError"


def test_a_crashing_parser_costs_only_its_own_facts(monkeypatch):
    from terminus_edge.summarize.facts import pytest as pytest_family

    def boom(text):
        raise ValueError("bad parser")

    monkeypatch.setattr(pytest_family, "parse", boom)
    facts = extract_facts("pytest", "E   assert 1 == 2\nFAILED t.py::x - assert 1 == 2\n1 failed in 0.1s\n", 1)
    assert "(pytest parser failed: ValueError)" in facts.highlights
    assert facts.errors  # the generic fallback still reports the failure lines


def test_msbuild_errors_without_a_location():
    # `CSC : error CS5001` (dotnet build) and `MSBUILD : error MSB1009` carry no file: still diagnostics, once each.
    text = ("CSC : error CS5001: Program does not contain a static 'Main' method suitable for an entry point [/src/App/App.csproj]\n\n"
            "Build FAILED.\n\nCSC : error CS5001: Program does not contain a static 'Main' method suitable for an entry point "
            "[/src/App/App.csproj]\n    0 Warning(s)\n    1 Error(s)\n")
    facts = facts_for("dotnet build", text)
    assert [(d.code, d.file) for d in facts.diagnostics] == [("CS5001", None)] and facts.counts["errors"] == 1
    missing = facts_for("dotnet build Foo.csproj", "MSBUILD : error MSB1009: Project file does not exist.\nSwitch: Foo.csproj\n")
    assert [d.code for d in missing.diagnostics] == ["MSB1009"] and missing.errors == []
