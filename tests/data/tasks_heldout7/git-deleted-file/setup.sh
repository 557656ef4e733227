#!/usr/bin/env bash
# Builds the task's git history in the copy of repo/: config/legacy.ini is added, edited, then deleted.
set -euo pipefail
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
commit() {  # commit "Name" email date message
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3 +0000" GIT_COMMITTER_DATE="$3 +0000" git commit -q -m "$4"
}
git init -q -b main .
mkdir -p config
printf '[db]\nhost = db1\n' > config/legacy.ini
printf 'DB_HOST = "db1"\n' > settings.py
git add -A; commit "Marta Kowalski" marta@example.com 2023-09-12T10:00:00 "Initial billing service"
printf '[db]\nhost = db2\n' > config/legacy.ini
git add -A; commit "Jon Park" jon@example.com 2023-11-03T14:20:00 "Point legacy config at db2"
printf 'DB_HOST = "db2"\nTIMEOUT = 10\n' > settings.py
git add -A; commit "Jon Park" jon@example.com 2024-01-08T09:10:00 "Add a timeout setting"
git rm -q config/legacy.ini
printf 'DB_HOST = "db2"\nTIMEOUT = 10\nLEGACY = False\n' > settings.py
git add -A; commit "Marta Kowalski" marta@example.com 2024-02-19T16:45:00 "Drop the legacy INI config"
printf 'DB_HOST = "db3"\nTIMEOUT = 10\nLEGACY = False\n' > settings.py
git add -A; commit "Jon Park" jon@example.com 2024-03-01T11:00:00 "Move to db3"
