#!/bin/bash
# quiet.sh CMD...: SIGSTOP every other user process (not PID 1, not kernel threads, not this script's ancestors
# or descendants), run CMD, SIGCONT them again (always, via trap). For short benchmark windows only.
me=$$
keep=" 1 $me "
p=$me; while [ "$p" -gt 1 ]; do p=$(awk '{print $4}' /proc/$p/stat); keep="$keep$p "; done
stopped=""
for d in /proc/[0-9]*; do
  pid=${d#/proc/}
  case "$keep" in *" $pid "*) continue;; esac
  [ -r $d/stat ] || continue
  ppid=$(awk '{print $4}' $d/stat 2>/dev/null) || continue
  [ "$pid" = 2 ] || [ "$ppid" = 2 ] || [ "$ppid" = 0 ] && continue
  [ -z "$(cat $d/cmdline 2>/dev/null | tr -d '\0')" ] && continue
  kill -STOP $pid 2>/dev/null && stopped="$stopped $pid"
done
trap 'kill -CONT $stopped 2>/dev/null' EXIT INT TERM
"$@"
