#!/usr/bin/env bash
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
c() {  # c "Name" email date message
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
# Seven commits from 2024-03-01 to 2024-03-20; three of them fall in the week of 2024-03-11..2024-03-17.
n=0
for spec in "2024-03-01T10:00:00Z|Set up project" "2024-03-08T17:00:00Z|Add importer" "2024-03-11T09:30:00Z|Import CSV headers"             "2024-03-13T12:00:00Z|Handle quoted fields" "2024-03-17T20:15:00Z|Fix BOM handling" "2024-03-18T08:00:00Z|Add export"             "2024-03-20T10:00:00Z|Release 0.2"; do
  n=$((n + 1)); echo "step $n" >> CHANGES.txt
  c "Mia Roth" mia@example.com "${spec%%|*}" "${spec#*|}"
done
