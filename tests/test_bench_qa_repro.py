"""Reproducibility of bench latency's measured work: the fixed prompt and greedy decoding give the same token ids on
every load and every repetition, so two runs of one command time the same computation."""

from __future__ import annotations

from terminus_edge.benchmarks.latency import METHOD, EngineSpec, prompt_ids


def greedy_ids(engine, n_prompt: int, n_gen: int) -> list[int]:
    engine.reset(n_prompt + n_gen + 1)
    token = engine.prefill(prompt_ids(n_prompt, engine.vocab_size))
    out = [token]
    for _ in range(n_gen):
        token = engine.step(token)
        out.append(token)
    return out


def test_two_loads_and_two_repetitions_make_the_same_token_ids(tiny_bundle):
    from terminus_edge.benchmarks.latency_child import engine_for

    bundle = tiny_bundle("qwen3", "int4", "builder")
    runs = []
    for _ in range(2):  # the same command twice: a fresh load each time
        engine = engine_for(EngineSpec("terminus-edge", str(bundle), "cpu", 1, "m", "int4"))
        engine.load()
        runs += [greedy_ids(engine, 24, 12), greedy_ids(engine, 24, 12)]
    assert all(run == runs[0] for run in runs), runs
    assert len(runs[0]) == 13


def test_the_method_names_the_prompt_and_the_decoding():
    assert "prompt_ids" in METHOD and "greedy" in METHOD and "seed" in METHOD
    assert prompt_ids(16, 384) == prompt_ids(16, 384)
