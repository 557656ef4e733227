#!/usr/bin/env bash
# usage: bump_version.sh VERSION major|minor|patch  -- prints the next version
set -euo pipefail
version=$1 part=$2
IFS=. read -r major minor patch <<< "$version"
case $part in
  major) echo "$((major + 1)).0.0" ;;
  minor) echo "$major.$((minor + 1)).$patch" ;;
  patch) echo "$major.$minor.$((patch + 1))" ;;
  *) echo "unknown part: $part" >&2; exit 2 ;;
esac
