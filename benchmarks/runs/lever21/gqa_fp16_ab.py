import sys, numpy as np, gqa_one
threads = int(sys.argv[1])
for rnd in range(3):
    for past in (128, 512, 1024, 2048):
        r32, o32 = gqa_one.bench(np.float32, threads, past, reps=60)
        r16, o16 = gqa_one.bench(np.float16, threads, past, reps=60)
        print(f"round {rnd} threads {threads} past {past}: fp32 {r32:.0f} us, fp16 {r16:.0f} us ({r16/r32:.2f}x), max|diff| {np.abs(o16.astype(np.float32)-o32).max():.3g}", flush=True)
