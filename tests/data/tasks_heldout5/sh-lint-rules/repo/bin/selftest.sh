#!/usr/bin/env bash
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo hi > "$tmp/f"
bash "$(dirname "$0")/backup.sh" "$tmp/f" "$tmp" >/dev/null
echo "selftest ok"
