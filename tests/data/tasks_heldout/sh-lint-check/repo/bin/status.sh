#!/bin/bash
# Print the size of the newest backup.
set -euo pipefail

root=${BACKUP_ROOT:-/srv/backups}
latest=$(find "$root" -mindepth 1 -maxdepth 1 -type d | sort | tail -n 1)
if [[ -z "$latest" ]]; then
    echo "no backups yet"
    exit 0
fi
du -sh -- "$latest"
