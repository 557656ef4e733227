"""bench roofline (bandwidth, bytes read per token, ceiling) and bench summarize (end-to-end summary latency)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from terminus_edge.benchmarks import roofline as rf
from terminus_edge.cli import main


def test_bandwidth_is_measured_for_one_and_two_threads():
    one = rf.measure_bandwidth(1, array_mb=16, reps=2)
    two = rf.measure_bandwidth(2, array_mb=16, reps=2)
    assert one.read_gbs > 0.1 and one.copy_gbs > 0.1 and two.threads == 2
    # the rate over all reps can be no faster than the fastest rep
    assert two.read_gbs <= two.read_best_gbs and two.copy_gbs <= two.copy_best_gbs


def test_a_probe_can_be_taken_again_and_again():
    with rf.BandwidthProbe(2, array_mb=16) as probe:
        first, second = probe.measure(1), probe.measure(2)
    assert first.threads == second.threads == 2 and second.read_gbs > 0.1 and second.array_mb == 16


def test_gather_only_tables_count_one_row(tmp_path):
    onnx = pytest.importorskip("onnx")
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    table = numpy_helper.from_array(np.zeros((100, 8), np.float32), "table")
    weight = numpy_helper.from_array(np.zeros((8, 8), np.float32), "weight")
    nodes = [helper.make_node("Gather", ["table", "ids"], ["h"]), helper.make_node("MatMul", ["h", "weight"], ["logits"])]
    past = helper.make_tensor_value_info("past_key_values.0.key", TensorProto.FLOAT, [1, 2, "s", 4])
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("ids", TensorProto.INT64, [1, "n"]), past],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, "n", 8])], [table, weight])
    path = tmp_path / "m.onnx"
    onnx.save(helper.make_model(graph), str(path))
    sizes = rf.bytes_per_token(path)
    assert sizes["weights_total_bytes"] == 100 * 8 * 4 + 8 * 8 * 4
    assert sizes["weights_touched_bytes"] == 8 * 4 + 8 * 8 * 4
    assert sizes["kv_bytes_per_position"] == 2 * 4 * 4


def test_rotary_caches_count_one_row(tmp_path):
    onnx = pytest.importorskip("onnx")
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    cos = numpy_helper.from_array(np.zeros((4096, 16), np.float32), "cos_cache")
    sin = numpy_helper.from_array(np.zeros((4096, 16), np.float32), "sin_cache")
    shared = numpy_helper.from_array(np.zeros((4096, 16), np.float32), "also_multiplied")
    nodes = [
        helper.make_node("RotaryEmbedding", ["x", "pos", "cos_cache", "sin_cache"], ["r"], domain="com.microsoft"),
        helper.make_node("RotaryEmbedding", ["r", "pos", "also_multiplied", "sin_cache"], ["r2"], domain="com.microsoft"),
        helper.make_node("MatMul", ["r2", "also_multiplied"], ["y"]),
    ]
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 32]),
                                           helper.make_tensor_value_info("pos", TensorProto.INT64, [1, 1])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1, 16])], [cos, sin, shared])
    path = tmp_path / "m.onnx"
    onnx.save(helper.make_model(graph), str(path))
    sizes = rf.bytes_per_token(path)
    row = 16 * 4
    assert sizes["weights_total_bytes"] == 3 * 4096 * row
    # cos and sin: one row each; a table that is also multiplied with is read whole.
    assert sizes["weights_touched_bytes"] == 2 * row + 4096 * row


def _sample(rate, before, after=None, token_ms=(10.0, 20.0, 30.0), wait_s=None, wall_s=4.0):
    """A child sample: decode rate plus the (read, copy) GB/s of the probes around it."""
    sample = {"tokens_per_s": rate, "ttft_ms": 1.0, "token_ms": list(token_ms), "decode_wall_s": wall_s,
              "runqueue_wait_s": wait_s,
              "bandwidth_before": {"read_gbs": before[0], "copy_gbs": before[1], "threads": 2, "array_mb": 16}}
    if after:
        sample["bandwidth_after"] = {"read_gbs": after[0], "copy_gbs": after[1], "threads": 2, "array_mb": 16}
    return sample


def test_each_round_is_judged_against_its_own_bandwidth():
    per_token = 1e9  # 1 GB a token: ceiling tok/s == GB/s
    samples = [
        _sample(9.0, (10.0, 8.0), (10.0, 8.0)),    # quiet: 10 GB/s read -> 90 %
        _sample(4.5, (4.0, 6.0), (6.0, 4.0)),      # busy neighbour: read 5, copy 5 -> 90 %
        _sample(18.0, (20.0, 30.0), (20.0, 10.0)),  # copy 20 = read 20 -> 90 %
    ]
    rows = rf.pair_rounds(samples, per_token)
    assert [r["read_gbs"] for r in rows] == [10.0, 5.0, 20.0]
    assert [r["copy_gbs"] for r in rows] == [8.0, 5.0, 20.0]
    assert [r["ceiling_tokens_per_s"] for r in rows] == pytest.approx([10.0, 5.0, 20.0])
    assert [r["share"] for r in rows] == pytest.approx([0.9, 0.9, 0.9])
    # Against one best-of probe over all rounds (30 GB/s) the same decode would read 30 %, 15 %, 60 %.
    assert rows[1]["probe_drift"] == pytest.approx(0.0) and rows[2]["probe_drift"] == pytest.approx(-0.5)
    assert rows[0]["p50_step_tokens_per_s"] == pytest.approx(50.0)
    assert rows[0]["decode_gbs"] == pytest.approx(9.0)


def test_ceiling_is_max_of_read_and_copy_and_read_share_is_kept():
    rows = rf.pair_rounds([_sample(6.0, (8.0, 12.0))], 2e9)  # no after-probe: the before-probe alone
    assert rows[0]["probes"] == [samples_probe := rows[0]["probes"][0]] and samples_probe["read_gbs"] == 8.0
    assert rows[0]["ceiling_gbs"] == 12.0 and rows[0]["ceiling_tokens_per_s"] == pytest.approx(6.0)
    assert rows[0]["share"] == pytest.approx(1.0) and rows[0]["share_of_read"] == pytest.approx(1.5)
    assert rows[0]["probe_drift"] is None


def test_rounds_whose_decode_waited_for_a_cpu_are_set_apart():
    samples = [_sample(9.0, (10.0, 8.0), wait_s=0.2),   # 2 threads x 4 s: waited 2.5 % of the time
               _sample(8.0, (10.0, 8.0), wait_s=0.6),   # 7.5 %
               _sample(3.0, (10.0, 8.0), wait_s=4.0),   # 50 %: a neighbour held the CPU
               _sample(2.0, (10.0, 8.0), wait_s=6.0)]   # 75 %
    rows = rf.pair_rounds(samples, 1e9, threads=2)
    assert [r["cpu_wait"] for r in rows] == pytest.approx([0.025, 0.075, 0.5, 0.75])
    summary = rf.summarize_rounds(rows)
    assert summary["share"] == pytest.approx(0.55)  # median of 90, 80, 30, 20 %
    assert summary["uncontended_rounds"] == 2 and summary["uncontended_share"] == pytest.approx(0.85)
    assert summary["cpu_wait"] == pytest.approx(0.2875)
    busy = rf.summarize_rounds(rf.pair_rounds(samples[2:], 1e9, threads=2))
    assert busy["uncontended_rounds"] == 0 and busy["uncontended_share"] is None
    unknown = rf.summarize_rounds(rf.pair_rounds([_sample(9.0, (10.0, 8.0))], 1e9))  # no schedstat (not Linux)
    assert unknown["cpu_wait"] is None and unknown["uncontended_rounds"] == 0


def test_spread_is_median_and_quartiles():
    s = rf.spread([0.5, 0.9, 0.7, 0.8, 0.95])
    assert s == pytest.approx({"min": 0.5, "q1": 0.7, "median": 0.8, "q3": 0.9, "max": 0.95})


def test_roofline_result_takes_medians_of_rounds(monkeypatch, tmp_path):
    """roofline() with the child's samples injected: medians over rounds, an outlier round does not move them."""
    from terminus_edge.benchmarks import latency
    from terminus_edge.benchmarks.records import Record, summarize_samples

    samples = [_sample(9.0, (10.0, 9.0), (10.0, 9.0)), _sample(8.0, (10.0, 9.0), (10.0, 9.0)),
               _sample(2.0, (10.0, 9.0), (10.0, 9.0)), _sample(9.5, (10.0, 9.0), (10.0, 9.0))]
    seen = {}

    def fake_child(spec, n_prompt, n_gen, reps, warmup, **kwargs):
        seen.update(kwargs, spec=spec, n_prompt=n_prompt, reps=reps)
        return summarize_samples(Record(spec.engine, "m", "int4", "cpu", spec.threads, "tg8", n_prompt, n_gen), samples)

    monkeypatch.setattr(latency, "run_child", fake_child)
    monkeypatch.setattr(rf, "bytes_per_token", lambda path: {"weights_total_bytes": 2e9, "weights_touched_bytes": 1e9 - 500,
                                                             "kv_bytes_per_position": 100})
    monkeypatch.setattr("terminus_edge.runtime.bundle.load_bundle", lambda b: type("B", (), {
        "model_path": tmp_path, "path": tmp_path, "name": "m", "precision": "int4"})())
    result = rf.roofline("b", threads=2, n_gen=8, context=1, reps=4, array_mb=16, probe_reps=2)
    assert seen["child"] == rf.CHILD and seen["job_extra"]["probe"] == {"threads": 2, "array_mb": 16, "reps": 2, "after": True}
    assert seen["reps"] == 4 and seen["spec"].threads == 2
    assert result["bytes_per_token"] == pytest.approx(1e9)
    assert result["ceiling_tokens_per_s"] == pytest.approx(10.0)
    assert result["share_of_ceiling"] == pytest.approx(0.85)  # median of 90, 80, 20, 95 %
    assert result["share_spread"]["min"] == pytest.approx(0.2) and result["share_spread"]["max"] == pytest.approx(0.95)
    assert result["measured_tokens_per_s"] == pytest.approx(8.5)
    assert result["bandwidth"]["ceiling_basis"] == "max(read, copy)" and len(result["rounds"]) == 4
    assert result["uncontended_rounds"] == 0 and result["cpu_wait_median"] is None
    text = rf.format_roofline(result)
    assert "85 (min 20" in text and text.count("\n| 4 |") == 1 and "no such round" in text


