#!/usr/bin/env bash
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
c() {  # c "Name" email date message
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
# A fix on main, cherry-picked-free: release/2.3 was cut before it, release/2.4 after it, and hotfix branch off main later.
printf 'def total(xs):\n    return round(sum(xs))\n' > totals.py
c "Ana Silva" ana@example.com 2024-02-01T10:00:00Z "Add totals"
git branch release/2.3
printf 'def total(xs):\n    return round(sum(xs), 2)\n' > totals.py
c "Bo Chen" bo@example.com 2024-02-08T12:00:00Z "Fix rounding in totals"
printf 'x\n' > CHANGES
c "Ana Silva" ana@example.com 2024-02-10T09:00:00Z "Changelog for 2.4"
git branch release/2.4
git checkout -q -b feature/csv-export release/2.3
printf 'def export():\n    pass\n' > export.py
c "Cy Diaz" cy@example.com 2024-02-12T15:00:00Z "Start CSV export"
git checkout -q main
printf 'y\n' >> CHANGES
c "Ana Silva" ana@example.com 2024-02-15T09:00:00Z "More changelog"
git checkout -q -b hotfix/login main
git checkout -q main
