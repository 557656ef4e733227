"""The real default bundle (SmolLM2-135M-Instruct int4) through the runtime. Slow: builds the bundle if needed."""

from __future__ import annotations


import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.runtime.chat_model import OnnxChatModel
from terminus_edge.runtime.generate import GenerationParams

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model(default_bundle) -> OnnxChatModel:
    return OnnxChatModel.load(default_bundle, ep="cpu", threads=2)


def test_default_model_answers_a_short_question(model):
    result = model.chat_result([{"role": "user", "content": "What is the capital of France?"}], max_new_tokens=40)
    assert "Paris" in result.text
    assert result.stop_reason == "eos"
    stats = result.stats
    assert stats.decode_tok_s > 5 and stats.prefill_s < 5, stats.describe()


def test_default_model_uses_the_conversation_history(model):
    history = [
        {"role": "user", "content": "My favourite fruit is mango."},
        {"role": "assistant", "content": "Mango is a delicious fruit!"},
        {"role": "user", "content": "Which fruit did I say I like?"},
    ]
    assert "mango" in model.chat(history, max_new_tokens=40).lower()
    history = [
        {"role": "user", "content": "What is the capital of France?"},
        {"role": "assistant", "content": "The capital of France is Paris."},
        {"role": "user", "content": "And the capital of Germany?"},
    ]
    assert "Berlin" in model.chat(history, max_new_tokens=40)


def test_default_model_prefix_cache_reuse_matches(model):
    system = {"role": "system", "content": "You summarize terminal output in one sentence."}
    prompts = [model.encode_chat([system, {"role": "user", "content": q}]) for q in ("5 tests passed", "build failed: 2 errors")]
    common = next(i for i, (a, b) in enumerate(zip(*prompts)) if a != b)
    cache = model.generator.prefill_cache(prompts[0][:common], capacity=512)
    for ids in prompts:
        plain = model.generate_ids(ids, GenerationParams(max_new_tokens=24))
        reused = model.generator.generate(ids, GenerationParams(max_new_tokens=24), prefix=cache)
        assert reused.token_ids == plain.token_ids and reused.stats.reused_prefix_tokens == common


def test_generate_cli_on_the_default_bundle(default_bundle):
    result = CliRunner().invoke(
        main, ["generate", "--bundle", str(default_bundle), "--threads", "2", "--stats", "--max-new-tokens", "30",
               "--stop", ".", "What is the capital of France?"],
    )
    assert result.exit_code == 0, result.output
    assert "Paris" in result.stdout and "." not in result.stdout and "stop: stop" in result.stderr
