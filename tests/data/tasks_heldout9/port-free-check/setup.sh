#!/usr/bin/env bash
# Starts the mock API that holds port 8772 in the task's copy (its own process group; it exits by itself after 10
# minutes, and the task runner kills what runs inside the copy when the task ends).
set -euo pipefail
if python3 -c 'import socket; socket.create_connection(("127.0.0.1", 8772), 0.2)' 2>/dev/null; then
  echo "port 8772 is already taken on this machine: the task's own mock API must hold it" >&2; exit 1
fi
setsid python3 tools/mock_api.py 8772 600 </dev/null >/dev/null 2>&1 &
for _ in $(seq 50); do
  python3 -c 'import socket; socket.create_connection(("127.0.0.1", 8772), 0.2)' 2>/dev/null && exit 0
  sleep 0.1
done
echo "the mock API did not start" >&2; exit 1