def test_roofline_on_a_tiny_bundle(tiny_bundle):
    pytest.importorskip("onnx")
    bundle = tiny_bundle("qwen3", "int4", "builder")
    result = rf.roofline(str(bundle), threads=1, n_gen=8, reps=2, warmup=0, array_mb=16, probe_reps=1)
    # tiny qwen3: 2 layers x (key + value) x 2 kv heads x head_dim 32 x fp32
    assert result["kv_bytes_per_position"] == 2 * 2 * 2 * 32 * 4
    assert 0 < result["weights_touched_bytes"] <= result["weights_total_bytes"]
    assert result["bytes_per_token"] == pytest.approx(result["weights_touched_bytes"] + result["kv_bytes_per_position"] * 5)
    assert result["record"]["status"] == "ok", result["record"]["note"]
    assert len(result["rounds"]) == 2
    for row in result["rounds"]:
        assert [p["threads"] for p in row["probes"]] == [1, 1] and row["read_gbs"] > 0.1 and row["copy_gbs"] > 0.1
        assert row["share"] == pytest.approx(row["tokens_per_s"] / row["ceiling_tokens_per_s"])
    assert result["ceiling_tokens_per_s"] > 0 and result["measured_tokens_per_s"] > 0
    assert result["share_spread"]["min"] <= result["share_of_ceiling"] <= result["share_spread"]["max"]
    if Path("/proc/self/task").is_dir():  # Linux: how long decode's thread waited for a CPU, from schedstat
        # measured and not negative; its size is the box's load (every thread of the child counts, so a busy
        # shared machine can put it above 1)
        assert all(row["cpu_wait"] is not None and row["cpu_wait"] >= 0 for row in result["rounds"])
    text = rf.format_roofline(result)
    assert "decode ceiling" in text and "share of ceiling" in text and "| 2 |" in text


