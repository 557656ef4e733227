#!/usr/bin/env bash
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
c() {  # c "Name" email date message
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
# Builds a history where line 4 of app/config.py (TIMEOUT = 45) comes from Ravi Menon's commit of 2024-06-03.
mkdir -p app
printf 'import os\n\nDEBUG = False\nTIMEOUT = 30\nRETRIES = 3\n' > app/config.py
c "Jo Park" jo@example.com 2024-05-20T10:00:00Z "Add config module"
printf 'import os\n\nDEBUG = False\nTIMEOUT = 30\nRETRIES = 5\n' > app/config.py
c "Jo Park" jo@example.com 2024-05-28T10:00:00Z "Retry five times"
printf 'import os\n\nDEBUG = False\nTIMEOUT = 45\nRETRIES = 5\n' > app/config.py
c "Ravi Menon" ravi@example.com 2024-06-03T15:20:00Z "Raise timeout for slow partner API"
printf 'import os\n\nDEBUG = os.environ.get("DEBUG") == "1"\nTIMEOUT = 45\nRETRIES = 5\n' > app/config.py
c "Jo Park" jo@example.com 2024-06-10T09:00:00Z "Read DEBUG from the environment"
