#!/usr/bin/env bash
# Fills the copy with files of known sizes (incompressible, so any file system reports about the same): a hidden
# .cache/ of 18 MiB, exports/ of 6 MiB, assets/ of 2 MiB.
set -euo pipefail
mkdir -p .cache/http .cache/thumbs exports assets
head -c $((12 * 1024 * 1024)) /dev/urandom > .cache/http/responses.db
head -c $((6 * 1024 * 1024)) /dev/urandom > .cache/thumbs/thumbs.bin
head -c $((6 * 1024 * 1024)) /dev/urandom > exports/2024-05.csv.gz
head -c $((2 * 1024 * 1024)) /dev/urandom > assets/logo-source.psd
