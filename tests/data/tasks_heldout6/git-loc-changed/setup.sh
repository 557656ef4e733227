#!/usr/bin/env bash
# Builds the task's git history in the copy of repo/ (a .git folder cannot be stored inside this repository).
# Fixed names and dates: the same history, and the same commit ids, on every run.
set -euo pipefail
export GIT_AUTHOR_NAME="Kim Park" GIT_AUTHOR_EMAIL="kim@example.com" GIT_COMMITTER_NAME="Kim Park" \
       GIT_COMMITTER_EMAIL="kim@example.com" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
at() { export GIT_AUTHOR_DATE="$1 +0000" GIT_COMMITTER_DATE="$1 +0000"; }
lines() { for i in $(seq "$2" "$3"); do echo "$1 line $i"; done; }
git init -q -b main .
lines core 1 40 > core.py; lines util 1 30 > util.py; printf '# notes\n\nA note keeper.\n' > README.md
at "2024-07-01T10:00:00"; git add -A; git commit -q -m "Initial notes app"
lines core 41 60 >> core.py
at "2024-07-03T10:00:00"; git commit -q -am "Add tagging"
lines cli 1 12 > cli.py
at "2024-07-05T10:00:00"; git add -A; git commit -q -m "Add a command line"
sed -i '1,8d' util.py; lines util 100 104 >> util.py
at "2024-07-08T10:00:00"; git commit -q -am "Simplify util"
sed -i '/core line 5$/d; /core line 6$/d' core.py; printf 'Usage: python3 cli.py\n' >> README.md
at "2024-07-09T10:00:00"; git commit -q -am "Drop dead code, document usage"
