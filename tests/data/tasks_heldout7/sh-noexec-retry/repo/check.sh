#!/usr/bin/env bash
# Runs the project's checks.
set -u
status=0
echo "== syntax"
python3 -m py_compile slug.py || status=1
echo "== unit tests"
python3 -m unittest -v tests.test_slug || status=1
exit $status
