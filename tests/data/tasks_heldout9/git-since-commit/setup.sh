#!/usr/bin/env bash
# Builds the repository's history with fixed authors and dates, so the commit ids the request names are the same on
# every machine.
set -euo pipefail
export GIT_AUTHOR_NAME="Ada Brandt" GIT_AUTHOR_EMAIL="ada@example.com" GIT_COMMITTER_NAME="Ada Brandt" \
       GIT_COMMITTER_EMAIL="ada@example.com"
c() { GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git commit -q -m "$2"; }
mkdir -p src
git init -q -b main .
git config user.name "Ada Brandt"; git config user.email "ada@example.com"
printf 'def slug(text):\n    return text.lower().replace(" ", "-")\n' > src/slug.py
printf '# slugs\n' > README.md
git add -A; c "2024-03-01T10:00:00Z" "Initial slug helper"
printf 'def slug(text):\n    return "-".join(text.lower().split())\n' > src/slug.py
git add -A; c "2024-03-02T10:00:00Z" "Collapse repeated spaces in slug()"
printf 'import re\n\n\ndef slug(text, max_len=60):\n    text = re.sub(r"[^a-z0-9 ]", "", text.lower())\n    return "-".join(text.split())[:max_len]\n' > src/slug.py
git add -A; c "2024-03-05T10:00:00Z" "Strip punctuation and cap slug length"
printf 'from src.slug import slug\n\n\ndef test_punct():\n    assert slug("Hi, there!") == "hi-there"\n' > test_slug.py
git add -A; c "2024-03-06T10:00:00Z" "Add punctuation test"
printf '# slugs\n\n`slug(text, max_len=60)`: lower case, punctuation removed, words joined by dashes.\n' > README.md
git add -A; c "2024-03-07T10:00:00Z" "Document max_len"
