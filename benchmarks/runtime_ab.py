"""Interleaved A/B of runtime variants on one bundle, in one process (this shared box swings 2-3x, so
variants alternate run by run and the median is compared).

    python -m terminus_edge.benchmarks.runtime_ab BUNDLE -p 301 -n 64 -r 5 \
        --variant base: --variant last:full_logits=0 --variant nospin:spin=0

Variant keys: full_logits=0|1 (default 1: the bundle's every-position graph), threads=N (default 2),
spin=0|1 (session.intra_op.allow_spinning), daz=0|1 (session.set_denormal_as_zero), chunk=N (prefill in
chunks of N tokens), kv=shared|grow, huge=0|1 (runtime.huge_pages after loading; default 1), ort.KEY=VALUE (any onnxruntime session config entry, e.g.
ort.session.dynamic_block_base=4). Prints one markdown row per variant: prefill tok/s (median), TTFT ms,
decode tok/s (median of per-run means), decode time against the first variant's in the same round (median of
the per-round ratios, the figure the box's load touches least), load s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np


def parse_variant(text: str) -> tuple[str, dict]:
    label, _, rest = text.partition(":")
    options = dict(item.split("=", 1) for item in rest.split(",") if item)
    return label, options


def load(bundle: str, options: dict):
    from terminus_edge.runtime.chat_model import OnnxChatModel

    entries = []
    if "spin" in options:
        entries.append(("session.intra_op.allow_spinning", options["spin"]))
    if "daz" in options:
        entries.append(("session.set_denormal_as_zero", options["daz"]))
    entries.extend((key.removeprefix("ort."), value) for key, value in options.items() if key.startswith("ort."))
    from terminus_edge.runtime.huge_pages import ENV

    previous = os.environ.get(ENV)
    os.environ[ENV] = options.get("huge", "1")
    try:
        model = OnnxChatModel.load(bundle, ep="cpu", threads=int(options.get("threads", 2)),
                                   kv_layout=options.get("kv", "auto"), full_logits=options.get("full_logits", "1") == "1",
                                   config_entries=tuple(entries))
        model.huge_pages.wait()
        return model
    finally:
        if previous is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = previous


def one_run(model, prompt: list[int], n_gen: int, chunk: int | None) -> tuple[float, float]:
    decoder = model.generator.decoder
    cache = decoder.new_cache(len(prompt) + n_gen + 1) if decoder.kv_layout == "shared" else decoder.new_cache()
    start = time.perf_counter()
    step = chunk or len(prompt)
    for at in range(0, len(prompt), step):
        logits = decoder.forward(prompt[at : at + step], cache)
    prefill = time.perf_counter() - start
    token = int(np.argmax(logits))
    start = time.perf_counter()
    for _ in range(n_gen):
        token = int(np.argmax(decoder.forward([token], cache)))
    return prefill, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bundle")
    parser.add_argument("-p", "--n-prompt", type=int, default=301)
    parser.add_argument("-n", "--n-gen", type=int, default=64)
    parser.add_argument("-r", "--repetitions", type=int, default=5)
    parser.add_argument("--variant", action="append", required=True)
    args = parser.parse_args()
    variants = [parse_variant(v) for v in args.variant]
    models = {label: load(args.bundle, options) for label, options in variants}
    vocab = models[variants[0][0]].bundle.tokenizer.get_vocab_size()
    prompt = [int(t) for t in np.random.default_rng(0).integers(10, min(vocab, 30000), args.n_prompt)]
    rows = {label: ([], []) for label, _ in variants}
    for rep in range(args.repetitions + 1):  # the first round warms up and is dropped
        for label, options in variants:
            chunk = int(options["chunk"]) if "chunk" in options else None
            prefill, decode = one_run(models[label], prompt, args.n_gen, chunk)
            if rep:
                rows[label][0].append(prefill)
                rows[label][1].append(decode)
    first = rows[variants[0][0]][1]
    print(f"| variant | prefill tok/s (pp{args.n_prompt}) | TTFT ms | decode tok/s (tg{args.n_gen}) | decode time vs "
          f"{variants[0][0]} | load s |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, options in variants:
        prefill, decode = (statistics.median(x) for x in rows[label])
        ratio = statistics.median(d / f for d, f in zip(rows[label][1], first))
        print(f"| {label} {','.join(f'{k}={v}' for k, v in options.items())} | {args.n_prompt / prefill:.0f} | "
              f"{prefill * 1000:.0f} | {args.n_gen / decode:.1f} | {ratio:.3f} | {models[label].load_s:.2f} |")


if __name__ == "__main__":
    main()
