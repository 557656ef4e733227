"""The shell-command parser and built-in rules behind terminus_edge.policy.decide().

analyse(command, cwd, writable) -> ([(action, reason), ...], [simple command text, ...])
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

Verdict = tuple[str, str]

RULES = [
    "deny: rm/mv/cp/ln/touch/mkdir/chmod/chown/tee/dd/sed -i/truncate/rsync/find -delete and >, >> outside the "
    "working tree (extra writable dirs come from the config; the temp dir is writable by default)",
    "deny: rm -rf of /, ~, the working tree itself or one of its parents; --no-preserve-root",
    "deny: downloaded code run by a shell or interpreter (curl … | sh, wget … | bash, bash <(curl …), sh -c \"$(curl …)\")",
    "deny: git push --force / -f / +refspec / --force-with-lease / --mirror",
    "deny: mkfs, mkswap, wipefs, fdisk, parted, dd/redirect to a block device, shutdown/reboot/halt, fork bombs",
    "ask: sudo/doas/su, git reset --hard, git clean -f, publishing (npm publish, twine upload, docker push), "
    "targets that cannot be checked (unexpanded variables, xargs input)",
    "ask when unattended (subagent, agent tools): the UNATTENDED table below, and cd out of the working tree",
]

# Reasonable at a human's request, not on a model's say-so with nobody watching: asked (so refused) when
# decide(..., unattended=True). Matched against each simple command after wrappers are looked through.
UNATTENDED = [
    (re.compile(r"^rm\s(?:.*\s)?(?:-\w*[rRf]|--recursive\b|--force\b)"), "deletes files recursively or by force"),
    (re.compile(r"^git\s+(?:push|commit|rebase|stash|reset\s+(?:.*\s)?--hard|clean\s+-\w*[fdx]|checkout\s+(?:.*\s)?--(?:\s|$))"),
     "changes git history or the work in progress"),
    (re.compile(r"^(?:chmod\s(?:.*\s)?-\w*R|chown\s|chgrp\s)"), "changes permissions or ownership"),
    (re.compile(r"^dd\s(?:.*\s)?of="), "writes raw data with dd"),
    (re.compile(r"^(?:(?:python[\d.]*\s+-m\s+)?pip[\d.]*|npm|yarn|pnpm|cargo|apt|apt-get|brew|gem)\s+"
                r"(?:install|uninstall|remove|publish|add)\b"), "installs or publishes packages"),
]

_OPERATORS = sorted(["&&", "||", ";;", "|&", "&>>", "&>", ">>", ">|", ">&", "<<<", "<<-", "<<", "<&", "<>", "<(",
                     ">(", "(", ")", ";", "&", "|", ">", "<", "{", "}"], key=len, reverse=True)
_SEPARATORS = {"&&", "||", ";;", ";", "&", "(", ")", "<(", ">(", "{", "}"}
_WRITE_REDIRECTS = {">", ">>", ">|", "&>", "&>>", "<>"}
_WRAPPERS = {"sudo", "doas", "env", "nohup", "time", "nice", "ionice", "timeout", "stdbuf", "command", "exec",
             "builtin", "xargs", "watch", "chronic", "unbuffer", "caffeinate", "busybox", "toybox"}
_ELEVATE = {"sudo", "doas", "su", "pkexec"}
_SHELLS = {"sh", "bash", "zsh", "dash", "ksh", "ash", "fish", "csh", "tcsh", "mksh"}
_INTERPRETERS = _SHELLS | {"python", "python3", "python2", "perl", "ruby", "node", "php", "pwsh", "powershell",
                           "deno", "bun", "lua", "Rscript", "osascript", "iex"}
_DOWNLOADERS = {"curl", "wget", "fetch", "http", "https", "aria2c", "lwp-request", "gh"}
_DEVICE = re.compile(r"^/dev/(?!null$|zero$|stdout$|stderr$|stdin$|tty$|fd/|pts/|shm/|random$|urandom$)")
_FORK_BOMB = re.compile(r"(?<![\w:.])([\w:.]{1,64})\s*\(\)\s*\{[^}]*\1\s*\|\s*&?\s*\1\s*&[^}]*\}|fork\s+while\s+fork|"
                        r"while\s*(?:true|:)\s*;?\s*do[^;]*&\s*done")
_SUBSTITUTION = re.compile(r"\$\(|`|<\(")

@dataclass
class Simple:
    words: list[str]
    writes: list[str] = field(default_factory=list)  # redirection targets
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
            pending.append((m.group(2), [], bool(words) and os.path.basename(words[0]) in _SHELLS))
    shell_bodies += ["\n".join(body) for _, body, to_shell in pending if to_shell]  # unterminated
    return "\n".join(out), shell_bodies


def split_substitutions(command: str) -> tuple[str, list[str]]:
    """Replace $(…), <(…), >(…) and `…` outside single quotes by a placeholder word; return the
    rewritten command and the bodies (checked as commands of their own)."""
    out, bodies, i, quote = [], [], 0, ""
    while i < len(command):
        c = command[i]
        if c == "\\" and quote != "'":
            out.append(command[i:i + 2])
            i += 2
            continue
        if c in "'\"" and (not quote or quote == c):
            quote = "" if quote else c
        elif quote != "'" and (command.startswith("$(", i) or (not quote and command.startswith(("<(", ">("), i))):
            depth, j = 1, i + 2
            while j < len(command) and depth:
                depth += {"(": 1, ")": -1}.get(command[j], 0)
                j += 1
            bodies.append(command[i + 2:j - 1 if depth == 0 else j])
            out.append("$COMMAND_OUTPUT" if c == "$" else "/dev/fd/63")
            i = j
            continue
        elif c == "`" and quote != "'":
            end = command.find("`", i + 1)
            end = len(command) if end == -1 else end
            bodies.append(command[i + 1:end])
            out.append("$COMMAND_OUTPUT")
            i = end + 1
            continue
        out.append(c)
        i += 1
    return "".join(out), bodies


def parse(command: str) -> list[Simple]:
    """Simple commands of a command line; raises ValueError on unbalanced quotes."""
    lexer = shlex.shlex(command.replace("\n", " ; "), posix=True, punctuation_chars=";&|()<>{}")
    lexer.whitespace_split, lexer.commenters = True, ""
    tokens = []
    for tok in lexer:
        tokens += _split_ops(tok) if tok and all(c in ";&|()<>{}" for c in tok) else [tok]
    simples, current = [], Simple([])
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _SEPARATORS or tok in ("|", "|&"):
            if current.words or current.writes:
                simples.append(current)
            current = Simple([], pipe_in=tok in ("|", "|&"))
        elif tok in _WRITE_REDIRECTS or tok == ">&":
            target = tokens[i + 1] if i + 1 < len(tokens) else ""
            if current.words and current.words[-1].isdigit():
                current.words.pop()  # `2>file`: the fd number is not an argument
            if not (tok == ">&" and (target.isdigit() or target == "-")):
                current.writes.append(target)
            i += 1
        elif tok in ("<", "<<", "<<<", "<<-", "<&"):
            i += 1  # input redirection / heredoc word: read, not written
        else:
            current.words.append(tok)
        i += 1
    if current.words or current.writes:
        simples.append(current)
    return simples


# Options of each wrapper that take a value (`sudo -u root`, `timeout -s KILL 5`, `xargs -I {}`).
_WRAPPER_VALUE_OPTS = {
    "sudo": {"-u", "-g", "-C", "-U", "-h", "-p", "-r", "-t", "-D"}, "doas": {"-u", "-C"}, "env": {"-u", "-C"},
    "nice": {"-n"}, "ionice": {"-c", "-n", "-p"}, "timeout": {"-s", "-k", "--signal", "--kill-after"},
    "xargs": {"-I", "-P", "-L", "-n", "-d", "-s", "-E", "-a"}, "watch": {"-n", "--interval"},
}


def unwrap_wrappers(words: list[str]) -> tuple[list[str], list[str]]:
    """Strip env assignments and wrappers (sudo, env, timeout, xargs …): (command words, wrappers seen)."""
    seen: list[str] = []
    while words:
        head = os.path.basename(words[0])
        if re.match(r"^[A-Za-z_]\w*=", words[0]):
            words = words[1:]
            continue
        if head not in _WRAPPERS and head not in _ELEVATE:
            break
        seen.append(head)
        words = words[1:]
        if head == "su":
            return [], seen
        while words and words[0].startswith("-") and words[0] != "-":
            takes_value = words[0] in _WRAPPER_VALUE_OPTS.get(head, ())
            words = words[2:] if takes_value else words[1:]
        if head == "timeout" and words:
            words = words[1:]  # the duration
    return words, seen


@dataclass
class Context:
    root: Path  # the working tree
    writable: list[Path]
    verdicts: list[Verdict] = field(default_factory=list)
    cwd: Path | None = None  # follows `cd`; None once it cannot be known
    unattended: bool = False

    def __post_init__(self) -> None:
        self.cwd = self.root

    def deny(self, reason: str) -> None:
        self.verdicts.append(("deny", reason))

    def ask(self, reason: str) -> None:
        self.verdicts.append(("ask", reason))

    def change_dir(self, target: str) -> None:
        self.cwd = None if target == "-" else self.resolve(target)
        if self.unattended and (self.cwd is None or not (self.cwd == self.root or self.root in self.cwd.parents)):
            self.ask(f"`cd {target}` leaves the working tree")

    def resolve(self, target: str) -> Path | None:
        """Absolute, normalised path of a target; None when it cannot be known (unexpanded variable)."""
        if self.cwd is not None:
            target = target.replace("${PWD}", str(self.cwd)).replace("$PWD", str(self.cwd))
        expanded = os.path.expandvars(os.path.expanduser(target))
        if "$" in expanded or "`" in expanded or (self.cwd is None and not os.path.isabs(expanded)):
            return None
        glob = re.search(r"[*?\[]", expanded)
        if glob:  # a glob names things inside the directory its fixed prefix points to
            expanded = os.path.dirname(expanded[:glob.start()]) or "."
        return Path(os.path.realpath(os.path.join(self.cwd or "/", expanded)))

    def check_write(self, what: str, target: str, segment: str) -> None:
        if not target or target == "-":
            return
        if _DEVICE.match(target):
            self.deny(f"`{segment}` writes to the device {target}")
            return
        if target.startswith("/dev/"):
            return
        path = self.resolve(target)
        if path is None:
            self.ask(f"`{segment}`: cannot check where {target!r} points (unexpanded variable or unknown directory)")
        elif not any(path == root or root in path.parents for root in self.writable):
            self.deny(f"`{segment}` {what} {path}, outside the working tree")


from terminus_edge.policy_checks import check_simple  # noqa: E402  (rules per command; uses Context)


def analyse(command: str, cwd: Path, writable: list[Path], unattended: bool = False) -> tuple[list[Verdict], list[str]]:
    ctx = Context(cwd, writable, unattended=unattended)
    texts: list[str] = []
    _analyse(command, ctx, texts, depth=0)
    return ctx.verdicts, texts


def _analyse(command: str, ctx: Context, texts: list[str], depth: int) -> None:
    if depth > 4:
        ctx.ask("command nests shells too deeply to check")
        return
    if _FORK_BOMB.search(command):
        ctx.deny("fork bomb")
    command, shell_bodies = strip_heredocs(command)
    flat, bodies = split_substitutions(command)
    for body in bodies + shell_bodies:
        _analyse(body, ctx, texts, depth + 1)
    try:
        simples = parse(flat)
    except ValueError as error:
        ctx.ask(f"could not parse the command ({error})")
        return
    downloading = False
    for simple in simples:
        words, wrappers = unwrap_wrappers(simple.words)
        redirects = "".join(f" > {shlex.quote(t)}" for t in simple.writes)
        segment = (" ".join(shlex.quote(w) for w in simple.words) + redirects).strip()
        texts.append((" ".join(shlex.quote(w) for w in words) + redirects).strip() or segment)
        if set(wrappers) & _ELEVATE:
            ctx.ask(f"`{segment}` runs with elevated privileges")
        for target in simple.writes:
            ctx.check_write("redirects output to", target, segment)
        if not words:
            continue
        name = os.path.basename(words[0])
        downloading = (downloading and simple.pipe_in) or name in _DOWNLOADERS
        if simple.pipe_in and downloading and name in _INTERPRETERS and _reads_code_from_stdin(words):
            ctx.deny(f"`{segment}` runs code downloaded earlier in the pipeline")
        if name in _INTERPRETERS | {"eval", "source", "."} and _SUBSTITUTION.search(command) and \
                re.search(r"(?:\$\(|`|<\()\s*(?:\w+=\S*\s+)*(?:sudo\s+)?(?:curl|wget|fetch)\b", command):
            ctx.deny(f"`{segment}` runs downloaded code")
        inner = _inline_script(name, words)
        if inner is not None:
            _analyse(inner, ctx, texts, depth + 1)
        if "xargs" in wrappers:
            ctx.ask(f"`{segment}` takes its arguments from input, which cannot be checked")
        check_simple(name, words, segment, ctx)
        if ctx.unattended:
            text = " ".join([name, *words[1:]])
            for pattern, reason in UNATTENDED:
                if pattern.search(text):
                    ctx.ask(f"`{segment}` {reason}")


def _reads_code_from_stdin(words: list[str]) -> bool:
    args = [w for w in words[1:] if not w.startswith("-")]
    return not args or args[0] == "-" or "-s" in words or "-" in words


def _inline_script(name: str, words: list[str]) -> str | None:
    """The script of `bash -c '…'` / `sh -ec '…'` and `eval …` (checked as if typed here)."""
    if name in _SHELLS:
        for i, w in enumerate(words[1:], 1):
            if w.startswith("-") and not w.startswith("--") and "c" in w[1:]:
                return words[i + 1] if i + 1 < len(words) else None
            if not w.startswith("-"):
                return None  # `bash script.sh`: a file, not an inline script
        return None
    if name == "eval":
        return " ".join(words[1:])
    return None
