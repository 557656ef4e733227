#!/usr/bin/env bash
# Builds the task's branches in the copy of repo/: two merged into main, two not.
set -euo pipefail
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
export GIT_AUTHOR_NAME="Sam Lee" GIT_AUTHOR_EMAIL=sam@example.com GIT_COMMITTER_NAME="Sam Lee" GIT_COMMITTER_EMAIL=sam@example.com
export GIT_AUTHOR_DATE="2024-02-04T09:00:00 +0000" GIT_COMMITTER_DATE="2024-02-04T09:00:00 +0000"
commit() {
  GIT_AUTHOR_NAME="Sam Lee" GIT_AUTHOR_EMAIL=sam@example.com GIT_COMMITTER_NAME="Sam Lee" \
    GIT_COMMITTER_EMAIL=sam@example.com GIT_AUTHOR_DATE="$1 +0000" GIT_COMMITTER_DATE="$1 +0000" git commit -q -m "$2"
}
git init -q -b main .
printf 'TIMEOUT = 30\n' > app.py
git add -A; commit 2024-02-01T09:00:00 "Initial notes app"
git checkout -q -b fix/login-timeout
printf 'TIMEOUT = 60\n' > app.py; git add -A; commit 2024-02-02T09:00:00 "Longer login timeout"
git checkout -q main; git merge -q --no-ff --no-edit fix/login-timeout
git checkout -q -b chore/bump-deps
printf 'click==8.1.7\n' > requirements.txt; git add -A; commit 2024-02-03T09:00:00 "Bump click"
git checkout -q main; git merge -q --ff-only chore/bump-deps
git checkout -q -b feature/export-csv
printf 'def export_csv(notes):\n    pass\n' > export.py; git add -A; commit 2024-02-05T09:00:00 "Export stub"
printf 'def export_csv(notes):\n    return "\\n".join(notes)\n' > export.py; git add -A; commit 2024-02-06T09:00:00 "Export notes as CSV"
git checkout -q main
git checkout -q -b feature/dark-mode
printf 'THEME = "dark"\n' > theme.py; git add -A; commit 2024-02-07T09:00:00 "Dark theme"
git checkout -q main
