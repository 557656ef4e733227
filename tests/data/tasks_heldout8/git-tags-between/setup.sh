#!/usr/bin/env bash
# Builds the task's history in the copy of repo/: v1.1.0, three commits, v1.2.0, then two more commits.
set -euo pipefail
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_COMMITTER_NAME="Ines Duarte" GIT_COMMITTER_EMAIL=ines@example.com GIT_COMMITTER_DATE="2024-03-10T00:00:00 +0000"
commit() {  # commit date message
  GIT_AUTHOR_NAME="Ines Duarte" GIT_AUTHOR_EMAIL=ines@example.com GIT_COMMITTER_NAME="Ines Duarte" \
    GIT_COMMITTER_EMAIL=ines@example.com GIT_AUTHOR_DATE="$1 +0000" GIT_COMMITTER_DATE="$1 +0000" git commit -q -m "$2"
}
git init -q -b main .
printf 'def total(items):\n    return sum(items)\n' > cart.py
git add -A; commit 2024-01-10T10:00:00 "Initial cart module"
printf "pytest\n" > requirements-dev.txt
git add -A; commit 2024-02-01T10:00:00 "Add dev requirements"
git tag -a v1.1.0 -m "v1.1.0"
printf 'def total(items, discount=0):\n    return sum(items) * (1 - discount)\n' > cart.py
git add -A; commit 2024-02-12T09:30:00 "Support a discount in total()"
printf 'def tax(amount, rate=0.2):\n    return round(amount * rate, 2)\n' > tax.py
git add -A; commit 2024-02-20T15:00:00 "Add tax calculation"
printf '# Cart\n\nTotals, discounts and tax.\n' > README.md
git add -A; commit 2024-02-27T11:15:00 "Document discounts and tax"
git tag -a v1.2.0 -m "v1.2.0"
printf 'def tax(amount, rate=0.21):\n    return round(amount * rate, 2)\n' > tax.py
git add -A; commit 2024-03-05T08:00:00 "Raise the default tax rate"
printf 'def total(items, discount=0):\n    return round(sum(items) * (1 - discount), 2)\n' > cart.py
git add -A; commit 2024-03-09T17:40:00 "Round totals to cents"
