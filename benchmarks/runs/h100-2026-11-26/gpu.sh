# Device run: onnxruntime-gpu from carried parts, then CUDA checks and benchmarks. Writes results under $OUT.
# DRY=1 runs the same steps on this CPU machine with tiny layer counts (no install, --ep cpu).
set -u
export PYTHONUNBUFFERED=1
OUT=${OUT:-/tmp/s9/out}; mkdir -p "$OUT"
EP=cuda; L4B=""; LSMOL=""; PY=python3; TE=terminus-edge; REPS=5; P=512; N=128
if [ "${DRY:-0}" = 1 ]; then EP=cpu; L4B=1; LSMOL=2; PY=.venv/bin/python; TE=.venv/bin/terminus-edge; REPS=1; P=32; N=8; W=/tmp/s9/dry
else
  W=/tmp/work
  WHEEL=/tmp/onnxruntime_gpu-1.31.1-cp312-cp312-manylinux_2_28_x86_64.whl
  if [ ! -d /tmp/site/onnxruntime ]; then
    cat /tmp/keep/part0* > $WHEEL && sha256sum $WHEEL
    $PY -m pip install -q --no-index --no-deps --no-compile --target /tmp/site $WHEEL .whl/*.whl || exit 3
  fi
  export PYTHONPATH=/tmp/site PATH=/tmp/site/bin:$PATH
  export LD_LIBRARY_PATH=$($PY -c "import glob,site; print(':'.join(sorted(glob.glob(site.getsitepackages()[0]+'/nvidia/**/lib', recursive=True))))")
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv | tee $OUT/gpu.txt
  lscpu | grep -E "Model name|^CPU\(s\)" | tee -a $OUT/gpu.txt
fi
mkdir -p $W
t() { echo "== $(date +%T) $*"; }
t providers; $PY -c "import onnxruntime as o; print(o.__version__, o.get_available_providers())" | tee -a $OUT/gpu.txt
t tiny; $PY .dev/gpu_check.py tiny $OUT/tiny.json
t make-hf; $PY .dev/gpu_check.py make-hf smollm2-135m $W/hf-smol $LSMOL && $PY .dev/gpu_check.py make-hf qwen3-4b $W/hf-4b $L4B
t export-4b-background
( $TE export $W/hf-4b --low-memory --target cuda --no-validate --tokenizer .dev/tok --out $W/b-4b-cuda > $OUT/export-4b.log 2>&1; echo "rc=$?" >> $OUT/export-4b.log ) &
EXPORT4B=$!
for target in cuda cpu; do
  t export-smol-$target; $TE export $W/hf-smol --low-memory --target $target --no-validate --tokenizer .dev/tok --out $W/b-smol-$target 2>&1 | tail -1
done
t compare-smol
$TE bench compare --hf $W/hf-smol --bundle terminus-edge=$W/b-smol-cuda --engines terminus-edge,transformers --ep $EP \
  -p $P -n $N -r $REPS --no-progress -o jsonl > $OUT/smol-compare.jsonl 2> $OUT/smol-compare.err; tail -2 $OUT/smol-compare.err
t latency-smol-cpu-target-on-$EP
$TE bench latency --bundle $W/b-smol-cpu --ep $EP -p $P -n $N -r $REPS --no-progress -o jsonl > $OUT/smol-cputarget.jsonl 2> $OUT/smol-cputarget.err
t wait-export-4b; wait $EXPORT4B; tail -3 $OUT/export-4b.log
t compare-4b
$TE bench compare --hf $W/hf-4b --bundle terminus-edge=$W/b-4b-cuda --engines terminus-edge,transformers --ep $EP \
  -p $P -n $N -r $REPS --no-progress -o jsonl > $OUT/4b-compare.jsonl 2> $OUT/4b-compare.err; tail -2 $OUT/4b-compare.err
t done
