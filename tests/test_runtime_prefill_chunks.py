"""The prompt's pass in chunks (runtime/prefill.py): the same logits and tokens as one pass, in both KV layouts,
and a pass aborted between chunks keeps a consistent cache."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort
import pytest

from terminus_edge.runtime.chat_model import OnnxChatModel
from terminus_edge.runtime.generate import GenerationParams
from terminus_edge.runtime.prefill import PREFILL_CHUNK, forward_prompt

GRAPHS = [
    pytest.param(("qwen3", "int4", "builder"), "shared", id="qwen3-shared"),
    pytest.param(("qwen3", "int4", "builder"), "grow", id="qwen3-grow"),
    pytest.param(("llama", "int4", "builder"), "shared", id="llama-shared"),
]


@pytest.fixture
def load(tiny_bundle):
    def make(spec=("qwen3", "int4", "builder"), kv_layout="shared"):
        return OnnxChatModel.load(tiny_bundle(*spec), ep="cpu", threads=1, kv_layout=kv_layout)

    return make


def _prompt(model, repeat: int = 6) -> list[int]:
    text = "FAILED tests/test_cart.py::test_total - assert 3 == 2\nerror: 2 failed, 14 passed in 0.31s\n" * repeat
    return model.encode_chat([{"role": "user", "content": text}])


@pytest.mark.parametrize("spec,layout", GRAPHS)
@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_chunked_prompt_pass_gives_the_logits_of_one_pass(load, spec, layout, chunk):
    model = load(spec, layout)
    decoder = model.generator.decoder
    ids = _prompt(model)
    assert len(ids) > 2 * 64  # several chunks, the last one partial
    whole, chunked = decoder.new_cache(len(ids) + 8), decoder.new_cache(len(ids) + 8)
    expected = forward_prompt(decoder, ids, whole, chunk=len(ids))
    got = forward_prompt(decoder, ids, chunked, chunk=chunk)
    np.testing.assert_allclose(got, expected, atol=2e-3 * max(1.0, np.abs(expected).max()), rtol=0)
    assert chunked.length == whole.length == len(ids) and chunked.token_ids == ids
    # and the next decode step reads the chunk-built cache like the one-pass cache
    token = int(np.argmax(expected))
    np.testing.assert_allclose(decoder.forward([token], chunked), decoder.forward([token], whole), atol=2e-2, rtol=0)


def test_generation_with_small_chunks_makes_the_same_tokens(load):
    chunked, whole = load(), load()
    for m in (chunked, whole):
        m.generator.eos_token_ids = set()
        m.generator.reuse_last = False
    chunked.generator.prefill_chunk = 16
    whole.generator.prefill_chunk = 100_000
    ids = _prompt(chunked)
    params = GenerationParams(max_new_tokens=10)
    assert chunked.generate_ids(ids, params).token_ids == whole.generate_ids(ids, params).token_ids
    assert chunked.generator.prefill_chunk < len(ids) and PREFILL_CHUNK >= 64


@pytest.mark.parametrize("layout", ["shared", "grow"])
def test_a_pass_aborted_between_chunks_keeps_whole_chunks_only(load, layout):
    model = load(kv_layout=layout)
    decoder = model.generator.decoder
    ids = _prompt(model)
    cache = decoder.new_cache(len(ids) + 8)
    options = ort.RunOptions()
    calls = []
    real_forward = decoder.forward

    def forward_then_abort(chunk_ids, cache_, run_options=None):
        calls.append(len(chunk_ids))
        logits = real_forward(chunk_ids, cache_, run_options)
        options.terminate = True  # as the deadline watcher would, during the first chunk
        return logits

    decoder.forward = forward_then_abort
    with pytest.raises(RuntimeError, match="aborted"):
        forward_prompt(decoder, ids, cache, options, chunk=32)
    decoder.forward = real_forward
    assert calls == [32] and cache.length == 32 and cache.token_ids == ids[:32]
    whole = decoder.new_cache(len(ids) + 8)
    np.testing.assert_allclose(forward_prompt(decoder, ids[32:], cache), forward_prompt(decoder, ids, whole), atol=2e-2)


def test_a_deadline_during_a_chunked_prompt_stops_with_no_text(load):
    model = load()
    model.generator.prefill_chunk = 8
    result = model.generate_ids(_prompt(model), GenerationParams(max_new_tokens=8, deadline_s=0.0))
    assert result.stop_reason == "deadline" and result.token_ids == []


def test_chunk_must_be_positive(load):
    model = load()
    with pytest.raises(ValueError, match="positive"):
        forward_prompt(model.generator.decoder, [1, 2], model.generator.decoder.new_cache(8), chunk=0)


def test_the_chunk_follows_the_device(load):
    from terminus_edge.runtime.prefill import GPU_PREFILL_CHUNK, default_chunk

    assert default_chunk("cpu") == PREFILL_CHUNK < GPU_PREFILL_CHUNK == default_chunk("cuda")
    assert load().generator.prefill_chunk == PREFILL_CHUNK
