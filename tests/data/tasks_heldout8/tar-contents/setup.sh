#!/usr/bin/env bash
# Builds backup/site-2024-05.tar.gz in the task's copy (fixed names, owners and dates).
set -euo pipefail
mkdir -p backup
tmp=$(mktemp -d)
mkdir -p "$tmp/site/config" "$tmp/site/public/img" "$tmp/site/app"
printf 'port: 8080\n' > "$tmp/site/config/settings.yaml"
printf 'server { listen 80; }\n' > "$tmp/site/config/nginx.conf"
printf '<h1>Shop</h1>\n' > "$tmp/site/public/index.html"
printf 'body { margin: 0 }\n' > "$tmp/site/public/style.css"
printf 'PNG' > "$tmp/site/public/img/logo.png"
printf 'print("app")\n' > "$tmp/site/app/main.py"
printf 'print("jobs")\n' > "$tmp/site/app/jobs.py"
tar -C "$tmp" --sort=name --owner=0 --group=0 --mtime='2024-05-31 23:00Z' -czf backup/site-2024-05.tar.gz site
rm -rf "$tmp"
