"""QA of `bench latency/compare` as a latency benchmarker reads them: flat rows with stable names, the machine and the
exact command in every format, refusals before anything runs, partial results kept (a crashed peer, Ctrl-C), plots."""

from __future__ import annotations

import csv
import io
import json
import os
import struct
import textwrap

import pytest
from click.testing import CliRunner

from terminus_edge.benchmarks import latency
from terminus_edge.benchmarks.machine import command_line, finish_run, format_machine, machine_columns, machine_info
from terminus_edge.benchmarks.records import (
    ERROR, INTERRUPTED, OK, REQUIRED_KEYS, Record, render, summarize_samples, unavailable, NOT_INSTALLED,
)
from terminus_edge.cli import main


def measured(engine="terminus-edge", test="tg4", rates=(10.0, 14.0), threads=2) -> Record:
    n_prompt, n_gen = (int(test[2:]), 0) if test.startswith("pp") else (1, int(test[2:]))
    samples = [{"tokens_per_s": r, "ttft_ms": 5.0, "token_ms": [1000 / r] * n_gen} for r in rates]
    return summarize_samples(Record(engine, "m", "int4", "cpu", threads, test, n_prompt, n_gen, load_s=0.5, rss_peak_mb=99.0),
                             samples)


def a_machine() -> dict:
    return finish_run({**machine_info(["/usr/bin/terminus-edge", "bench", "latency", "-p", "8", "--bundle", "my dir"]),
                       "method": latency.METHOD})


# ---- formats -----------------------------------------------------------------------------------------
def test_csv_rows_carry_machine_columns_and_match_the_markdown_row():
    records = [measured(test="pp16"), measured(test="tg4"),
               unavailable("llama.cpp", "m", "", "cpu", 2, "tg4", 1, 4, NOT_INSTALLED, "to install: pip install x")]
    machine = a_machine()
    rows = list(csv.DictReader(io.StringIO(render(records, "csv", machine))))
    assert len(rows) == 3
    header = list(rows[0])
    assert header[: len(REQUIRED_KEYS) - 1] == [k for k in REQUIRED_KEYS if k != "samples"][: len(REQUIRED_KEYS) - 1]
    for key in ("cpu_model", "cores_logical", "ram_gib", "os", "onnxruntime_version", "llama_cpp_python_version",
                "load_avg_1m_start", "load_avg_1m_end", "command", "method", "git_sha", "started_utc"):
        assert key in header, key
    tg = rows[1]
    assert tg["cpu_model"] == machine["cpu"] and int(tg["cores_logical"]) == machine["cores_logical"]
    assert tg["onnxruntime_version"] == machine["versions"]["onnxruntime"]
    assert tg["command"] == "terminus-edge bench latency -p 8 --bundle 'my dir'"
    assert "greedy" in tg["method"]
    for key in ("tokens_per_s_mean", "tokens_per_s_std", "ttft_ms", "token_ms_p50", "load_s", "rss_peak_mb", "ram_gib"):
        float(tg[key])  # plain numbers, never "12.3 ± 1.0"
    assert rows[2]["status"] == NOT_INSTALLED and rows[2]["tokens_per_s_mean"] == ""
    # the same row in markdown shows the same mean and std
    md_row = next(line for line in render(records, "md", machine).splitlines() if "| tg4 |" in line and "terminus-edge" in line)
    assert f"{float(tg['tokens_per_s_mean']):.2f} ± {float(tg['tokens_per_s_std']):.2f}" in md_row
    assert f"| {float(tg['token_ms_p50']):.2f} |" in md_row


def test_json_and_jsonl_have_no_formatted_numbers_and_name_the_command():
    records = [measured(test="pp16"), measured(test="tg4")]
    machine = a_machine()
    data = json.loads(render(records, "json", machine))
    assert data["machine"]["command"].startswith("terminus-edge bench latency")
    assert data["machine"]["load_avg_end"] is not None and "started_utc" in data["machine"]
    for row in data["records"]:
        for key in ("tokens_per_s_mean", "tokens_per_s_std", "ttft_ms", "load_s", "rss_peak_mb"):
            assert isinstance(row[key], float), key
    for line in render(records, "jsonl", machine).splitlines():
        row = json.loads(line)
        assert set(REQUIRED_KEYS) <= set(row) and row["machine"]["method"] == latency.METHOD


