"""The built-in rules behind terminus_edge.policy.decide(), over the simple commands terminus_edge.shell_syntax
finds (substitutions, heredocs fed to a shell, `bash -c` and `eval` scripts are checked as commands too).

analyse(command, cwd, writable) -> ([(action, reason), ...], [simple command text, ...])
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

# parse, split_substitutions, strip_heredocs and unwrap_wrappers are imported from here by callers too
from terminus_edge.shell_syntax import (ELEVATE, FRESH_TEMP, SHELLS, assigned_name, parse, runner_command,
                                        split_substitutions, strip_heredocs, unwrap_wrappers)

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
    "ask when unattended (subagent, agent tools): the UNATTENDED table below, cd out of the working tree, and what "
    "policy.unattended checks: deleting, truncating or overwriting files by any tool (`>` onto an existing file "
    "too), container/cluster/database "
    "destruction, git branch/tag/history deletes, package removals, crontab, signals to other processes; "
    "policy.rewrites: archives extracted over existing files, in-place edits (sed -i, perl -i, ex), tee onto an "
    "existing file, trash moves; policy.outputs: a tool's own output option (curl -o, sort -o, tar -cf, openssl -out "
    "…) onto an existing file; policy.code: interpreter code that writes, deletes or runs commands, SQL from files; "
    "policy.project: formatters and fixers that rewrite files (black, prettier --write …) and migrations applied; "
    "policy.recipes: what a project task runs (make, npm/yarn/pnpm/bun scripts and workspaces, deno task, cargo "
    "aliases, rake, just, task, poe, taskipy, tox, nox, composer, pdm/hatch/rye scripts, mix aliases, sbt, Maven's "
    "pom.xml, Gradle's scripts; launchers such as npx, pnpm dlx, uvx through policy.launchers), each recipe line "
    "decided as if typed; what a Maven plugin or Gradle script does that cannot be read asks; policy.uploads: local "
    "files sent to another machine (curl -d @F / -F f=@F / -T F, wget --post-file, scp/rsync/rclone/aws s3 to a "
    "host, netcat fed a file); policy.containers: a container given the host (a writable bind mount outside the "
    "tree, the engine's socket, --privileged); a command name the shell computes ($(…), `…`, $VAR not set on the "
    "line) and xargs with a command that could write",
]

# Reasonable at a human's request, not on a model's say-so with nobody watching: asked (so refused) when
# decide(..., unattended=True). Matched against each simple command after wrappers are looked through.
UNATTENDED = [
    (re.compile(r"^git\s+(?:push|commit|rebase|stash(?!\s+(?:list|show)\b)|reset\s+(?:.*\s)?--hard|checkout\s+(?:.*\s)?--(?:\s|$))"),
     "changes git history or the work in progress"),
    (re.compile(r"^(?:chmod\s(?:.*\s)?-\w*R|chown\s|chgrp\s)"), "changes permissions or ownership"),
    (re.compile(r"^dd\s(?:.*\s)?of="), "writes raw data with dd"),
]  # matched after git's own options (`git -C dir -c k=v push` is `git push`); `git clean`: policy.checks
# Tools no argument can make write a file or run a command: `xargs grep …` is read-only whatever the input adds
# A command name the shell computes: a variable, `${…}`, a substitution's output, `$'\x72m'` (shlex leaves `$\x72m`)
_COMPUTED_NAME = re.compile(r"\$(?:[A-Za-z_@*#?$!0-9]|\{[#!]?(?:[A-Za-z_]\w*|[0-9]+|[@*#?$!-])(?:\[[^]\n]*\])?"
                            r"(?:[-:=+?#%/^,@][^}]*)?\})|\\")  # `${1 + 1}` is no expansion: bash stops there
_ANY_ARGUMENTS_READ_ONLY = {"grep", "egrep", "fgrep", "zgrep", "wc", "cat", "head", "tail", "ls", "stat", "du", "nl",
                            "md5sum", "sha1sum", "sha256sum", "sha512sum", "b2sum", "cksum", "basename", "dirname",
                            "realpath", "readlink", "echo", "printf"}  # packages, deletes by other tools, containers, databases …: policy.unattended.check_unattended

_INTERPRETERS = SHELLS | {"python", "python3", "python2", "perl", "ruby", "node", "php", "pwsh", "powershell",
                          "deno", "bun", "lua", "Rscript", "osascript", "iex"}
_DOWNLOADERS = {"curl", "wget", "fetch", "http", "https", "aria2c", "lwp-request", "gh"}
_DEVICE = re.compile(r"^/dev/(?!null$|zero$|stdout$|stderr$|stdin$|tty$|fd/|pts/|shm/|random$|urandom$)")
_FORK_BOMB = re.compile(r"(?<![\w:.])([\w:.]{1,64})\s*\(\)\s*\{[^}]*\1\s*\|\s*&?\s*\1\s*&[^}]*\}|fork\s+while\s+fork|"
                        r"while\s*(?:true|:)\s*;?\s*do[^;]*&\s*done")
_SUBSTITUTION = re.compile(r"\$\(|`|<\(")
# Disks, partitions and raw memory: writing one destroys a filesystem (a serial port or /dev/null does not)
DISK = re.compile(r"^/dev/(?:[shv]d[a-z]|xvd[a-z]|nvme\d|mmcblk\d|md\d|dm-\d|mapper/|disk/|disk\d|rdisk\d|loop\d|"
                  r"sr\d|mem$|kmem$|port$)")

@dataclass
class Context:
    root: Path  # the working tree
    writable: list[Path]
    verdicts: list[Verdict] = field(default_factory=list)
    cwd: Path | None = None  # follows `cd`; None once it cannot be known
    unattended: bool = False
    line: str = ""  # the whole command line, heredoc bodies included (SQL fed to a database client)
    stdin: str | None = None  # what feeds the current command's stdin when the line does not show it (`< f`, `cat f |`)
    code_depth: int = 0  # shell commands found inside interpreter code (os.system("…")), checked in turn
    recipe_depth: int = 0  # project task runners followed into (make → a target running `npm run x` → …)
    recipe_steps: list[int] = field(default_factory=lambda: [0])  # recipe lines decided for this command line
    recipe_files: dict = field(default_factory=dict)  # Makefiles parsed for this command line, by path
    recipe_chain: tuple = ()  # (runner words, folder) being expanded: an alias naming its own task runs the task
    catastrophes: list[str] = field(default_factory=list)  # the denies that destroy the system or the home directory

    def __post_init__(self) -> None:
        self.cwd = self.root

    def deny(self, reason: str, catastrophic: bool = False) -> None:
        """catastrophic: it destroys the machine or the user's data beyond any undo (rm -rf /, mkfs, a fork bomb):
        the Claude Code hook denies those where it only asks for other refusals."""
        self.verdicts.append(("deny", reason))
        if catastrophic:
            self.catastrophes.append(reason)

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

    def check_inner(self, words: list[str], segment: str) -> None:
        """A command another one runs with words it was given (find -exec …): checked as if typed here."""
        words, _ = unwrap_wrappers(words)
        if words:
            _check_words(os.path.basename(words[0]), words, segment, self, [], depth=1)

    def check_write(self, what: str, target: str, segment: str) -> None:
        if not target or target == "-":
            return
        if _DEVICE.match(target):
            self.deny(f"`{segment}` writes to the device {target}", catastrophic=bool(DISK.match(target)))
            return
        if target.startswith("/dev/") or target == FRESH_TEMP:
            return
        path = self.resolve(target)
        if path is None:
            self.ask(f"`{segment}`: cannot check where {target!r} points (unexpanded variable or unknown directory)")
        elif not any(path == root or root in path.parents for root in self.writable):
            self.deny(f"`{segment}` {what} {path}, outside the working tree")


from terminus_edge.policy.checks import check_simple  # noqa: E402  (rules per command; uses Context)
from terminus_edge.policy.unattended import check_truncation, check_unattended  # noqa: E402
from terminus_edge.policy.rewrites import check_rewrites  # noqa: E402
from terminus_edge.policy.code import check_code  # noqa: E402
from terminus_edge.policy.project import check_project_tools  # noqa: E402
from terminus_edge.policy.recipes import check_recipes  # noqa: E402
from terminus_edge.policy.outputs import check_outputs  # noqa: E402
from terminus_edge.policy.launchers import launched  # noqa: E402
from terminus_edge.policy.uploads import check_uploads  # noqa: E402
from terminus_edge.policy.containers import check_containers  # noqa: E402


def analyse(command: str, cwd: Path, writable: list[Path], unattended: bool = False) -> tuple[list[Verdict], list[str]]:
    ctx, texts = analyse_context(command, cwd, writable, unattended)
    return ctx.verdicts, texts


def analyse_context(command: str, cwd: Path, writable: list[Path], unattended: bool = False) -> tuple[Context, list[str]]:
    """analyse's Context itself (its verdicts and catastrophes) and the simple commands' texts."""
    ctx = Context(cwd, writable, unattended=unattended, line=command)
    texts: list[str] = []
    _analyse(command, ctx, texts, depth=0)
    return ctx, texts


def _analyse(command: str, ctx: Context, texts: list[str], depth: int) -> None:
    if depth > 4:
        ctx.ask("command nests shells too deeply to check")
        return
    if _FORK_BOMB.search(command):
        ctx.deny("fork bomb", catastrophic=True)
    command, shell_bodies = strip_heredocs(command)
    flat, bodies = split_substitutions(command)
    for body in bodies + shell_bodies:
        _analyse(body, ctx, texts, depth + 1)
    try:
        simples = parse(flat)
    except ValueError as error:
        ctx.ask(f"could not parse the command ({error})")
        return
    downloading, previous, assigned = False, [], {}
    for simple in simples:
        words, wrappers = unwrap_wrappers(simple.words)
        words = assigned_name(words, simple.words, assigned)
        ctx.stdin = _unseen_input(simple, previous)
        previous = words
        redirects = "".join(f" {'>>' if t in simple.appends else '>'} {shlex.quote(t)}" for t in simple.writes)
        segment = (" ".join(shlex.quote(w) for w in simple.words) + redirects).strip()
        texts.append((" ".join(shlex.quote(w) for w in words) + redirects).strip() or segment)
        if set(wrappers) & ELEVATE:
            ctx.ask(f"`{segment}` runs with elevated privileges")
        for target in simple.writes:
            ctx.check_write("redirects output to", target, segment)
        if ctx.unattended and simple.writes:
            check_truncation(words, simple.writes, simple.appends, segment, ctx)
        if not words:
            if "xargs" in wrappers[:-1]:  # `xargs env`, `xargs sudo`: the command itself comes from the input
                ctx.ask(f"`{segment}` runs its input as a command, which cannot be checked")
            continue
        name = os.path.basename(words[0])
        downloading = (downloading and simple.pipe_in) or name in _DOWNLOADERS
        if simple.pipe_in and downloading and name in _INTERPRETERS and _reads_code_from_stdin(words):
            ctx.deny(f"`{segment}` runs code downloaded earlier in the pipeline")
        if name in _INTERPRETERS | {"eval", "source", "."} and _SUBSTITUTION.search(command) and \
                re.search(r"(?:\$\(|`|<\()\s*(?:\w+=\S*\s+)*(?:sudo\s+)?(?:curl|wget|fetch)\b", command):
            ctx.deny(f"`{segment}` runs downloaded code")
        if "xargs" in wrappers and name not in _ANY_ARGUMENTS_READ_ONLY:
            ctx.ask(f"`{segment}` takes its arguments from input, which cannot be checked")
        _check_words(name, words, segment, ctx, texts, depth)


def _check_words(name: str, words: list[str], segment: str, ctx: Context, texts: list[str], depth: int) -> None:
    """The rules for one command, its wrappers looked through: its inline script, its arguments, the unattended ones."""
    inner = _inline_script(name, words)
    if inner is not None:
        _analyse(inner, ctx, texts, depth + 1)
    launch, line = launched(words)  # `npx rimraf dist`, `npm exec -c 'rm -rf dist'`, `mix cmd …`: as if typed
    if line is not None:
        _analyse(line, ctx, texts, depth + 1)
    for run in (runner_command(words), launch):
        if run and depth < 4:  # `uv run rm -rf build`, `poetry run python -c …`: the command run, checked as if typed
            run, _ = unwrap_wrappers(run)
            if run:
                _check_words(os.path.basename(run[0]), run, segment, ctx, texts, depth + 1)
    check_simple(name, words, segment, ctx)
    check_outputs(name, words, segment, ctx)
    if ctx.unattended:
        if _COMPUTED_NAME.search(name):
            ctx.ask(f"`{segment}`: the command's name ({words[0]}) is only known when it runs, so what runs cannot be "
                    "checked")
        text = " ".join([name, *(_git_subcommand(words) if name == "git" else words[1:])])
        for pattern, reason in UNATTENDED:
            if pattern.search(text):
                ctx.ask(f"`{segment}` {reason}")
        check_unattended(name, words, segment, ctx)
        check_rewrites(name, words, segment, ctx)
        check_code(name, words, segment, ctx)
        check_project_tools(name, words, segment, ctx)
        check_recipes(name, words, segment, ctx)
        check_uploads(name, words, segment, ctx)
        check_containers(name, words, segment, ctx)


def _git_subcommand(words: list[str]) -> list[str]:
    """git's words from its subcommand on: `git -C dir -c k=v push -f` -> `push -f`."""
    from terminus_edge.policy.checks import _GIT_VALUE_OPTS

    at = 1
    while at < len(words) and words[at].startswith("-"):
        at += 2 if words[at] in _GIT_VALUE_OPTS else 1
    return words[at:]


