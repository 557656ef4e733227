#!/bin/sh
# Copy the data directory to a dated backup folder.
set -eu

SRC=${1:-/var/lib/app/data}
DEST_ROOT=${BACKUP_ROOT:-/srv/backups}
stamp=$(date +%Y%m%d)

mkdir -p "$DEST_ROOT/$stamp"
cd $DEST_ROOT/$stamp
cp -a "$SRC"/. .
echo "backup written to $DEST_ROOT/$stamp"
