#!/usr/bin/env bash
# Builds the history with fixed authors and dates: the last commit touches three files.
set -euo pipefail
export GIT_AUTHOR_NAME="Lena Vogt" GIT_AUTHOR_EMAIL="lena@example.com" GIT_COMMITTER_NAME="Lena Vogt" \
       GIT_COMMITTER_EMAIL="lena@example.com"
c() { GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git commit -q -m "$2"; }
git init -q -b main .
git config user.name "Lena Vogt"; git config user.email "lena@example.com"
mkdir -p app tests
printf 'def render(x):\n    return str(x)\n' > app/render.py
printf 'from app.render import render\n\n\ndef test_render():\n    assert render(1) == "1"\n' > tests/test_render.py
git add -A; c "2024-04-01T09:00:00Z" "Start the renderer"
printf 'def render(x, fmt="{}"):\n    return fmt.format(x)\n' > app/render.py
printf 'from app.render import render\n\n\ndef test_render():\n    assert render(1) == "1"\n\n\ndef test_fmt():\n    assert render(2, "<{}>") == "<2>"\n' > tests/test_render.py
printf 'click>=8\njinja2>=3\n' > requirements.txt
printf '# renderer\n' > README.md
git rm -q --cached requirements.txt >/dev/null; git add app tests README.md requirements.txt
c "2024-04-02T09:00:00Z" "Let render() take a format string"
