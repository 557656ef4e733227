#!/usr/bin/env bash
# Builds the task's git history in the copy of repo/ (a .git folder cannot be stored inside this repository),
# then leaves a staged change, an unstaged change and an untracked file.
set -euo pipefail
export GIT_AUTHOR_NAME="Sam Roe" GIT_AUTHOR_EMAIL="sam@example.com" GIT_COMMITTER_NAME="Sam Roe" \
       GIT_COMMITTER_EMAIL="sam@example.com" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null \
       GIT_AUTHOR_DATE="2024-05-01T12:00:00 +0000" GIT_COMMITTER_DATE="2024-05-01T12:00:00 +0000"
git init -q -b main .
printf 'TIMEOUT = 30\nRETRIES = 3\n' > config.py
printf 'def fetch(url, timeout):\n    return url, timeout\n' > client.py
printf '# fetcher\n\nFetches things.\n' > README.md
printf '__pycache__/\n*.log\n' > .gitignore
git add -A; git commit -q -m "First version of the fetcher"
printf 'TIMEOUT = 10\nRETRIES = 3\n' > config.py          # changed, not staged
printf '# fetcher\n\nFetches things, with retries.\n' > README.md; git add README.md   # staged
printf 'ideas: backoff, jitter\n' > TODO.txt             # untracked
printf 'debug run\n' > run.log                           # ignored
