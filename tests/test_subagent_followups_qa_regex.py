"""The planner's regexes in linear time on adversarial input: a request of up to 10,000 characters (the toolkit's
MAX_QUERY_CHARS), a command of up to 128 KiB (MAX_COMMAND_BYTES) and long command output. Each call is timed at n and
4n and its growth bounded, each run under a CPU-time limit (tests/linear_time.py), so a quadratic pattern fails here
in seconds (`asked_package("run " + "y" * 16000)` took 8.5 s before its fix; a 128 KiB "mvn mvn …" command took 40 s to classify)."""

from __future__ import annotations

import pytest

from linear_time import assert_linear

from terminus_edge.subagent import answer, data_files, detect, followup, intent, named_commands, narrow_tests, planner
from terminus_edge.subagent import preview, project_scripts, purpose, request_plans, run_details, script_trace, suites

QUERY_CHARS = 10_000
COMMAND_CHARS = 128 * 1024 - 1
OUTPUT_CHARS = 200_000


def _fill(size: int, unit: str, prefix: str = "", suffix: str = "") -> str:
    body = (prefix + unit * (size // len(unit) + 1))[:size - len(suffix)]
    return body + suffix


QUERIES = {  # adversarial 10,000-character requests
    "one long word after run": ("y", "run ", ""),
    "one long word before 'version is installed'": ("y", "", " version is installed"),
    "a long path": ("a/", "run ", ""),
    "a run of dashes": ("-", "run ", ""),
    "many options after 'accepts'": ("--x ", "does it accept ", ""),
    "'accepts --x' repeated": ("accepts --x ", "", ""),
    "many repeated words": ("run the tests and ", "", ""),
    "words and spaces": ("a ", "", "!"),
    "backticks": ("`", "", ""),
    "backticked words": ("`a b` ", "", ""),
    "run and backticked words": ("run `a` and ", "", ""),
    "unclosed backtick": ("x", "run `", ""),
    "single quotes": ("'", "", ""),
    "double quotes": ('"x ', "", ""),
    "unbalanced brackets": ("[", "", ""),
    "unbalanced parens": ("(", "", ""),
    "unbalanced braces": ("{", "", ""),
    "'version of' repeated": ("version of ", "", ""),
    "'do not run' repeated": ("do not run ", "", ""),
    "'what would' repeated": ("what would `x ", "", ""),
    "a run of spaces inside a run phrase": (" ", "run x", "y"),
    "spaces and tabs inside a run phrase": (" \t", "run x", "y"),
    "newlines": ("\n", "", ""),
    "dots": (".", "run ", ""),
    "script paths": ("a.sh ", "don't run ", ""),
    "test file names": ("test_a.py ", "run ", ""),
    "one long hyphenated word": ("a-", "", ""),
    "one file name too long for the file system": ("a.py", "", ""),
    "a script path too long for the file system": ("scripts/migrate.py.", "run `", "`"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A small project with a Makefile, a script and a test file: every planner branch has something to find."""
    root = tmp_path_factory.mktemp("qa-project")
    (root / "Makefile").write_text("test:\n\tpytest\nrelease:\n\techo release\n")
    (root / "scripts").mkdir()
    (root / "scripts" / "migrate.py").write_text("import sys\n# usage: migrate.py status|up\nif __name__ == '__main__':\n"
                                                 "    print(sys.argv)\n")
    (root / "tests").mkdir()
    (root / "tests" / "test_a.py").write_text("def test_a():\n    assert True\n")
    return root


def _query_entry_points(root):
    return {
        "RulesPlanner (the plan)": lambda q: planner.RulesPlanner(q, root),
        "explicit_commands": lambda q: named_commands.explicit_commands(q, root),
        "request_options": named_commands.request_options,
        "intent.no_run": intent.no_run,
        "intent.no_run_spans": intent.no_run_spans,
        "intent.repeat_count": intent.repeat_count,
        "intent.asked_package": intent.asked_package,
        "intent.asked_flags": intent.asked_flags,
        "intent.asks_reproduce": intent.asks_reproduce,
        "intent.status_question": intent.status_question,
        "intent.asks_nothing_to_run": intent.asks_nothing_to_run,
        "request_plans.version_plan": lambda q: request_plans.version_plan(q, root),
        "request_plans.status_plan": lambda q: request_plans.status_plan(q, root),
        "preview.preview_plan": lambda q: preview.preview_plan(q, root),
        "preview.request_forbids": lambda q: preview.request_forbids(q, "make release", root),
        "project_scripts.named_script": lambda q: project_scripts.named_script(q, root),
        "narrow_tests.requested_test_files": lambda q: narrow_tests.requested_test_files(q, root),
        "followup.wants_diagnosis": followup.wants_diagnosis,
        "answer.assemble_answer": lambda q: answer.assemble_answer(q, [], root),
    }


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_planner_entry_point_is_fast_on_an_adversarial_request(project, name):
    queries = {n: _fill(n, *QUERIES[name]) for n in (QUERY_CHARS // 4, QUERY_CHARS)}
    assert len(queries[QUERY_CHARS]) == QUERY_CHARS
    for entry, call in _query_entry_points(project).items():  # an exception (OSError: name too long) fails the test too
        assert_linear(lambda n: call(queries[n]), QUERY_CHARS // 4, entry, repeats=2)


def test_a_package_name_longer_than_any_package_is_no_question_about_one(project):
    """A 10,000-letter "name" used to reach the file system (node_modules/<name>: OSError, file name too long)."""
    query = _fill(QUERY_CHARS, "y", "", " version is installed")
    assert intent.asked_package(query) is None
    assert request_plans.version_plan(query, project) == []
    assert intent.asked_package("which lodash version is installed?") == "lodash"


def test_the_fixed_patterns_still_read_what_they_read():
    assert intent.asked_package("what version of `@scope/pkg-a` is installed?") == "@scope/pkg-a"
    assert intent.asked_package("tell me which tiny-semver version is installed") == "tiny-semver"
    assert intent.asked_flags("Does the CLI accept `--json` and --quiet? Also --nope.") == ["--json", "--quiet"]
    assert intent.asked_flags("does it support --a, --b and does it take --c") == ["--a", "--b", "--c"]
    assert planner.explicit_commands("run `make` and `ls -la`, then `make test`") == ["make", "ls -la", "make test"]
    assert planner.explicit_commands("run x" + " " * 50 + "and then stop") == []
    assert planner.explicit_commands("please run make test and tell me") == ["make test"]
    assert planner.explicit_commands("please run make test\t  then tell me") == ["make test"]


COMMANDS = {  # 128 KiB command lines, through the step classifier (program words repeated)
    "mvn repeated": "mvn ", "gradle repeated": "gradle ", "java repeated": "java ", "tsc repeated": "tsc ",
    "python digits": "9", "a long word": "y",
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_long_commands_are_classified_in_linear_time(name):
    unit = COMMANDS[name]
    commands = {n: _fill(n, unit, "python" if unit == "9" else "echo " if unit == "y" else "")
                for n in (COMMAND_CHARS // 4, COMMAND_CHARS // 4 * 4)}
    # parsing 128 KiB of shell takes ~0.3 s here; the regexes after it must not add a quadratic
    assert_linear(lambda n: purpose.command_kind(commands[n]), COMMAND_CHARS // 4, "command_kind", repeats=2)
    assert_linear(lambda n: purpose.describe(commands[n]), COMMAND_CHARS // 4, "describe", repeats=2)


def test_the_split_test_and_check_patterns_still_classify():
    assert purpose.command_kind("mvn -q verify") == "test"
    assert purpose.command_kind("./gradlew check") == "test"
    assert purpose.command_kind("javac -d out src/*.java && java -cp out MathTest") == "test"
    assert purpose.command_kind("npx tsc --noEmit") == "check"
    assert purpose.command_kind("mvn package") == "build"
    assert purpose.command_kind("java -jar app.jar") == "run"


OUTPUTS = {  # long command output / file text (about n characters) through the functions that read it
    "skipped_tests on blank lines": lambda n: run_details.skipped_tests("\n" * n + "ok 1 - x # SKIP y\n"),
    "skipped_tests on indented blank lines": lambda n: run_details.skipped_tests("   \n\t\n" * (n // 6)),
    "suite_tallies on blank lines": lambda n: suites.suite_tallies(" \n" * (n // 2) + "PASS a.test.js\n"),
    "json_error_position on a line of Expecting": lambda n: data_files.json_error_position(
        "JSONDecodeError " + "Expecting value " * (n // 16)),
    "python frames after blank lines": lambda n: followup._innermost_python_frames(
        "\n" * n + '  File "x.py", line 1\n', detect.Path("/nonexistent")),
    "grep places on a:1: lines": lambda n: answer._lines_naming("a:1:" * (n // 4) + "\n", "zz"),
    "errexit on a set line of blanks": lambda n: script_trace._ERREXIT.match("set" + " " * n + "x"),
}


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_output_readers_are_linear(name):
    assert_linear(OUTPUTS[name], OUTPUT_CHARS // 4, name)


HOSTILE_READMES = [lambda n: "```bash\n" + "`" * n, lambda n: " " * n + "x\n", lambda n: "\n" * n + "$ make\n",
                   lambda n: "    " + " " * n + "!", lambda n: "`" + " " * n + "#`"]


def test_readme_commands_are_linear_on_hostile_readmes(tmp_path):
    for i, text in enumerate(HOSTILE_READMES):
        for n in (12_500, 50_000):
            (tmp_path / f"{i}-{n}").mkdir()
            (tmp_path / f"{i}-{n}" / "README.md").write_text(text(n))
        assert_linear(lambda n: detect._readme_commands(tmp_path / f"{i}-{n}"), 12_500, f"README {i}")
    (tmp_path / "README.md").write_text("Run:\n\n```sh\n$ make test\nmake lint  # style\n```\n\n    $ make demo\n")
    assert detect._readme_commands(tmp_path) == ["make demo", "make test", "make lint"]


@pytest.mark.slow
def test_every_subagent_pattern_passes_the_regex_sweep():
    """benchmarks/regex_stress's per-pattern sweep over terminus_edge.subagent (each compiled pattern and each
    `re.fn("literal")` call, on samples built from its own literals and classes at 2,500 and 10,000 characters).
    About half a minute here; `-m slow` runs it."""
    import importlib
    import pkgutil
    import re

    import terminus_edge.subagent as package
    from terminus_edge.benchmarks import regex_patterns
    from terminus_edge.benchmarks.regex_timing import _ops, sweep_pattern, timed

    def confirmed(finding) -> bool:
        """The sweep's ratio test at 2,500 -> 10,000 characters trips on a few ms of noise on a busy machine: a real
        quadratic grows again from 10,000 to 40,000 characters (x8 or more, or past 2 s), in the best of three runs."""
        def run(size: int) -> float:  # the best of three: one preemption on a loaded box is not a quadratic
            op = _ops(re.compile(finding.pattern, flags[finding.pattern]), finding.sample.build(size))[finding.op]
            best = timed(op, 2.0)
            return best if best == float("inf") else min(best, timed(op, 2.0), timed(op, 2.0))
        small, large = run(10_000), run(40_000)
        return large == float("inf") or (large > 0.05 and large > 8 * small)

    names = [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    found, flags = [], {}
    for module in (importlib.import_module(name) for name in names):
        tree = regex_patterns._tree(module)
        targets = [(f"{module.__name__}.{attr}", p, False) for attr, value in vars(module).items()
                   for p in regex_patterns._walk(value)] + regex_patterns._source_patterns(module, tree)
        for where, pattern, anchored in targets:
            flags[pattern.pattern] = pattern.flags
            found += [f"{f.where} /{f.pattern[:80]}/ {f.op} on {f.sample.name}: {f.t_n:.3f} s -> {f.t_4n:.3f} s"
                      for f in sweep_pattern(where, pattern, 2500, anchored=anchored) if confirmed(f)]
    assert not found, "\n".join(found)
