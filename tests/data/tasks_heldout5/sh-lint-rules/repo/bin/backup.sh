#!/usr/bin/env bash
set -euo pipefail

src=$1
dest=$2
stamp=$(date +%Y%m%d)
unused_retention=30

cd $dest
tar -czf backup-$stamp.tgz $src
echo "wrote $dest/backup-$stamp.tgz"
