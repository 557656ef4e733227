import sys, time, statistics, numpy as np
sys.path.insert(0, "/work/main")
from benchmarks.matmulq4_kernel import _graph, _weights, _session, copies_for
K, N, lib, threads = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
copies = copies_for(K, N, 1) * 2
packed, scales = _weights(K, N, 32, np.float16)
if lib == "numpy":
    from terminus_edge.benchmarks.roofline import BandwidthProbe
    with BandwidthProbe(threads, 512) as p:
        print(f"numpy thr={threads} read {statistics.median([p.measure(1).read_gbs for _ in range(7)]):.1f} GB/s")
    sys.exit()
if lib == "nbits":
    data = _graph("MatMulNBits", "com.microsoft", K, N, 32, packed, scales.astype(np.float32), copies); lib = None; wb = 6
else:
    data = _graph("MatMulNBits", "terminus.edge", K, N, 32, packed, scales, copies); wb = 4.5
a = np.random.default_rng(2).standard_normal((1, K)).astype(np.float32)
s = _session(data, threads, lib)
s.run(None, {"A": a})
ts = []
for rep in range(9):
    t = time.perf_counter(); s.run(None, {"A": a}); ts.append(time.perf_counter() - t)
print(f"{(lib or 'nbits/x').split('/')[-2]:10} thr={threads} {N*K*wb/8*copies/statistics.median(ts)/1e9:.1f} GB/s  ({statistics.median(ts)/copies*1e3:.3f} ms/op)", flush=True)
