# Session 12 device run, in two calls on one warm machine (the onnxruntime-gpu parts exceed one call's 64 MiB):
#   bash benchmarks/runs/gpu-s12/gpu.sh stage1   carry .gpu12a: part 1 of onnxruntime-gpu 1.31.1's CUDA provider (its
#       non-sm_90 cubins zeroed by fatbin_prune.py, xz, split in two), the rest of the wheel but the Python module,
#       our wheel, platformdirs, a tokenizer; unpacks them and starts the
#       Qwen3-4B-shape checkpoint + int4 --target cuda export in the background (setsid: it outlives the call)
#   bash benchmarks/runs/gpu-s12/gpu.sh stage2   carry .gpu12b: part 2 of the CUDA provider, the Python module of
#       onnxruntime-gpu, the tiny bundles
#       and their torch fp32 reference; runs the checks and the benchmarks, writes $OUT
# DRY=1 runs both stages here on the CPU (no installs, 1-2 layers, --ep cpu) to check the script itself.
set -u
export PYTHONUNBUFFERED=1
STAGE=$1
OUT=${OUT:-/tmp/s12/out}; mkdir -p "$OUT"
K=/tmp/keep; W=/tmp/work; EP=cuda; L4B=""; LSMOL=""; REPS=5; P=512; N=128; PY=python3; PAIRS=36
if [ "${DRY:-0}" = 1 ]; then
  K=/tmp/s12/dry/keep; W=/tmp/s12/dry/work; EP=cpu; L4B=1; LSMOL=2; REPS=1; P=32; N=8; PY=$PWD/.venv/bin/python; PAIRS=2
  export PATH=$PWD/.venv/bin:$PATH
fi
mkdir -p $K $W
t() { echo "== $(date +%T) $*"; }
S=benchmarks/runs/gpu-s12

if [ "$STAGE" = stage1 ]; then
  if [ "${DRY:-0}" != 1 ]; then
    t unpack-1
    mkdir -p /tmp/ortgpu /tmp/site
    untar() { $PY -c "import sys,tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$@"; }  # no xz binary needed
    untar .gpu12a/ort_rest.tar.xz /tmp/ortgpu || exit 3
    cp .gpu12a/ort_cuda.so.xz.00 $K/ || exit 3  # its second part comes with stage 2
    $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .gpu12a/whl/*.whl || exit 3
    untar .gpu12a/tok.tar.xz $K || exit 3
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv | tee $K/gpu.txt
    lscpu | grep -E "Model name|^CPU\(s\)" | tee -a $K/gpu.txt
    export PYTHONPATH=/tmp/site PATH=/tmp/site/bin:$PATH
  else
    mkdir -p $K/tok && cp .gpu12/tok/* $K/tok/
  fi
  [ "${NO4B:-0}" = 1 ] && { t stage1-done-no-4b; exit 0; }
  t start-4b-background  # ROUND2=1: a block-128 bundle too, exported beside the block-32 one
  B128=""; [ "${ROUND2:-0}" = 1 ] && B128="& terminus-edge export $W/hf-4b --low-memory --block-size 128 --target cuda \
    --no-validate --tokenizer $K/tok --out $W/b-4b-128 > $K/export-4b-128.log 2>&1"
  setsid bash -c "$PY -P benchmarks/runs/h100-2026-11-26/gpu_check.py make-hf qwen3-4b $W/hf-4b $L4B && { terminus-edge export $W/hf-4b --low-memory \
    --target cuda --no-validate --tokenizer $K/tok --out $W/b-4b $B128; wait; }; echo rc=\$? >> $K/export-4b.done" \
    > $K/export-4b.log 2>&1 < /dev/null &
  sleep 2; cat $K/export-4b.log; t stage1-done
  exit 0
fi

# ---- stage 2 ---- (results under $R; $OUT gets one tarball of them after each step: at most 8 files come back)
R=$W/res; mkdir -p $R
snap() { tar -czf $OUT/s12.tgz -C $R . ; }
exec > >(tee $R/stage2.log) 2>&1
if [ "${DRY:-0}" != 1 ]; then
  t unpack-2
  unxz() { $PY -c "import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2],'wb'))" "$@"; }
  unxz .gpu12b/ort_pybind.so.xz /tmp/ortgpu/onnxruntime/capi/onnxruntime_pybind11_state.cpython-312-x86_64-linux-gnu.so || exit 3
  cat $K/ort_cuda.so.xz.00 .gpu12b/ort_cuda.so.xz.01 > $K/ort_cuda.so.xz || exit 3
  unxz $K/ort_cuda.so.xz /tmp/ortgpu/onnxruntime/capi/libonnxruntime_providers_cuda.so || exit 3
  sha256sum /tmp/ortgpu/onnxruntime/capi/*.so  # cuda b9e67d0f… (pruned), pybind cee303bd…
  export PYTHONPATH=/tmp/ortgpu:/tmp/site PATH=/tmp/site/bin:$PATH
  export LD_LIBRARY_PATH=$($PY -c "import glob,site; print(':'.join(sorted(glob.glob(site.getsitepackages()[0]+'/nvidia/**/lib', recursive=True))))")
  cp $K/gpu.txt $R/gpu.txt
