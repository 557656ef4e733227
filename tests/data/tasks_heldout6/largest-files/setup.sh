#!/usr/bin/env bash
# Writes the task's large files in the copy of repo/ (they are too big to store in this repository).
set -euo pipefail
mkdir -p data/cache logs assets build
head -c 3145728 /dev/zero > data/cache/tiles-z12.bin      # 3.0 MiB
head -c 1048576 /dev/zero > data/cache/tiles-z10.bin      # 1.0 MiB
head -c 1572864 /dev/zero > logs/render-debug.log         # 1.5 MiB
head -c 819200 /dev/zero > assets/intro.mp4               # 800 KiB
head -c 204800 /dev/zero > build/mapview.whl              # 200 KiB
head -c 40960 /dev/zero > assets/logo.png                 # 40 KiB
