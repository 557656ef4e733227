#!/usr/bin/env bash
# Starts the stale worker that holds serve.py's port in the task's copy (its own process group; it exits by itself
# after 10 minutes, and the task runner kills what runs inside the copy when the task ends).
set -euo pipefail
if python3 -c 'import socket; socket.create_connection(("127.0.0.1", 8765), 0.2)' 2>/dev/null; then
  echo "port 8765 is already taken on this machine: the task's own worker must hold it" >&2; exit 1
fi
setsid python3 tools/stale_worker.py 8765 600 </dev/null >/dev/null 2>&1 &
for _ in $(seq 50); do
  python3 -c 'import socket; socket.create_connection(("127.0.0.1", 8765), 0.2)' 2>/dev/null && exit 0
  sleep 0.1
done
echo "the stale worker did not start" >&2; exit 1
