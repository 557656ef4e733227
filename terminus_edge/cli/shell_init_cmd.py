"""`terminus-edge shell-init bash|zsh|fish`: a snippet to eval from an rc file.

It defines `te CMD ARGS…` (run through terminus-edge: live raw output, then the summary, exit code
kept) and wraps an opt-in list of commands. Wrapped commands go through terminus-edge only when their
output is a terminal (a human) or TERMINUS_EDGE_WRAP_ALWAYS is set (an agent's shell); in pipes and
scripts the real command runs untouched. Inside terminus-edge (TERMINUS_EDGE_INSIDE) nothing is wrapped
again, so pointing BASH_ENV at the snippet cannot recurse.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys

import click

DEFAULT_WRAP = ("pytest", "tox", "make", "cargo build", "cargo test", "cargo clippy", "npm test", "go build",
                "go test", "mvn", "gradle", "dotnet build", "dotnet test")
_WORD = r"[A-Za-z0-9_][A-Za-z0-9_.+-]*"
_ENTRY = re.compile(rf"({_WORD})(?: ({_WORD}))?")
OURS = {"te", "te-on", "te-off", "_te_bin", "_te_wrap", "__te_bin", "__te_wrap"}  # wrapping these recurses forever
# Builtins and keywords: a wrapper would run them in a child process (a `cd` that changes nothing) or break the shell.
BUILTINS = {
    "alias", "autoload", "bg", "bindkey", "break", "builtin", "case", "cd", "command", "continue", "coproc", "declare",
    "dirs", "disown", "do", "done", "echo", "elif", "else", "emulate", "enable", "esac", "eval", "exec", "exit",
    "export", "false", "fc", "fg", "fi", "for", "function", "getopts", "hash", "history", "if", "jobs", "kill", "let",
    "local", "noglob", "popd", "printf", "pushd", "read", "readonly", "return", "select", "set", "setopt", "shift",
    "shopt", "source", "test", "then", "time", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias",
    "unset", "unsetopt", "until", "wait", "while", "zle",
}

POSIX = """\
# terminus-edge shell integration ({shell}). In your rc file:  eval "$(terminus-edge shell-init {shell})"
# te CMD ARGS...   run CMD through terminus-edge: raw output live, then the summary; exit code kept.
#                  One argument is a command line (te "make && make test") unless it names a file (te "./my script.sh").
# te-off / te-on   stop / resume wrapping ({wrapped}).
# Wrapped commands go through terminus-edge only when output is a terminal, or when
# TERMINUS_EDGE_WRAP_ALWAYS=1 (an agent's shell); in pipes and scripts they run unchanged.
# `command NAME ...` always runs the real NAME.
_te_bin() {{ {prefix} "$@"; }}
te() {{
  if [ "$#" -eq 0 ]; then echo "usage: te CMD [ARGS...]" >&2; return 2; fi
  # an agent's shell (TERMINUS_EDGE_WRAP_ALWAYS) on a pty is the agent's terminal: the raw output must not reach it
  if [ -n "${{TERMINUS_EDGE_WRAP_ALWAYS-}}" ]; then _te_bin run -- "$@"
  elif [ -t 1 ] && [ -t 0 ]; then _te_bin run --tee --interactive -- "$@"
  elif [ -t 1 ]; then _te_bin run --tee -- "$@"
  else _te_bin run -- "$@"; fi
}}
_te_wrap() {{
  if [ -n "${{TERMINUS_EDGE_DISABLE-}}" ] || [ -n "${{TERMINUS_EDGE_INSIDE-}}" ]; then command "$@"; return; fi
  if [ -t 1 ] || [ -n "${{TERMINUS_EDGE_WRAP_ALWAYS-}}" ]; then te "$@"; else command "$@"; fi
}}
te-off() {{ export TERMINUS_EDGE_DISABLE=1; }}
te-on() {{ unset TERMINUS_EDGE_DISABLE; }}
"""

FISH = """\
# terminus-edge shell integration (fish). In config.fish:  terminus-edge shell-init fish | source
# te CMD ARGS...   run CMD through terminus-edge: raw output live, then the summary; exit code kept.
#                  One argument is a command line (te "make && make test") unless it names a file (te "./my script.sh").
# te-off / te-on   stop / resume wrapping ({wrapped}).
# Wrapped commands go through terminus-edge only when output is a terminal, or when
# TERMINUS_EDGE_WRAP_ALWAYS=1 (an agent's shell); in pipes and scripts they run unchanged.
# An empty TERMINUS_EDGE_* variable counts as unset, as in bash and zsh.
function __te_bin; {prefix} $argv; end
function te --description 'Run a command through terminus-edge'
    if test (count $argv) -eq 0; echo "usage: te CMD [ARGS...]" >&2; return 2; end
    if test -n "$TERMINUS_EDGE_WRAP_ALWAYS"  # an agent's terminal: the raw output must not reach it
        __te_bin run -- $argv
    else if isatty stdout; and isatty stdin
        __te_bin run --tee --interactive -- $argv
    else if isatty stdout
        __te_bin run --tee -- $argv
    else
        __te_bin run -- $argv
    end
