#!/bin/sh
# Minimal TAP runner for bin/semver-bump: one line per case, exit status = number of failures.
cd "$(dirname "$0")/.." || exit 1
n=0
failed=0
check() {
  n=$((n + 1))
  desc=$1; expected=$2; shift 2
  got=$("$@" 2>/dev/null)
  if [ "$got" = "$expected" ]; then
    echo "ok $n - $desc"
  else
    echo "not ok $n - $desc"
    echo "#   got:      '$got'"
    echo "#   expected: '$expected'"
    failed=$((failed + 1))
  fi
}
echo "1..6"
check "bump patch" 1.2.4 bin/semver-bump patch 1.2.3
check "bump major resets minor and patch" 2.0.0 bin/semver-bump major 1.2.3
check "bump minor" 1.3.0 bin/semver-bump minor 1.2.0
check "bump minor resets patch" 1.3.0 bin/semver-bump minor 1.2.7
check "unknown part is rejected" "" bin/semver-bump micro 1.2.3
check "bump patch from zero" 0.0.1 bin/semver-bump patch 0.0.0
exit $failed
