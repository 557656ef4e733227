#!/usr/bin/env bash
set -euo pipefail
mkdir -p dist
for page in pages/*.md; do
  name=$(basename "$page" .md)
  sed 's/^# \(.*\)/<h1>\1<\/h1>/' "$page" > "dist/$name.html"
done
