"""QA of `bench` as a hardware-latency benchmarker uses it (session 10): an --out that cannot be written is refused
before any work also for root, and a fidelity run cut by Ctrl-C keeps the cases it scored."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.cli import main


@pytest.fixture(autouse=True)
def fresh_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _corpus(tmp_path: Path, n: int = 3) -> Path:
    root = tmp_path / "corpus"
    for i in range(n):
        case = root / f"case-{i}"
        case.mkdir(parents=True)
        (case / "command.txt").write_text("make\n")
        (case / "output.txt").write_text(f"error: foo{i} failed\n")
        (case / "meta.json").write_text(json.dumps({"id": f"case-{i}", "exit_code": 2, "forbidden": [],
                                                    "facts": [{"id": "f", "any_of": [f"foo{i} failed"]}]}))
    return root


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc takes no new files on Linux only")
@pytest.mark.parametrize("command", [["bench", "fidelity", "--corpus", "{corpus}", "--no-model"],
                                     ["bench", "tasks", "--tasks", "{corpus}", "--no-model"]])
def test_out_that_cannot_be_created_is_refused_before_any_work_even_for_root(tmp_path, command):
    """os.access says yes to root everywhere: a run as root went through every case, then died with a
    FileNotFoundError traceback when it wrote --out under /proc (or on a read-only mount)."""
    corpus = _corpus(tmp_path)
    args = [part.replace("{corpus}", str(corpus)) for part in command] + ["--out", "/proc/terminus-qa.jsonl"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "--out" in result.output and "cannot write there" in result.output
    assert isinstance(result.exception, SystemExit)


def test_the_out_check_leaves_no_file_behind_and_an_existing_one_as_it_was(tmp_path):
    from terminus_edge.cli.bench_options import writable_file

    new, old = tmp_path / "new.jsonl", tmp_path / "old.jsonl"
    old.write_text("kept\n")
    assert writable_file(None, None, str(new)) == str(new) and not new.exists()
    assert writable_file(None, None, str(old)) == str(old) and old.read_text() == "kept\n"


def test_fidelity_cut_by_ctrl_c_keeps_the_cases_scored_and_says_so(tmp_path, monkeypatch):
    """The lines used to be written at the end only: Ctrl-C lost every case scored (and, with the model, aborted
    inside onnxruntime with exit 134). Now: the scored cases stay in --out, the cut one is not scored, exit 130."""
    real = fb.summarizer_for
    seen = []

    def fake_summarizer_for(model=None, **kwargs):
        inner = real(None)

        def run(case):
            seen.append(case.id)
            if len(seen) == 2:  # Ctrl-C while the second case is summarized
                os.kill(os.getpid(), signal.SIGINT)
                import time

                time.sleep(0.5)  # the handler runs on the main thread meanwhile
            return inner(case)

        return run

    monkeypatch.setattr(fb, "summarizer_for", fake_summarizer_for)
    out = tmp_path / "rows.jsonl"
    result = CliRunner().invoke(main, ["bench", "fidelity", "--corpus", str(_corpus(tmp_path)), "--no-model",
                                       "--out", str(out)])
    assert result.exit_code == 130, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["case-0"]
    assert "interrupted: 1 of 3 cases scored" in result.output and "Ctrl-C" in result.output
    assert "case-2" not in seen  # no case starts after the cancel


def test_fidelity_writes_each_line_as_its_case_is_scored(tmp_path):
    out = tmp_path / "rows.jsonl"
    lines_then = []
    with open(out, "w") as fh:
        def keep(result):
            fh.write(fb.jsonl_line(result))
            fh.flush()
            lines_then.append(len(out.read_text().splitlines()))

        fb.run_benchmark(fb.load_corpus(_corpus(tmp_path)), fb.summarizer_for(None), on_result=keep)
    assert lines_then == [1, 2, 3]


# ---- bench compare on bundles alone --------------------------------------------------------------------------
@pytest.fixture
def matrix(monkeypatch):
    """run_matrix replaced: the specs it was given are kept, one measured-looking row per spec and test."""
    from terminus_edge.benchmarks import compare
    from terminus_edge.benchmarks.records import Record, label_for, summarize_samples

    ran = []

    def fake_run_matrix(specs, tests, reps, warmup, progress, interleave):
        ran.extend(specs)
        return [summarize_samples(Record(s.engine, s.model, s.precision, s.ep, s.threads, label_for(p, g), p, g),
                                  [{"tokens_per_s": 10.0, "ttft_ms": 1.0, "token_ms": [100.0] * g}] * reps)
                for s in specs for p, g in tests]

    monkeypatch.setattr(compare, "run_matrix", fake_run_matrix)
    monkeypatch.setattr(compare, "bundles_for", lambda *a, **k: pytest.fail("exported a bundle with no source given"))
    return ran


def test_compare_runs_the_bundle_engines_on_bundles_alone(tmp_path, monkeypatch, matrix):
    """It refused any run without --gguf/--hf ("give the weights"), also `--bundle DIR --engines terminus-edge,optimum`,
    which reads nothing else: a user with a bundle only could not compare the ONNX engines on it."""
    import csv
    import io

    from terminus_edge.benchmarks import compare
    import terminus_edge.runtime.bundle as bundle_module
    from terminus_edge.benchmarks.records import NOT_AVAILABLE, OK

    monkeypatch.setattr(bundle_module, "load_bundle",
                        lambda path, full_logits=False: SimpleNamespace(path=path, manifest={"backend": "builder"}, precision="int4"))
    monkeypatch.setattr(compare, "installed", lambda engine: True)
    bundle = tmp_path / "smol-int4"
    bundle.mkdir()
    result = CliRunner().invoke(main, ["bench", "compare", "--bundle", str(bundle), "--engines",
                                       "terminus-edge,optimum,llama.cpp,transformers", "-p", "8", "-n", "2", "-r", "2",
                                       "--no-progress", "-o", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_engine = {(r["engine"], r["test"]): r for r in rows}
    assert {e for e, _ in by_engine} == {"terminus-edge", "optimum", "llama.cpp", "transformers"}
    assert len(rows) == 8 and {s.engine for s in matrix} == {"terminus-edge", "optimum"}
    assert by_engine["terminus-edge", "pp8"]["status"] == OK and by_engine["optimum", "tg2"]["model"].startswith("smol-int4")
    assert by_engine["llama.cpp", "tg2"]["status"] == NOT_AVAILABLE and "--gguf" in by_engine["llama.cpp", "tg2"]["note"]
    assert by_engine["transformers", "pp8"]["status"] == NOT_AVAILABLE and "--hf" in by_engine["transformers", "pp8"]["note"]


def test_compare_with_no_weights_at_all_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["bench", "compare", "--no-progress"])
    assert result.exit_code == 1 and "--gguf FILE, --hf DIR and/or --bundle DIR" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_peer_that_is_not_installed_still_names_the_precision_its_file_has(tmp_path, monkeypatch, matrix):
    """The llama.cpp 'not installed' row had an empty precision column although the GGUF says it (Q4_1...)."""
    from terminus_edge.benchmarks import compare
    from terminus_edge.benchmarks.records import NOT_INSTALLED

    gguf = tmp_path / "w.Q4_1.gguf"
    gguf.write_bytes(b"GGUF")
    monkeypatch.setattr(compare, "gguf_file_type", lambda path: "Q4_1")
    monkeypatch.setattr(compare, "installed", lambda engine: engine != "llama.cpp")
    records = compare.run_compare(gguf=str(gguf), engines=["llama.cpp", "transformers"], prompts=[8], gens=[0],
                                  reps=1, progress=False)
    by_engine = {r.engine: r for r in records}
    assert by_engine["llama.cpp"].status == NOT_INSTALLED and by_engine["llama.cpp"].precision == "Q4_1"
    assert by_engine["transformers"].precision == "fp32"


# ---- markdown cells ----------------------------------------------------------------------------------------------
def _md_rows(text: str) -> list[list[str]]:
    """The table's body rows split on unescaped pipes, as a Markdown renderer splits them."""
    import re

    rows = [line for line in text.splitlines() if line.startswith("| ")][1:]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