def test_machine_block_shows_command_method_and_load_at_both_ends():
    text = format_machine(a_machine())
    assert "command: `terminus-edge bench latency -p 8 --bundle 'my dir'`" in text
    assert "at the start" in text and "at the end" in text and "method: prompt: fixed token ids" in text


def test_command_line_quotes_arguments_and_drops_the_program_folder():
    assert command_line(["/x/y/terminus-edge", "bench", "a b"]) == "terminus-edge bench 'a b'"
    assert machine_columns({})["cpu_model"] == ""  # an old machine block still renders


# ---- refusals before anything runs ---------------------------------------------------------------------
@pytest.mark.parametrize("prompts,gens,threads,message", [
    ([0], [0], [2], "nothing to measure"),
    ([], [], [2], "nothing to measure"),
    ([-8], [4], [2], "0 or more"),
    ([8], [0], [999], "--threads 999"),
    ([8], [0], [-1], "--threads -1"),
])
def test_check_matrix_refuses_with_one_line(prompts, gens, threads, message):
    with pytest.raises(latency.BenchError) as error:
        latency.check_matrix(prompts, gens, threads)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_check_matrix_keeps_zero_threads_and_drops_duplicate_tests():
    assert latency.check_matrix([16, 16, 0], [4, 4], [None, 1]) == [(16, 0), (1, 4)]


@pytest.mark.parametrize("args,message", [
    (["-p", "0", "-n", "0"], "nothing to measure"),
    (["--threads", "999"], "--threads 999"),
])
def test_cli_latency_refuses_before_loading(tmp_path, args, message):
    result = CliRunner().invoke(main, ["bench", "latency", "--bundle", str(tmp_path), "--no-progress", *args])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_compare_refuses_unknown_engines_and_bad_gguf_before_exporting(tmp_path, monkeypatch):
    from terminus_edge.benchmarks import compare

    monkeypatch.setattr(compare, "bundles_for", lambda *a, **k: pytest.fail("exported before refusing"))
    gguf = tmp_path / "cut.gguf"
    gguf.write_bytes(struct.pack("<4sIQQ", b"GGUF", 3, 0, 5))  # promises 5 metadata fields, then ends
    runner = CliRunner()
    result = runner.invoke(main, ["bench", "compare", "--gguf", str(gguf), "--engines", "terminus-edge,llamacpp", "--no-progress"])
    assert result.exit_code == 1 and "unknown engine(s) llamacpp" in result.output and "Traceback" not in result.output
    result = runner.invoke(main, ["bench", "compare", "--gguf", str(gguf), "--engines", "terminus-edge,llama.cpp", "--no-progress"])
    assert result.exit_code == 1 and "not a readable GGUF file" in result.output and "Traceback" not in result.output
    result = runner.invoke(main, ["bench", "compare", "--gguf", str(gguf), "-p", "0", "-n", "0", "--no-progress"])
    assert result.exit_code == 1 and "nothing to measure" in result.output


def test_a_peer_whose_package_is_missing_is_a_row_that_says_so(tmp_path, monkeypatch):
    import importlib.util

    from terminus_edge.benchmarks import compare

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "llama_cpp" else real(name, *a))
    specs, missing = compare.compare_specs(str(tmp_path / "w.gguf"), None, [], ["llama.cpp"], [1], "m")
    assert specs == [] and missing[0][:2] == ("llama.cpp", NOT_INSTALLED) and "pip install" in missing[0][2]


# ---- partial results: a crashed peer, Ctrl-C -------------------------------------------------------------
FAKE_CHILD = textwrap.dedent('''
    import json, os, signal, sys, time
    job = json.loads(sys.stdin.read())
    mode = job["spec"]["engine"]
    def emit(e):
        sys.stdout.write(json.dumps(e) + "\\n"); sys.stdout.flush()
    emit({"event": "loaded", "load_s": 0.01})
    emit({"event": "rep", "warmup": False})
    if mode == "crashy":
        os.kill(os.getpid(), signal.SIGKILL)  # dies mid-run, like a segfaulting peer
    if mode == "sleepy":
        open(job["spec"]["options"]["pid_file"], "w").write(str(os.getpid()))
        time.sleep(600)
    emit({"event": "done", "load_s": 0.01, "rss_peak_mb": 10.0, "ep": "cpu", "model": "m", "precision": "q",
          "samples": [{"tokens_per_s": 5.0, "ttft_ms": 2.0, "token_ms": [200.0] * job["n_gen"]}] * job["reps"]})
''')


