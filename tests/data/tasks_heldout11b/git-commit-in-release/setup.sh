#!/usr/bin/env bash
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
c() {  # c "Name" email date message
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
printf 'a\n' > app.txt; c "Ana Silva" ana@example.com 2024-05-01T10:00:00Z "Initial"
git branch release/1.x
printf 'b\n' >> app.txt; c "Bo Chen" bo@example.com 2024-05-03T10:00:00Z "Fix CSV export encoding"
git checkout -q release/1.x
printf 'r\n' > RELEASE; c "Ana Silva" ana@example.com 2024-05-04T10:00:00Z "Release 1.0.1"
git checkout -q main
