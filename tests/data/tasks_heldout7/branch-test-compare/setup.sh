#!/usr/bin/env bash
# Builds the task's git history (main and feature/discount) in the copy of repo/.
set -euo pipefail
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
commit() {
  GIT_AUTHOR_NAME="Ana Silva" GIT_AUTHOR_EMAIL=ana@example.com GIT_COMMITTER_NAME="Ana Silva" \
    GIT_COMMITTER_EMAIL=ana@example.com GIT_AUTHOR_DATE="$1 +0000" GIT_COMMITTER_DATE="$1 +0000" git commit -q -m "$2"
}
git init -q -b main .
printf '__pycache__/\n.pytest_cache/\n' > .gitignore
cat > pricing.py <<'PY'
def discount(total, percent):
    percent = min(percent, 50)
    return round(total * (100 - percent) / 100, 2)


def with_tax(net, rate=0.2):
    return round(net * (1 + rate), 2)
PY
cat > test_pricing.py <<'PY'
from pricing import discount, with_tax


def test_discount_ten_percent():
    assert discount(200, 10) == 180


def test_discount_caps_at_50():
    assert discount(100, 80) == 50


def test_with_tax():
    assert with_tax(100) == 120


def test_zero_total():
    assert discount(0, 30) == 0
PY
git add -A; commit 2024-04-02T10:00:00 "Pricing helpers with tests"
git checkout -q -b feature/discount
cat > pricing.py <<'PY'
def discount(total, percent, loyalty=False):
    if loyalty:
        percent += 10
    return round(total * (100 - percent) / 100, 2)


def with_tax(net, rate=0.2):
    return round(net * (1 + rate), 2)
PY
cat >> test_pricing.py <<'PY'


def test_loyalty_adds_ten():
    assert discount(100, 10, loyalty=True) == 80
PY
git add -A; commit 2024-04-05T15:30:00 "Loyalty discount"
git checkout -q main
