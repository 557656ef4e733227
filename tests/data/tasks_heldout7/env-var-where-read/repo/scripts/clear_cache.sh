#!/usr/bin/env bash
set -euo pipefail
dir="${REPORTER_CACHE_DIR:-/tmp/reporter-cache}"
echo "removing $dir"
rm -rf -- "$dir"
