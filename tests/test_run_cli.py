"""`terminus-edge run` and `summarize`: real processes for exit codes, tee and pipes; click for model cases."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.logstore import LogStore
from terminus_edge.model import FakeModel

TE = [sys.executable, "-m", "terminus_edge"]
FAILING = "printf 'collected 3 items\\nFAILED tests/test_a.py::test_x - assert 1 == 2\\n1 failed, 2 passed in 0.1s\\n'; exit 1"


def te(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*TE, *args], capture_output=True, text=True, timeout=120, **kw)


def test_run_prints_summary_stores_log_and_keeps_exit_code(tmp_path):
    proc = te("run", "--no-model", "--", FAILING, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("Command: printf") and "Log: 1" in proc.stdout
    assert "test_x" in proc.stdout and "1 failed" in proc.stdout
    with LogStore() as store:
        rec = store.get(1)
        assert rec.exit_code == 1 and rec.cwd == str(tmp_path) and rec.source == "run" and rec.status == "ok"
        assert store.read_raw(1).startswith(b"collected 3 items\nFAILED") and rec.summary == proc.stdout.strip()
        assert json.loads(rec.facts_json)["exit_code"] == 1


def test_run_with_arguments_quotes_them_exactly():
    proc = te("run", "--no-model", "--", sys.executable, "-c", "import sys; print(sys.argv[1:]); sys.exit(7)", "a b", "$HOME")
    assert proc.returncode == 7
    with LogStore() as store:
        assert store.read_raw(1) == b"['a b', '$HOME']\n"


def test_run_json_and_tee():
    proc = te("run", "--json", "--tee", "--no-model", "--", "echo out; echo err >&2; exit 4")
    assert proc.returncode == 4
    data = json.loads(proc.stdout)
    assert set(data) == {"id", "command", "exit_code", "duration_s", "summary", "facts", "tokens_raw", "tokens_summary"}
    assert data["id"] == 1 and data["exit_code"] == 4 and data["facts"]["exit_code"] == 4
    assert data["summary"].endswith("Log: 1") and data["tokens_summary"] > 0
    assert proc.stderr.startswith("out\nerr\n")  # live raw output on stderr


def test_run_timeout_exit_124_and_says_so():
    proc = te("run", "--no-model", "--timeout", "0.5", "--", "echo started; sleep 30")
    assert proc.returncode == 124
    assert "timed out after 0.5 s" in proc.stderr and "timed out" in proc.stdout.lower()


def test_run_default_without_bundle_notes_deterministic():
    proc = te("run", "--", "true")
    assert proc.returncode == 0 and "no model bundle built" in proc.stderr and "Log: 1" in proc.stdout


def test_run_with_broken_bundle_falls_back(tmp_path):
    (tmp_path / "bundle").mkdir()
    (tmp_path / "bundle" / "manifest.json").write_text("{not json")
    proc = te("run", "--bundle", str(tmp_path / "bundle"), "--", "echo hi; exit 3")
    assert proc.returncode == 3 and "model failed to load" in proc.stderr and "Traceback" not in proc.stderr
    assert "Log: 1" in proc.stdout


def test_run_errors_are_one_line():
    assert te("run").returncode == 2
    proc = te("run", "--no-model", "--", "   ")
    assert proc.returncode == 2 and "empty" in proc.stderr


def test_model_gist_used_and_a_crashing_model_costs_nothing(monkeypatch):
    from terminus_edge.cli import run_cmd

    good = FakeModel(replies=lambda messages: "The command printed a greeting.")
    monkeypatch.setattr(run_cmd, "pick_model", lambda bundle, no_model: (good, None))
    long_output = "for i in $(seq 1 40); do echo hello number $i; done"  # a few lines would skip the model
    result = CliRunner().invoke(main, ["run", "--", long_output])
    assert result.exit_code == 0 and "Log: 1" in result.stdout and good.calls

    def crash(messages):
        raise MemoryError("out of memory")

    monkeypatch.setattr(run_cmd, "pick_model", lambda bundle, no_model: (FakeModel(replies=crash), None))
    result = CliRunner().invoke(main, ["run", "--", long_output + "; exit 6"])
    assert result.exit_code == 6 and "Log: 2" in result.stdout and "Traceback" not in result.output
    assert "MemoryError" in result.output and "deterministic summary" in result.output


def test_summarize_pipe(tmp_path):
    data = "".join(f"row {i}\n" for i in range(20000)) + "error: something broke at step 7\n"
    proc = te("summarize", "--no-model", "--command", "make all", "--exit-code", "2", input=data)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Command: make all") and "Log: 1" in proc.stdout
    assert "something broke" in proc.stdout
    with LogStore() as store:
        rec = store.get(1)
        assert rec.source == "pipe" and rec.exit_code == 2 and store.read_raw(1) == data.encode()


def test_summarize_binary_pipe_json():
    payload = bytes(range(256)) * 100
    proc = subprocess.run([*TE, "summarize", "--no-model", "--json"], input=payload, capture_output=True, timeout=120)
    data = json.loads(proc.stdout)
    assert data["command"] == "(piped input)" and data["exit_code"] is None
    with LogStore() as store:
        assert store.read_raw(data["id"]) == payload


@pytest.mark.slow
def test_100mb_through_run_keeps_memory_bounded():
    """Capture + store of a 100 MB output stays small; (summarize() itself is measured by its owner)."""
    code = ("import sys\nfor i in range(1_600_000): sys.stdout.write(f'line {i:08d} ' + 'x' * 48 + '\\n')")
    probe = (f"from terminus_edge.capture import run_command\nfrom terminus_edge.logstore import LogStore\n"
             f"s = LogStore(); w = s.begin('gen')\n"
             f"c = run_command({sys.executable!r} + ' -c ' + __import__('shlex').quote({code!r}), on_output=w.write, timeout_s=300)\n"
             # VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork+exec, so it would report pytest's peak
             f"hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]\n"
             f"w.finish(exit_code=c.exit_code)\nprint(c.bytes, s.get(w.id).stored, hwm)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=600)
    produced, stored, max_rss_kb = map(int, out.stdout.split())
    assert produced == stored == 1_600_000 * 63
    assert max_rss_kb < 120_000, max_rss_kb


def test_sigkill_of_terminus_edge_mid_command_keeps_what_was_committed():
    import os
    import signal
    import time

    import psutil

    marker = "sleep 47.25"
    proc = subprocess.Popen([*TE, "run", "--no-model", "--", f"echo first; sleep 0.3; echo second; {marker}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(3.0)  # both lines out, and older than the one-second flush
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        for p in psutil.process_iter(["cmdline"]):
            if p.info["cmdline"] and " ".join(p.info["cmdline"]) == marker:
                p.kill()
    with LogStore() as store:
        rec = store.get(1)
        assert rec.status == "interrupted" and rec.exit_code is None
        assert store.read_raw(1) == b"first\nsecond\n"
        assert store.add("next", b"ok", exit_code=0) == 2


def test_corrupt_store_is_one_line_error(te_home):
    from terminus_edge import paths

    (paths.data_dir() / "logs.sqlite3").write_bytes(b"garbage" * 1000)
    proc = te("run", "--no-model", "--", "echo hi; exit 3")  # run anyway: only the stored log is lost
    assert proc.returncode == 3 and proc.stdout.startswith("Command: echo hi") and "Log:" not in proc.stdout
    assert "unreadable" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_run_without_a_log_folder_still_runs_and_summarizes(te_home):
    """QA: a log folder that cannot be created made `run` refuse the command; now it runs it, summarizes it,
    keeps its exit code and says in one line that the raw log is not stored."""
    te_home.mkdir(parents=True, exist_ok=True)
    (te_home / "data").write_text("a file where the log folder should be\n")
    proc = te("run", "--no-model", "--", FAILING)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("Command: printf") and "1 failed" in proc.stdout and "Log:" not in proc.stdout
    assert proc.stderr.strip().splitlines() == [
        f"terminus-edge: the raw log cannot be stored (cannot create {te_home / 'data'}: File exists (check "
        "TERMINUS_EDGE_HOME)); running the command anyway, summary only"]
    as_json = json.loads(te("run", "--no-model", "--json", "--", "exit 5").stdout)
    assert as_json["id"] is None and as_json["exit_code"] == 5


def test_summarize_exit_code_takes_a_shell_status_or_pythons_signal_form():
    killed = CliRunner().invoke(main, ["summarize", "--no-model", "--command", "job", "--exit-code", "-9"], input="working\n")
    assert killed.exit_code == 0, killed.output
    assert "exit code 137 (128+9: by shell convention, killed by SIGKILL" in killed.stdout  # the words `run` uses
    with LogStore() as store:
        assert store.get(1).exit_code == 137
    top = CliRunner().invoke(main, ["summarize", "--no-model", "--exit-code", "255"], input="x\n")
    assert top.exit_code == 0 and "exit code 255" in top.stdout
    for bad in ("300", "256", "-65", "-300", "nine"):
        result = CliRunner().invoke(main, ["summarize", "--no-model", "--exit-code", bad], input="x\n")
        assert result.exit_code == 2 and "is not an exit status" in result.output, (bad, result.output)
        assert "Traceback" not in result.output and "Command:" not in result.output


def test_one_argument_naming_a_file_with_spaces_runs_that_program(tmp_path):
    script = tmp_path / "my script.sh"
    script.write_text("#!/bin/sh\necho \"ran with $# args\"\nexit 3\n")
    script.chmod(0o755)
    proc = te("run", "--no-model", "--", "./my script.sh", cwd=tmp_path)
    assert proc.returncode == 3 and "ran with 0 args" in proc.stdout, proc.stdout + proc.stderr
    assert proc.stdout.startswith("Command: './my script.sh'")
    line = te("run", "--no-model", "--", "echo one && echo two; exit 4", cwd=tmp_path)  # still a command line
    assert line.returncode == 4 and "one" in line.stdout and "two" in line.stdout
    argv = te("run", "--no-model", "--", "./my script.sh", "a b", cwd=tmp_path)
    assert argv.returncode == 3 and "ran with 1 args" in argv.stdout
