"""Compare an exported ONNX graph with its torch source on fixed prompts.

For each prompt: torch makes a 32-token greedy continuation; then torch and ONNX each score
prompt+continuation in one pass (teacher forcing) and we compare logits and per-position argmax. A few
decode steps through the ONNX KV cache are checked against the one-pass logits, so the past/present
wiring is exercised too. fp32 exports fail beyond FP32_ATOL; quantized drift is reported only.
"""

from __future__ import annotations

import time
from pathlib import Path

from terminus_edge.errors import ExportError
from terminus_edge.export.progress import stage

PROMPTS = (
    "The quick brown fox",
    "Command: pytest -q\nOutput: 3 failed, 41 passed in 2.10s\nSummary:",
    "def fibonacci(n):",
)
CONTINUATION_TOKENS = 32
KV_STEPS = 4
# Measured (benchmarks/RESULTS.md): fp32 graphs differ from torch eager by ~1e-6 on the tiny test models and
# by 9.9e-5 (builder) / 7.5e-5 (optimum) on SmolLM2-135M, whose logits reach ~45; a wrong graph is off by
# whole units. 1e-3 leaves 10x room for deeper models without hiding a real error.
FP32_ATOL = 1e-3


def empty_cache_feeds(session, input_ids, np):
    """Feeds for one pass with an empty KV cache; cache shapes and dtypes are read from the session."""
    length = input_ids.shape[1]
    feeds = {}
    for node in session.get_inputs():
        if node.name == "input_ids":
            feeds[node.name] = input_ids
        elif node.name == "attention_mask":
            feeds[node.name] = np.ones((1, length), dtype=np.int64)
        elif node.name == "position_ids":
            feeds[node.name] = np.arange(length, dtype=np.int64)[None, :]
        elif node.name.startswith("past_key_values"):
            dtype = np.float16 if "float16" in node.type else np.float32
            feeds[node.name] = np.zeros((1, node.shape[1], 0, node.shape[3]), dtype=dtype)
        else:
            raise ExportError(f"validation cannot feed graph input {node.name!r}")
    return feeds


def _kv_steps(session, tokens, prompt_len, np):
    """Prefill the prompt, then feed continuation tokens one at a time through the cache; return logits rows."""
    outputs = [o.name for o in session.get_outputs()]
    feeds = empty_cache_feeds(session, tokens[:, :prompt_len], np)
    rows = []
    for step in range(KV_STEPS):
        result = dict(zip(outputs, session.run(None, feeds)))
        rows.append(result["logits"][0, -1].astype(np.float32))
        position = prompt_len + step
        feeds = {"input_ids": tokens[:, position:position + 1]}
        names = {n.name for n in session.get_inputs()}
        if "attention_mask" in names:
            feeds["attention_mask"] = np.ones((1, position + 1), dtype=np.int64)
        if "position_ids" in names:
            feeds["position_ids"] = np.array([[position]], dtype=np.int64)
        for name in names:
            if name.startswith("past_key_values"):
                feeds[name] = result[name.replace("past_key_values", "present")]
    return np.stack(rows)


def _greedy(model, input_ids, torch):
    tokens = input_ids
    past = None
    step_input = input_ids
    for _ in range(CONTINUATION_TOKENS):
        out = model(input_ids=step_input, past_key_values=past, use_cache=True)
        past = out.past_key_values
        step_input = out.logits[:, -1:].argmax(-1)
        tokens = torch.cat([tokens, step_input], dim=1)
    return tokens