@pytest.fixture
def fake_child(tmp_path, monkeypatch):
    (tmp_path / "qa_fake_child.py").write_text(FAKE_CHILD)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    real = latency.run_child
    monkeypatch.setattr(latency, "run_child", lambda spec, *a, **k: real(spec, *a, child="qa_fake_child", **k))
    return real


def test_a_peer_that_crashes_mid_run_is_an_error_row_and_the_others_are_kept(fake_child):
    specs = [latency.EngineSpec("steady", "x", "cpu", 1, "m", "q"), latency.EngineSpec("crashy", "x", "cpu", 1, "m", "q"),
             latency.EngineSpec("steady", "y", "cpu", 2, "m", "q")]
    records = latency.run_matrix(specs, [(4, 0), (1, 3)], reps=2, warmup=0, progress=False)
    assert [(r.engine, r.status) for r in records] == [("steady", OK)] * 2 + [("crashy", ERROR)] * 2 + [("steady", OK)] * 2
    crashed = records[2]
    assert "exited with -9" in crashed.note and crashed.tokens_per_s_mean is None
    assert records[5].tokens_per_s_mean == pytest.approx(5.0) and len(records[5].samples) == 2


def test_ctrl_c_keeps_the_rows_measured_and_marks_the_rest(fake_child, monkeypatch):
    calls = []

    def interrupt_on_third(spec, *args, **kwargs):
        calls.append(spec)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return fake_child(spec, *args, child="qa_fake_child", **kwargs)

    monkeypatch.setattr(latency, "run_child", interrupt_on_third)
    specs = [latency.EngineSpec("steady", "x", "cpu", 1, "m", "q")]
    records = latency.run_matrix(specs, [(4, 0), (8, 0), (1, 3)], reps=2, warmup=0, progress=False, interleave=True)
    # round 1 measured pp4, pp8 and was interrupted at tg3: the first two keep their one round and say so
    assert [r.status for r in records] == [OK, OK, INTERRUPTED]
    assert "interrupted after 1 of 2 rounds" in records[0].note and len(records[0].samples) == 1
    assert records[2].tokens_per_s_mean is None and "Ctrl-C" in records[2].note


def test_ctrl_c_kills_the_child_in_flight(tmp_path, fake_child):
    import signal
    import threading

    pid_file = tmp_path / "child.pid"
    spec = latency.EngineSpec("sleepy", "x", "cpu", 1, "m", "q", options={"pid_file": str(pid_file)})

    def interrupt_when_started():
        for _ in range(600):
            if pid_file.exists() and pid_file.read_text():
                break
            threading.Event().wait(0.05)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)  # what Ctrl-C does

    threading.Thread(target=interrupt_when_started, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        fake_child(spec, 4, 0, 1, 0, child="qa_fake_child")
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped, not left running


def test_cli_prints_partial_rows_and_exits_130(tmp_path, monkeypatch):
    rows = [measured(test="pp8"), unavailable("terminus-edge", "m", "int4", "cpu", 2, "tg4", 1, 4, INTERRUPTED, "not measured")]
    monkeypatch.setattr(latency, "run_latency", lambda *a, **k: rows)
    result = CliRunner().invoke(main, ["bench", "latency", "--bundle", str(tmp_path), "-o", "csv", "--no-progress"])
    assert result.exit_code == 130
    parsed = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["status"] for r in parsed] == [OK, INTERRUPTED]
    assert "interrupted: 1 of 2 rows measured" in result.stderr


