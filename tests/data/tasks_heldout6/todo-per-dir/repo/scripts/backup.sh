#!/bin/sh
# FIXME: hard-coded path
tar czf /tmp/backup.tgz data/
