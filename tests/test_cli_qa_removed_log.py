"""A log removed while its command runs (`logs rm --all`, another process's prune) must not cost the summary or
the exit code: the run says so in one line and the summary has no Log line pointing at nothing."""

from __future__ import annotations

import json
import subprocess
import sys

from terminus_edge.integrations.runner import run_and_summarize
from terminus_edge.logstore import LogStore

TE = [sys.executable, "-m", "terminus_edge"]
REMOVE_ALL = f"{sys.executable} -m terminus_edge logs rm --all"  # the command removes its own log (same store)


def te(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*TE, *args], capture_output=True, text=True, timeout=120, **kw)


def test_writer_and_summary_of_a_removed_log_do_not_raise():
    with LogStore() as store:
        writer = store.begin("make")
        writer.write(b"some output\n")
        store.remove([writer.id])
        writer.write(b"more output\n")
        assert writer.finish(exit_code=2) == writer.id
        assert writer.removed
        assert store.set_summary(writer.id, "Command: make\nSummary: exit code 2") is False
        assert store.list() == []


def test_run_whose_log_is_removed_meanwhile_keeps_summary_and_exit_code(tmp_path):
    proc = te("run", "--no-model", "--", f"echo started; {REMOVE_ALL}; echo done; exit 3", cwd=tmp_path)
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout.startswith("Command: echo started") and "exit code 3" in proc.stdout and "done" in proc.stdout
    assert "Log:" not in proc.stdout
    assert "log 1 was removed from the store while the command ran" in proc.stderr
    assert "Error" not in proc.stderr and "Traceback" not in proc.stderr


def test_run_json_of_a_removed_log_has_no_id(tmp_path):
    proc = te("run", "--no-model", "--json", "--", f"{REMOVE_ALL}; exit 4", cwd=tmp_path)
    assert proc.returncode == 4, proc.stderr
    out = json.loads(proc.stdout)
    assert out["id"] is None and out["exit_code"] == 4


def test_summarize_whose_log_is_removed_before_the_summary_is_stored(tmp_path):
    # the writer of the pipe waits until summarize has begun log 1, removes it, and only then ends the input
    remove_1 = f"until {sys.executable} -m terminus_edge logs rm 1 >/dev/null 2>&1; do sleep 0.1; done"
    shell = f"{{ echo 'error: boom'; {remove_1}; }} | {' '.join(TE)} summarize --no-model --exit-code 1"
    proc = subprocess.run(shell, shell=True, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "error: boom" in proc.stdout and "exit code 1" in proc.stdout and "Log:" not in proc.stdout
    assert "was removed from the store" in proc.stderr and "Error" not in proc.stderr


def test_agent_run_whose_log_is_removed_answers_with_a_note(tmp_path):
    with LogStore() as store:
        text, log_id, _ = run_and_summarize(f"echo hi; {REMOVE_ALL}; exit 1", cwd=str(tmp_path), timeout_s=60,
                                            store=store)
    assert "exit code 1" in text and f"log {log_id} was removed from the store" in text
    assert "could not be stored in full" not in text


def test_a_log_removed_after_its_command_ended_is_said_and_the_summary_printed(capsys):
    from terminus_edge.cli.run_cmd import summarize_and_report

    with LogStore() as store:
        log_id = store.add("make", b"error: boom\n", exit_code=2)
        store.remove([log_id])  # another process's prune, between the log's end and its summary
        assert summarize_and_report(store, log_id, "make", b"error: boom\n", 2, budget=200, as_json=False,
                                    bundle=None, no_model=True)
    out, err = capsys.readouterr()
    assert "error: boom" in out and "exit code 2" in out
    assert f"log {log_id} was removed from the store (`logs rm` or a prune) before its summary was stored" in err
