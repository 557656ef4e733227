# terminus-edge shell integration for zsh: OSC 133 marks around each command. The user's .zshrc loads first.
ZDOTDIR="${TERMINUS_EDGE_USER_ZDOTDIR:-$HOME}"   # the user's ZDOTDIR from here on (history file, compinit)
[ -f "$ZDOTDIR/.zshrc" ] && . "$ZDOTDIR/.zshrc"

__te_urlencode() {
  local LC_ALL=C c out= i s="$1"
  for (( i = 1; i <= ${#s}; i++ )); do
    c=${s[i]}
    case $c in
      [A-Za-z0-9./_~=:,@+-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  print -rn -- "$out"
}
__te_precmd() {
  local ec=$?
  (( ${+__te_ran} )) && print -n "\e]133;D;$ec\a"
  unset __te_ran
  print -n "\e]7;file://${HOST}$(__te_urlencode "$PWD")\a"   # OSC 7: the next command's cwd
  print -n "\e]133;A\a"
}
__te_preexec() {
  print -n "\e]133;C;cmdline_url=$(__te_urlencode "$1")\a"
  __te_ran=1
}
precmd_functions=(__te_precmd $precmd_functions)   # first, so it sees $?
preexec_functions+=(__te_preexec)
PS1="$PS1%{"$'\e]133;B\a'"%}"
# Ctrl+S would stop the terminal's output (XON/XOFF) and Ctrl+Q, which resumes it anywhere else, quits the TUI.
stty -ixon 2>/dev/null
unsetopt flow_control
