"""How far int4 bundles of one model (e.g. one per block size) drift from their torch fp32 source on real text.

Teacher-forced over windows of real terminal output (the corpus the summarizer reads): per position, the
bundle's top-1 token against torch's (agreement), KL(torch || bundle) and each side's negative log-likelihood
of the actual next token. Many more positions than the export validation's 3 × 32 greedy tokens, and on the
kind of text the product reads.

    python -m terminus_edge.benchmarks.same_weights_quality SOURCE.gguf --bundle B32 --bundle B64 \\
        --corpus ../shared/corpus/dev --window 256 --windows 24
"""

from __future__ import annotations

import tempfile
from pathlib import Path


def corpus_windows(corpus: Path, tokenizer, window: int, limit: int) -> list[list[int]]:
    """Token windows from each case's output.txt (first `window` tokens of each case; cases in name order)."""
    windows = []
    for case in sorted(p for p in Path(corpus).iterdir() if (p / "output.txt").is_file()):
        text = (case / "output.txt").read_bytes().decode("utf-8", errors="replace")
        ids = tokenizer.encode(text, add_special_tokens=False).ids[:window]
        if len(ids) >= 32:
            windows.append(ids)
        if len(windows) == limit:
            break
    return windows


def _log_softmax(x, np):
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def drift(source, bundles: list[str], corpus: Path, window: int = 256, limit: int = 24, threads: int = 2) -> list[dict]:
    """One dict per bundle: positions, top1_agreement, mean_kl, nll (bundle) and torch_nll."""
    import numpy as np
    import onnxruntime as ort
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModelForCausalLM

    from terminus_edge.export.sources import prepare_source
    from terminus_edge.export.validate import empty_cache_feeds
    from terminus_edge.runtime.bundle import load_bundle

    with tempfile.TemporaryDirectory(prefix="quality-") as tmp:
        prepared = prepare_source(source, Path(tmp) / "source")
        tokenizer = Tokenizer.from_file(str(prepared.hf_dir / "tokenizer.json"))
        windows = corpus_windows(corpus, tokenizer, window, limit)
        model = AutoModelForCausalLM.from_pretrained(str(prepared.hf_dir), dtype=torch.float32, attn_implementation="eager").eval()
        with torch.no_grad():
            reference = [_log_softmax(model(input_ids=torch.tensor([ids])).logits[0].numpy().astype(np.float64), np)
                         for ids in windows]
        del model
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    results = []
    for bundle in bundles:
        loaded = load_bundle(bundle, full_logits=True)
        session = ort.InferenceSession(str(loaded.model_path), options, providers=["CPUExecutionProvider"])
        agree = kl = nll = ref_nll = positions = 0.0
        for ids, ref in zip(windows, reference):
            tokens = np.array([ids], dtype=np.int64)
            got = _log_softmax(session.run(["logits"], empty_cache_feeds(session, tokens, np))[0][0].astype(np.float64), np)
            target = np.array(ids[1:])
            agree += float((got[:-1].argmax(-1) == ref[:-1].argmax(-1)).sum())
            kl += float((np.exp(ref) * (ref - got)).sum(-1)[:-1].sum())
            nll -= float(got[np.arange(len(target)), target].sum())
            ref_nll -= float(ref[np.arange(len(target)), target].sum())
            positions += len(target)
        block = (loaded.manifest.get("quantization") or {}).get("block_size")
        results.append({"bundle": str(bundle), "block_size": block, "windows": len(windows), "positions": int(positions),
                        "top1_agreement": agree / positions, "mean_kl": kl / positions,
                        "nll": nll / positions, "torch_nll": ref_nll / positions})
    return results


if __name__ == "__main__":
    import argparse
    import json
    import math

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="the bundles' source (.gguf or HF dir)")
    parser.add_argument("--bundle", action="append", required=True)
    parser.add_argument("--corpus", required=True, help="directory of case folders with output.txt")
    parser.add_argument("--window", type=int, default=256)
    parser.add_argument("--windows", type=int, default=24)
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    rows = drift(args.source, args.bundle, Path(args.corpus), args.window, args.windows)
    print("| bundle | block | positions | top-1 agreement with torch | mean KL (nats) | perplexity (torch) |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {Path(r['bundle']).name} | {r['block_size']} | {r['positions']} | {r['top1_agreement']:.1%} | "
              f"{r['mean_kl']:.4f} | {math.exp(r['nll']):.2f} ({math.exp(r['torch_nll']):.2f}) |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
