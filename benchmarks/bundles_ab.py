"""Interleaved A/B of several bundles of one model in one process: the runtime's decoder, one run per bundle per
round (the shared box's load swings 2-3x between minutes; alternating run by run cancels most of it).

    python -m terminus_edge.benchmarks.bundles_ab OLD NEW [...] -p 128 -n 64 -r 15 --threads 1

Per bundle: prefill tok/s (median over rounds), decode ms a token (median and 25th percentile of the per-run
means), and the ratio of each round's decode time to the first bundle's in the same round (median), the
figure least touched by the load.
"""

from __future__ import annotations

import argparse
import os
import statistics
from pathlib import Path

import numpy as np

from terminus_edge.benchmarks.runtime_ab import load, one_run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bundles", nargs="+")
    parser.add_argument("-p", "--n-prompt", type=int, default=128)
    parser.add_argument("-n", "--n-gen", type=int, default=64)
    parser.add_argument("-r", "--repetitions", type=int, default=15)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    models = [load(b, {"threads": str(args.threads), "full_logits": "0"}) for b in args.bundles]
    vocab = models[0].bundle.tokenizer.get_vocab_size()
    prompt = [int(t) for t in np.random.default_rng(0).integers(10, min(vocab, 30000), args.n_prompt)]
    runs = [([], []) for _ in models]
    load_avg = [os.getloadavg()[0]]
    for rep in range(args.repetitions + 1):  # the first round warms up and is dropped
        for model, (prefills, decodes) in zip(models, runs):
            prefill, decode = one_run(model, prompt, args.n_gen, None)
            if rep:
                prefills.append(prefill)
                decodes.append(decode)
        load_avg.append(os.getloadavg()[0])
    print(f"threads {args.threads}, {args.repetitions} rounds, load average {min(load_avg):.2f}-{max(load_avg):.2f}")
    print(f"| bundle | prefill tok/s (pp{args.n_prompt}) | decode ms/token median | p25 | decode time vs {Path(args.bundles[0]).name} "
          f"(median of per-round ratios) | load s |")
    print("|---|---:|---:|---:|---:|---:|")
    base = runs[0][1]
    for bundle, model, (prefills, decodes) in zip(args.bundles, models, runs):
        per_token = sorted(d / args.n_gen * 1000 for d in decodes)
        ratio = statistics.median(d / b for d, b in zip(decodes, base))
        print(f"| {Path(bundle).name} | {args.n_prompt / statistics.median(prefills):.0f} | {statistics.median(per_token):.2f} | "
              f"{per_token[len(per_token) // 4]:.2f} | {ratio:.3f} | {model.load_s:.2f} |")


if __name__ == "__main__":
    main()
