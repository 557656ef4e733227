#!/usr/bin/env bash
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
c() {  # c "Name" email date message
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
# Two commits on 2024-07-02, one the day before and one the day after.
for spec in "2024-07-01T18:00:00Z|Add ledger model" "2024-07-02T09:15:00Z|Validate negative amounts"             "2024-07-02T16:40:00Z|Round totals to cents" "2024-07-03T08:00:00Z|Add CSV export"; do
  echo "${spec#*|}" >> CHANGES.txt
  c "Kai Lund" kai@example.com "${spec%%|*}" "${spec#*|}"
done
