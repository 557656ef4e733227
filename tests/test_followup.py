"""The subagent's diagnostic follow-ups (followup.py) and the source view they run (source_view.py), on small
projects made in each test."""

from __future__ import annotations

import textwrap

import pytest
from project_files import write_project

from terminus_edge.subagent import followup, source_view
from terminus_edge.subagent.records import CommandRecord


@pytest.fixture
def crashing_cli(tmp_path):
    return write_project(tmp_path, {"app/__init__.py": "", "app/cli.py": """\
        import argparse


        def build_parser():
            parser = argparse.ArgumentParser()
            parser.add_argument("--rate", help="rate in %")
            return parser


        def main():
            args = build_parser().parse_args()
            return 0
        """})


def test_traceback_follow_up_shows_the_frame_and_the_function_it_calls(crashing_cli):
    root = crashing_cli
    output = textwrap.dedent(f"""\
        Traceback (most recent call last):
          File "{root}/app/cli.py", line 11, in main
            args = build_parser().parse_args()
          File "/usr/lib/python3.11/argparse.py", line 640, in _expand_help
            return self._get_help_string(action) % params
        ValueError: unsupported format character
        """)
    record = CommandRecord(command="python3 -m app --help", kind="run", origin="rules", exit_code=1, output=output)
    step = followup.diagnostic_followup("report any crash and where it comes from", root, [record])
    assert step.kind == "source" and "app/cli.py" in step.command
    assert ("app/cli.py", 4, 7) in step.windows and any(a <= 11 <= b for _, a, b in step.windows)
    assert "/usr/lib" not in step.command


def test_no_follow_up_without_a_why_or_without_a_failure(crashing_cli):
    record = CommandRecord(command="x", kind="test", origin="rules", exit_code=1, output="app/cli.py:11: boom")
    assert followup.diagnostic_followup("which tests fail?", crashing_cli, [record]) is None
    ok = CommandRecord(command="x", kind="test", origin="rules", exit_code=0, output="app/cli.py:11: fine")
    assert followup.diagnostic_followup("why?", crashing_cli, [ok]) is None


def test_failure_locations_use_facts_first_and_stay_inside_the_project(tmp_path):
    write_project(tmp_path, {"src/lib.rs": "let x = 1;\n" * 80})
    outside = tmp_path.parent / "elsewhere.rs"
    record = CommandRecord(command="cargo test", kind="test", origin="rules", exit_code=101,
                           output=f"panicked at {outside}:3:1\n  at ./src/lib.rs:16:9\n",
                           facts={"failures": [{"name": "t", "location": "src/lib.rs:60:9"}]})
    locations = followup.failure_locations(record, tmp_path)
    assert [(p.name, n) for p, n, _ in locations] == [("lib.rs", 60), ("lib.rs", 16)]
    step = source_view.source_view(tmp_path, locations)
    assert step.windows == (("src/lib.rs", 59, 61), ("src/lib.rs", 15, 17))  # first failure first


def test_source_view_adds_the_called_function_from_the_code_under_test(tmp_path):
    write_project(tmp_path, {"shop/cart.py": "TAX = 2\n\n\ndef total(items):\n    return sum(items) * TAX\n",
                    "tests/test_cart.py": "from shop.cart import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n"})
    step = source_view.source_view(tmp_path, [(tmp_path / "tests/test_cart.py", 5, "failure")])
    assert step.windows == (("tests/test_cart.py", 4, 5), ("shop/cart.py", 4, 5))


def test_unresolved_symbol_searches_for_near_misses(tmp_path):
    write_project(tmp_path, {"src/main.c": "int main(void) { return stats_median(0); }\n",
                    "src/stats.c": "double stats_medain(int n) { return n; }\ndouble stats_mean(int n) { return n; }\n"})
    record = CommandRecord(command="make", kind="build", origin="rules", exit_code=2,
                           output="main.c:(.text+0xa8): undefined reference to `stats_median'\n")
    step = followup.diagnostic_followup("Does it build? If not, what are the errors?", tmp_path, [record])
    assert step.kind == "search"
    assert "-e stats_median -e stats_medain" in step.command and "stats_mean" not in step.command


def test_near_misses_are_typos_only():
    names = {"parse_config", "parse_conifg", "parse_confg", "parse_configs", "load_config", "parse"}
    assert set(followup.near_misses("parse_config", names)) == {"parse_conifg", "parse_confg", "parse_configs"}


def test_hang_follow_up_shows_the_stuck_test(tmp_path):
    write_project(tmp_path, {"tests/test_io.py": """\
        import unittest


        class IOTests(unittest.TestCase):
            def test_fast(self):
                pass

            def test_reads_pipe(self):
                data = open('/dev/stdin').read()
                self.assertEqual(data, '')
        """})
    output = ("test_fast (tests.test_io.IOTests.test_fast) ... ok\n"
              "test_reads_pipe (tests.test_io.IOTests.test_reads_pipe) ... ")
    assert followup.stuck_test(output) == "test_reads_pipe"
    assert followup.finished_tests(output) == [("test_fast", "ok")]
    record = CommandRecord(command="python3 -m unittest -v", kind="test", origin="rules", exit_code=124,
                           timed_out=True, output=output)
    step = followup.diagnostic_followup("run the tests", tmp_path, [record])  # a hang needs no "why"
    assert step.windows == (("tests/test_io.py", 8, 10),)


@pytest.mark.parametrize("output,name", [
    ("tests/test_x.py::TestA::test_one PASSED\ntests/test_x.py::TestA::test_two ", "test_two"),
    ("running 2 tests\ntest tests::fast ... ok\ntest tests::slow has been running for over 60 seconds", "tests::slow"),
    ("all done\n", None),
])
def test_stuck_test_in_other_runners(output, name):
    assert followup.stuck_test(output) == name


# A hung unittest run killed by `timeout`: the test's child process, its pipe closed, printed a traceback onto
# the line unittest had started for the test (real output of a run of the py-stdin-hang task).
HUNG_WITH_CHILD_TRACEBACK = """\
test_empty (tests.test_core.CountsTests.test_empty) ... ok
test_two_lines (tests.test_core.CountsTests.test_two_lines) ... ok
test_counts_file (tests.test_main.MainTests.test_counts_file) ... Traceback (most recent call last):
  File "<frozen runpy>", line 198, in _run_module_as_main
  File "<frozen runpy>", line 88, in _run_code
  File "/tmp/te-task/repo/wcount/__main__.py", line 17, in <module>
    sys.exit(main(sys.argv))
             ^^^^^^^^^^^^^^
  File "/tmp/te-task/repo/wcount/__main__.py", line 13, in main
    print(f"{lines} {words} {size}")
BrokenPipeError: [Errno 32] Broken pipe
"""


@pytest.mark.parametrize("output,name", [
    (HUNG_WITH_CHILD_TRACEBACK, "test_counts_file"),
    ("test_a (m.T.test_a) ... printed by the test\nok\n", None),  # finished: its result after its own output
    ("test_a (m.T.test_a) ... ok\ntest_b (m.T.test_b) ... \nERROR:root:still waiting\n", "test_b"),  # a log line
    ("tests/test_x.py::test_a PASSED [ 50%]\n", None),
])
def test_stuck_test_reads_past_what_the_test_printed(output, name):
    assert followup.stuck_test(output) == name
    if name:
        assert followup.finished_tests(output)[0][1] == "ok"
