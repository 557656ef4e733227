#!/usr/bin/env bash
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
c() {  # c "Name" email date message
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
# docs/guide.md last modified by Noor Haddad on 2024-07-09; a later commit touches only docs/faq.md.
mkdir -p docs
printf '# Guide\n' > docs/guide.md; printf '# FAQ\n' > docs/faq.md
c "Eli Brandt" eli@example.com 2024-07-01T10:00:00Z "Start the docs"
printf '# Guide\n\nInstall with pip.\n' > docs/guide.md
c "Noor Haddad" noor@example.com 2024-07-09T13:05:00Z "Explain installation in the guide"
printf '# FAQ\n\nQ: Why?\n' > docs/faq.md
c "Eli Brandt" eli@example.com 2024-07-15T09:00:00Z "Add first FAQ entry"
