#!/usr/bin/env bash
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
c() {  # c "Name" email date message
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
t() { GIT_COMMITTER_DATE="$2" git tag -a "$1" -m "Release $1"; }
printf '0.9\n' > VERSION; c "Ana Silva" ana@example.com 2024-01-10T10:00:00Z "Prepare 0.9"; t v0.9.0 2024-01-10T10:00:00Z
printf '1.0\n' > VERSION; c "Ana Silva" ana@example.com 2024-02-10T10:00:00Z "Prepare 1.0"; t v1.0.0 2024-02-10T10:00:00Z
printf 'a\n' > lib.txt; c "Bo Chen" bo@example.com 2024-02-20T10:00:00Z "Add lib"
printf '1.1\n' > VERSION; c "Ana Silva" ana@example.com 2024-03-05T10:00:00Z "Prepare 1.1"; t v1.1.0 2024-03-05T10:00:00Z
git tag nightly-20240306
printf 'b\n' >> lib.txt; c "Bo Chen" bo@example.com 2024-03-12T10:00:00Z "Faster parser"
printf 'c\n' >> lib.txt; c "Cy Diaz" cy@example.com 2024-03-19T10:00:00Z "Fix crash on empty input"
printf 'd\n' >> lib.txt; c "Bo Chen" bo@example.com 2024-03-26T10:00:00Z "Add --json flag"
git checkout -q -b old-maint v0.9.0
printf '0.9.1\n' > VERSION; c "Ana Silva" ana@example.com 2024-04-01T10:00:00Z "Prepare 0.9.1"; t v0.9.1 2024-04-01T10:00:00Z
git checkout -q main
