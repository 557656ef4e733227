#!/usr/bin/env bash
set -euo pipefail

keep=${1:-5}
ls -1t backup-*.tgz | tail -n +$((keep + 1)) | while read -r old; do
  rm -f -- "$old"
done