def _unseen_input(simple, previous: list[str]) -> str | None:
    """What feeds this command's stdin when the command line does not show the text: a file (`< x.sql`) or another
    command's output (`cat x.sql |`). echo/printf words, heredocs and here-strings are in the line: None."""
    reads = [r for r in simple.reads if r != "/dev/null"]
    if reads:
        return f"the file {reads[-1]}"
    if simple.pipe_in and previous:
        producer = os.path.basename(previous[0])
        shown = producer in ("echo", "printf", "yes") or producer == "cat" and all(w.startswith("-") for w in previous[1:])
        return None if shown else f"the output of `{shlex.join(previous)[:80]}`"
    return None


def _reads_code_from_stdin(words: list[str]) -> bool:
    args = [w for w in words[1:] if not w.startswith("-")]
    return not args or args[0] == "-" or "-s" in words or "-" in words


def _inline_script(name: str, words: list[str]) -> str | None:
    """The script of `bash -c '…'` / `sh -ec '…'` and `eval …` (checked as if typed here)."""
    if name in SHELLS:
        for i, w in enumerate(words[1:], 1):
            if w.startswith("-") and not w.startswith("--") and "c" in w[1:]:
                return words[i + 1] if i + 1 < len(words) else None
            if not w.startswith("-"):
                return None  # `bash script.sh`: a file, not an inline script
        return None
    if name == "eval":
        return " ".join(words[1:])
    return None
