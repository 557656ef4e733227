#!/usr/bin/env bash
# Writes the release files and their SHA256SUMS in the task's copy, then replaces one file after the sums were taken.
set -euo pipefail
mkdir -p dist && cd dist
python3 - <<'PY'
import random
rng = random.Random(17)
for name, size in {"tally-3.2.0.tar.gz": 40000, "tally-3.2.0-py3-none-any.whl": 25000, "tally-3.2.0.zip": 41000}.items():
    open(name, "wb").write(rng.randbytes(size))
PY
sha256sum tally-3.2.0.tar.gz tally-3.2.0-py3-none-any.whl tally-3.2.0.zip > SHA256SUMS
python3 -c 'import random; open("tally-3.2.0-py3-none-any.whl", "wb").write(random.Random(99).randbytes(25000))'
