"""Runtime on tiny exported bundles: KV-cached decoding equals full recompute, sampling, stops, streaming, errors."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import time
import warnings

import numpy as np
import onnxruntime as ort
import pytest

from terminus_edge.errors import BundleError
from terminus_edge.model import ChatModel
from terminus_edge.runtime.chat_model import OnnxChatModel
from terminus_edge.runtime.generate import GenerationParams, PromptTooLong
from terminus_edge.runtime.sampling import SamplingParams

PROMPT = [{"role": "user", "content": "the quick brown fox jumps over the lazy dog"}]


def _optimum_available() -> bool:
    return importlib.util.find_spec("terminus_edge.export.optimum_backend") is not None


GRAPHS = [
    pytest.param(("qwen3", "int4", "builder"), "shared", id="qwen3-int4-builder-shared"),
    pytest.param(("qwen3", "int4", "builder"), "grow", id="qwen3-int4-builder-grow"),
    pytest.param(("llama", "int4", "builder"), "shared", id="llama-int4-builder-shared"),
    pytest.param(("qwen3", "fp16", "builder"), "auto", id="qwen3-fp16-builder-auto"),
    pytest.param(("qwen3", "int8", "optimum"), "grow", id="qwen3-int8-optimum-grow"),
    pytest.param(("llama", "fp32", "optimum"), "grow", id="llama-fp32-optimum-grow"),
]


@pytest.fixture
def load(tiny_bundle):
    def make(spec=("qwen3", "int4", "builder"), kv_layout="auto", **kwargs):
        if spec[2] == "optimum" and not _optimum_available():
            pytest.skip("the optimum export backend is not in this checkout")
        return OnnxChatModel.load(tiny_bundle(*spec), ep="cpu", threads=1, kv_layout=kv_layout, **kwargs)

    return make


def reference_logits(session, ids):
    """Independent of the runtime: plain session.run on the whole sequence with an empty KV cache."""
    meta = {i.name: i for i in session.get_inputs()}
    dtypes = {"tensor(float)": np.float32, "tensor(float16)": np.float16}
    feeds = {"input_ids": np.array([ids], dtype=np.int64)}
    if "attention_mask" in meta:
        feeds["attention_mask"] = np.ones((1, len(ids)), dtype=np.int64)
    if "position_ids" in meta:
        feeds["position_ids"] = np.arange(len(ids), dtype=np.int64)[None]
    for name, info in meta.items():
        if name.startswith("past_key_values"):
            feeds[name] = np.zeros((1, info.shape[1], 0, info.shape[3]), dtype=dtypes[info.type])
    return session.run(["logits"], feeds)[0][0, -1]


def reference_greedy(session, prompt_ids, steps):
    seq = list(prompt_ids)
    for _ in range(steps):
        seq.append(int(np.argmax(reference_logits(session, seq))))
    return seq[len(prompt_ids) :]


@pytest.mark.parametrize("spec,layout", GRAPHS)
def test_kv_cached_steps_equal_full_recompute(load, spec, layout):
    model = load(spec, layout)
    decoder, session = model.generator.decoder, model.generator.decoder.session
    ids = model.encode_chat(PROMPT)
    # Teacher-force a varied continuation (random models repeat themselves under greedy decoding).
    forced = model.bundle.tokenizer.encode("tests passed: 12, failed: 3 error café", add_special_tokens=False).ids
    assert len(set(forced)) > 5
    cache = decoder.new_cache(len(ids) + len(forced) + 1)
    cached = [decoder.forward(ids, cache)] + [decoder.forward([t], cache) for t in forced]
    for step, logits in enumerate(cached):
        expected = reference_logits(session, ids + forced[:step])
        np.testing.assert_allclose(logits, expected, atol=2e-3 * max(1.0, np.abs(expected).max()), rtol=0)
    assert cache.length == len(ids) + len(forced)

    model.generator.eos_token_ids = set()  # run the full length
    result = model.generate_ids(ids, GenerationParams(max_new_tokens=12))
    assert result.token_ids == reference_greedy(session, ids, 12)
    assert model.generate_ids(ids, GenerationParams(max_new_tokens=12)).token_ids == result.token_ids


def test_sampling_is_reproducible_with_a_seed(load):
    model = load()
    ids = model.encode_chat(PROMPT)

    def sample(seed, **kw):
        params = GenerationParams(max_new_tokens=16, sampling=SamplingParams(temperature=1.5, seed=seed, **kw))
        return model.generate_ids(ids, params).token_ids

    assert sample(7) == sample(7)
    assert sample(7, top_p=0.9) == sample(7, top_p=0.9)
    assert len({tuple(sample(seed)) for seed in (1, 2, 3)}) > 1
    greedy = model.generate_ids(ids, GenerationParams(max_new_tokens=16)).token_ids
    assert sample(5, top_k=1) == greedy


def test_stop_string_cuts_output_and_is_never_streamed(load):
    model = load()
    model.generator.eos_token_ids = set()
    ids = model.encode_chat(PROMPT)
    sampling = SamplingParams(temperature=1.0, seed=11)  # greedy output of a random model is too repetitive
    full = model.generate_ids(ids, GenerationParams(max_new_tokens=40, sampling=sampling)).text
    stop = full[len(full) // 2 : len(full) // 2 + 3]
    assert stop.strip(), f"need a visible stop string from {full!r}"
    deltas = []
    params = GenerationParams(max_new_tokens=40, sampling=sampling, stop=(stop, "never appears"))
    result = model.generate_ids(ids, params, on_text=deltas.append)
    assert result.stop_reason == "stop"
    assert result.text == full[: full.index(stop)]
    assert "".join(deltas) == result.text


def test_max_new_tokens_and_streaming_concatenate(load):
    model = load()
    model.generator.eos_token_ids = set()
    ids = model.encode_chat(PROMPT)
    deltas = []
    result = model.generate_ids(ids, GenerationParams(max_new_tokens=7), on_text=deltas.append)
    assert len(result.token_ids) == 7 and result.stop_reason == "max_new_tokens"
    assert "".join(deltas) == result.text == model.bundle.tokenizer.decode(result.token_ids)
    stats = result.stats
    assert stats.prompt_tokens == len(ids) and stats.new_tokens == 7
    assert stats.prefill_s > 0 and len(stats.decode_s) == 6 and stats.decode_tok_s > 0
    streamed = model.stream_ids(ids, GenerationParams(max_new_tokens=7))
    assert "".join(streamed) == result.text and streamed.result.token_ids == result.token_ids


def test_eos_ends_generation(load):
    model = load()
    ids = model.encode_chat(PROMPT)
    first = model.generate_ids(ids, GenerationParams(max_new_tokens=5)).token_ids[0]
    model.generator.eos_token_ids = {first}
    result = model.generate_ids(ids, GenerationParams(max_new_tokens=5))
    assert result.token_ids == [] and result.stop_reason == "eos" and result.text == ""
    forced = model.generate_ids(ids, GenerationParams(max_new_tokens=5, ignore_eos=True))
    assert forced.token_ids[0] == first and len(forced.token_ids) == 5 and forced.stop_reason == "max_new_tokens"


def test_deadline_and_context_limits(load):
    model = load()
    model.generator.eos_token_ids = set()
    ids = model.encode_chat(PROMPT)
    result = model.generate_ids(ids, GenerationParams(max_new_tokens=50, deadline_s=0.0))
    assert result.stop_reason == "deadline" and result.token_ids == [] and result.text == ""
    context = model.generator.context_length
    assert context == model.bundle.manifest["architecture"]["max_position_embeddings"]
    with pytest.raises(PromptTooLong):
        model.generate_ids([ids[0]] * context, GenerationParams(max_new_tokens=4))
    near_end = model.generate_ids([ids[0]] * (context - 3), GenerationParams(max_new_tokens=10))
    assert len(near_end.token_ids) == 3 and near_end.stop_reason == "context"


def test_deadline_between_tokens_keeps_what_was_made(load, monkeypatch):
    model = load()
    model.generator.eos_token_ids = set()
    decoder = model.generator.decoder
    real_forward = decoder.forward

    def slow_forward(*args, **kwargs):
        time.sleep(0.05)
        return real_forward(*args, **kwargs)

    monkeypatch.setattr(decoder, "forward", slow_forward)
    deltas = []
    result = model.generate_ids(model.encode_chat(PROMPT), GenerationParams(max_new_tokens=50, deadline_s=0.22), on_text=deltas.append)
    assert result.stop_reason == "deadline" and 2 <= len(result.token_ids) <= 6
    assert "".join(deltas) == result.text


@pytest.mark.parametrize("layout", ["shared", "grow"])
def test_a_terminated_run_leaves_the_cache_as_it_was(load, layout):
    model = load(kv_layout=layout)
    decoder = model.generator.decoder
    ids = model.encode_chat(PROMPT)
    cache = decoder.new_cache(64)
    first = decoder.forward(ids[:5], cache)
    options = ort.RunOptions()
    options.terminate = True
    with pytest.raises(Exception):
        decoder.forward(ids[5:], cache, options)
    assert cache.length == 5 and cache.token_ids == ids[:5]
    np.testing.assert_allclose(decoder.forward(ids[5:], cache), reference_logits(decoder.session, ids), atol=2e-2)
    assert first.shape == (decoder.vocab_size,)


@pytest.mark.parametrize("layout", ["shared", "grow"])
def test_reused_prefix_cache_gives_the_same_tokens(load, layout):
    model = load(kv_layout=layout)
    model.generator.eos_token_ids = set()
    system = [{"role": "system", "content": "you summarize the output of terminal commands"}]
    prompts = [model.encode_chat(system + [{"role": "user", "content": q}]) for q in ("tests passed", "error: failed")]
    common = next(i for i, (a, b) in enumerate(zip(*prompts)) if a != b)
    prefix_ids = prompts[0][:common]  # what every prompt with this system message starts with
    cache = model.generator.prefill_cache(prefix_ids, capacity=256)
    for ids in prompts:
        plain = model.generate_ids(ids, GenerationParams(max_new_tokens=12))
        reused = model.generator.generate(ids, GenerationParams(max_new_tokens=12), prefix=cache)
        assert reused.stats.reused_prefix_tokens == len(prefix_ids)
        assert reused.token_ids == plain.token_ids


def test_the_last_calls_cache_is_reused_and_grown_and_gives_the_same_tokens(load):
    model = load(kv_layout="shared")
    fresh = load(kv_layout="shared")
    fresh.generator.reuse_last = False
    for m in (model, fresh):
        m.generator.eos_token_ids = set()
    system = {"role": "system", "content": "you summarize the output of terminal commands"}
    long_output = "test_parse passed\n" * 40
    prompts = [model.encode_chat([system, {"role": "user", "content": c}]) for c in ("ok", "error: failed", long_output)]
    assert len(prompts[2]) + 8 > 256  # the third call outgrows the first cache's capacity
    reused = []
    for ids in prompts:
        params = GenerationParams(max_new_tokens=8)
        got, want = model.generate_ids(ids, params), fresh.generate_ids(ids, params)
        assert got.token_ids == want.token_ids and want.stats.reused_prefix_tokens == 0
        reused.append(got.stats.reused_prefix_tokens)
    common = next(i for i, (a, b) in enumerate(zip(prompts[0], prompts[1])) if a != b)
    assert reused[0] == 0 and reused[1] == common and reused[2] >= common
    assert model.generator._last.capacity >= len(prompts[2]) + 8
    # The same prompt again reuses all but its last token.
    again = model.generate_ids(prompts[2], GenerationParams(max_new_tokens=8))
    assert again.stats.reused_prefix_tokens == len(prompts[2]) - 1


def test_an_explicit_prefix_too_small_for_the_prompt_is_copied_not_overwritten(load):
    model = load(kv_layout="shared")
    model.generator.eos_token_ids = set()
    ids = model.encode_chat([{"role": "user", "content": "the build failed with 3 errors " * 3}])
    prefix = model.generator.prefill_cache(ids[:10], capacity=12)
    before = {name: array[:, :, :10].copy() for name, array in prefix.arrays.items()}
    result = model.generator.generate(ids, GenerationParams(max_new_tokens=6), prefix=prefix)
    assert result.stats.reused_prefix_tokens == 10 and prefix.length == 10
    for name, array in prefix.arrays.items():
        np.testing.assert_array_equal(array[:, :, :10], before[name])
    model.generator.reuse_last = False
    assert model.generate_ids(ids, GenerationParams(max_new_tokens=6)).token_ids == result.token_ids


def test_kv_layout_defaults_follow_the_graph(load):
    assert load(("qwen3", "int4", "builder")).generator.decoder.kv_layout == "shared"  # GroupQueryAttention
    assert load(("llama", "fp32", "optimum")).generator.decoder.kv_layout == "grow"
    assert load(("qwen3", "fp16", "builder")).generator.decoder.kv_layout == "grow"  # builder's CPU fp16: no GQA


def test_chat_model_protocol_and_status_fields(load):
    model = load()
    assert isinstance(model, ChatModel)
    reply = model.chat(PROMPT, max_new_tokens=6)
    assert isinstance(reply, str)
    streamed = model.stream_chat(PROMPT, max_new_tokens=6)
    assert "".join(streamed) == reply == streamed.result.text
    assert model.name and model.precision == "int4" and model.ep == "cpu" and model.load_s > 0
    assert model.last_stats is not None and model.last_stats.new_tokens <= 6


def test_unavailable_provider_warns_once_and_falls_back(tiny_bundle):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = OnnxChatModel.load(tiny_bundle(), ep="NoSuchExecutionProvider", threads=1)
    messages = [str(w.message) for w in caught if "not available" in str(w.message)]
    assert len(messages) == 1 and "NoSuchExecutionProvider" in messages[0]
    assert model.ep == "cpu"
    assert model.chat(PROMPT, max_new_tokens=2) is not None


def test_missing_default_bundle_tells_how_to_build_it():
    with pytest.raises(BundleError, match="bundle build-default"):
        OnnxChatModel.load(None)


@pytest.mark.parametrize("broken", ["tokenizer.json", "model.onnx", "manifest.json"])
def test_incomplete_or_corrupt_bundle_is_a_clear_error(tiny_bundle, tmp_path, broken):
    bundle = tmp_path / "b"
    shutil.copytree(tiny_bundle(), bundle)
    (bundle / broken).unlink()
    with pytest.raises(BundleError, match=broken.replace(".", r"\.")):
        OnnxChatModel.load(bundle, ep="cpu")
    (bundle / "manifest.json").write_text("{not json")
    with pytest.raises(BundleError, match="corrupt"):
        OnnxChatModel.load(bundle, ep="cpu")


def test_runtime_never_imports_torch_transformers_optimum(tiny_bundle):
    code = (
        "import sys, json\n"
        "from terminus_edge.runtime.chat_model import OnnxChatModel\n"
        f"m = OnnxChatModel.load({str(tiny_bundle())!r}, ep='cpu', threads=1)\n"
        "m.chat([{'role': 'user', 'content': 'hi'}], max_new_tokens=3)\n"
        "print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in ('torch', 'transformers', 'optimum'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
