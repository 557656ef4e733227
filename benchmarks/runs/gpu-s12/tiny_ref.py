"""Session 12 GPU item 1 (not part of the package): a tiny random qwen3 checkpoint, its torch float32 logits over a
fixed 64-token sequence (the reference), and each bundle's logits over the same sequence fed the way the runtime feeds
it (48-token prompt pass, then 16 one-token steps, teacher-forced so every row is comparable with the reference).

  tiny_ref.py make OUT_DIR [VOCAB] [STD]    # HF checkpoint (fp16 weights) + ref.npy (torch fp32 logits)
  tiny_ref.py check REF.npy OUT.json BUNDLE...  # each bundle on cpu and cuda (where available), both KV layouts,
                                                #   REF "cpu": against the bundle's own CPU logits (grow layout);
                                                #   on cuda also with graph optimizations off
  tiny_ref.py free OUT.json BUNDLE...           # session 9's method: each provider feeds its own greedy picks
  tiny_ref.py steps OUT.json BUNDLE...          # device steps (runtime/device_steps.py) vs the default step
"""
import json
import sys
from pathlib import Path

import numpy as np

TOKENS = [(1009 * i + 17) % 300 + 20 for i in range(64)]
PROMPT = 48
CONFIG = dict(model_type="qwen3", architectures=["Qwen3ForCausalLM"], hidden_size=128, intermediate_size=256,
              num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, head_dim=32, vocab_size=384,
              tie_word_embeddings=True, max_position_embeddings=4096, rope_theta=1000000.0, rms_norm_eps=1e-6,
              bos_token_id=1, eos_token_id=2)


