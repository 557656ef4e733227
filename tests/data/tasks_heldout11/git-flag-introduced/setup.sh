#!/usr/bin/env bash
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
c() {  # c "Name" email date message
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
# A feature flag added by one commit, mentioned in a later commit's message only, its value changed later.
mkdir -p app
printf 'FLAGS = {\n    "dark_mode": False,\n}\n' > app/flags.py
c "Noor Haddad" noor@example.com 2024-05-02T10:00:00Z "Add feature flags module"
printf 'def checkout(cart):\n    return sum(cart)\n' > app/checkout.py
c "Piet Jansen" piet@example.com 2024-05-06T09:15:00Z "Add checkout"
printf 'FLAGS = {\n    "dark_mode": False,\n    "ENABLE_SPLIT_PAYMENTS": False,\n}\n' > app/flags.py
printf 'from app.flags import FLAGS\n\n\ndef checkout(cart):\n    if FLAGS["ENABLE_SPLIT_PAYMENTS"]:\n        return [sum(cart) / 2] * 2\n    return sum(cart)\n' > app/checkout.py
c "Mei Lin" mei@example.com 2024-05-13T16:40:00Z "Split payments behind a flag"
printf '# checkout\n\nSee app/flags.py.\n' > README.md
c "Piet Jansen" piet@example.com 2024-05-20T11:05:00Z "Document ENABLE_SPLIT_PAYMENTS rollout plan"
printf 'FLAGS = {\n    "dark_mode": False,\n    "ENABLE_SPLIT_PAYMENTS": True,\n}\n' > app/flags.py
c "Noor Haddad" noor@example.com 2024-06-03T08:30:00Z "Turn on split payments"
