#!/usr/bin/env bash
# Sets the scripts' modes in the copy of repo/ (this repository does not keep them).
set -euo pipefail
chmod 755 scripts/build.sh scripts/lint.sh
chmod 644 scripts/release.sh scripts/gen_docs.py scripts/common.sh
