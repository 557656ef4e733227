"""bench latency on a tiny real bundle: child processes, raw samples, EP availability rows, CLI formats."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from terminus_edge.benchmarks import latency
from terminus_edge.benchmarks.records import ERROR, NOT_AVAILABLE, OK, REQUIRED_KEYS
from terminus_edge.cli import main


def test_tests_are_pp_then_tg():
    assert latency.parse_tests([128, 512], [128]) == [(128, 0), (512, 0), (1, 128)]
    assert latency.parse_tests([0], [16]) == [(1, 16)]
    assert latency.parse_tests([32], [0]) == [(32, 0)]


def test_prompt_ids_are_fixed_and_inside_the_vocabulary():
    ids = latency.prompt_ids(600, 384)
    assert ids == latency.prompt_ids(600, 384)
    assert all(0 <= i < 384 for i in ids)
    assert len(set(ids)) > 100
    assert all(100 <= i < 32000 for i in latency.prompt_ids(600, 151936))


def test_unlisted_eps_are_not_available_rows_with_a_hint():
    assert "cpu" in latency.available_eps()
    assert latency.expand_eps(["all"])[0] == "cpu"
    specs = [latency.EngineSpec("terminus-edge", "/nonexistent", "openvino", 1, "m", "int4")]
    if "openvino" in latency.available_eps():
        pytest.skip("this onnxruntime build has OpenVINO")
    records = latency.run_matrix(specs, [(8, 0), (1, 4)], reps=1, warmup=0, progress=False)
    assert [r.status for r in records] == [NOT_AVAILABLE, NOT_AVAILABLE]
    assert "onnxruntime-openvino" in records[0].note
    assert records[0].tokens_per_s_mean is None


def test_a_failing_child_gives_an_error_row(tmp_path):
    spec = latency.EngineSpec("terminus-edge", str(tmp_path / "missing-bundle"), "cpu", 1, "m", "int4")
    record = latency.run_child(spec, 8, 0, reps=1, warmup=0)
    assert record.status == ERROR
    assert "missing-bundle" in record.note or "BundleError" in record.note
    assert record.tokens_per_s_mean is None


def test_latency_rows_on_a_tiny_bundle(tiny_bundle):
    bundle = tiny_bundle("qwen3", "int4", "builder")
    records = latency.run_latency(str(bundle), ["cpu"], [1], prompts=[16, 48], gens=[6], reps=2, warmup=1, progress=False)
    assert [r.test for r in records] == ["pp16", "pp48", "tg6"]
    for r in records:
        assert r.status == OK, r.note
        assert r.engine == "terminus-edge" and r.precision == "int4" and r.ep == "cpu" and r.threads == 1
        assert len(r.samples) == 2  # warmup not kept
        assert r.tokens_per_s_mean > 0 and r.ttft_ms > 0 and r.load_s > 0
        assert 20 < r.rss_peak_mb < 4000  # a real process high-water mark, not the parent's
    pp16, pp48, tg = records
    assert pp16.n_prompt == 16 and pp16.n_gen == 0 and pp16.token_ms_p50 is None
    assert tg.n_prompt == 1 and tg.n_gen == 6
    assert all(len(s["token_ms"]) == 6 for s in tg.samples)
    steps = sorted(ms for s in tg.samples for ms in s["token_ms"])
    assert steps[0] <= tg.token_ms_p50 <= tg.token_ms_p95 <= steps[-1]
    # tokens/s of a tg sample is exactly n_gen / decode time
    sample = tg.samples[0]
    assert sample["tokens_per_s"] == pytest.approx(6 / (sum(sample["token_ms"]) / 1000))


def test_cli_json_output_and_cuda_row(tiny_bundle):
    bundle = tiny_bundle("qwen3", "int4", "builder")
    result = CliRunner().invoke(main, ["bench", "latency", "--bundle", str(bundle), "--ep", "cpu,cuda", "--threads", "1",
                                       "-p", "8", "-n", "4", "-r", "1", "--warmup", "0", "-o", "json", "--no-progress"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["machine"]["cores_logical"] >= 1 and "onnxruntime" in data["machine"]["versions"]
    rows = data["records"]
    assert all(set(REQUIRED_KEYS) <= set(r) for r in rows)
    cpu = [r for r in rows if r["ep"] == "cpu"]
    assert [r["test"] for r in cpu] == ["pp8", "tg4"] and all(r["status"] == OK for r in cpu)
    cuda = [r for r in rows if r["ep"] == "cuda"]
    if "cuda" not in latency.available_eps():
        assert [r["status"] for r in cuda] == [NOT_AVAILABLE, NOT_AVAILABLE]
        assert "pip install -e \".[gpu]\"" in cuda[0]["note"]


def test_cli_markdown_and_csv(tiny_bundle):
    bundle = tiny_bundle("qwen3", "int4", "builder")
    args = ["bench", "latency", "--bundle", str(bundle), "--ep", "cpu", "--threads", "1", "-p", "8", "-n", "0", "-r", "1",
            "--warmup", "0", "--no-progress"]
    md = CliRunner().invoke(main, args)
    assert md.exit_code == 0, md.output
    assert "| terminus-edge |" in md.stdout and "pp8" in md.stdout and "machine:" in md.stdout
    csv_out = CliRunner().invoke(main, args + ["-o", "csv"])
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith("engine,model,precision,ep,threads,test")


def test_cli_rejects_a_bad_list(tiny_bundle, tmp_path):
    result = CliRunner().invoke(main, ["bench", "latency", "--bundle", str(tmp_path), "-p", "a,b"])
    assert result.exit_code != 0 and "comma-separated integers" in result.output


def _pp_rows():
    from terminus_edge.benchmarks.records import Record, summarize_samples

    rows = []
    for engine, base in (("terminus-edge", 100.0), ("llama.cpp", 80.0)):
        for n in (128, 512):
            rows.append(summarize_samples(Record(engine, "m", "int4", "cpu", 2, f"pp{n}", n, 0),
                                          [{"tokens_per_s": base + n / 64, "ttft_ms": 1.0, "token_ms": []}]))
    rows.append(summarize_samples(Record("terminus-edge", "m", "int4", "cpu", 2, "tg8", 1, 8),
                                  [{"tokens_per_s": 9.0, "ttft_ms": 1.0, "token_ms": [1.0] * 8}]))
    return rows


def test_plot_series_use_pp_rows_only():
    from terminus_edge.benchmarks.plot import series

    lines = series(_pp_rows())
    assert lines == {"terminus-edge int4 cpu t2": [(128, 102.0), (512, 108.0)], "llama.cpp int4 cpu t2": [(128, 82.0), (512, 88.0)]}


def test_terminal_and_png_plots(tmp_path):
    from terminus_edge.benchmarks import plot

    pytest.importorskip("plotext")
    text = plot.terminal_plot(_pp_rows())
    assert "prompt tokens" in text and "llama.cpp" in text
    pytest.importorskip("matplotlib")
    out = tmp_path / "pp.png"
    plot.save_png(_pp_rows(), str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_interleaved_rounds_merge_into_one_row(tiny_bundle):
    bundle = tiny_bundle("qwen3", "int4", "builder")
    records = latency.run_latency(str(bundle), ["cpu"], [1], prompts=[8], gens=[3], reps=3, warmup=0, progress=False,
                                  interleave=True)
    assert [r.test for r in records] == ["pp8", "tg3"]
    for r in records:
        assert r.status == OK and len(r.samples) == 3 and r.rss_peak_mb > 0
