#!/usr/bin/env bash
# Tracked files of known sizes (assets/hero.png 3 MiB, data/seed.sql 1.5 MiB, docs/manual.pdf 800 KiB) and a bigger
# untracked, ignored build/bundle.js (5 MiB) that is not in git.
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
mkdir -p assets data docs src build
head -c 3145728 /dev/zero > assets/hero.png
head -c 1572864 /dev/zero > data/seed.sql
head -c 819200 /dev/zero > docs/manual.pdf
head -c 20480 /dev/zero > assets/logo.svg
printf 'print("hi")\n' > src/app.py
printf 'build/\n' > .gitignore
git add -A
GIT_AUTHOR_DATE=2024-01-01T00:00:00Z GIT_COMMITTER_DATE=2024-01-01T00:00:00Z git commit -q -m "Add assets"
head -c 5242880 /dev/zero > build/bundle.js
