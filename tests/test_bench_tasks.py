"""`bench tasks` on a tiny task made in the test: copy, run, score, JSONL, leftover processes killed."""

from __future__ import annotations

import json
import shutil
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from terminus_edge.benchmarks import tasks as tb
from terminus_edge.cli import main


@pytest.fixture
def tiny_tasks(tmp_path):
    root = tmp_path / "tasks"
    task = root / "py-sub"
    (task / "repo/mathx").mkdir(parents=True)
    (task / "repo/tests").mkdir()
    (task / "repo/mathx/__init__.py").write_text("def sub(a, b):\n    return a + b\n")
    (task / "repo/tests/__init__.py").write_text("")
    (task / "repo/tests/test_sub.py").write_text(textwrap.dedent("""\
        import unittest
        from mathx import sub

        class SubTests(unittest.TestCase):
            def test_sub(self):
                self.assertEqual(sub(5, 3), 2)

            def test_same(self):
                self.assertEqual(sub(0, 0), 0)
        """))
    (task / "request.txt").write_text("Run the tests for this project and tell me what fails and why.\n")
    meta = {
        "id": "py-sub", "kind": "implicit", "commands": ["python3 -m unittest -v"], "exit_codes": [1],
        "facts": [{"id": "name", "any_of": ["test_sub\\b"]}, {"id": "msg", "any_of": ["8\\s*!=\\s*2"]},
                  {"id": "exit", "any_of": ["exit(ed)?\\s+(with\\s+)?code\\s+1\\b"]},
                  {"id": "source", "any_of": ["return a \\+ b"]}],
        "forbidden": [{"id": "all_pass", "any_of": ["all tests pass"]}],
    }
    (task / "meta.json").write_text(json.dumps(meta))
    return root


def test_run_task_copies_scores_and_leaves_the_original_alone(tiny_tasks):
    [task] = tb.load_tasks(tiny_tasks)
    result = tb.run_task(task, model=None, planner="rules", budget_s=60)
    assert result.recall == 1.0, (result.missed, result.answer)
    assert result.forbidden == [] and not result.over_budget
    assert result.exit_codes[0] == 1 and len(result.commands) == 2  # the tests, then the failing source lines
    assert not list((task.directory / "repo").rglob("__pycache__"))  # ran in a copy


def test_cli_writes_exact_jsonl_and_prints_totals(tiny_tasks, tmp_path):
    out = tmp_path / "answers.jsonl"
    res = CliRunner().invoke(main, ["bench", "tasks", "--tasks", str(tiny_tasks), "--no-model", "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    [line] = [json.loads(x) for x in out.read_text().splitlines()]
    assert set(line) == {"id", "answer", "commands", "exit_codes", "turns", "latency_ms"}
    assert line["id"] == "py-sub" and line["exit_codes"][0] == 1
    assert "py-sub" in res.output and "recall 1.00" in res.output
    totals = json.loads(res.output.strip().splitlines()[-1])
    assert totals["mean_recall"] == 1.0 and totals["forbidden_hits"] == 0 and totals["tasks"] == 1


def test_score_matches_the_task_scorer_rules():
    meta = {"facts": [{"id": "a", "any_of": ["FOO\\s+bar"]}, {"id": "b", "any_of": ["(bad"]}],
            "forbidden": [{"id": "f", "any_of": ["all.*pass"]}]}
    assert tb.score(meta, "foo\nBAR, all\n tests pass") == (0.5, ["b"], ["f"])


def test_missing_tasks_dir_is_a_clear_error(tmp_path):
    res = CliRunner().invoke(main, ["bench", "tasks", "--tasks", str(tmp_path / "none"), "--no-model",
                                    "--out", str(tmp_path / "a.jsonl")])
    assert res.exit_code != 0 and "tasks directory not found" in res.output


def test_leftover_processes_are_killed(tmp_path):
    import os
    import subprocess

    tag = "test-" + str(time.time())
    env = dict(os.environ, **{tb.TAG_ENV: tag})
    child = subprocess.Popen(["sleep", "300"], env=env, start_new_session=True, cwd=tmp_path)
    try:
        assert tb.kill_leftovers(tag, tmp_path) >= 1
        child.wait(timeout=10)
        assert not psutil.pid_exists(child.pid) or psutil.Process(child.pid).status() == psutil.STATUS_ZOMBIE
    finally:
        if child.poll() is None:
            child.kill()


HELDOUT = Path(__file__).parent / "data" / "tasks_heldout"
HELDOUT_TOOLS = ("bash", "python3", "gcc", "make", "node", "npm", "go", "cargo", "shellcheck")


@pytest.mark.skipif(any(shutil.which(t) is None for t in HELDOUT_TOOLS), reason="a held-out task's toolchain is missing")
def test_held_out_tasks_with_the_rules_planner():
    """The 12 held-out tasks (written before reading the planner) end to end, deterministic summaries (~10 s).
    Floors, not the measured 0.97: a task may lose a fact to a summarizer change without failing the suite,
    never its verdict."""
    import subprocess

    if subprocess.run(["python3", "-c", "import pytest"], capture_output=True).returncode != 0:
        pytest.skip("python3 has no pytest (py-pytest-* tasks)")
    tasks = tb.load_tasks(HELDOUT)
    assert len(tasks) >= 12
    results = [tb.run_task(task, model=None, planner="rules", budget_s=120) for task in tasks]
    by_id = {r.id: r for r in results}
    mean = sum(r.recall for r in results) / len(results)
    assert mean >= 0.9, {r.id: (r.recall, r.missed) for r in results}
    assert all(r.recall >= 0.75 for r in results), {r.id: (r.recall, r.missed) for r in results}
    assert sum(len(r.forbidden) for r in results) == 0, {r.id: r.forbidden for r in results if r.forbidden}
    assert not any(r.over_budget or r.error for r in results)
    assert by_id["sh-set-e"].commands[0] == "scripts/package.sh"  # the backticked script the request names


@pytest.mark.skipif(any(shutil.which(t) is None for t in ("bash", "python3", "make", "cc", "node", "npm")),
                    reason="a held-out task's toolchain is missing")
def test_second_held_out_batch_with_the_rules_planner():
    """tests/data/tasks_heldout2 (4 tasks written after the first batch's fixes; 0.73 on their first run, 0.85
    after the fixes they prompted). Floors again; without gdb the segfault task loses its backtrace fact."""
    results = [tb.run_task(task, model=None, planner="rules", budget_s=120) for task in tb.load_tasks(HELDOUT.parent
                                                                                                      / "tasks_heldout2")]
    assert len(results) >= 4
    assert sum(r.recall for r in results) / len(results) >= 0.75, {r.id: (r.recall, r.missed) for r in results}
    assert sum(len(r.forbidden) for r in results) == 0, {r.id: r.forbidden for r in results if r.forbidden}
    assert not any(r.over_budget or r.error for r in results)
