#!/usr/bin/env bash
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
c() {  # c "Name" email date message
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
mkdir -p src
printf 'PORT = 8080\nDEBUG = False\n' > src/settings.py
printf 'def handler():\n    return "ok"\n' > src/app.py
c "Lee Park" lee@example.com 2024-07-01T10:00:00Z "Initial app"
printf 'PORT = 9090\nDEBUG = True\n' > src/settings.py
GIT_COMMITTER_DATE=2024-07-02T10:00:00Z git stash push -q -m "try port 9090 with debug"
printf 'def handler():\n    return "ok"\n\n\ndef health():\n    return "healthy"\n' > src/app.py
printf 'def test_health():\n    pass\n' > src/test_app.py
git add src/test_app.py
GIT_COMMITTER_DATE=2024-07-03T10:00:00Z git stash push -q -m "WIP health endpoint"
