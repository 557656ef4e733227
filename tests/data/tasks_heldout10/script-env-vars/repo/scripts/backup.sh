#!/usr/bin/env bash
# Nightly database backup to object storage.
set -euo pipefail

: "${BACKUP_BUCKET:?set BACKUP_BUCKET to the target bucket}"
retention_days="${BACKUP_RETENTION_DAYS:-14}"
db_url="$DATABASE_URL"
stamp=$(date +%Y%m%d)
out="/tmp/backup-$stamp.sql.gz"

log() { echo "[backup] $*" >&2; }

if [ -n "${BACKUP_DRY_RUN:-}" ]; then
  log "dry run: would dump to $out and keep $retention_days days"
  exit 0
fi

pg_dump "$db_url" | gzip > "$out"
aws s3 cp "$out" "s3://$BACKUP_BUCKET/db/" --profile "${AWS_PROFILE:-default}"
log "uploaded $out; home is $HOME"
