"""A first user's QA pass over the CLI, session 10: each test is a defect found by running the README's commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.logstore import LogStore
from terminus_edge.summarize import summarize
from terminus_edge.summarize.facts.registry import extract_facts


def test_logs_show_range_past_the_end_says_how_long_the_log_is():
    with LogStore() as store:
        log_id = store.add("make", b"".join(b"line %d\n" % i for i in range(1, 32)), exit_code=2)
        empty = store.add("true", b"", exit_code=0)
    result = CliRunner().invoke(main, ["logs", "show", str(log_id), "--lines", "1000:2000"])
    assert result.exit_code == 0
    assert "starts after the end: log 1 has 31 lines" in result.output and "no lines match" not in result.output
    assert "# no lines match" in CliRunner().invoke(main, ["logs", "show", str(log_id), "--grep", "zzz"]).output
    assert "# the log is empty" in CliRunner().invoke(main, ["logs", "show", str(empty), "--lines", "-5"]).output


DATA = Path(__file__).parent / "data" / "cli_qa_s10"


@pytest.mark.parametrize("capture, code, errors", [
    # real `npm run build` captures (npm 10): the script's echoed command line holds the words of the error it prints
    ("npm_run_build_node_e.txt", 3, ["Error: cannot find config webpack.config.js"]),
    ("npm_run_build_echo_names_error.txt", 2, ["Error: Cannot find module './config/webpack.prod.js'", "Error: build failed"]),
])
def test_npm_script_echo_is_not_an_error_and_does_not_hide_the_real_one(capture, code, errors):
    raw = (DATA / capture).read_bytes()
    facts = extract_facts("npm run build", raw.decode(), code)
    assert not any(e.startswith("> ") for e in facts.errors), facts.errors
    body = summarize("npm run build", raw, code, model=None).body
    said = [part.strip() for part in re.split(r"; |\n", body)]
    for error in errors:
        assert any(part.startswith(error) for part in said), body  # as output, not only inside the echoed script
    assert f"exit code {code}" in body


@pytest.mark.parametrize("budget", ["-5", "0", "19"])
def test_bench_fidelity_budget_below_a_summary_is_refused_as_run_refuses_it(tmp_path, budget):
    result = CliRunner().invoke(main, ["bench", "fidelity", "--corpus", str(tmp_path), "--out", str(tmp_path / "o.jsonl"),
                                       "--no-model", "--budget", budget])
    assert result.exit_code == 2 and "20<=x<=4000" in result.output


def test_logs_rm_of_the_same_id_twice_counts_one_log():
    with LogStore() as store:
        first = store.add("make", b"a\n", exit_code=0)
        store.add("make", b"b\n", exit_code=0)
    result = CliRunner().invoke(main, ["logs", "rm", str(first), str(first), f"#{first}"])
    assert result.exit_code == 0 and "removed 1 log" in result.output and "2 logs" not in result.output
    with LogStore() as store:
        assert len(store.list()) == 1


def test_mcp_typed_in_a_terminal_says_what_it_waits_for(tmp_path):
    import os
    import pty
    import select
    import signal
    import subprocess
    import sys

    parent, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "terminus_edge", "mcp", "--no-model"], stdin=child,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    os.close(child)
    try:
        ready, _, _ = select.select([proc.stderr], [], [], 60)
        line = proc.stderr.readline().decode() if ready else ""
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        os.close(parent)
    assert "waiting for an MCP client" in line and "not an interactive prompt" in line and "Ctrl-C stops it" in line


def test_mcp_started_by_a_client_prints_nothing_on_stderr_before_it_serves(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "terminus_edge", "mcp", "--no-model"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert "waiting for an MCP client" not in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize("args, code", [(["run", "--no-model", "--", "seq 1 2000; exit 3"], 3),
                                        (["run", "--no-model", "--json", "--", "exit 5"], 5),
                                        (["summarize", "--no-model", "--exit-code", "2"], 1)])
def test_a_stdout_that_cannot_take_the_summary_costs_the_print_not_the_exit_code(tmp_path, args, code):
    import subprocess
    import sys

    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "terminus_edge", *args], input="error: x\n", stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == ("terminus-edge: the summary could not be written to stdout "
                                                    "(No space left on device); `terminus-edge logs show 1` has the output")


def test_run_into_a_closed_pipe_keeps_the_command_exit_code(tmp_path):
    import subprocess
    import sys

    te = f"{sys.executable} -m terminus_edge"
    shell = f"{te} run --no-model -- 'seq 1 50000; exit 3' | true; echo status=${{PIPESTATUS[0]}}"
    proc = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "status=3" in proc.stdout, proc.stderr
    assert "Traceback" not in proc.stderr and "(Broken pipe)" in proc.stderr


@pytest.mark.parametrize("args", [["logs", "list"], ["logs", "show", "1"], ["logs", "show", "1", "--raw"], ["--help"],
                                  ["shell-init", "bash"], ["redact"]])
def test_any_command_into_a_full_stdout_says_so_in_one_line(tmp_path, args):
    import subprocess
    import sys

    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    with LogStore() as store:
        store.add("seq 1 5000", b"".join(b"%d\n" % i for i in range(5000)), exit_code=0)
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "terminus_edge", *args], input="x " * 5000, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert proc.stderr.strip() == ("terminus-edge: cannot write its output "
                                   "(No space left on device: stdout or a file on a full disk)")


@pytest.mark.parametrize("threads", ["0", "-3"])
@pytest.mark.parametrize("command", [["export", "missing.gguf"], ["bundle", "warm", "missing-bundle"]])
def test_threads_below_one_is_refused_before_any_work(tmp_path, command, threads):
    # export: 0 was taken as "onnxruntime's choice" and -3 reached onnxruntime only at validation, minutes in
    result = CliRunner().invoke(main, [*command, "--threads", threads])
    assert result.exit_code == 2 and "1<=x<=1024" in result.output


def test_summarize_help_gives_the_exit_code_only_where_a_shell_has_it():
    text = " ".join(CliRunner().invoke(main, ["summarize", "--help"]).output.split())
    piped = re.findall(r"2>&1 \| terminus-edge summarize[^;]*?\.(?:\s|$)", text)  # to the end of its sentence
    assert piped and not any("--exit-code" in example for example in piped), piped  # in a pipe, $? is not CMD's yet
    assert "--exit-code $? < out.log" in text


def test_redact_stats_count_one_line_in_the_singular():
    result = CliRunner().invoke(main, ["redact", "--stats"], input="x\n")
    assert "redact: 1 line, 0 secrets masked (none)" in result.stderr


def test_one_distinct_failure_is_named_among_many_of_one_assertion():
    # real pytest 8.4 capture: 30 parametrized cases fail one assertion, one test fails with a JSONDecodeError
    raw = (DATA / "pytest_many_failures_one_distinct.txt").read_bytes()
    body = summarize("pytest -q test_spread.py", raw, 1, model=None).body
    assert "31 failed, 90 passed" in body  # not all fit: the rest are counted, exactly
    assert int(re.search(r"\+(\d+) more failed tests not shown", body)[1]) + body.count("FAILED ") == 31
    assert "FAILED test_spread.py::test_config_loads: json.decoder.JSONDecodeError" in body
    assert body.index("test_price[1]") < body.index("test_config_loads")  # the first of the common kind leads
