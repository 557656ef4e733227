"""A/B of the prepacked-weights cache (runtime/prepacked_cache.py): load time, memory, speed, same outputs.

    python -m terminus_edge.benchmarks.prepacked_ab procs BUNDLE [-r 3] [-p 128] [-n 32]
        one fresh process per load, modes alternating (off, cache, off, cache, ...): load time, peak RSS
        (VmHWM), anonymous / file-backed RSS after loading and after the run, prefill and decode speed;
        then checks that both modes made the same greedy tokens and logits.
    python -m terminus_edge.benchmarks.prepacked_ab inproc BUNDLE [-r 5] [-p 128] [-n 32] [--cache-first]
        both sessions in one process, run interleaved (first round dropped): prefill / decode speed only.

The bundle must be warmed first (`terminus-edge bundle warm BUNDLE`, same TERMINUS_EDGE_HOME). Linux only
(/proc). Random prompt ids, greedy, eos ignored, CPU EP, --threads (default 2).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

MODES = ("off", "auto")  # auto = the cache, once warmed


def memory() -> dict[str, int]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "RssAnon", "RssFile"):
            fields[key] = int(value.split()[0]) // 1024  # MB
    return fields


def load(bundle: str, mode: str, threads: int):
    from terminus_edge.runtime.chat_model import OnnxChatModel

    return OnnxChatModel.load(bundle, ep="cpu", threads=threads, prepacked_cache=mode)


def run(model, prompt: list[int], new_tokens: int) -> tuple[float, list[float], list[int], np.ndarray]:
    """Prefill seconds, decode step seconds, greedy tokens, every step's logits."""
    decoder = model.generator.decoder
    cache = decoder.new_cache(len(prompt) + new_tokens + 8) if decoder.kv_layout == "shared" else decoder.new_cache()
    start = time.perf_counter()
    logits = decoder.forward(prompt, cache)
    prefill = time.perf_counter() - start
    steps, tokens, all_logits = [], [], [logits]
    for _ in range(new_tokens):
        tokens.append(int(np.argmax(logits)))
        start = time.perf_counter()
        logits = decoder.forward([tokens[-1]], cache)
        steps.append(time.perf_counter() - start)
        all_logits.append(logits)
    return prefill, steps, tokens, np.stack(all_logits)


def prompt_ids(n: int) -> list[int]:
    return np.random.default_rng(0).integers(100, 40000, n).tolist()


def one_process(args) -> None:
    model = load(args.bundle, args.mode, args.threads)
    after_load = memory()
    prefill, steps, tokens, logits = run(model, prompt_ids(args.prompt), args.new)
    np.savez(args.out, tokens=np.array(tokens), logits=logits)
    print(json.dumps({"mode": args.mode, "weights_from": model.weights_from, "load_s": round(model.load_s, 3),
                      "after_load_mb": after_load, "end_mb": memory(), "prefill_tok_s": round(args.prompt / prefill, 1),
                      "decode_ms_p50": round(1000 * float(np.median(steps)), 2)}))


def procs(args) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            for mode in MODES:
                command = [sys.executable, "-P", "-m", "terminus_edge.benchmarks.prepacked_ab", "_one", args.bundle, mode,
                           f"{tmp}/{mode}.npz", str(args.prompt), str(args.new), str(args.threads)]
                rows.append(json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout))
                print(json.dumps(rows[-1]), flush=True)
        a, b = (np.load(f"{tmp}/{mode}.npz") for mode in MODES)
        print(f"greedy tokens identical: {bool((a['tokens'] == b['tokens']).all())}; "
              f"max |logit diff|: {float(np.abs(a['logits'] - b['logits']).max())}")
    for mode in MODES:
        mine = [r for r in rows if r["mode"] == mode]
        print(f"{mode}: weights from {mine[0]['weights_from']}; load s median {np.median([r['load_s'] for r in mine]):.2f}; "
              f"peak {max(r['end_mb']['VmHWM'] for r in mine)} MB; end anon/file {mine[-1]['end_mb']['RssAnon']}/"
              f"{mine[-1]['end_mb']['RssFile']} MB; prefill tok/s median {np.median([r['prefill_tok_s'] for r in mine]):.1f}; "
              f"decode ms p50 median {np.median([r['decode_ms_p50'] for r in mine]):.2f}")


def inproc(args) -> None:
    order = MODES[::-1] if args.cache_first else MODES
    models = {mode: load(args.bundle, mode, args.threads) for mode in order}
    prompt = prompt_ids(args.prompt)
    stats = {mode: ([], []) for mode in order}
    for round_ in range(args.rounds):
        for mode, model in models.items():
            prefill, steps, _, _ = run(model, prompt, args.new)
            if round_:
                stats[mode][0].append(args.prompt / prefill)
                stats[mode][1].extend(steps)
    for mode, (prefills, steps) in stats.items():
        print(f"{mode} (weights from {models[mode].weights_from}): prefill tok/s median {np.median(prefills):.1f} "
              f"(all {', '.join(f'{p:.0f}' for p in prefills)}); decode ms p50 {1000 * np.median(steps):.2f}, "
              f"p90 {1000 * np.percentile(steps, 90):.2f}")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_one"]:
        bundle, mode, out, prompt, new, threads = argv[1:7]
        one_process(argparse.Namespace(bundle=bundle, mode=mode, out=out, prompt=int(prompt), new=int(new), threads=int(threads)))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("how", choices=("procs", "inproc"))
    parser.add_argument("bundle")
    parser.add_argument("-r", "--rounds", type=int, default=3)
    parser.add_argument("-p", "--prompt", type=int, default=128)
    parser.add_argument("-n", "--new", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cache-first", action="store_true")
    args = parser.parse_args(argv)
    (procs if args.how == "procs" else inproc)(args)


if __name__ == "__main__":
    main()
