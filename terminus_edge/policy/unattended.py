"""What a command may not do with nobody watching: destroy data a person cannot get back by re-running a build.

check_unattended(name, words, segment, ctx) records "ask" verdicts on ctx (a policy.rules.Context) for a simple
command whose wrappers were looked through. decide(..., unattended=True) runs it on every simple command (and on the
commands find -exec runs); the caller treats "ask" as a refusal. The rule, by class:

- deleting, truncating or shredding files, by any tool: rm (even without -r/-f), unlink, rmdir, shred, wipe, srm,
  truncate, find -delete, rsync --delete*, mv to /dev/null (interpreter code that deletes, writes or shells out:
  policy.code; archives, in-place edits, tee and the trash: policy.rewrites);
- overwriting an existing file: mv/cp/install onto a file that exists (ln only with -f), and a truncating redirect
  (`> f`, `>| f`, `&> f`, `2> f`, `make > build.log`) onto an existing regular file, as tee onto one asks. Appending
  (`>>`), a new file (`: > new`), /dev/null and `$(mktemp)` stay allowed;
- containers, clusters and cloud resources: docker/podman rm, rmi, prune, kill, stop, compose down -v; kubectl
  delete/drain; helm uninstall; terraform/pulumi destroy; aws s3 rm/rb, aws/gcloud/az … delete;
- databases through their CLI: DROP, TRUNCATE, DELETE or UPDATE without WHERE (psql, mysql, sqlite3, …), dropdb,
  redis FLUSHALL, mongo drop()/deleteMany();
- git beyond the work in progress: branch -D (branch -d stays: git refuses to delete an unmerged branch), tag -d,
  rm (not --cached), restore (not --staged), checkout -f / `.` / a file, switch -f, reflog expire, gc --prune,
  update-ref -d, filter-branch/filter-repo;
- packages (removals as well as installs), crontab changes, signals to processes the command did not start (kill
  of a PID; `kill %1` and `kill $!` name its own jobs), stopping services, chattr/setfacl, system configuration.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from terminus_edge.policy.rules import Context

_DELETERS = {"unlink": "deletes files", "rmdir": "deletes directories", "shred": "overwrites and deletes files",
             "wipe": "overwrites and deletes files", "srm": "overwrites and deletes files"}
_SQL_CLIENTS = {"psql", "mysql", "mariadb", "sqlite3", "sqlite", "duckdb", "clickhouse-client", "cockroach", "sqlcmd",
                "cqlsh", "mongo", "mongosh", "redis-cli", "usql", "pgcli", "mycli", "litecli"}
_SQL_DROP = re.compile(r"\b(?:drop\s+(?:table|database|schema|index|view|user|role|collection|keyspace|column)|"
                       r"truncate(?:\s+table)?\s+[\w\"`]|flushall|flushdb|dropDatabase\s*\(|\.drop\s*\(|"
                       r"\.deleteMany\s*\(\s*\{\s*\}|\.remove\s*\(\s*\{\s*\})", re.I)
_SQL_UNFILTERED = re.compile(r"^[ \t]*(?:delete[ \t\n]+from|update)\s", re.I | re.M)
_PACKAGES = re.compile(r"^(?:(?:python[\d.]*\s+-m\s+)?pip[\d.]*|uv\s+pip|uv\s+tool|pipx|npm|yarn|pnpm|bun|cargo|"
                       r"apt|apt-get|aptitude|dpkg|brew|gem|dnf|yum|zypper|snap|flatpak|conda|mamba|micromamba|port|"
                       r"nix-env|go)\s+(?:-\S+\s+)*(?:install|uninstall|remove|purge|autoremove|erase|rm|publish|add|-[rPi]\b)")
_PACMAN = re.compile(r"^(?:pacman|yay|paru)\s+(?:-[A-Za-z]*[RSU]|--(?:remove|sync|upgrade)\b)")
_SERVICES = re.compile(r"^(?:systemctl\s+(?:.*\s)?(?:stop|kill|disable|mask|restart|isolate)\b|"
                       r"service\s+\S+\s+(?:stop|restart)\b|launchctl\s+(?:unload|remove|bootout|kill)\b)")
_SYSTEM = re.compile(r"^(?:(?:mount|umount|swapon|swapoff)\s+\S|modprobe|rmmod|insmod|useradd|userdel|usermod|"
                     r"groupadd|groupdel|passwd|chpasswd|visudo|update-alternatives|hostnamectl\s+set|"
                     r"(?:iptables|ip6tables)\s+(?:.*\s)?-[ADIRFXPNZ]\b|nft\s+(?:flush|delete|add|insert|replace|create)|"
                     r"ufw\s+(?:enable|disable|allow|deny|reject|delete|reset|limit)|sysctl\s+(?:.*\s)?-w|"
                     r"timedatectl\s+set)\b")
_CLOUD = re.compile(r"^(?:(?:docker|podman|nerdctl)\s+(?:(?:system|image|container|volume|network|builder|buildx)\s+"
                    r"(?:prune|rm)\b|(?:container\s+|image\s+)?(?:rm|rmi|kill|stop)\b)|"
                    r"kubectl\s+(?:.*\s)?(?:delete|drain)\b|helm\s+(?:uninstall|delete|del|un)\b|"
                    r"(?:terraform|tofu|pulumi)\s+(?:.*\s)?destroy\b|aws\s+s3\s+(?:rm|rb)\b|"
                    r"(?:aws|gcloud|az|gsutil|doctl)\s+(?:.*\s)?(?:delete|delete-\w+|rm|remove)\b)")
_CACHES = re.compile(r"^(?:(?:npm|yarn|pnpm)\s+cache\s+(?:clean|rm|clear|prune)|(?:python[\d.]*\s+-m\s+)?pip[\d.]*\s+cache"
                     r"\s+(?:purge|remove|rm)|uv\s+cache\s+(?:clean|prune)|brew\s+cleanup|(?:conda|mamba)\s+clean|"
                     r"cargo\s+cache\b|git\s+lfs\s+prune)\b")
_SSH_VALUE_OPTS = {"-p", "-i", "-l", "-o", "-F", "-J", "-L", "-R", "-D", "-c", "-m", "-b", "-E", "-e", "-S", "-W", "-w",
                   "-O", "-Q", "-B", "-I"}
_EXEC_VALUE_OPTS = {"-e", "--env", "-u", "--user", "-w", "--workdir", "--env-file", "--detach-keys", "-c", "--container",
                    "-n", "--namespace", "--context", "-f", "--filename"}
_NO_OUTPUT = {(":",), ("true",), ("false",), ("cat", "/dev/null"), ("echo", "-n"), ("printf", "")}


def check_unattended(name: str, words: list[str], segment: str, ctx: "Context") -> None:
    text = " ".join([name, *words[1:]])
    args = words[1:]
    if name == "rm":
        ctx.ask(f"`{segment}` deletes files{' recursively or by force' if _forced_rm(args) else ''}")
    elif name in _DELETERS:
        ctx.ask(f"`{segment}` {_DELETERS[name]}")
    elif name == "truncate" and _any_exists(args, {"-s", "--size", "-r", "--reference"}, ctx):
        ctx.ask(f"`{segment}` truncates files")
    elif name == "find" and "-delete" in args:
        ctx.ask(f"`{segment}` deletes the files it finds")
    elif name == "rsync" and any(a.startswith(("--delete", "--del")) for a in args) and not \
            ("--dry-run" in args or any(re.fullmatch(r"-[a-zA-Z]*n[a-zA-Z]*", a) for a in args)):  # -n: a dry run
        ctx.ask(f"`{segment}` deletes files in the destination that the source lacks")
    elif name in ("mv", "cp", "ln", "install"):
        _overwrites(name, args, segment, ctx)
    elif name == "git":
        _git(args, segment, ctx)
    elif name in ("kill",) and _signals_others(args):
        ctx.ask(f"`{segment}` signals processes this command did not start")
    elif name == "crontab" and ("-l" not in args or {"-r", "-e", "-ir", "-ri"} & set(args)):
        ctx.ask(f"`{segment}` replaces or removes the crontab")
    elif name in ("chattr", "setfacl"):
        ctx.ask(f"`{segment}` changes permissions or ownership")
    remote = _remote_command(name, args)
    if remote and name == "ssh":
        ctx.ask(f"`{segment}` runs a command on another machine")
    elif remote:  # docker/kubectl exec: the same rules for what it does in the container, whose files are all its own
        from terminus_edge.policy.rules import analyse

        line = shlex.join(remote) + (" < /dev/stdin" if ctx.stdin else "")  # `docker exec -i db psql < x.sql`
        verdicts, _ = analyse(line, Path("/"), [Path("/")], unattended=True)
        for _, reason in verdicts:  # a deny there (rm -rf / in the container) is not this machine's: asked
            ctx.ask(f"`{segment}` in the container: {reason}")
    if _CACHES.search(text):
        ctx.ask(f"`{segment}` deletes a download cache (offline, it cannot be fetched again)")
    if _compose_destroys(name, args):
        ctx.ask(f"`{segment}` deletes or stops containers, cluster or cloud resources")
    if name == "go" and args[:1] == ["clean"] and "-modcache" in args:
        ctx.ask(f"`{segment}` deletes the Go module cache")
    if name in _SQL_CLIENTS or name in ("dropdb", "dropuser"):
        _database(name, words, segment, ctx)
    if name == "pnpm":  # pnpm's -r is --recursive, not pip's -r requirements.txt
        text = re.sub(r"(?<=\s)-r(?=\s|$)", "--recursive", text)
    for pattern, reason in ((_PACKAGES, "installs, removes or publishes packages"),
                            (_PACMAN, "installs, removes or publishes packages"),
                            (_CLOUD, "deletes or stops containers, cluster or cloud resources"),
                            (_SERVICES, "stops or changes system services"),
                            (_SYSTEM, "changes the system's configuration")):
        if pattern.search(text):
            ctx.ask(f"`{segment}` {reason}")


def check_truncation(words: list[str], writes: list[str], appends: list[str], segment: str, ctx: "Context") -> None:
    """The shell truncates a `>`, `>|`, `&>` or `N>` target before the command runs: onto an existing regular file it
    asks, as tee onto one does (policy.rewrites). Appending (`>>`, like tee -a), /dev/*, a new file and `$(mktemp)` lose
    nothing. The reason says which loss: a bare redirect (`> f`, `: > f`) empties f, `sort f > f` empties it before sort
    reads it, and any other command's output replaces it."""
    bare = not words or tuple(words) in _NO_OUTPUT
    for target in writes:
        if target in appends or target.startswith("/dev/"):
            continue
        path = ctx.resolve(target)
        if path is None or not path.is_file():
            continue
        if bare:
            ctx.ask(f"`{segment}` truncates the existing file {target}")
        elif any(w == target or not w.startswith("-") and ctx.resolve(w) == path for w in words[1:64]):
            ctx.ask(f"`{segment}` empties {target} before reading it (the shell truncates it first)")
        else:
            ctx.ask(f"`{segment}` overwrites the existing file {target} (the shell truncates it first)")


def _overwrites(name: str, args: list[str], segment: str, ctx: "Context") -> None:
    from terminus_edge.policy.checks import _split, _target_dir

    opts, operands = _split(args, {"-t", "--target-directory", "-S", "--suffix", "-m", "-o", "-g", "--mode",
                                   "--owner", "--group"})
    short = {c for o in opts if o.startswith("-") and not o.startswith("--") for c in o[1:]}
    if name == "install" and "d" in short:
        return
    # cp/mv -n keep the file; ln -n is --no-dereference (`ln -sfn` replaces the link all the same)
    if short & ({"b"} if name == "ln" else {"n", "b"}) or {"--no-clobber", "--update=none", "--backup"} & set(opts) or \
            any(o.startswith("--backup=") for o in opts) or (name == "ln" and not ("f" in short or "--force" in opts)):
        return
    dests = _target_dir(opts)
    sources = operands if dests else operands[:-1]
    dests = dests or operands[-1:]
    if not sources:
        return
    for dest in dests:
        if name == "mv" and dest == "/dev/null":
            ctx.ask(f"`{segment}` deletes {' '.join(sources)} (moves it to /dev/null)")
            continue
        path = ctx.resolve(dest) if not re.search(r"[*?\[]", dest) and not dest.startswith("/dev/") else None
        if path is None or not os.path.lexists(path):
            continue
        if path.is_dir() and not (name == "ln" and "n" in short):
            hits = [s for s in sources if not re.search(r"[*?\[]", s) and os.path.lexists(path / os.path.basename(s.rstrip("/")))]
            if hits:
                ctx.ask(f"`{segment}` overwrites {', '.join(str(path / os.path.basename(h.rstrip('/'))) for h in hits)}")
        else:
            ctx.ask(f"`{segment}` overwrites the existing file {dest}")


def _git(args: list[str], segment: str, ctx: "Context") -> None:
    from terminus_edge.policy.checks import _GIT_VALUE_OPTS

    at = 0
    while at < len(args) and args[at].startswith("-"):
        at += 2 if args[at] in _GIT_VALUE_OPTS else 1
    if at >= len(args):
        return
    sub, rest = args[at], args[at + 1:]
    short = {c for o in rest if o.startswith("-") and not o.startswith("--") for c in o[1:]}
    operands = [a for a in rest if not a.startswith("-")]
    reason = None
    if sub == "branch" and ("D" in short or ({"d", "--delete"} & (short | set(rest)) and ({"f"} & short or "--force" in rest))):
        reason = "deletes a branch that may not be merged"
    elif sub == "branch" and ("M" in short or "C" in short or {"-f", "--force"} & set(rest) and operands):
        reason = "overwrites an existing branch"
    elif sub == "remote" and (operands[:1] in (["remove"], ["rm"], ["rename"], ["set-url"], ["set-head"], ["set-branches"])
                              or operands[:1] == ["prune"] and not {"-n", "--dry-run"} & set(rest)
                              or operands[:1] == ["update"] and {"-p", "--prune"} & set(rest)):
        reason = "changes or drops the repository's remotes"
    elif sub == "tag" and ("d" in short or "--delete" in rest):
        reason = "deletes a tag"
    elif sub == "rm" and "--cached" not in rest:
        reason = "deletes files from the working tree"
    elif sub == "restore" and not ({"--staged", "-S"} & set(rest) and not {"--worktree", "-W"} & set(rest)):
        reason = "discards uncommitted changes"
    elif sub in ("checkout", "switch") and ("f" in short or {"--force", "--discard-changes"} & set(rest)):
        reason = "discards uncommitted changes"
    elif sub == "checkout" and any(o == "." or (ctx.resolve(o) or ctx.root).is_file() for o in operands):
        reason = "discards uncommitted changes"
    elif sub == "worktree" and operands[:1] == ["remove"] or sub == "submodule" and operands[:1] == ["deinit"] \
            and ("f" in short or "--force" in rest):
        reason = "deletes a worktree or submodule checkout"
    elif sub == "reset" and ({"--soft", "--mixed", "--keep", "--merge"} & set(rest) or
                             any(re.search(r"[~^]|@\{|^[0-9a-f]{7,40}$|^(?:origin|upstream)/", o) for o in operands)):
        reason = "moves the branch and drops commits from it"
    elif sub == "reflog" and operands[:1] in (["expire"], ["delete"]) or sub == "update-ref" and "d" in short or \
            sub == "gc" and any(a.startswith("--prune") and a not in ("--prune", "--no-prune") for a in rest) or \
            sub in ("filter-branch", "filter-repo", "replace"):
        reason = "changes git history or the work in progress"
    elif sub in ("merge", "pull", "cherry-pick", "revert", "am") and "--help" not in rest:
        reason = "changes git history or the work in progress"  # commits as `git commit` does, or rewrites files
    elif sub == "apply" and not {"--check", "--stat", "--numstat", "--summary"} & set(rest):
        reason = "edits files in place with a patch"
    if reason:
        ctx.ask(f"`{segment}` {reason}")


def _remote_command(name: str, args: list[str]) -> list[str]:
    """The command `ssh HOST CMD`, `docker exec CONTAINER CMD`, `docker compose exec SERVICE CMD` or
    `kubectl exec POD -- CMD` runs elsewhere."""
    if name == "ssh":
        operands, at = [], 0
        while at < len(args) and not operands:
            if args[at].startswith("-"):
                at += 2 if args[at] in _SSH_VALUE_OPTS else 1
            else:
                operands, at = [args[at]], at + 1
        return args[at:]
    if name in ("docker", "podman", "nerdctl") and args[:1] == ["exec"] or \
            name in ("docker", "podman") and args[:2] in (["container", "exec"], ["compose", "exec"]) or \
            name in ("docker-compose", "podman-compose") and args[:1] == ["exec"]:
        rest = args[args.index("exec") + 1:]
        at = 0
        while at < len(rest) and rest[at].startswith("-"):
            at += 2 if rest[at] in _EXEC_VALUE_OPTS else 1
        return rest[at + 1:]
    if name in ("kubectl", "oc") and "exec" in args and "--" in args:
        return args[args.index("--") + 1:]
    return []


def _forced_rm(args: list[str]) -> bool:
    from terminus_edge.policy.checks import _split

    opts = _split(args)[0]
    return bool({"--recursive", "--force"} & set(opts)) or any(
        c in "rRf" for o in opts if not o.startswith("--") for c in o[1:])


def _any_exists(args: list[str], value_opts: set[str], ctx: "Context") -> bool:
    from terminus_edge.policy.checks import _split

    for target in _split(args, value_opts)[1]:
        path = ctx.resolve(target)
        if path is None or os.path.lexists(path):
            return True
    return False


def _compose_destroys(name: str, args: list[str]) -> bool:
    """docker compose rm/kill/stop, and down when it takes volumes or images with it (-v, --volumes, --rmi)."""
    if not (name == "docker-compose" or name in ("docker", "podman") and "compose" in args[:3]):
        return False
    sub = next((a for a in args if a in ("down", "rm", "kill", "stop")), None)
    return sub in ("rm", "kill", "stop") or sub == "down" and any(
        a in ("-v", "--volumes") or a.startswith("--rmi") for a in args)


def _signals_others(args: list[str]) -> bool:
    """`kill %1` and `kill $!` name the command's own jobs; `kill PID` one that an earlier command run here left
    running in the background (leftover_processes: its answer named the PID) is the agent's own too."""
    if not args or args[0] in ("-l", "-L", "--list", "-0", "-s0"):
        return False
    operands = [a for a in args if not a.startswith("-") or re.fullmatch(r"-\d+", a) and a not in args[:1]]
    return any(not (a.startswith("%") or a == "$!" or a.isdigit() and _left_here(int(a))) for a in operands)


def _left_here(pid: int) -> bool:
    from terminus_edge.leftover_processes import left_here

    return left_here(pid)


def _database(name: str, words: list[str], segment: str, ctx: "Context") -> None:
    if name in ("dropdb", "dropuser"):
        ctx.ask(f"`{segment}` drops a database or its data")
        return
    texts = words[1:] + ([ctx.line] if ctx.line else [])
    for text in texts:
        statements = text.split(";")
        if _SQL_DROP.search(text) or any(_SQL_UNFILTERED.search(s) and not re.search(r"\bwhere\b", s, re.I)
                                         for s in statements):
            ctx.ask(f"`{segment}` drops a database or its data")
            return