def make(out: str, vocab: int = 384, std: float = 0.02) -> None:
    """vocab 384 gets a small tokenizer of its own; another vocabulary needs --tokenizer at export. std: the
    weights' spread (embeddings 2.5x): 0.08 gives logits up to ~10, like session 9's tiny model."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    fields = dict(CONFIG, vocab_size=vocab)
    config = AutoConfig.for_model(fields.pop("model_type"), **fields)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(config, torch_dtype=torch.float16)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if param.dim() == 2:
                param.normal_(0.0, 2.5 * std if "embed" in name else std)
    model.save_pretrained(out)
    if vocab == 384:
        from terminus_edge.export.tokenizer_tools import build_small_tokenizer

        build_small_tokenizer(Path(out), vocab)  # a small vocabulary keeps the bundles small enough to carry
    model = model.float().eval()  # the same fp16 weights, computed in float32
    with torch.no_grad():
        logits = model(torch.tensor([TOKENS])).logits[0].numpy()
    np.save(Path(out) / "ref.npy", logits[PROMPT - 1:].astype(np.float16))  # half the size to carry; |logit| < 20  # rows: after the prompt, then after each of the 16 steps
    print(f"tiny qwen3 in {out}, reference rows {logits[PROMPT - 1:].shape}")


def bundle_logits(bundle: str, ep: str, layout: str, optimization: str = "all") -> tuple[np.ndarray, str, str]:
    from terminus_edge.runtime.chat_model import OnnxChatModel

    model = OnnxChatModel.load(bundle, ep=ep, kv_layout=layout, prepacked_cache="off", optimization=optimization)
    decoder = model.generator.decoder
    cache = decoder.new_cache(128)
    rows = [decoder.forward(TOKENS[:PROMPT], cache)]
    rows += [decoder.forward([token], cache) for token in TOKENS[PROMPT:]]
    return np.stack(rows), model.ep, decoder.kv_layout


def check(ref_path: str, out_json: str, bundles: list[str]) -> None:
    import onnxruntime as ort

    fixed = None if ref_path == "cpu" else np.load(ref_path).astype(np.float32)
    eps = ["cpu"] + (["cuda"] if "CUDAExecutionProvider" in ort.get_available_providers() else [])
    rows = []
    for bundle in bundles:
        ref = fixed if fixed is not None else bundle_logits(bundle, "cpu", "grow")[0]  # "cpu": the CPU's own logits
        for ep, layout, opt in [(ep, layout, opt) for ep in eps for layout in ("grow", "shared")
                                for opt in (("all", "disable") if ep == "cuda" else ("all",))]:
                try:
                    got, ep_used, layout_used = bundle_logits(bundle, ep, layout, opt)
                except Exception as error:  # report, keep going
                    rows.append({"bundle": Path(bundle).name, "ep": ep, "layout": layout, "opt": opt, "error": f"{type(error).__name__}: {error}"[:300]})
                    print(json.dumps(rows[-1]), flush=True)
                    continue
                diff = np.abs(got - ref)
                rows.append({"bundle": Path(bundle).name, "ref": "fp32 torch" if fixed is not None else "own cpu grow",
                             "ep": ep_used, "layout": layout_used, "opt": opt,
                             "max_abs_diff_vs_ref": round(float(np.nanmax(diff)), 4),
                             "rel_l2_vs_ref": round(float(np.linalg.norm(np.nan_to_num(got - ref)) / np.linalg.norm(ref)), 4),
                             "nan": bool(np.isnan(got).any()),
                             "argmax_vs_ref": f"{int((got.argmax(-1) == ref.argmax(-1)).sum())}/{len(ref)}"})
                print(json.dumps(rows[-1]), flush=True)
    Path(out_json).write_text(json.dumps(rows, indent=1))


def free_running(out_json: str, bundles: list[str]) -> None:
    """Session 9's method: the prompt, then 16 steps each feeding the provider's own argmax; CUDA against CPU."""
    from terminus_edge.runtime.chat_model import OnnxChatModel

    rows = []
    for bundle in bundles:
        runs = {}
        for ep in ("cpu", "cuda"):
            decoder = OnnxChatModel.load(bundle, ep=ep, kv_layout="grow", prepacked_cache="off").generator.decoder
            cache = decoder.new_cache()
            logits = [decoder.forward(TOKENS[:PROMPT], cache)]
            for _ in range(16):
                logits.append(decoder.forward([int(logits[-1].argmax())], cache))
            runs[ep] = np.stack(logits)
        picks = [runs[ep].argmax(-1) for ep in ("cpu", "cuda")]
        diverged = next((i for i, (a, b) in enumerate(zip(*picks)) if a != b), None)
        rows.append({"bundle": Path(bundle).name, "method": "free-running greedy (each provider its own picks)",
                     "max_abs_diff": round(float(np.abs(runs["cuda"] - runs["cpu"]).max()), 4),
                     "argmax_agreement": f"{int((picks[0] == picks[1]).sum())}/17", "first_different_pick": diverged})
        print(json.dumps(rows[-1]), flush=True)
    Path(out_json).write_text(json.dumps(rows, indent=1))


def steps(out_json: str, bundles: list[str], n: int = 64) -> None:
    """Device steps (bound, graph) against the default step on the same provider: teacher-forced picks (a pick counts
    as right when its logit equals the default step's largest, so fp16 ties pass), then free-running greedy runs."""
    import onnxruntime as ort

    from terminus_edge.runtime.chat_model import OnnxChatModel
    from terminus_edge.runtime.device_steps import device_steps_for

    ep = "cuda" if "CUDAExecutionProvider" in ort.get_available_providers() else "cpu"
    rng = np.random.default_rng(12)
    rows = []
    for bundle in bundles:
        model = OnnxChatModel.load(bundle, ep=ep, kv_layout="shared", prepacked_cache="off")
        decoder = model.generator.decoder
        vocab = decoder.vocab_size
        fed = [int(t) for t in rng.integers(10, min(vocab, 30000), 48 + n)]
        for mode in (("bound", "graph") if ep == "cuda" else ("bound",)):
            try:
                dsteps = device_steps_for(model, mode)
                ok = exact = 0
                for rep in range(2):  # the second cache reuses the buffers (and, in graph mode, the capture)
                    ref, cache = decoder.new_cache(48 + n + 1), dsteps.new_cache(48 + n + 1)
                    decoder.forward(fed[:48], ref)
                    decoder.forward(fed[:48], cache)
                    for token in fed[48:]:
                        logits = decoder.forward([token], ref)
                        pick = dsteps.step(token, cache)
                        exact += pick == int(np.argmax(logits))
                        ok += bool(logits[pick] == logits.max())
                ref, cache = decoder.new_cache(48 + n + 1), dsteps.new_cache(48 + n + 1)
                a = [int(np.argmax(decoder.forward(fed[:48], ref)))]
                b = [int(np.argmax(decoder.forward(fed[:48], cache)))]
                for _ in range(n):
                    a.append(int(np.argmax(decoder.forward([a[-1]], ref))))
                    b.append(dsteps.step(b[-1], cache))
                same = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
                rows.append({"bundle": Path(bundle).name, "ep": model.ep, "mode": mode,
                             "teacher_forced_max_logit": f"{ok}/{2 * n}", "teacher_forced_exact": f"{exact}/{2 * n}",
                             "greedy_same_prefix": f"{same}/{len(a)}"})
            except Exception as error:  # report, keep going
                rows.append({"bundle": Path(bundle).name, "ep": ep, "mode": mode, "error": f"{type(error).__name__}: {error}"[:400]})
            print(json.dumps(rows[-1]), flush=True)
    Path(out_json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], *(f(a) for f, a in zip((int, float), sys.argv[3:])))
    elif sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif sys.argv[1] == "free":
        free_running(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == "steps":
        steps(sys.argv[2], sys.argv[3:])
