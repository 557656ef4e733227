import sys, time, statistics, numpy as np
sys.path.insert(0, "/work/main")
from benchmarks.matmulq4_kernel import _graph, _weights, _session
lib, threads, M = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
out = []
for K, N in ((2560, 4096), (2560, 9728), (9728, 2560)):
    packed, scales = _weights(K, N, 32, np.float16)
    s = _session(_graph("MatMulNBits", "terminus.edge", K, N, 32, packed, scales, 1), threads, lib)
    a = np.random.default_rng(2).standard_normal((M, K)).astype(np.float32)
    s.run(None, {"A": a}); ts = []
    for _ in range(7):
        t = time.perf_counter(); s.run(None, {"A": a}); ts.append(time.perf_counter() - t)
    out.append(f"{K}x{N} {2*M*N*K/statistics.median(ts)/1e9:6.1f} GOPS")
print(f"{lib.split('/')[-2]:8} thr={threads} M={M}: " + " | ".join(out), flush=True)
