#!/usr/bin/env bash
set -euo pipefail
chmod 644 check.sh
