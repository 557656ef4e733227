#!/usr/bin/env bash
# Builds a history by three authors with fixed dates: Mara Lind 4 commits, Jonas Berg 2, Ivo Petrov 1.
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
n=0
c() {
  n=$((n + 1)); echo "$3 $n" >> "notes-$1.txt"; git add -A
  GIT_AUTHOR_NAME="$2" GIT_AUTHOR_EMAIL="$1@example.com" GIT_COMMITTER_NAME="$2" GIT_COMMITTER_EMAIL="$1@example.com" \
    GIT_AUTHOR_DATE="2024-02-0${n}T10:00:00Z" GIT_COMMITTER_DATE="2024-02-0${n}T10:00:00Z" git commit -q -m "$3"
}
c mara "Mara Lind" "Add notes outline"
c jonas "Jonas Berg" "Fix typos"
c mara "Mara Lind" "Add chapter on sync"
c ivo "Ivo Petrov" "Add licence note"
c mara "Mara Lind" "Expand sync chapter"
c jonas "Jonas Berg" "Reword intro"
c mara "Mara Lind" "Add index"