# ---- plots -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [10, 40, 80, 300])
def test_terminal_plot_fits_narrow_terminals_and_one_point(width):
    from terminus_edge.benchmarks import plot

    pytest.importorskip("plotext")
    rows = [measured(test="pp8", rates=(100.0,)), measured(engine="llama.cpp", test="pp8", rates=(80.0,))]
    text = plot.terminal_plot(rows, width=width, height=12, color=False)
    lines = text.splitlines()
    assert "\x1b" not in text  # no escape codes when not drawing on a terminal
    assert max(len(line) for line in lines) <= max(plot.MIN_WIDTH, min(plot.MAX_WIDTH, width))
    assert "terminus-edge int4 cpu t2" in text and "llama.cpp int4 cpu t2" in text  # both lines named, even narrow
    assert any("•" in line for line in lines[:-2]) and any("x" in line for line in lines[1:-2])


def test_png_plot_with_a_single_point(tmp_path):
    from terminus_edge.benchmarks import plot

    pytest.importorskip("matplotlib")
    out = tmp_path / "one.png"
    plot.save_png([measured(test="pp8", rates=(100.0,))], str(out))
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_compare_ratio_is_a_number_in_csv_and_json_like_the_markdown_column():
    from terminus_edge.benchmarks.records import RATIO_KEY

    records = [measured(rates=(10.0, 10.0)), measured(engine="llama.cpp", rates=(5.0, 5.0)),
               unavailable("optimum", "m", "", "cpu", 2, "tg4", 1, 4, NOT_INSTALLED, "x")]
    rows = list(csv.DictReader(io.StringIO(render(records, "csv", None, with_ratio=True))))
    assert [r[RATIO_KEY] for r in rows] == ["1.0", "0.5", ""]
    assert "| 0.50× |" in render(records, "md", None, with_ratio=True)
    assert [r[RATIO_KEY] for r in json.loads(render(records, "json", None, with_ratio=True))["records"]] == [1.0, 0.5, None]
    assert RATIO_KEY not in render(records, "csv", None)  # bench latency has no reference engine column


def test_fidelity_report_and_totals_carry_the_machine(tmp_path):
    case = tmp_path / "corpus" / "c1"
    case.mkdir(parents=True)
    (case / "command.txt").write_text("make")
    (case / "output.txt").write_text("cc -c a.c\nerror: boom\nmake: *** [all] Error 1\n")
    (case / "meta.json").write_text(json.dumps({"exit_code": 2, "facts": [{"id": "boom", "any_of": ["boom"]}],
                                                "forbidden": [{"id": "ok", "any_of": ["succeeded"]}]}))
    out = tmp_path / "f.jsonl"
    result = CliRunner().invoke(main, ["bench", "fidelity", "--corpus", str(tmp_path / "corpus"), "--no-model", "--out", str(out),
                                       "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text().splitlines()[0])["id"] == "c1"
    assert result.output.startswith("- machine: ") and "command: `" in result.output
    totals = json.loads(result.output.strip().splitlines()[-1])
    assert totals["cases"] == 1 and totals["mean_recall"] == 1.0
    assert totals["machine"]["command"] and totals["machine"]["load_avg_end"] is not None  # argv is pytest's here


def test_terminal_plot_follows_columns(monkeypatch):
    from terminus_edge.benchmarks import plot

    pytest.importorskip("plotext")
    monkeypatch.setenv("COLUMNS", "44")
    text = plot.terminal_plot([measured(test="pp8", rates=(100.0,))], height=10, color=False)
    assert max(len(line) for line in text.splitlines()) <= 44 and "terminus-edge int4 cpu t2" in text


def test_cli_exits_1_when_no_row_was_measured(tmp_path, monkeypatch):
    rows = [unavailable("terminus-edge", "m", "int4", "cpu", 1, "pp8", 8, 0, ERROR, "BundleError: cannot load ONNX model"),
            unavailable("terminus-edge", "m", "int4", "cuda", 1, "pp8", 8, 0, "not available here", "to enable: x")]
    monkeypatch.setattr(latency, "run_latency", lambda *a, **k: rows)
    result = CliRunner().invoke(main, ["bench", "latency", "--bundle", str(tmp_path), "--no-progress"])
    assert result.exit_code == 1
    assert "cannot load ONNX model" in result.stdout and result.stderr.strip() == "Error: no row was measured (the notes above say why)"
    rows[1] = measured(test="pp8")
    assert CliRunner().invoke(main, ["bench", "latency", "--bundle", str(tmp_path), "--no-progress"]).exit_code == 0
