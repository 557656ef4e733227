#!/usr/bin/env bash
# Writes the task's binary assets in the copy of repo/ (fixed bytes: two are identical).
set -euo pipefail
mkdir -p assets/img
python3 - <<'PY'
import random
r = random.Random(7)
logo = bytes(r.randrange(256) for _ in range(4096))
dark = bytes(r.randrange(256) for _ in range(4096))
open("assets/logo.png", "wb").write(logo)
open("assets/img/logo-old.png", "wb").write(logo)
open("assets/logo-dark.png", "wb").write(dark)
open("assets/img/banner.png", "wb").write(bytes(r.randrange(256) for _ in range(8192)))
PY