def test_roofline_cli_json(tiny_bundle):
    pytest.importorskip("onnx")
    bundle = tiny_bundle("qwen3", "int4", "builder")
    result = CliRunner().invoke(main, ["bench", "roofline", "--bundle", str(bundle), "--threads", "1", "-n", "4", "-r", "2",
                                       "--array-mb", "16", "--probe-reps", "1", "--no-probe-after", "-o", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ceiling_tokens_per_s"] > 0 and "machine" in data
    assert len(data["rounds"]) == 2 and all(len(r["probes"]) == 1 for r in data["rounds"])


def test_roofline_child_error_gives_no_numbers(monkeypatch, tmp_path):
    from terminus_edge.benchmarks import latency
    from terminus_edge.benchmarks.records import ERROR, Record

    def failed_child(spec, n_prompt, n_gen, reps, warmup, **kwargs):
        return Record(spec.engine, "m", "int4", "cpu", spec.threads, "tg8", n_prompt, n_gen, status=ERROR, note="boom")

    monkeypatch.setattr(latency, "run_child", failed_child)
    monkeypatch.setattr(rf, "bytes_per_token", lambda path: {"weights_total_bytes": 10, "weights_touched_bytes": 10,
                                                             "kv_bytes_per_position": 1})
    monkeypatch.setattr("terminus_edge.runtime.bundle.load_bundle", lambda b: type("B", (), {
        "model_path": tmp_path, "path": tmp_path, "name": "m", "precision": "int4"})())
    result = rf.roofline("b", threads=1, n_gen=8)
    assert result["share_of_ceiling"] is None and result["ceiling_tokens_per_s"] is None and result["rounds"] == []
    assert "error: boom" in rf.format_roofline(result)


def test_summary_latency_per_case(shared_dir, tiny_bundle, tmp_path):
    corpus = tmp_path / "corpus"
    for case in sorted((shared_dir / "corpus" / "dev").iterdir())[:2]:
        shutil.copytree(case, corpus / case.name)
    bundle = tiny_bundle("qwen3", "int4", "builder")
    result = CliRunner().invoke(main, ["bench", "summarize", "--corpus", str(corpus), "--bundle", str(bundle), "-r", "2",
                                       "--warmup", "0", "--deadline-s", "5", "-o", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["cases"] == 2 and data["calls"] == 4
    for case in data["per_case"]:
        assert len(case["ms"]) == 2 and 0 < case["p50_ms"] <= case["p95_ms"] and case["tokens_raw"] > 0
    assert 0 < data["p50_ms"] <= data["p95_ms"]
    md = CliRunner().invoke(main, ["bench", "summarize", "--corpus", str(corpus), "--bundle", str(bundle), "-r", "1",
                                   "--warmup", "0", "--deadline-s", "5"])
    assert md.exit_code == 0 and "all 2 cases" in md.stdout


def test_summary_latency_bad_corpus(tmp_path):
    result = CliRunner().invoke(main, ["bench", "summarize", "--corpus", str(tmp_path)])
    assert result.exit_code != 0 and "no cases" in result.output


def test_summary_latency_never_repeats_a_case_back_to_back(shared_dir, tmp_path, monkeypatch):
    import terminus_edge.model
    import terminus_edge.summarize

    corpus = tmp_path / "corpus"
    for case in sorted((shared_dir / "corpus" / "dev").iterdir())[:3]:
        shutil.copytree(case, corpus / case.name)
    seen = []
    real = terminus_edge.summarize.summarize

    def recording(command, raw, exit_code, **kwargs):
        seen.append(command)
        return real(command, raw, exit_code)

    monkeypatch.setattr(terminus_edge.summarize, "summarize", recording)
    monkeypatch.setattr(terminus_edge.model, "load_model", lambda bundle=None: None)
    from terminus_edge.benchmarks.summary_latency import run_summary_latency

    data = run_summary_latency(str(corpus), reps=2, warmup=1)
    assert len(seen) == 9 and data["calls"] == 6
    assert all(a != b for a, b in zip(seen, seen[1:])), seen


def test_roofline_peak_rss_is_the_engines_not_the_probes(tiny_bundle):
    """The probe's arrays (array_mb each) are allocated after warm-up; the RSS reported is from before them."""
    pytest.importorskip("onnx")
    bundle = tiny_bundle("qwen3", "int4", "builder")
    result = rf.roofline(str(bundle), threads=1, n_gen=4, reps=1, warmup=0, array_mb=512, probe_reps=1)
    assert result["record"]["status"] == "ok", result["record"]["note"]
    assert 0 < result["record"]["rss_peak_mb"] < 512


def test_bytes_per_token_on_the_kernels_counts_their_packed_copy(tmp_path):
    """4-bit MatMulNBits on terminus_edge/kernels: 4 bits a weight, rows padded to 16, and per 16 rows and two scale
    blocks one 64-byte line of float16 scales (+ one of zero points); the file's float32 scales are not read; a table
    the embedding Gather shares still costs one row."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    from terminus_edge.benchmarks.roofline import bytes_per_token

    n, k = 40, 64
    b = numpy_helper.from_array(np.zeros((n, 2, 16), np.uint8), "B")
    s = numpy_helper.from_array(np.ones(n * 2, np.float32), "S")
    z = numpy_helper.from_array(np.zeros(n, np.uint8), "Z")
    mm = helper.make_node("MatMulNBits", ["x", "B", "S", "Z"], ["y"], domain="com.microsoft", K=k, N=n, bits=4, block_size=32)
    graph = helper.make_graph([mm], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, k])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, n])], [b, s, z])
    path = tmp_path / "m.onnx"
    path.write_bytes(helper.make_model(graph).SerializeToString())
    assert bytes_per_token(path)["weights_touched_bytes"] == n * 32 + n * 2 * 4 + n
    rows = 48  # 40 padded to 16: 3 groups, each with one chunk (2 blocks of 32) and a scale and a zero-point line
    assert bytes_per_token(path, kernels=True)["weights_touched_bytes"] == rows * k // 2 + 3 * (64 + 64)
