#!/usr/bin/env bash
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
c() {  # c "Name" email date message
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
mkdir -p pkg
printf 'def today():\n    return 0\n' > pkg/dates.py
c "Ines Duarte" ines@example.com 2023-09-04T10:00:00Z "Start the dates package"
printf 'def today():\n    return 0\n\n\ndef parse_date(text):\n    y, m, d = text.split("-")\n    return int(y), int(m), int(d)\n' > pkg/dates.py
c "Omar Farouk" omar@example.com 2023-09-19T13:20:00Z "Parse ISO dates"
printf 'from pkg.dates import parse_date\n\nprint(parse_date("2024-01-02"))\n' > main.py
c "Ines Duarte" ines@example.com 2023-10-02T09:00:00Z "Use parse_date in main"
