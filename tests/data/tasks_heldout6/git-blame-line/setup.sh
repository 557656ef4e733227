#!/usr/bin/env bash
# Builds the task's git history in the copy of repo/ (a .git folder cannot be stored inside this repository).
# Fixed names and dates: the same history, and the same commit ids, on every run.
set -euo pipefail
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
commit() {  # commit "Name" email date message
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3 +0000" GIT_COMMITTER_DATE="$3 +0000" git commit -q -m "$4"
}
git init -q -b main .
printf 'BASE_URL = "https://api.example.com"\nREQUEST_TIMEOUT = 30  # seconds\nRETRIES = 3\n' > config.py
printf '# fetcher\n\nDownloads reports from the API.\n' > README.md
git add -A; commit "Tom Becker" tom@example.com 2024-01-10T09:00:00 "Initial fetcher"
sed -i 's/^RETRIES = 3/RETRIES = 5/' config.py
git add -A; commit "Lena Vogt" lena@example.com 2024-03-02T11:30:00 "Retry more often"
sed -i 's/^REQUEST_TIMEOUT = 30/REQUEST_TIMEOUT = 5/' config.py
git add -A; commit "Priya Natarajan" priya@example.com 2024-05-14T16:05:00 "Fail fast when the API hangs"
sed -i 's#^BASE_URL = .*#BASE_URL = "https://api.example.com/v2"#' config.py
git add -A; commit "Lena Vogt" lena@example.com 2024-06-01T08:45:00 "Move to API v2"
