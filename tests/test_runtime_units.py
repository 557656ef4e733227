"""Runtime pieces that need no model: incremental text with stop strings, sampler, chat template, provider choice."""

from __future__ import annotations

import warnings
from collections import Counter

import numpy as np
import pytest
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

from terminus_edge.runtime.chat_template import ChatTemplate, TemplateError
from terminus_edge.runtime.sampling import Sampler, SamplingParams
from terminus_edge.runtime.session import CPU, ProviderFallbackWarning, resolve_provider
from terminus_edge.runtime.text_stream import TextStream


@pytest.fixture(scope="module")
def byte_tokenizer() -> Tokenizer:
    """Byte-level BPE that never saw CJK text: each of those characters is three byte tokens."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=300, special_tokens=["<|im_end|>"], initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False
    )
    tok.train_from_iterator(["the tests passed and the build failed"] * 10, trainer=trainer)
    return tok


def _push_all(stream: TextStream, ids) -> list[str]:
    deltas = [stream.push(i) for i in ids]
    deltas.append(stream.finish())
    return deltas


def test_multibyte_characters_are_never_split(byte_tokenizer):
    text = "build 日本語 ✓ done"
    ids = byte_tokenizer.encode(text).ids
    assert len(ids) > len(text.split()) + 6  # the CJK characters really are split over byte tokens
    stream = TextStream(byte_tokenizer)
    deltas = _push_all(stream, ids)
    assert "".join(deltas) == stream.text == text
    assert not any("\ufffd" in d for d in deltas)
    assert sum(1 for d in deltas if d) > 5  # it streams, not one chunk at the end


def test_stop_string_across_tokens_is_held_back_then_cut(byte_tokenizer):
    text = "the tests passed\nEND of log and more"
    ids = byte_tokenizer.encode(text).ids
    stream = TextStream(byte_tokenizer, stop=["\nEND", "zzz"])
    deltas = []
    for i in ids:
        deltas.append(stream.push(i))
        if stream.stopped_by:
            break
    deltas.append(stream.finish())
    assert stream.stopped_by == "\nEND"
    assert stream.text == "the tests passed"
    assert "".join(deltas) == "the tests passed"
    assert not any("\n" in d for d in deltas)  # the start of the stop string never leaked out


def test_held_back_text_is_released_when_no_stop_follows(byte_tokenizer):
    text = "failed\nEN"
    stream = TextStream(byte_tokenizer, stop=["\nEND"])
    deltas = _push_all(stream, byte_tokenizer.encode(text).ids)
    assert "".join(deltas[:-1]) == "failed" and deltas[-1] == "\nEN"
    assert stream.stopped_by is None and stream.text == text


def test_special_tokens_are_not_shown(byte_tokenizer):
    ids = byte_tokenizer.encode("the build").ids + [byte_tokenizer.token_to_id("<|im_end|>")]
    stream = TextStream(byte_tokenizer)
    assert "".join(_push_all(stream, ids)) == "the build"


def test_greedy_and_degenerate_sampling_pick_the_argmax():
    logits = np.array([0.1, 3.0, 2.9, -1.0], dtype=np.float32)
    assert Sampler(SamplingParams())(logits) == 1
    assert Sampler(SamplingParams(temperature=1.0, top_k=1, seed=0))(logits) == 1
    assert Sampler(SamplingParams(temperature=1.0, top_p=0.01, seed=0))(logits) == 1


def test_sampling_follows_the_distribution_and_top_p_cuts_the_tail():
    logits = np.log(np.array([0.6, 0.3, 0.1], dtype=np.float32))
    sampler = Sampler(SamplingParams(temperature=1.0, seed=1))
    counts = Counter(sampler(logits) for _ in range(4000))
    assert abs(counts[0] / 4000 - 0.6) < 0.03 and abs(counts[2] / 4000 - 0.1) < 0.02
    nucleus = Sampler(SamplingParams(temperature=1.0, top_p=0.85, seed=1))
    counts = Counter(nucleus(logits) for _ in range(2000))
    assert set(counts) == {0, 1} and abs(counts[0] / 2000 - 2 / 3) < 0.04


def test_top_p_over_a_large_vocabulary_matches_a_full_sort():
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 2, size=50_000).astype(np.float32)
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    order = np.argsort(-probs)
    nucleus = set(order[: int(np.searchsorted(np.cumsum(probs[order]), 0.9) + 1)].tolist())
    sampler = Sampler(SamplingParams(temperature=1.0, top_p=0.9, seed=3))
    picks = {sampler(logits) for _ in range(300)}
    assert picks <= nucleus and len(picks) > 50


def test_sampling_params_are_checked():
    with pytest.raises(ValueError):
        SamplingParams(top_p=0.0)
    with pytest.raises(ValueError):
        SamplingParams(top_k=-1)


def test_chat_template_renders_messages_tools_and_special_tokens():
    source = (
        "{{ bos_token }}{% if tools %}TOOLS:{{ tools | tojson }}\n{% endif %}"
        "{% for m in messages %}{% if m.role not in ['user', 'assistant', 'system'] %}"
        "{{ raise_exception('bad role ' + m.role) }}{% endif %}<{{ m.role }}>{{ m.content }}{{ eos_token }}\n{% endfor %}"
        "{% if add_generation_prompt %}<assistant>{% endif %}"
    )
    template = ChatTemplate(source, {"bos_token": "<s>", "eos_token": "</s>"})
    messages = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "café?"}]
    assert template.render(messages) == "<s><system>be brief</s>\n<user>café?</s>\n<assistant>"
    assert template.render(messages, add_generation_prompt=False).endswith("</s>\n")
    with_tools = template.render(messages, tools=[{"name": "run", "description": "é"}])
    assert 'TOOLS:[{"name": "run", "description": "é"}]' in with_tools
    with pytest.raises(TemplateError, match="bad role robot"):
        template.render([{"role": "robot", "content": "x"}])
    with pytest.raises(TemplateError, match="does not parse"):
        ChatTemplate("{% for %}")


def test_provider_resolution_and_fallback_warning():
    available = ["CUDAExecutionProvider", CPU]
    assert resolve_provider("auto", available) == "CUDAExecutionProvider"
    assert resolve_provider("auto", [CPU]) == CPU
    assert resolve_provider("cuda", available) == "CUDAExecutionProvider"
    assert resolve_provider("CUDA", available) == "CUDAExecutionProvider"
    assert resolve_provider("cpu", available) == CPU
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert resolve_provider("cuda", [CPU]) == CPU
        assert resolve_provider("OpenVINOExecutionProvider", [CPU]) == CPU
    assert [w.category for w in caught] == [ProviderFallbackWarning, ProviderFallbackWarning]
    assert "CUDAExecutionProvider" in str(caught[0].message) and "running on CPU" in str(caught[0].message)
