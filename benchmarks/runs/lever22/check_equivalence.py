"""Lever 22's correctness check: tiny random Qwen3 (separate q/k/v, q/k norms) and Llama (packed qkv) bundles from
both exporters (builder; streaming --low-memory), fp32 and int4, the runtime graph rewritten by grouped_attention.py
against the original, through the runtime's Generator: greedy tokens of a prompt, then of a second prompt sharing
its first 40 tokens (the kept cache truncated and reused), a prompt that outgrows the cache (grown), and the largest
|Δlogit| of a step-by-step decode across two 64-row blocks. usage: check_equivalence.py WORKDIR"""
import shutil, sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[2] / "tests")]
from blocked_decoder import BlockedDecoder  # noqa: E402
from grouped_attention import add_grouped_attention  # noqa: E402


def bundles(work: Path, arch: str, precision: str, streaming: bool):
    from conftest import make_tiny_hf_model
    from terminus_edge.export import export_model

    hf = work / f"hf-{arch}"
    if not hf.exists():
        hf.mkdir(parents=True)
        make_tiny_hf_model(arch, hf)
    old = work / f"{arch}-{precision}-{'streaming' if streaming else 'builder'}"
    if not old.exists():
        export_model(hf, old, precision=precision, low_memory=streaming, validate=False)
    new = old.with_name(old.name + "-grouped")
    shutil.rmtree(new, ignore_errors=True)
    shutil.copytree(old, new)
    assert add_grouped_attention(new)["runtime_model"]["attention"] == "grouped"
    return old, new


def run(old: Path, new: Path) -> str:
    from terminus_edge.runtime.chat_model import OnnxChatModel
    from terminus_edge.runtime.generate import GenerationParams

    a, b = OnnxChatModel.load(old, ep="cpu", threads=1), OnnxChatModel.load(new, ep="cpu", threads=1)
    b.generator.decoder = BlockedDecoder(b.generator.decoder.session)
    rng = np.random.default_rng(1)
    p1 = [int(t) for t in rng.integers(3, 200, 90)]
    p2 = p1[:40] + [int(t) for t in rng.integers(3, 200, 30)]
    p3 = p2 + [int(t) for t in rng.integers(3, 200, 300)]  # longer than the kept cache: grown
    params = GenerationParams(max_new_tokens=24, ignore_eos=True)
    for prompt in (p1, p2, p3):
        ta, tb = (m.generate_ids(prompt, params) for m in (a, b))
        assert tb.stats.reused_prefix_tokens == ta.stats.reused_prefix_tokens, (ta.stats, tb.stats)
        assert ta.token_ids == tb.token_ids, (ta.token_ids, tb.token_ids)
    da, db = a.generator.decoder, b.generator.decoder
    ca, cb = da.new_cache(200), db.new_cache(200)
    worst = float(np.abs(da.forward(p1[:50], ca) - db.forward(p1[:50], cb)).max())
    for t in rng.integers(3, 200, 100):
        worst = max(worst, float(np.abs(da.forward([int(t)], ca) - db.forward([int(t)], cb)).max()))
    return f"greedy tokens equal over 3 prompts (reuse, growth); max |Δlogit| {worst:.2e}"


if __name__ == "__main__":
    work = Path(sys.argv[1])
    for arch in ("qwen3", "llama"):
        for precision in ("fp32", "int4"):
            for streaming in (False, True):
                if streaming and precision != "int4":
                    continue  # --low-memory makes int4 bundles
                print(arch, precision, "streaming" if streaming else "builder", run(*bundles(work, arch, precision, streaming)), flush=True)
