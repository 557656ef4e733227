"""What a first user meets following README.md and --help: the documented lines must do what they say."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from terminus_edge.logstore import LogStore

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_line(needle: str) -> str:
    lines = [line for line in README.read_text().splitlines() if needle in line]
    assert lines, f"README.md has no line with {needle!r}"
    return re.sub(r"\s+#.*$", "", lines[0])


def test_readme_summarize_line_keeps_the_commands_exit_code(tmp_path):
    """`${PIPESTATUS[0]}` inside a pipe is the previous command's status: the documented line must not use it."""
    line = _readme_line("terminus-edge summarize --command make")
    script = (
        f'terminus-edge() {{ "{sys.executable}" -m terminus_edge "$@"; }}\n'
        "make() { echo 'make: *** [Makefile:6: app] Error 1'; return 2; }\n"
        "true\n"  # the status a stale $? / ${PIPESTATUS[0]} would hand over
        f"{line}\n"
    )
    proc = subprocess.run(["bash", "-c", script.replace("terminus-edge summarize", "terminus-edge summarize --no-model")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "exit code 2" in proc.stdout, proc.stdout + proc.stderr
    with LogStore() as store:
        assert store.get(1).exit_code == 2


@pytest.mark.parametrize(("meta", "expected"), [
    ({"exit_code": None}, "`cat notes` exit unknown, 1 lines"),
    ({"exit_code": 124, "timed_out": True}, "`cat notes` timed out (exit 124), 1 lines"),
    ({"exit_code": 0}, "`cat notes` exit 0, 1 lines"),
])
def test_mcp_read_log_header_says_how_the_command_ended(tmp_path, meta, expected):
    """A piped log (no exit code) was described to the agent as `exit None`."""
    from terminus_edge.integrations.toolkit import Toolkit

    with LogStore() as store:
        log_id = store.add("cat notes", b"hello\n", **meta)
    header = Toolkit(cwd=tmp_path, use_model=False).read_log(log_id).text.splitlines()[0]
    assert header == f"Log {log_id}: {expected}"


@pytest.mark.parametrize("command", ["make serve &", "npm run build & sleep 2; curl localhost:3000", "pytest -q &>log &"])
def test_hook_leaves_background_commands_alone(command):
    """README: background commands are left alone; wrapped, `run` ended with its shell and killed the job."""
    from terminus_edge.integrations.claude_hook import HookConfig, should_wrap

    wrap, why = should_wrap(command, HookConfig())
    assert not wrap and "background" in why


@pytest.mark.parametrize("command", ["pytest -q 2>&1 | tail", "make && make test", "cargo test &> out.log"])
def test_hook_still_wraps_ampersands_that_do_not_background(command):
    from terminus_edge.integrations.claude_hook import HookConfig, should_wrap

    assert should_wrap(command, HookConfig())[0]


def test_bad_log_cap_names_the_variable_and_the_text_as_given(monkeypatch):
    from click.testing import CliRunner

    from terminus_edge.cli import main

    monkeypatch.setenv("TERMINUS_EDGE_LOG_CAP", "lots")
    result = CliRunner().invoke(main, ["logs", "list"])
    assert result.exit_code == 1
    assert "TERMINUS_EDGE_LOG_CAP: not a size: 'lots'" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("args", [["--lines", "abc"], ["--grep", "("]])
def test_logs_show_with_a_bad_option_prints_only_the_error(args):
    from click.testing import CliRunner

    from terminus_edge.cli import main

    with LogStore() as store:
        log_id = store.add("echo hi", b"hi\n", exit_code=0)
    result = CliRunner().invoke(main, ["logs", "show", str(log_id), *args])
    assert result.exit_code == 1 and result.stdout == "" and "Error: bad" in result.stderr


def test_logs_show_prints_the_first_line_too():
    from click.testing import CliRunner

    from terminus_edge.cli import main

    with LogStore() as store:
        log_id = store.add("seq 3", b"1\n2\n3\n", exit_code=0)
    result = CliRunner().invoke(main, ["logs", "show", str(log_id), "--lines", "1:2"])
    assert result.stdout.splitlines()[2:] == ["     1: 1", "     2: 2"]


def test_a_failed_make_piped_through_tail_is_not_called_a_success():
    """`make 2>&1 | tail` exits 0 (tail's status); the summary must not say the failed build succeeded."""
    from terminus_edge.summarize import summarize

    output = (b"cc -o app main.o -lm\n/usr/bin/ld: main.o: in function `main':\n"
              b"main.c:(.text+0xa8): undefined reference to `stats_median'\n"
              b"collect2: error: ld returned 1 exit status\nmake: *** [Makefile:6: app] Error 1\n")
    body = summarize("make 2>&1 | tail -20", output, 0).body
    assert body.startswith("exit code 0, but the output reports errors"), body


@pytest.mark.parametrize("line", ["make: *** [Makefile:6: app] Error 1", "make[2]: *** [src/Makefile:40: all] Error 2",
                                  "make: *** No rule to make target 'tests'.  Stop."])
def test_make_error_lines_state_an_error(line):
    from terminus_edge.summarize.facts.types import Facts
    from terminus_edge.summarize.status import status_phrase

    assert status_phrase(Facts(exit_code=0, errors=[line])) == "exit code 0, but the output reports errors"


def test_make_progress_lines_do_not_state_an_error():
    from terminus_edge.summarize.facts.types import Facts
    from terminus_edge.summarize.status import status_phrase

    lines = ["make[1]: Entering directory '/src/error-handling'", "make: Nothing to be done for 'all'."]
    assert status_phrase(Facts(exit_code=0, errors=lines)) == "succeeded (exit code 0)"


def test_subagent_stopped_by_its_budget_does_not_claim_the_wrappers_timeout(tmp_path):
    """A 6 s budget stopped `timeout 60 python -m unittest` after ~3 s; the answer said 'within 60 s'."""
    import time

    from terminus_edge.subagent.loop import execution_subagent

    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "__init__.py").write_text("")
    (tmp_path / "tests" / "test_hang.py").write_text(
        "import time, unittest\n\nclass T(unittest.TestCase):\n    def test_hangs(self):\n        time.sleep(120)\n")
    started = time.monotonic()
    result = execution_subagent("Run the tests and report the results.", cwd=tmp_path, budget_s=6)
    assert time.monotonic() - started < 30
    assert "timeout 60" in result.answer or "-k 5 60" in result.answer  # the planner's visible wrapper ran
    assert "within 60 s" not in result.answer and "did not finish within" in result.answer, result.answer


@pytest.mark.parametrize("command", ["latency", "roofline"])
def test_bench_without_bundle_uses_the_default_one_as_the_readme_shows(command, monkeypatch):
    """README: `terminus-edge bench roofline` / `bench latency ...` with no --bundle; both said 'Missing option'."""
    from click.testing import CliRunner

    import terminus_edge.benchmarks.latency as latency
    import terminus_edge.benchmarks.roofline as roofline
    from terminus_edge.cli import main
    from terminus_edge.paths import default_bundle_dir

    result = CliRunner().invoke(main, ["bench", command])
    assert result.exit_code == 2 and "bundle build-default" in result.output
    default_bundle_dir().mkdir(parents=True)
    seen = []
    monkeypatch.setattr(latency, "run_latency", lambda bundle, *a, **k: seen.append(bundle) or [])
    monkeypatch.setattr(roofline, "roofline", lambda bundle, **k: seen.append(bundle) or {})
    monkeypatch.setattr(roofline, "format_roofline", lambda result: "")
    CliRunner().invoke(main, ["bench", command])
    assert seen == [str(default_bundle_dir())]


def test_failed_hook_install_changes_neither_settings_nor_permission(tmp_path, monkeypatch):
    """An unreadable settings.json made install fail with 'nothing was changed', yet --permission allow and
    --pattern were already saved (and applied by a hook installed in another scope)."""
    from click.testing import CliRunner

    from terminus_edge.cli import main
    from terminus_edge.integrations.claude_hook import load_config

    monkeypatch.setenv("HOME", str(tmp_path))
    settings = tmp_path / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text("{not json")
    before = load_config()
    result = CliRunner().invoke(main, ["hooks", "install", "claude-code", "--pattern", "deno test", "--permission", "allow"])
    assert result.exit_code == 1 and "nothing was changed" in result.output
    after = load_config()
    assert (after.permission, after.patterns) == (before.permission, before.patterns)
    assert settings.read_text() == "{not json"


@pytest.mark.parametrize("args", [["logs", "list"], ["bundle", "list"]])
def test_unusable_home_is_one_line_not_a_traceback(tmp_path, monkeypatch, args):
    from click.testing import CliRunner

    from terminus_edge.cli import main

    home = tmp_path / "a-file"
    home.write_text("x")
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(home))
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: cannot create {home}/") and "TERMINUS_EDGE_HOME" in result.output