def validate_export(hf_dir: Path, model_path: Path, precision: str, *, threads: int | None = None,
                    reference: str = "fp32", gguf_file: Path | None = None) -> dict:
    """Run the checks; return the manifest's `validation` dict. Raise ExportError if an fp32 export is off.

    reference: the torch model's dtype, "fp32" or "bf16" (half the memory; the memory guard picks it when the fp32
    reference does not fit; not for fp32 bundles, whose 1e-3 check needs the fp32 reference).
    gguf_file: load the torch model from this GGUF (transformers dequantizes it) instead of hf_dir's weights;
    hf_dir still gives the tokenizer."""
    if reference not in ("fp32", "bf16") or (reference == "bf16" and precision == "fp32"):
        raise ExportError(f"cannot validate a {precision} bundle against a {reference} torch reference")
    import numpy as np
    import onnxruntime as ort
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModelForCausalLM

    start = time.perf_counter()
    with stage("validate", f"{precision} graph vs torch {reference} on {len(PROMPTS)} prompts") as progress:
        tokenizer = Tokenizer.from_file(str(Path(hf_dir) / "tokenizer.json"))
        dtype = torch.float32 if reference == "fp32" else torch.bfloat16
        if gguf_file is None:
            model = AutoModelForCausalLM.from_pretrained(str(hf_dir), dtype=dtype, attn_implementation="eager").eval()
        else:
            from terminus_edge.export.gguf_config import load_gguf_model

            model = load_gguf_model(gguf_file, dtype, attn_implementation="eager").eval()
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        per_prompt = []
        for prompt in PROMPTS:
            ids = tokenizer.encode(prompt, add_special_tokens=False).ids
            if not ids:  # torch would fail on an empty sequence with a reshape error
                raise ExportError(f"cannot validate: the model's tokenizer turns {prompt!r} into no tokens (an incomplete "
                                  "vocabulary?); fix the tokenizer or pass --no-validate")
            with torch.no_grad():
                tokens = _greedy(model, torch.tensor([ids], dtype=torch.long), torch)
                expected = model(input_ids=tokens).logits[0].float().numpy()
            tokens_np = tokens.numpy().astype(np.int64)
            logits = session.run(["logits"], empty_cache_feeds(session, tokens_np, np))[0][0].astype(np.float32)
            prompt_len = len(ids)
            predicted = logits[prompt_len - 1:-1].argmax(-1)
            greedy = tokens_np[0, prompt_len:]
            steps = _kv_steps(session, tokens_np, prompt_len, np)
            per_prompt.append({
                "prompt_tokens": prompt_len,
                "max_abs_logit_diff": float(np.abs(logits - expected).max()),
                "next_token_agreement": float((predicted == greedy).mean()),
                "kv_cache_max_abs_diff": float(np.abs(steps - logits[prompt_len - 1:prompt_len - 1 + KV_STEPS]).max()),
                "max_abs_logit": float(np.abs(expected).max()),
            })
        del model, session
        result = {
            "prompts": len(PROMPTS),
            "continuation_tokens": CONTINUATION_TOKENS,
            "method": "torch greedy continuation, then one teacher-forced pass in torch and onnxruntime; argmax compared per position",
            "reference": f"torch {reference}",
            "max_abs_logit_diff": max(p["max_abs_logit_diff"] for p in per_prompt),
            "next_token_agreement": float(np.mean([p["next_token_agreement"] for p in per_prompt])),
            "kv_cache_max_abs_diff": max(p["kv_cache_max_abs_diff"] for p in per_prompt),
            "per_prompt": per_prompt,
            "atol": FP32_ATOL if precision == "fp32" else None,
            "seconds": round(time.perf_counter() - start, 2),
        }
        worst = max(result["max_abs_logit_diff"], result["kv_cache_max_abs_diff"])
        if precision == "fp32":
            result["status"] = "pass" if worst <= FP32_ATOL else "fail"
            if result["status"] == "fail":
                raise ExportError(f"fp32 export does not match torch: max abs logit diff {worst:.3g} > atol {FP32_ATOL}")
        else:
            result["status"] = "drift reported"
        progress.detail = (f"{precision} graph vs torch {reference}: max |logit diff| {result['max_abs_logit_diff']:.3g}, "
                           f"next-token agreement {result['next_token_agreement']:.1%} ({result['status']})")
    return result
