"""bench compare's onnxruntime-genai peer: a genai_config.json made from the manifest, same greedy tokens."""
import json
from pathlib import Path

import pytest

from terminus_edge.benchmarks.latency import EngineSpec
from terminus_edge.benchmarks.latency_child import engine_for, prompt_ids
from terminus_edge.benchmarks.peer_genai import GenaiEngine, genai_config, model_dir_for


def _tokens(engine, ids, n):
    engine.reset(len(ids) + n + 1)
    tokens = [engine.prefill(ids)]
    for _ in range(n):
        tokens.append(engine.step(tokens[-1]))
    return tokens


def test_config_names_the_bundles_shape_threads_and_eos():
    manifest = {"architecture": {"model_type": "qwen3", "vocab_size": 151936, "hidden_size": 2560, "head_dim": 128,
                                 "num_attention_heads": 32, "num_key_value_heads": 8, "num_layers": 36},
                "generation": {"eos_token_id": [151645, 151643], "bos_token_id": 151643}}
    config = genai_config(manifest, threads=2, context_length=512)
    decoder = config["model"]["decoder"]
    assert (decoder["head_size"], decoder["num_key_value_heads"], decoder["num_hidden_layers"]) == (128, 8, 36)
    assert decoder["session_options"]["intra_op_num_threads"] == 2
    assert config["model"]["eos_token_id"] == [151645, 151643] and config["model"]["pad_token_id"] == 151645
    assert config["search"]["max_length"] == config["model"]["context_length"] == 512
    assert config["search"]["do_sample"] is False


def test_model_dir_links_the_bundle_graph(tiny_bundle):
    bundle = tiny_bundle("qwen3", "int4")
    scratch = model_dir_for(bundle, threads=1, context_length=64)
    try:
        written = json.loads((Path(scratch.name) / "genai_config.json").read_text())
        assert written["model"]["decoder"]["filename"] == "model.onnx"
        assert (Path(scratch.name) / "model.onnx").resolve() == (bundle / "model.onnx").resolve()
    finally:
        scratch.cleanup()


@pytest.mark.parametrize("arch", ["qwen3", "llama"])
def test_genai_peer_makes_the_same_greedy_tokens_as_terminus_edge(tiny_bundle, arch):
    pytest.importorskip("onnxruntime_genai")
    bundle = str(tiny_bundle(arch, "int4"))
    genai = GenaiEngine(EngineSpec("onnxruntime-genai", bundle, threads=1))
    ours = engine_for(EngineSpec("terminus-edge", bundle, threads=1))
    genai.load(), ours.load()
    ids = prompt_ids(12, genai.vocab_size)
    expected = _tokens(ours, ids, 10)
    assert _tokens(genai, ids, 10) == expected
    assert _tokens(genai, ids, 10) == expected  # reset gives a fresh KV cache


def test_bench_compare_runs_the_genai_peer_on_the_bundle(tiny_bundle):
    from terminus_edge.benchmarks.compare import compare_specs

    bundle = str(tiny_bundle("qwen3", "int4"))
    specs, missing = compare_specs(None, None, [bundle], ["terminus-edge", "onnxruntime-genai"], [1], "tiny")
    assert not missing
    assert [(s.engine, s.path) for s in specs] == [("terminus-edge", str(tiny_bundle("qwen3", "int4").resolve())),
                                                   ("onnxruntime-genai", str(tiny_bundle("qwen3", "int4").resolve()))]
    assert specs[1].model == "tiny (terminus-edge graph)"
