#!/usr/bin/env bash
# Uploads the release tarball and restarts the service.
set -euo pipefail

: "${DEPLOY_HOST:?set DEPLOY_HOST to the target server}"
: "${DEPLOY_USER:?set DEPLOY_USER}"
port="${SSH_PORT:-22}"
tarball="${RELEASE_TARBALL:-dist/app.tar.gz}"

if [ -z "${API_TOKEN:-}" ]; then
  echo "API_TOKEN is not set" >&2
  exit 1
fi

echo "deploying $tarball to $DEPLOY_USER@$DEPLOY_HOST:$port"
scp -P "$port" "$tarball" "$DEPLOY_USER@$DEPLOY_HOST:/srv/app/"
curl -fsS -H "Authorization: Bearer $API_TOKEN" "https://$DEPLOY_HOST/api/restart"
