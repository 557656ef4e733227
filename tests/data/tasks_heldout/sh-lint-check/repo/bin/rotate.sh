#!/bin/bash
# Keep only the newest N backups.
set -euo pipefail

root=${BACKUP_ROOT:-/srv/backups}
keep=${1:-7}

count=0
for dir in $(ls -1d "$root"/*/ | sort -r); do
    count=$((count + 1))
    if [ $count -gt "$keep" ]; then
        echo "removing $dir"
        rm -rf "$dir"
    fi
done
