#!/usr/bin/env bash
# Deploys the static site to the given environment.
set -euo pipefail

env="${1:-staging}"
target="/srv/www/$env"

if [[ "$env" != "staging" && "$env" != "production" ]]; then
  echo "unknown environment: $env" >&2
  exit 2
fi

for f in dist/*.html; do
  if [ ! -s "$f" ]; then
    echo "empty page: $f" >&2
    exit 1
done

rsync -a --delete dist/ "$target/"
echo "deployed to $target"
