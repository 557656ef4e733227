#!/bin/sh
set -eu
rsync -a app/ "$1:/srv/app/"
ssh "$1" systemctl restart app
echo deployed
