# shellcheck shell=bash
# terminus-edge shell integration for bash: OSC 133 marks around each command (started with --rcfile).
# The user's own startup files load first, as in any interactive non-login bash.
# shellcheck source=/dev/null
[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
# shellcheck source=/dev/null
[ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"

__te_urlencode() {
  local s=$1 out='' c i
  local LC_ALL=C
  for (( i = 0; i < ${#s}; i++ )); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9./_~=:,@+-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  printf '%s' "$out"
}

# Runs inside PS0 (after the line is read, before it runs). The command line comes from history only
# when history got a new entry; otherwise (ignorespace, ignoredups, HISTIGNORE) the TUI reads it from
# the screen.
__te_preexec() {
  local entry
  entry=$(HISTTIMEFORMAT='' builtin history 1)
  if [[ $entry =~ ^\ *([0-9]+)\*?\ \ (.*)$ ]] && [ "${BASH_REMATCH[1]}" != "${__te_histnum:-}" ]; then
    printf '\e]133;C;cmdline_url=%s\a' "$(__te_urlencode "${BASH_REMATCH[2]}")"
  else
    printf '\e]133;C\a'
  fi
}

__te_precmd() {
  local ec=$?                      # must run first in PROMPT_COMMAND to see the command's status
  if [ -n "${__te_ran:-}" ]; then
    printf '\e]133;D;%s\a' "$ec"
  fi
  __te_ran=
  local entry
  entry=$(HISTTIMEFORMAT='' builtin history 1)
  [[ $entry =~ ^\ *([0-9]+) ]] && __te_histnum=${BASH_REMATCH[1]}
  printf '\e]7;file://%s%s\a' "${HOSTNAME:-}" "$(__te_urlencode "$PWD")"   # OSC 7: the next command's cwd
  printf '\e]133;A\a'
  return $ec
}

if [[ "$(declare -p PROMPT_COMMAND 2>/dev/null)" == "declare -a"* ]]; then
  PROMPT_COMMAND=(__te_precmd "${PROMPT_COMMAND[@]}")
else
  # shellcheck disable=SC2128,SC2178  # this branch: PROMPT_COMMAND is a string (or unset), not an array
  PROMPT_COMMAND="__te_precmd${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
fi
PS1="${PS1}"'\[\e]133;B\a\]'
# The subscript's side effect sets the flag: an empty Enter expands no PS0, so it makes no C and no D.
# shellcheck disable=SC2016  # single quotes on purpose: bash expands PS0 each time it shows it
PS0='$(__te_preexec)${__te_x[__te_ran=1]}'
# Ctrl+S would stop the terminal's output (XON/XOFF) and Ctrl+Q, which resumes it anywhere else, quits the TUI:
# the shell looked hung and the way out closed everything. Without ixon, Ctrl+S is readline's forward search.
stty -ixon 2>/dev/null
