#!/usr/bin/env bash
set -euo pipefail
git init -q -b main .
git config user.name "Setup"; git config user.email "setup@example.com"
c() {  # c "Name" email date message
  git add -A
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" \
    GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" git commit -q -m "$4"
}
# Builds a history where src/parser.py was last changed by Lena Ortiz on 2024-04-11, and later commits touch other files.
mkdir -p src tests
printf 'def parse(text):\n    return text.split()\n' > src/parser.py
printf 'def emit(tokens):\n    return " ".join(tokens)\n' > src/emitter.py
c "Tomas Kral" tomas@example.com 2024-04-02T09:00:00Z "Initial parser and emitter"
printf 'from src.parser import parse\n\ndef test_parse():\n    assert parse("a b") == ["a", "b"]\n' > tests/test_parser.py
c "Tomas Kral" tomas@example.com 2024-04-05T14:30:00Z "Add parser test"
printf 'def parse(text):\n    return [t for t in text.split() if t]\n' > src/parser.py
c "Lena Ortiz" lena@example.com 2024-04-11T16:45:00Z "Drop empty tokens in parse()"
printf 'def emit(tokens, sep=" "):\n    return sep.join(tokens)\n' > src/emitter.py
c "Tomas Kral" tomas@example.com 2024-04-18T08:10:00Z "Let emit() take a separator"
printf '# parser\n' > README.md
c "Ana Silva" ana@example.com 2024-04-22T11:00:00Z "Add README"
