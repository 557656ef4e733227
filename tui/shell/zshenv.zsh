# terminus-edge: ZDOTDIR points here so that our .zshrc runs; the user's own .zshenv still loads first.
__te_zdotdir="$ZDOTDIR"
ZDOTDIR="${TERMINUS_EDGE_USER_ZDOTDIR:-$HOME}"
[ -f "$ZDOTDIR/.zshenv" ] && . "$ZDOTDIR/.zshenv"
TERMINUS_EDGE_USER_ZDOTDIR="$ZDOTDIR"   # the user's .zshenv may have moved it
ZDOTDIR="$__te_zdotdir"
