#!/usr/bin/env bash
# Builds, in the task's copy, a clone of a local bare "origin" (kept in .origin.git inside the copy): origin/main has
# one commit the clone has not merged, and the clone's main has two commits it has not pushed. Origin is fetched.
set -euo pipefail
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
commit() {  # commit "Name" date message
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL=dev@example.com GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL=dev@example.com \
    GIT_AUTHOR_DATE="$2 +0000" GIT_COMMITTER_DATE="$2 +0000" git commit -q -m "$3"
}
here=$PWD
git init -q -b main .
printf 'def sync(notes):\n    return list(notes)\n' > sync.py
git add -A; commit "Rui Costa" 2024-04-01T09:00:00 "Initial sync module"
git init -q --bare -b main .origin.git
git remote add origin "$here/.origin.git"
git push -q origin main
git branch -q --set-upstream-to=origin/main main
# a teammate pushes one commit
tmp=$(mktemp -d)
git clone -q "$here/.origin.git" "$tmp/other"
( cd "$tmp/other"
  printf 'RETRIES = 3\n' > settings.py
  git add -A; commit "Lena Vogt" 2024-04-03T14:00:00 "Add retry settings"
  git push -q origin main )
rm -rf "$tmp"
# local work, not pushed
printf 'def sync(notes):\n    return sorted(notes)\n' > sync.py
git add -A; commit "Rui Costa" 2024-04-04T10:00:00 "Sort notes before syncing"
printf 'def test_sync():\n    assert True\n' > test_sync.py
git add -A; commit "Rui Costa" 2024-04-04T11:30:00 "Add a sync test"
git fetch -q origin
printf '.origin.git/\n' >> .git/info/exclude
