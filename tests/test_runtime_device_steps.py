"""Device steps (runtime/device_steps.py): their logic runs on the CPU provider here; the CUDA graph mode and the
speed were measured on a GPU (benchmarks/RESULTS.md, "CUDA, session 12")."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort
import pytest

from terminus_edge.runtime.chat_model import OnnxChatModel
from terminus_edge.runtime.device_steps import DeviceSteps, argmax_model, device_steps_for, requested_mode

TEACHER = [(37 * i + 11) % 200 + 5 for i in range(24)]  # fed tokens, not the model's own picks: every step differs


@pytest.fixture(scope="module")
def model(tiny_bundle):
    return OnnxChatModel.load(tiny_bundle("qwen3", "int4"), ep="cpu", kv_layout="shared", prepacked_cache="off")


@pytest.mark.parametrize("logits_dtype", [np.float32, np.float16])
@pytest.mark.parametrize("ids_dtype", [np.int64, np.int32])
def test_the_hand_written_argmax_model_picks_the_largest_logit(logits_dtype, ids_dtype):
    session = ort.InferenceSession(argmax_model(logits_dtype, ids_dtype), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(7)
    for vocab in (5, 1000, 151936):
        logits = rng.standard_normal((1, 1, vocab)).astype(logits_dtype)
        (ids,) = session.run(None, {"logits": logits})
        assert ids.dtype == ids_dtype and ids.shape == (1, 1)
        assert int(ids[0, 0]) == int(np.argmax(logits))


def test_bound_steps_pick_what_the_default_step_picks(model):
    decoder = model.generator.decoder
    steps = DeviceSteps(decoder, "bound")
    for _ in range(2):  # the second cache reuses the first one's buffers
        reference, cache = decoder.new_cache(64), steps.new_cache(64)
        decoder.forward(TEACHER[:8], reference)
        decoder.forward(TEACHER[:8], cache)
        for token in TEACHER[8:]:
            expected = int(np.argmax(decoder.forward([token], reference)))
            assert steps.step(token, cache) == expected
        assert cache.length == reference.length == len(TEACHER)
        assert cache.token_ids == TEACHER


def test_steps_feeding_their_own_picks_match_the_default_loop(model):
    decoder = model.generator.decoder
    steps = DeviceSteps(decoder, "bound")
    reference, cache = decoder.new_cache(40), steps.new_cache(40)
    token = int(np.argmax(decoder.forward(TEACHER, reference)))
    mine = int(np.argmax(decoder.forward(TEACHER, cache)))
    expected, got = [token], [mine]
    for _ in range(12):
        expected.append(int(np.argmax(decoder.forward([expected[-1]], reference))))
        got.append(steps.step(got[-1], cache))
    assert got == expected


def test_steps_refuse_a_cache_they_did_not_make_and_a_full_one(model):
    decoder = model.generator.decoder
    steps = DeviceSteps(decoder, "bound")
    with pytest.raises(ValueError, match="own new_cache"):
        steps.step(5, decoder.new_cache(16))
    cache = steps.new_cache(3)
    decoder.forward(TEACHER[:3], cache)
    with pytest.raises(ValueError, match="capacity 3 exceeded"):
        steps.step(5, cache)


def test_the_switch_is_off_on_the_cpu_whatever_the_environment_says(model, monkeypatch):
    monkeypatch.setenv("TERMINUS_EDGE_GPU_STEPS", "graph")
    assert requested_mode("cpu") == "off"
    assert device_steps_for(model) is None
    assert requested_mode("cuda") == "graph"
    monkeypatch.setenv("TERMINUS_EDGE_GPU_STEPS", "fast")
    with pytest.raises(ValueError, match="unknown device-steps mode 'fast'"):
        requested_mode("cuda")
    with pytest.raises(ValueError, match="needs CUDA"):
        requested_mode("cpu", "graph")
    assert isinstance(device_steps_for(model, "bound"), DeviceSteps)  # named explicitly: runs on the CPU too


def test_a_grow_layout_gets_no_device_steps(tiny_bundle):
    grow = OnnxChatModel.load(tiny_bundle("qwen3", "int4"), ep="cpu", kv_layout="grow", prepacked_cache="off")
    assert device_steps_for(grow, "bound") is None
    with pytest.raises(ValueError, match="shared"):
        DeviceSteps(grow.generator.decoder)
