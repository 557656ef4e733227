"""Shell command-line syntax, as far as the approval policy and the command classifier need it: heredoc
bodies and command substitutions taken out, the line split into simple commands with their write
redirections, wrappers (sudo, env, timeout, xargs …) looked through.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from terminus_edge import shell_words

_OPERATORS = sorted(["&&", "||", ";;", "|&", "&>>", "&>", ">>", ">|", ">&", "<<<", "<<-", "<<", "<&", "<>", "<(",
                     ">(", "(", ")", ";", "&", "|", ">", "<", "{", "}"], key=len, reverse=True)
_PUNCTUATION = ";&|()<>{}"
_SEPARATORS = {"&&", "||", ";;", ";", "&", "(", ")", "<(", ">(", "{", "}"}
_WRITE_REDIRECTS = {">", ">>", ">|", "&>", "&>>", "<>"}
_WRAPPERS = {"sudo", "doas", "env", "nohup", "time", "nice", "ionice", "timeout", "stdbuf", "command", "exec",
             "builtin", "xargs", "watch", "chronic", "unbuffer", "caffeinate", "busybox", "toybox", "setsid",
             "strace", "ltrace", "flock", "unshare", "taskset", "chrt", "systemd-run", "parallel"}
ELEVATE = {"sudo", "doas", "su", "pkexec", "runuser", "chroot"}  # wrappers that run the command as another user
FRESH_TEMP = "$MKTEMP_FILE"  # stands for `$(mktemp)`: a file made for this command line, so nothing it overwrites
SHELLS = {"sh", "bash", "zsh", "dash", "ksh", "ash", "fish", "csh", "tcsh", "mksh"}


@dataclass
class Simple:
    words: list[str]
    writes: list[str] = field(default_factory=list)  # redirection targets
    appends: list[str] = field(default_factory=list)  # targets of writes that do not truncate (>>, &>>, <>)
    reads: list[str] = field(default_factory=list)  # files fed to stdin (`< file`)
    pipe_in: bool = False  # stdin comes from the previous command of a pipeline


def _split_ops(token: str) -> list[str]:
    out, i = [], 0
    while i < len(token):
        op = next((o for o in _OPERATORS if token.startswith(o, i)), token[i])
        out.append(op)
        i += len(op)
    return out


def strip_heredocs(command: str) -> tuple[str, list[str]]:
    """Take heredoc bodies out (data for their command, not commands); return the command and the
    bodies fed to a shell (`bash <<EOF … EOF`), which are commands and get checked."""
    out, pending, shell_bodies = [], [], []
    for line in command.split("\n"):
        if pending:
            delimiter, body, to_shell = pending[0]
            if line.strip() == delimiter:
                pending.pop(0)
                if to_shell:
                    shell_bodies.append("\n".join(body))
            else:
                body.append(line)
            continue
        out.append(line)
        for m in re.finditer(r"<<-?\s*(['\"]?)([\w.-]+)\1", line):
            before = line[:m.start()].split("|")[-1].split(";")[-1].split("&&")[-1].split()
            words, _ = unwrap_wrappers(before)
            pending.append((m.group(2), [], bool(words) and os.path.basename(words[0]) in SHELLS))
    shell_bodies += ["\n".join(body) for _, body, to_shell in pending if to_shell]  # unterminated
    return "\n".join(out), shell_bodies


def split_substitutions(command: str) -> tuple[str, list[str]]:
    """Replace $(…), <(…), >(…) and `…` outside single quotes by a placeholder word; return the
    rewritten command and the bodies (checked as commands of their own)."""
    bodies: list[str] = []

    def substitution(i: int, quote: str) -> tuple[str, int] | None:
        c = command[i]
        if quote != "'" and (command.startswith("$(", i) or (not quote and command.startswith(("<(", ">("), i))):
            j, closed = _past_closing(command, i + 2, "()")
            bodies.append(command[i + 2:j - closed])
            return ("$COMMAND_OUTPUT", FRESH_TEMP)[_makes_temp(bodies[-1])] if c == "$" else "/dev/fd/63", j
        if c == "`" and quote != "'":
            end = command.find("`", i + 1)
            end = len(command) if end == -1 else end
            bodies.append(command[i + 1:end])
            return ("$COMMAND_OUTPUT", FRESH_TEMP)[_makes_temp(bodies[-1])], end + 1
        return None

    return _rewrite(command, substitution), bodies


def _rewrite(command: str, step) -> str:
    """The command rewritten left to right, quotes and backslashes followed: step(i, quote) gives (text, next index)
    to put in place of command[i:next], or None to keep the character ("'", '"' or "" for the quote open at i)."""
    out, i, quote = [], 0, ""
    while i < len(command):
        c = command[i]
        if c == "\\" and quote != "'":
            out.append(command[i:i + 2])
            i += 2
            continue
        if c in "'\"" and (not quote or quote == c):
            quote = "" if quote else c
        else:
            done = step(i, quote)
            if done:
                out.append(done[0])
                i = done[1]
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _past_closing(text: str, at: int, pair: str) -> tuple[int, bool]:
    """The index just past the bracket closing one opened before `at` (nested pairs counted), and whether one did."""
    depth = 1
    while at < len(text) and depth:
        depth += {pair[0]: 1, pair[1]: -1}.get(text[at], 0)
        at += 1
    return at, depth == 0


def _makes_temp(body: str) -> bool:
    """`mktemp`, `mktemp -t x.XXXX`, `mktemp --suffix=.log`: a new empty file in the temp dir (or, for a bare template,
    the current one). A path or -p/--tmpdir names another directory: not counted."""
    try:
        words = shell_words.split(body)
    except ValueError:
        return False
    return words[:1] == ["mktemp"] and not any("/" in w or w in ("-p", "--tmpdir") or w.startswith(("-p", "--tmpdir="))
                                               or any(c in w for c in _PUNCTUATION + "$`") for w in words[1:])


def _lex(command: str) -> list[tuple[str, bool, bool]]:
    """(token, is an operator, glued to the token before) for each shell token. shlex drops the quotes, so the raw text
    each token was read from tells `>` from `'>'` or `\\>` (a word), and `2>f` (fd 2) from `echo 2 > f`."""
    tokens, start, glued = [], 0, False
    for tok, end in shell_words.lex(command, punctuation=_PUNCTUATION):  # end: a punctuation char read ahead not counted
        raw = command[start:end]
        operator = bool(tok) and raw.strip() == tok and all(c in _PUNCTUATION for c in tok)
        if operator:
            tokens += [(op, True, glued or i > 0) for i, op in enumerate(_split_ops(tok))]
        else:
            tokens.append((tok, False, glued))
        glued, start = bool(raw) and not raw[-1].isspace(), end
    return tokens


def parse(command: str) -> list[Simple]:
    """Simple commands of a command line; raises ValueError on unbalanced quotes."""
    tokens = _lex(_quote_parameters(command.replace("\n", " ; ")))
    simples, current = [], Simple([])
    i = 0
    while i < len(tokens):
        tok, operator, glued = tokens[i]
        if not operator:
            current.words.append(tok)
        elif tok in _SEPARATORS or tok in ("|", "|&"):
            if current.words or current.writes:
                simples.append(current)
            current = Simple([], pipe_in=tok in ("|", "|&"))
        elif tok in _WRITE_REDIRECTS or tok == ">&":
            target = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            if glued and current.words and current.words[-1].isdigit():
                current.words.pop()  # `2>file`: the fd number is not an argument (`echo 2 > f` keeps its 2)
            if not (tok == ">&" and (target.isdigit() or target == "-")):
                current.writes.append(target)
                if tok in (">>", "&>>", "<>"):
                    current.appends.append(target)
            i += 1
        elif tok in ("<", "<<", "<<<", "<<-", "<&"):
            if tok == "<" and i + 1 < len(tokens):
                current.reads.append(tokens[i + 1][0])
            i += 1  # input redirection / heredoc word: read, not written
        else:
            current.words.append(tok)
        i += 1
    if current.words or current.writes:
        simples.append(current)
    return simples


def _quote_parameters(command: str) -> str:
    """`${NAME}`, `${A:-x y}` outside quotes, double-quoted: one word (its braces are not `{ …; }` groups), as the
    shell reads it. Quotes and backslashes inside are escaped for the double quotes; one pass over the line."""
    def parameter(i: int, quote: str) -> tuple[str, int] | None:
        if quote or not command.startswith("${", i):
            return None
        j, _ = _past_closing(command, i + 2, "{}")
        return '"' + command[i:j].replace("\\", "\\\\").replace('"', '\\"') + '"', j

    return _rewrite(command, parameter)


# Options of each wrapper that take a value (`sudo -u root`, `timeout -s KILL 5`, `xargs -I {}`).
_WRAPPER_VALUE_OPTS = {
    "sudo": {"-u", "-g", "-C", "-U", "-h", "-p", "-r", "-t", "-D"}, "doas": {"-u", "-C"}, "env": {"-u", "-C"},
    "nice": {"-n"}, "ionice": {"-c", "-n", "-p"}, "timeout": {"-s", "-k", "--signal", "--kill-after"},
    "xargs": {"-I", "-P", "-L", "-n", "-d", "-s", "-E", "-a"}, "watch": {"-n", "--interval"},
    "strace": {"-o", "-p", "-e", "-s", "-u", "-E", "-a", "-P", "-I", "-b", "-X"}, "ltrace": {"-o", "-p", "-e", "-s", "-u", "-n", "-a"},
    "parallel": {"-j", "--jobs", "-S", "--sshlogin", "-a", "--arg-file", "--joblog", "-d", "--delimiter"},
    "flock": {"-w", "-E", "--timeout", "--conflict-exit-code"}, "runuser": {"-u", "-g", "-G"},
    "systemd-run": {"-u", "--unit", "-p", "--property", "-E", "--setenv", "--uid", "--gid", "-M", "--machine"},
}
_WRAPPER_POSITIONALS = {"timeout", "flock", "chroot", "taskset", "chrt"}  # a duration, lock file, root, mask, priority


def unwrap_wrappers(words: list[str]) -> tuple[list[str], list[str]]:
    """Strip env assignments and wrappers (sudo, env, timeout, xargs …): (command words, wrappers seen)."""
    seen: list[str] = []
    at = 0  # an index, not words[1:] again and again: a long run of assignments was quadratic
    while at < len(words):
        head = os.path.basename(words[at])
        if re.match(r"^[A-Za-z_]\w*=", words[at]):
            at += 1
            continue
        if head not in _WRAPPERS and head not in ELEVATE:
            break
        seen.append(head)
        at += 1
        if head == "su":
            return [], seen
        while at < len(words) and words[at].startswith("-") and words[at] != "-":
            at += 2 if words[at] in _WRAPPER_VALUE_OPTS.get(head, ()) else 1
        if head in _WRAPPER_POSITIONALS and at < len(words):
            at += 1
    return words[at:], seen


# Project and environment runners: `uv run CMD`, `poetry run CMD`, `conda run -n env CMD`, `bundle exec CMD` run CMD
# as given. Not wrappers to unwrap_wrappers (what a command is for stays "run in the project's environment"), but the
# policy checks CMD as if typed.
_RUNNERS = {("uv", "run"): {"--with", "--python", "-p", "--project", "--directory", "--package", "--extra", "--group",
                            "--env-file", "--with-requirements", "--index", "--index-url", "-w"},
            ("poetry", "run"): {"-C", "--directory", "-P", "--project"}, ("pipenv", "run"): set(), ("pdm", "run"): {"-p"},
            ("hatch", "run"): set(), ("rye", "run"): set(), ("bundle", "exec"): {"--gemfile"},
            ("conda", "run"): {"-n", "--name", "-p", "--prefix", "--cwd"}, ("mamba", "run"): {"-n", "--name", "-p"},
            ("micromamba", "run"): {"-n", "--name", "-p"}, ("pnpm", "exec"): {"-C", "--dir"}, ("yarn", "exec"): set(),
            ("direnv", "exec"): set(), ("devbox", "run"): set(), ("pixi", "run"): {"-e", "--environment"}}


def runner_command(words: list[str]) -> list[str]:
    """The command a project runner runs (`uv run --with x python -c …` -> `python -c …`); [] for anything else."""
    if len(words) < 3:
        return []
    values = _RUNNERS.get((os.path.basename(words[0]), words[1]))
    if values is None:
        return []
    at = 2
    while at < len(words) and words[at].startswith("-"):
        at += 2 if words[at] in values else 1
    if os.path.basename(words[0]) == "direnv" and at < len(words):
        at += 1  # direnv exec DIR CMD
    return words[at + (at < len(words) and words[at] == "--"):]


def assigned_name(words: list[str], typed: list[str], assigned: dict[str, str]) -> list[str]:
    """Shell variables this line sets (`cmd=rm;`, `export X=y;`) and a command named by one (`$cmd -rf dist`): the
    command as it will run. A word the shell splits (`c='rm -rf'; $c x`) is split the same way."""
    if typed and all(re.match(r"^[A-Za-z_]\w*=", w) for w in typed[typed[0] in ("export", "declare", "local",
                                                                               "readonly", "typeset"):]):
        assigned.update(w.split("=", 1) for w in typed if "=" in w)
        return words
    match = re.fullmatch(r"\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})", words[0]) if words else None
    value = assigned.get((match.group(1) or match.group(2))) if match else None
    if value is None:
        return words
    try:
        return unwrap_wrappers(shell_words.split(value) + words[1:])[0]
    except ValueError:
        return words