def test_markdown_cells_say_auto_threads_escape_pipes_and_keep_small_ratios():
    """--threads 0 rows had an empty thr cell, a model folder named 'a|b' shifted every cell after it, and a peer
    500x slower read '0.00×'."""
    from terminus_edge.benchmarks.records import Record, render, summarize_samples

    def rec(engine, model, threads, rate):
        return summarize_samples(Record(engine, model, "int4", "cpu", threads, "tg4", 1, 4),
                                 [{"tokens_per_s": rate, "ttft_ms": 1.0, "token_ms": [1000 / rate] * 4}] * 2)

    records = [rec("terminus-edge", "a|b\nc", None, 5000.0), rec("transformers", "a|b\nc", None, 10.0)]
    rows = _md_rows(render(records, "md", None, with_ratio=True))
    header = [c.strip() for c in render(records, "md", None, with_ratio=True).splitlines()[0].split("|")[1:-1]]
    assert all(len(row) == len(header) for row in rows)
    cells = [dict(zip(header, row)) for row in rows]
    assert cells[0]["thr"] == "auto" and cells[0]["model"] == "a\\|b c"
    assert cells[1]["vs te"] == "0.002×" and cells[0]["vs te"] == "1.00×"
    assert render(records, "json", None)  # json keeps null threads
    assert json.loads(render(records, "jsonl", None).splitlines()[0])["threads"] is None


