#!/usr/bin/env bash
# Commits the project in the task's copy (its .gitignore is kept as gitignore.txt here), then adds an untracked
# config/local.yaml that the ignore rules hide.
set -euo pipefail
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
mv gitignore.txt .gitignore
git init -q -b main .
git add -A
GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.com GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.com \
  git commit -q -m "Initial commit"
printf 'port: 9090\nlog_level: debug\n' > config/local.yaml
