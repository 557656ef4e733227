#!/usr/bin/env bash
# Build a release tarball of src/ and docs/ into out/.
set -euo pipefail

cd "$(dirname "$0")/.."
VERSION=$(cat VERSION)
OUT=out/notes-$VERSION

echo "==> packaging notes $VERSION"
rm -rf out
mkdir -p "$OUT"

echo "==> copying sources"
cp -r src docs "$OUT"/

echo "==> checking for leftover debug markers"
debug_count=$(grep -rc "XXX-DEBUG" src | awk -F: '{s += $2} END {print s}')
leftover=$(grep -rl "XXX-DEBUG" src)
if [ -n "$leftover" ]; then
    echo "refusing to package: debug markers in $leftover ($debug_count)" >&2
    exit 3
fi

echo "==> writing manifest"
(cd "$OUT" && find . -type f | sort > MANIFEST)

echo "==> creating tarball"
tar -czf "out/notes-$VERSION.tar.gz" -C out "notes-$VERSION"
echo "done: out/notes-$VERSION.tar.gz"