end
function __te_wrap
    if test -n "$TERMINUS_EDGE_DISABLE"; or test -n "$TERMINUS_EDGE_INSIDE"
        command $argv
        return
    end
    if isatty stdout; or test -n "$TERMINUS_EDGE_WRAP_ALWAYS"
        te $argv
    else
        command $argv
    end
end
function te-off; set -gx TERMINUS_EDGE_DISABLE 1; end
function te-on; set -e TERMINUS_EDGE_DISABLE; end
"""


def parse_wrap(entries: list[str]) -> dict[str, set[str] | None]:
    """["pytest", "npm test", "npm ci"] -> {"pytest": None (all of it), "npm": {"test", "ci"}}."""
    wrap: dict[str, set[str] | None] = {}
    for entry in entries:
        match = _ENTRY.fullmatch(" ".join(entry.split()))
        if not match:
            raise click.BadParameter(f"{entry!r}: give a command name, optionally with one subcommand (e.g. 'npm test')",
                                     param_hint="--wrap")
        name, sub = match.groups()
        if name in OURS or name in BUILTINS:
            why = "terminus-edge's own function (it would call itself forever)" if name in OURS else \
                "a shell builtin or keyword (wrapped, it would run in a child process)"
            raise click.BadParameter(f"{name!r} is {why}", param_hint="--wrap")
        if sub is None or wrap.get(name, set()) is None:
            wrap[name] = None
        else:
            wrap.setdefault(name, set()).add(sub)
    return wrap


def _posix_function(name: str, subs: set[str] | None) -> str:
    if subs is None:
        return f"function {name} {{ _te_wrap {name} \"$@\"; }}"
    cases = "|".join(sorted(subs))
    return (f"function {name} {{\n  case \"${{1-}}\" in {cases}) _te_wrap {name} \"$@\";;\n"
            f"  *) command {name} \"$@\";;\n  esac\n}}")


def _fish_function(name: str, subs: set[str] | None) -> str:
    if subs is None:
        return f"function {name} --wraps {name}; __te_wrap {name} $argv; end"
    return (f"function {name} --wraps {name}\n    switch \"$argv[1]\"\n        case {' '.join(sorted(subs))}\n"
            f"            __te_wrap {name} $argv\n        case '*'\n            command {name} $argv\n    end\nend")


def wrapper_prefix() -> str:
    """How the snippet calls terminus-edge: the console script when on PATH, else this Python."""
    return "command terminus-edge" if shutil.which("terminus-edge") else f"{shlex.quote(sys.executable)} -m terminus_edge"


def snippet(shell: str, wrap: dict[str, set[str] | None], prefix: str | None = None) -> str:
    wrapped = ", ".join(n if s is None else f"{n} {'/'.join(sorted(s))}" for n, s in wrap.items()) or "nothing yet"
    head = (FISH if shell == "fish" else POSIX).format(shell=shell, wrapped=wrapped, prefix=prefix or wrapper_prefix())
    function = _fish_function if shell == "fish" else _posix_function
    return head + "".join(function(name, subs) + "\n" for name, subs in wrap.items())


@click.command("shell-init")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@click.option("--wrap", "wrap", multiple=True, metavar="CMD",
              help="Wrap this command (repeat, or comma-separate); 'npm test' wraps only that subcommand.")
@click.option("--wrap-defaults", is_flag=True, help=f"Also wrap: {', '.join(DEFAULT_WRAP)}.")
def shell_init(shell: str, wrap: tuple[str, ...], wrap_defaults: bool) -> None:
    """Print a shell snippet (te, te-off/te-on, opt-in wrappers) to eval from your rc file."""
    entries = [part.strip() for item in wrap for part in item.split(",") if part.strip()]
    click.echo(snippet(shell, parse_wrap([*(DEFAULT_WRAP if wrap_defaults else ()), *entries])), nl=False)
