"""bench roofline (bandwidth, bytes read per token, ceiling) and bench summarize (end-to-end summary latency)."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from terminus_edge.benchmarks import roofline as rf
from terminus_edge.cli import main


def test_bandwidth_is_measured_for_one_and_two_threads():
    one = rf.measure_bandwidth(1, array_mb=16, reps=2)
    two = rf.measure_bandwidth(2, array_mb=16, reps=2)
    assert one.read_gbs > 0.1 and one.copy_gbs > 0.1 and two.threads == 2


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


def test_roofline_on_a_tiny_bundle(tiny_bundle):
    pytest.importorskip("onnx")
    bundle = tiny_bundle("qwen3", "int4", "builder")
    result = rf.roofline(str(bundle), threads=1, n_gen=8, reps=1, warmup=0, array_mb=16)
    # tiny qwen3: 2 layers x (key + value) x 2 kv heads x head_dim 32 x fp32
    assert result["kv_bytes_per_position"] == 2 * 2 * 2 * 32 * 4
    assert 0 < result["weights_touched_bytes"] <= result["weights_total_bytes"]
    assert result["bytes_per_token"] == pytest.approx(result["weights_touched_bytes"] + result["kv_bytes_per_position"] * 5)
    assert result["ceiling_tokens_per_s"] > 0 and result["measured_tokens_per_s"] > 0
    assert result["share_of_ceiling"] == pytest.approx(result["measured_tokens_per_s"] / result["ceiling_tokens_per_s"])
    text = rf.format_roofline(result)
    assert "decode ceiling" in text and "share of ceiling" in text


def test_roofline_cli_json(tiny_bundle):
    pytest.importorskip("onnx")
    bundle = tiny_bundle("qwen3", "int4", "builder")
    result = CliRunner().invoke(main, ["bench", "roofline", "--bundle", str(bundle), "--threads", "1", "-n", "4", "-r", "1",
                                       "--array-mb", "16", "-o", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ceiling_tokens_per_s"] > 0 and "machine" in data


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