def test_subagent_runs_a_named_tool_that_is_not_installed_and_says_so(tmp_path, monkeypatch):
    """`Run \\`pytest -q\\`` without pytest on PATH ran `python3 -m unittest` instead and answered about that."""
    import shutil

    from terminus_edge.subagent.loop import execution_subagent

    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("import unittest\n\nclass T(unittest.TestCase):\n    def test_ok(self):\n        pass\n")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    if shutil.which("pytest"):
        pytest.skip("pytest is installed in /usr/bin or /bin")
    result = execution_subagent("Run `pytest -q tests/test_x.py` and tell me what fails", cwd=tmp_path)
    assert result.commands[0] == "pytest -q tests/test_x.py"
    first_line = result.answer.splitlines()[0]
    assert "could not run" in first_line and "127" in first_line and "Tests failed" not in first_line


def test_a_password_prompt_without_a_terminal_reads_as_waiting_for_input(tmp_path):
    """Python's getpass with no tty warns, prompts and dies with a bare EOFError: the summary only said EOFError."""
    import sys as _sys

    from terminus_edge.capture import run_command

    command = f"{_sys.executable} -c 'import getpass; print(getpass.getpass())'"
    capture = run_command(command, cwd=str(tmp_path), timeout_s=30)
    try:
        assert capture.exit_code == 1 and capture.waiting_for_input
        assert "needed interactive input" in capture.note
    finally:
        capture.close()


def test_run_interactive_shows_the_prompt_it_waits_on(tmp_path):
    """`run --interactive` read the answer but never showed the question (only --tee printed output live)."""
    code = "print(input('name? '))"
    proc = subprocess.run([sys.executable, "-m", "terminus_edge", "run", "--no-model", "--interactive", "--",
                           sys.executable, "-c", code], input="bob\n", capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("name? bob")
