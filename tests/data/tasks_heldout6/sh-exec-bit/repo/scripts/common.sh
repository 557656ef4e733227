# shared shell helpers (sourced, not run)
log() { echo "$@"; }