fi
t providers; $PY -P -c "import onnxruntime as o; print(o.__version__, o.__file__, o.get_available_providers())" | tee -a $R/gpu.txt

bench() {  # bench NAME BUNDLE MODE
  t bench-$1-$3
  TERMINUS_EDGE_GPU_STEPS=$3 timeout 150 terminus-edge bench compare --bundle terminus-edge=$2 --engines terminus-edge --ep $EP \
    -p $P -n $N -r $REPS --no-progress -o jsonl > $R/bench-$1-$3.jsonl 2> $R/bench-$1-$3.err
  tail -c 400 $R/bench-$1-$3.err
  $PY -P -c "import json,sys
for l in open(sys.argv[1]):
    r=json.loads(l); print(sys.argv[2], r.get('test'), r.get('status'), round(r.get('tokens_per_s_mean') or 0,1), '+-', round(r.get('tokens_per_s_std') or 0,1), 'p50', r.get('token_ms_p50'), 'load', r.get('load_s'), 'gpuMB', r.get('gpu_mem_peak_mb'), (r.get('note') or '')[:200])" $R/bench-$1-$3.jsonl "$1 $3"
  snap
}
wait_4b() {
  t wait-export-4b
  for i in $(seq 1 120); do [ -f $K/export-4b.done ] && break; sleep 2; done
  tail -n 3 $K/export-4b*.log; cat $K/export-4b.done 2>/dev/null; cp $K/export-4b*.log $R/ 2>/dev/null
}

if [ "$STAGE" = stage2c ]; then  # round 3: the tiny49 bundle's CUDA logits against its own CPU logits, directly
  cp $K/tok/tokenizer.json .gpu12b/tiny49-b-cuda/
  C=${C_BUNDLES:-.gpu12b/tiny49-b-cuda}  # round 5: the tests' tiny qwen3 and llama (C_BUNDLES), both ways
  [ "${FREE:-0}" = 1 ] || [ -n "${C_BUNDLES:-}" ] && { t item1-free-running; timeout 90 $PY -P $S/tiny_ref.py free \
    $R/free.json $C 2>&1 | grep -v Warning; }
  [ "${FREE:-0}" = 1 ] || { t item1-cpu-vs-cuda; timeout 90 $PY -P $S/tiny_ref.py check cpu $R/cpu-vs-cuda.json $C 2>&1 \
    | grep -v Warning; }
  t done; snap; exit 0
fi
if [ "$STAGE" = stage2b ]; then  # round 2: item 1 at session 9's scale, the int4 kernel's bandwidth, block 32 vs 128
  cp $K/tok/tokenizer.json .gpu12b/tiny49-b-cuda/
  t item1-tiny49-vs-fp32; timeout 90 $PY -P $S/tiny_ref.py check .gpu12b/ref49.npy $R/tiny49-vs-fp32.json \
    .gpu12b/tiny49-b-cuda 2>&1 | grep -v Warning; snap
  t gemv-chain; timeout 150 $PY -P $S/gemv_chain.py $R/gemv-chain.json $PAIRS 2>&1 | grep -v Warning; snap
  wait_4b
  for mode in off graph; do bench 4b $W/b-4b $mode; bench 4b128 $W/b-4b-128 $mode; done
  t done; snap; exit 0
fi

t item1-tiny-logits-vs-fp32
$PY -P $S/gqa_variants.py .gpu12b/tiny-b-cuda $W > /dev/null
timeout 150 $PY -P $S/tiny_ref.py check .gpu12b/ref.npy $R/tiny-vs-fp32.json .gpu12b/tiny-b-cuda $W/tiny-b-cuda-noinfo \
  $W/tiny-b-cuda-noempty $W/tiny-b-cuda-both .gpu12b/tiny-s-cuda 2>&1 | grep -v Warning

t item2-tiny-steps; timeout 60 $PY -P $S/tiny_ref.py steps $R/tiny-steps.json .gpu12b/tiny-s-cuda 2>&1 | grep -v Warning

t item3-smol-export
$PY -P benchmarks/runs/h100-2026-11-26/gpu_check.py make-hf smollm2-135m $W/hf-smol $LSMOL
terminus-edge export $W/hf-smol --low-memory --target cuda --no-validate --tokenizer $K/tok --out $W/b-smol 2>&1 | tail -1
t item3-smol-logits-cpu-vs-cuda; timeout 90 $PY -P $S/tiny_ref.py check cpu $R/smol-cpu-vs-cuda.json $W/b-smol 2>&1 | grep -v Warning
t item2-smol-steps; timeout 60 $PY -P $S/tiny_ref.py steps $R/smol-steps.json $W/b-smol 2>&1 | grep -v Warning; snap

for mode in off bound graph; do bench smol $W/b-smol $mode; done

wait_4b
for mode in off graph bound; do bench 4b $W/b-4b $mode; done
t done; snap
