#!/usr/bin/env bash
# Builds the task's git history in the copy of repo/ (a .git folder cannot be stored inside this repository).
# Fixed names and dates: the same history, and the same commit ids, on every run.
set -euo pipefail
export GIT_AUTHOR_NAME="Dana Lee" GIT_AUTHOR_EMAIL="dana@example.com" GIT_COMMITTER_NAME="Dana Lee" \
       GIT_COMMITTER_EMAIL="dana@example.com" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
at() { export GIT_AUTHOR_DATE="$1 +0000" GIT_COMMITTER_DATE="$1 +0000"; }
git init -q -b main .
mkdir -p syncr
cat > syncr/__init__.py <<'PY'
__version__ = "1.1.0"
PY
cat > syncr/sync.py <<'PY'
def plan(src, dst):
    return [name for name in src if name not in dst]
PY
cat > syncr/pager.py <<'PY'
def pages(items, size):
    return [items[i:i + size] for i in range(0, len(items), size)]
PY
printf '# syncr\n\nMirror one folder listing into another.\n' > README.md
at "2024-03-01T10:00:00"; git add -A; git commit -q -m "Initial import of syncr"; git tag v1.1.0
sed -i 's/1.1.0/1.2.0/' syncr/__init__.py
printf 'CHANGES\n1.2.0: plan() skips names already present\n' > CHANGES.md
at "2024-04-02T09:00:00"; git add -A; git commit -q -m "Release 1.2.0"; git tag -a v1.2.0 -m "syncr 1.2.0"
cat > syncr/sync.py <<'PY'
def plan(src, dst, dry_run=False):
    todo = [name for name in src if name not in dst]
    if dry_run:
        for name in todo:
            print("would copy", name)
        return []
    return todo
PY
at "2024-04-10T14:30:00"; git commit -q -am "Add dry_run option to plan()"
cat > syncr/pager.py <<'PY'
def pages(items, size):
    if size < 1:
        raise ValueError("size must be at least 1")
    return [items[i:i + size] for i in range(0, len(items), size)]
PY
at "2024-04-11T08:15:00"; git commit -q -am "Reject page size 0 in pages()"
mkdir -p tests
cat > tests/test_pager.py <<'PY'
from syncr.pager import pages

def test_pages():
    assert pages([1, 2, 3], 2) == [[1, 2], [3]]
PY
at "2024-04-12T16:45:00"; git add -A; git commit -q -m "Add pager test"
