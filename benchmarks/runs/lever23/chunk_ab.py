"""Lever 23: prefill time and peak RSS vs prefill chunk size, each (chunk, prompt) in a fresh process, interleaved.

python benchmarks/runs/lever23/chunk_ab.py BUNDLE --prompts 512,2048 --chunks 0,256,512,1024 --rounds 3 --threads 2
(chunk 0 = the whole prompt in one pass). Prints one JSON line per run and a median table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

CHILD = r"""
import json, sys, time
from terminus_edge.runtime.chat_model import OnnxChatModel
from terminus_edge.runtime.prefill import forward_prompt
from terminus_edge.benchmarks.latency_child import peak_rss_mb
bundle, n, chunk, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
model = OnnxChatModel.load(bundle, threads=threads)
model.huge_pages.wait()
decoder = model.generator.decoder
loaded = peak_rss_mb()
ids = [(i * 7919) % 20000 + 100 for i in range(n)]
cache = decoder.new_cache(n + 64)
t = time.perf_counter()
forward_prompt(decoder, ids, cache, chunk=chunk or n)
prefill = time.perf_counter() - t
print(json.dumps({"prompt": n, "chunk": chunk, "prefill_s": prefill, "tok_s": n / prefill,
                  "rss_loaded_mb": loaded, "rss_peak_mb": peak_rss_mb()}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("bundle")
    ap.add_argument("--prompts", default="512,2048")
    ap.add_argument("--chunks", default="0,256,512,1024")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    rows = []
    for r in range(args.rounds):
        for n in map(int, args.prompts.split(",")):
            for chunk in map(int, args.chunks.split(",")):
                out = subprocess.run([sys.executable, "-P", "-c", CHILD, args.bundle, str(n), str(chunk), str(args.threads)],
                                     capture_output=True, text=True, check=True).stdout
                row = json.loads(out.strip().splitlines()[-1])
                row.update(round=r, load1=os.getloadavg()[0], t=time.strftime("%H:%M:%S"))
                print(json.dumps(row), flush=True)
                rows.append(row)
    print("| prompt | chunk | prefill tok/s (median) | peak RSS MiB | RSS after load MiB |")
    print("|---:|---:|---:|---:|---:|")
    keys = sorted({(r["prompt"], r["chunk"]) for r in rows})
    for n, chunk in keys:
        sel = [r for r in rows if (r["prompt"], r["chunk"]) == (n, chunk)]
        print(f"| {n} | {chunk or 'whole'} | {statistics.median(r['tok_s'] for r in sel):.1f} | "
              f"{statistics.median(r['rss_peak_mb'] for r in sel):.0f} | {statistics.median(r['rss_loaded_mb'] for r in sel):.0f} |")


if __name__ == "__main__":
    main()