def test_bench_summarize_cut_by_ctrl_c_reports_the_calls_it_timed(tmp_path, monkeypatch):
    """Ctrl-C used to end Python while the model ran on a worker thread: onnxruntime aborted the process (exit 134)
    and nothing was reported. Now the cut call is dropped, the timed ones are reported, exit 130."""
    import terminus_edge.model as model_module
    import terminus_edge.summarize as summarize_module

    real, calls = summarize_module.summarize, []

    def fake_summarize(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 2:  # Ctrl-C during the second timed call
            os.kill(os.getpid(), signal.SIGINT)
            import time

            time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(summarize_module, "summarize", fake_summarize)
    monkeypatch.setattr(model_module, "load_model", lambda bundle=None: None)
    result = CliRunner().invoke(main, ["bench", "summarize", "--corpus", str(_corpus(tmp_path)), "-r", "2", "--warmup", "0",
                                       "-o", "json"])
    assert result.exit_code == 130, result.output
    report = json.loads(result.stdout)
    assert report["interrupted"] is True and report["calls"] == 1 and len(calls) == 2
    assert [len(c["ms"]) for c in report["per_case"]] == [1, 0, 0]
    assert "interrupted: 1 of 6 timed calls made" in result.stderr


def _tasks(tmp_path: Path, n: int = 3) -> Path:
    root = tmp_path / "tasks"
    for i in range(n):
        task = root / f"task-{i}"
        (task / "repo").mkdir(parents=True)
        (task / "request.txt").write_text("run the tests\n")
        (task / "meta.json").write_text(json.dumps({"id": f"task-{i}", "facts": [{"id": "ok", "any_of": ["passed"]}]}))
    return root


def test_bench_tasks_cut_by_ctrl_c_stops_the_run_and_keeps_the_tasks_scored(tmp_path, monkeypatch):
    """Ctrl-C went to the task's command only (as a shell does): the command died with 130, that answer was scored
    as the task's own result, the bench went on to the end and exited 0. Now the subagent gets the cancel, the cut
    task is not scored, no task starts after it, the scored ones stay in --out, exit 130."""
    import terminus_edge.subagent.loop as loop

    started = []

    def fake_subagent(request, *, cwd=None, model=None, planner="auto", budget_s=None, cancel=None, **kwargs):
        started.append(cwd)
        if len(started) == 2:  # Ctrl-C while the second task's command runs
            os.kill(os.getpid(), signal.SIGINT)
            assert cancel is not None and cancel.wait(5), "the subagent was not given the bench's cancel"
        return SimpleNamespace(answer="3 passed", commands=["make test"], exit_codes=[0], turns=1, latency_ms=5.0)

    monkeypatch.setattr(loop, "execution_subagent", fake_subagent)
    out = tmp_path / "answers.jsonl"
    result = CliRunner().invoke(main, ["bench", "tasks", "--tasks", str(_tasks(tmp_path)), "--no-model", "--out", str(out)])
    assert result.exit_code == 130, result.output
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["task-0"]
    assert len(started) == 2 and "interrupted: 1 of 3 tasks scored" in result.output


@pytest.mark.parametrize("command", ["latency", "compare"])
@pytest.mark.parametrize("option", ["--threads", "-p", "-n"])
def test_a_bad_number_list_names_its_option(tmp_path, command, option):
    """'Error: Invalid value: expected comma-separated integers, got 'a'' did not say which of -p, -n, --threads."""
    result = CliRunner().invoke(main, ["bench", command, "--bundle", str(tmp_path), option, "1,a", "--no-progress"])
    assert result.exit_code == 2, result.output
    assert "expected comma-separated integers, got '1,a'" in result.output
    assert {"--threads": "'--threads'", "-p": "'-p'", "-n": "'-n'"}[option] in result.output


def test_an_interleaved_run_cut_between_rounds_exits_130_and_says_so(tmp_path, monkeypatch):
    """--interleave cut by Ctrl-C after whole rounds left only 'ok' rows noting 'interrupted after 2 of 5 rounds':
    no closing line, exit 0, so a script took 2 repetitions for the 5 it asked."""
    from terminus_edge.benchmarks import latency
    from terminus_edge.benchmarks.records import Record, summarize_samples

    calls = []

    def child(spec, n_prompt, n_gen, reps, warmup, **kwargs):
        calls.append(spec)
        if len(calls) == 3:  # round 2's first row
            raise KeyboardInterrupt
        record = Record(spec.engine, spec.model, spec.precision, spec.ep, spec.threads, latency.label_for(n_prompt, n_gen),
                        n_prompt, n_gen, load_s=0.1, rss_peak_mb=1.0)
        return summarize_samples(record, [{"tokens_per_s": 10.0, "ttft_ms": 1.0, "token_ms": [100.0] * n_gen}] * reps)

    monkeypatch.setattr(latency, "run_child", child)
    monkeypatch.setattr(latency, "bundle_specs", lambda bundle, eps, threads: [
        latency.EngineSpec(latency.ENGINE, bundle, "cpu", t, "m", "int4") for t in threads])
    monkeypatch.setattr(latency, "available_eps", lambda: {"cpu": "CPUExecutionProvider"})
    result = CliRunner().invoke(main, ["bench", "latency", "--bundle", str(tmp_path), "--ep", "cpu", "--threads", "1,2",
                                       "-p", "8", "-n", "0", "-r", "5", "--interleave", "-o", "jsonl", "--no-progress"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["threads"], r["status"], len(r["samples"])) for r in rows] == [(1, "ok", 1), (2, "ok", 1)]
    assert all("interrupted after 1 of 5 rounds by the user (Ctrl-C)" in r["note"] for r in rows)
    assert result.exit_code == 130, result.output
    assert "interrupted: 2 of 2 rows measured (shown above; 2 in fewer rounds than asked)" in result.stderr


def test_the_machine_block_warns_when_the_load_exceeded_the_cpus():
    """A run at load 11 on 2 CPUs printed its table with nothing but '[11.8, ...]' in the machine line to say so."""
    from terminus_edge.benchmarks.machine import format_machine

    base = {"cpu": "X", "cpus_usable": 2, "cores_logical": 2, "versions": {}}
    busy = format_machine({**base, "load_avg": [1.0, 1.0, 1.0], "load_avg_end": [11.8, 9.0, 8.0]})
    assert "contended: 1-min load average 11.8 on 2 usable CPUs" in busy
    assert "contended" not in format_machine({**base, "load_avg": [1.5, 3.0, 3.0], "load_avg_end": [1.9, 3.0, 3.0]})
    assert "contended" not in format_machine({**base, "cpus_usable": None, "cores_logical": None, "load_avg": [9.0, 1, 1]})


@pytest.mark.parametrize("command", ["latency", "compare"])
@pytest.mark.parametrize("flag, library", [(["--plot", "{tmp}/p.png"], "matplotlib"), (["--term-plot"], "plotext")])
def test_a_plot_whose_library_is_missing_is_refused_before_measuring(tmp_path, monkeypatch, command, flag, library):
    """The missing matplotlib/plotext was found after the whole run had been measured (then exit 1)."""
    import importlib.util

    from terminus_edge.benchmarks import compare, latency

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == library else real(name, *a))
    monkeypatch.setattr(latency, "run_latency", lambda *a, **k: pytest.fail("measured before refusing"))
    monkeypatch.setattr(compare, "run_compare", lambda *a, **k: pytest.fail("measured before refusing"))
    args = [part.replace("{tmp}", str(tmp_path)) for part in flag]
    result = CliRunner().invoke(main, ["bench", command, "--bundle", str(tmp_path), *args, "--no-progress"])
    assert result.exit_code == 1, result.output
    assert f"needs {library}" in result.output and len(result.output.strip().splitlines()) == 1
