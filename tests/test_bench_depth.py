"""bench compare --depth: tg rows decoded after a D-token prompt (llama-bench's -d), labels, and llama.cpp's context."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from terminus_edge.benchmarks import compare, latency
from terminus_edge.benchmarks.latency_child import spec_for
from terminus_edge.benchmarks.records import OK, label_for
from terminus_edge.cli import main


def test_depths_make_one_tg_row_each_after_a_prompt_of_that_length():
    assert latency.parse_tests([0], [32], [0, 128, 1024]) == [(1, 32), (128, 32), (1024, 32)]
    assert latency.parse_tests([64], [8, 16], [0, 1, 512]) == [(64, 0), (1, 8), (1, 16), (512, 8), (512, 16)]
    assert latency.parse_tests([64], [0], [512]) == [(64, 0)]  # no tg row, no depth


def test_depth_labels_follow_llama_bench():
    assert label_for(1, 32) == "tg32"
    assert label_for(1024, 32) == "tg32@d1024"
    assert label_for(1024, 0) == "pp1024"


def test_a_negative_depth_is_refused_before_anything_runs():
    with pytest.raises(latency.BenchError, match="-5"):
        latency.check_matrix([0], [32], [1], [-5])


def test_llama_cpp_context_grows_to_hold_a_deep_row_and_nothing_else_changes():
    job = {"spec": {"engine": "llama.cpp", "path": "m.gguf", "threads": 2}, "n_prompt": 2048, "n_gen": 32}
    assert spec_for(job).options == {"n_ctx": 2081}
    assert spec_for({**job, "n_prompt": 128}).options == {}  # the default 2048 holds it
    own = {**job, "spec": {**job["spec"], "options": {"n_ctx": 4096}}}
    assert spec_for(own).options == {"n_ctx": 4096}
    bundle = {**job, "spec": {"engine": "terminus-edge", "path": "b"}}
    assert spec_for(bundle).options == {}


def test_cli_passes_the_depths(tmp_path, monkeypatch):
    seen = {}
    monkeypatch.setattr(compare, "run_compare", lambda **kwargs: seen.update(kwargs) or [])
    (tmp_path / "b").mkdir()
    result = CliRunner().invoke(main, ["bench", "compare", "--bundle", str(tmp_path / "b"), "--engines", "terminus-edge",
                                       "-p", "0", "-n", "8", "-d", "128,512", "--no-progress", "-o", "json"])
    assert result.exit_code == 0, result.output
    assert seen["depths"] == [128, 512]
    bad = CliRunner().invoke(main, ["bench", "compare", "--bundle", str(tmp_path / "b"), "-d", "x"])
    assert bad.exit_code == 2 and "--depth" in bad.output


def test_deep_rows_decode_after_the_prompt_on_a_real_bundle(tiny_bundle):
    records = compare.run_compare(bundles=[str(tiny_bundle("qwen3", "int4", "builder"))], engines=["terminus-edge"],
                                  threads=[1], prompts=[0], gens=[4], depths=[0, 40], reps=1, warmup=0, progress=False)
    assert [(r.test, r.n_prompt, r.n_gen, r.status) for r in records] == [("tg4", 1, 4, OK), ("tg4@d40", 40, 4, OK)]
    deep = records[1].samples[0]
    assert len(deep["token_ms"]) == 4 and deep["ttft_ms"] > 0
