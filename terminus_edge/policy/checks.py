"""Per-command rules for the approval policy: which arguments a command writes, and what is never OK.

check_simple(name, words, segment, ctx) records verdicts on ctx (a policy.rules.Context).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from terminus_edge.policy.rules import Context

_DISK_TOOLS = {"mkswap", "wipefs", "fdisk", "sfdisk", "cfdisk", "parted", "gdisk", "sgdisk", "badblocks"}
_POWER = {"shutdown", "reboot", "halt", "poweroff"}
# Folders whose loss (or a recursive chmod/chown of) breaks the machine or loses the user's data
SYSTEM_DIRS = {"/" + d for d in "bin boot dev etc home lib lib32 lib64 libx32 opt proc root sbin srv sys usr var snap "
               "Applications Library System Users Volumes private".split()}
_PUBLISH = {("npm", "publish"), ("yarn", "publish"), ("pnpm", "publish"), ("twine", "upload"), ("docker", "push"),
            ("cargo", "publish"), ("gem", "push"), ("poetry", "publish"), ("uv", "publish"), ("podman", "push")}
_GIT_VALUE_OPTS = {"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path"}


def _split(args: list[str], value_opts: frozenset[str] | set[str] = frozenset()) -> tuple[list[str], list[str]]:
    """(options, operands); `--` ends options; options in value_opts consume the next word."""
    opts, operands, i = [], [], 0
    while i < len(args):
        a = args[i]
        if a == "--":
            operands += args[i + 1:]
            break
        if a.startswith("-") and a != "-":
            opts.append(a)
            if a in value_opts and i + 1 < len(args):
                opts.append(args[i + 1])
                i += 1
        else:
            operands.append(a)
        i += 1
    return opts, operands


def _short_flags(opts: list[str]) -> set[str]:
    return {c for o in opts if o.startswith("-") and not o.startswith("--") for c in o[1:]}


def _rm(words: list[str], segment: str, ctx: "Context") -> None:
    opts, targets = _split(words[1:])
    if "--no-preserve-root" in opts:
        ctx.deny(f"`{segment}` disables rm's protection of /", catastrophic=True)
    recursive = bool(_short_flags(opts) & {"r", "R"}) or "--recursive" in opts
    home = Path(os.path.realpath(Path.home()))
    for target in targets:
        path = ctx.resolve(target)
        everything = bool(re.search(r"(?:^|/)\.?\*$", target))  # `dir/*`: all of dir's contents
        if path is None:
            ctx.ask(f"`{segment}`: cannot check what {target!r} deletes (unexpanded variable or unknown directory)")
        elif path == Path("/") and (everything or not _globbed(target)):
            ctx.deny(f"`{segment}` would delete the whole filesystem", catastrophic=True)
        elif recursive and (path == home or path in home.parents) and (everything or not _globbed(target)):
            ctx.deny(f"`{segment}` would delete the home directory", catastrophic=True)
        elif recursive and str(path) in SYSTEM_DIRS and (everything or not _globbed(target)):
            ctx.deny(f"`{segment}` would delete {path}, a system folder", catastrophic=True)
        elif path in ctx.root.parents or (path == ctx.root and not _globbed(target)):
            ctx.deny(f"`{segment}` would delete the working tree or a directory holding it")
        elif path == ctx.root and everything and recursive:
            ctx.ask(f"`{segment}` deletes everything in the working tree")
        elif path in ctx.writable and not _globbed(target):
            ctx.deny(f"`{segment}` would delete {path} entirely")
        else:
            ctx.check_write("deletes", target, segment)


def _globbed(target: str) -> bool:
    return re.search(r"[*?\[]", target) is not None


def _all_operands(what: str, value_opts: set[str] = frozenset()):
    def check(words: list[str], segment: str, ctx: "Context") -> None:
        opts, operands = _split(words[1:], value_opts)
        for target in operands + _target_dir(opts):
            ctx.check_write(what, target, segment)
    return check


def _target_dir(opts: list[str]) -> list[str]:
    out = [opts[i + 1] for i, o in enumerate(opts[:-1]) if o in ("-t", "--target-directory")]
    return out + [o.split("=", 1)[1] for o in opts if o.startswith("--target-directory=")]


def _destination(what: str):
    """cp/ln/install/rsync/scp: the last operand (or -t DIR) is written."""
    def check(words: list[str], segment: str, ctx: "Context") -> None:
        opts, operands = _split(words[1:], {"-t", "--target-directory", "-m", "-o", "-g", "-e", "-S"})
        dests = _target_dir(opts) or (operands[-1:] if len(operands) >= 2 else [])
        for dest in dests:
            if not re.match(r"^[\w.-]+(?:@[\w.-]*)?:", dest):  # host:path is remote, not ours to judge
                ctx.check_write(what, dest, segment)
    return check


def _chmod(words: list[str], segment: str, ctx: "Context") -> None:
    opts, operands = _split(words[1:])
    if not any(o.startswith("--reference") for o in opts):
        operands = operands[1:]  # the mode / owner
    recursive = bool(_short_flags(opts) & {"R"}) or "--recursive" in opts
    for target in operands:
        path = ctx.resolve(target)
        if recursive and path is not None and _whole_system(path):
            ctx.deny(f"`{segment}` changes permissions of {path}, outside the working tree (everything under it)",
                     catastrophic=True)
        else:
            ctx.check_write("changes permissions of", target, segment)


def _whole_system(path: Path) -> bool:
    """/, a top-level system folder, or the home directory (or one holding it)."""
    home = Path(os.path.realpath(Path.home()))
    return path == Path("/") or str(path) in SYSTEM_DIRS or path == home or path in home.parents


def _dd(words: list[str], segment: str, ctx: "Context") -> None:
    for w in words[1:]:
        if w.startswith("of="):
            ctx.check_write("writes to", w[3:], segment)


def _in_place(words: list[str], segment: str, ctx: "Context") -> None:
    """sed -i / perl -i: the files after the script are rewritten."""
    args = words[1:]
    if not any(a.startswith("-i") or a == "--in-place" or (a.startswith("-") and not a.startswith("--")
                                                         and "i" in a[1:]) for a in args):
        return
    opts, operands = _split(args, {"-e", "-f", "--expression", "--file", "-E"})
    if not any(o in ("-e", "-f", "--expression", "--file") for o in opts) and not any(
            o.startswith("-") and not o.startswith("--") and "e" in o for o in opts):
        operands = operands[1:]  # the script
    for target in operands:
        ctx.check_write("edits", target, segment)


_FIND_TESTS = set("name iname path ipath wholename iwholename regex iregex newer anewer cnewer mtime mmin atime amin "
                  "ctime cmin size user group uid gid perm empty links inum samefile lname ilname nouser nogroup "
                  "newermt".split())


def _find(words: list[str], segment: str, ctx: "Context") -> None:
    args = words[1:]
    starts = []
    for a in args:
        if a.startswith(("-", "(", "!")):
            break
        starts.append(a)
    destructive = "-delete" in args or any(
        a in ("-exec", "-execdir", "-ok") and i + 1 < len(args) and os.path.basename(args[i + 1]) in
        ("rm", "mv", "shred", "unlink", "chmod", "chown") for i, a in enumerate(args))
    for i, a in enumerate(args):  # the commands run by -exec/-execdir/-ok are checked like any other
        if a in ("-exec", "-execdir", "-ok", "-okdir") and i + 1 < len(args):
            inner = args[i + 1:]
            end = next((j for j, w in enumerate(inner) if w in (";", "+")), len(inner))
            if inner[:end]:
                ctx.check_inner(inner[:end], segment)
    if destructive:
        for start in starts or ["."]:
            path = ctx.resolve(start)
            everything = path is not None and "-delete" in args and _whole_system(path) and not any(
                a.lstrip("-") in _FIND_TESTS for a in args)  # `find / -delete`, not `find / -name x.log -delete`
            if path is not None and (path == Path("/") or path in ctx.root.parents):
                ctx.deny(f"`{segment}` deletes under {path}, which holds the working tree", catastrophic=everything)
            elif everything:
                ctx.deny(f"`{segment}` deletes everything under {path}", catastrophic=True)
            else:
                ctx.check_write("deletes under", start, segment)


def _tar(words: list[str], segment: str, ctx: "Context") -> None:
    args = words[1:]
    mode = args[0].lstrip("-") if args else ""
    extracting = ("x" in mode and not mode.startswith("-")) or "--extract" in args or "-x" in args or \
        any(re.match(r"^-[a-zA-Z]*x", a) for a in args)
    if extracting:
        for i, a in enumerate(args):
            if a in ("-C", "--directory") and i + 1 < len(args):
                ctx.check_write("extracts into", args[i + 1], segment)
            elif a.startswith("--directory="):
                ctx.check_write("extracts into", a.split("=", 1)[1], segment)


def _downloader(words: list[str], segment: str, ctx: "Context") -> None:
    args = words[1:]
    for i, a in enumerate(args):
        value = args[i + 1] if i + 1 < len(args) else ""
        if a in ("-o", "--output", "-O" if words[0].endswith("wget") else "--output",
                 "--output-document", "-P", "--directory-prefix"):
            ctx.check_write("downloads to", value, segment)
        elif re.match(r"^-[a-zA-Z]*o$", a) and not words[0].endswith("wget"):
            ctx.check_write("downloads to", value, segment)
        elif a.startswith(("--output=", "--output-document=", "--directory-prefix=")):
            ctx.check_write("downloads to", a.split("=", 1)[1], segment)


def _git(words: list[str], segment: str, ctx: "Context") -> None:
    opts, rest = [], words[1:]
    while rest and rest[0].startswith("-"):
        takes = rest[0] in _GIT_VALUE_OPTS
        rest = rest[2:] if takes else rest[1:]
    if not rest:
        return
    sub, args = rest[0], rest[1:]
    opts, operands = _split(args, {"-o", "--push-option", "--repo", "--receive-pack", "--exec"})
    if sub == "push":
        forced = [o for o in opts if o in ("--force", "--mirror", "--force-if-includes") or
                  o.startswith("--force-with-lease")] + (["-f"] if "f" in _short_flags(opts) else [])
        forced += [r for r in operands[1:] if r.startswith("+")]
        if forced:
            ctx.deny(f"`{segment}` force-pushes ({', '.join(forced)}) and can destroy remote history")
        elif "--delete" in opts or "-d" in opts or any(r.startswith(":") for r in operands[1:]):
            ctx.ask(f"`{segment}` deletes a remote branch or tag")
    elif sub == "reset" and "--hard" in opts:
        ctx.ask(f"`{segment}` discards uncommitted changes")
    elif sub == "clean" and not ("n" in _short_flags(opts) or "--dry-run" in opts or "--help" in opts) and \
            ("f" in _short_flags(opts) or "--force" in opts or ctx.unattended):  # -n lists only, even with -f
        ctx.ask(f"`{segment}` deletes untracked files")
    elif sub in ("clone", "worktree") and operands:
        # clone <url> <dir>; worktree add <path> [<branch>]
        dest = operands[1:2] if sub == "clone" or operands[0] == "add" else []
        for target in dest:
            ctx.check_write("creates", target, segment)
    elif sub == "config" and ("--global" in opts or "--system" in opts):
        ctx.ask(f"`{segment}` changes git configuration outside the working tree")


def _kill(words: list[str], segment: str, ctx: "Context") -> None:
    if "-1" in words[1:] or (words[0] != "kill"):
        (ctx.deny if "-1" in words[1:] else ctx.ask)(f"`{segment}` signals processes beyond this command")


_HANDLERS: dict[str, Callable[[list[str], str, "Context"], None]] = {
    "rm": _rm, "rmdir": _all_operands("deletes"), "unlink": _all_operands("deletes"),
    "shred": _all_operands("overwrites", {"-n", "-s"}), "mv": _all_operands("moves", {"-t", "-S"}),
    "touch": _all_operands("creates", {"-d", "-r", "-t"}), "mkdir": _all_operands("creates", {"-m"}),
    "tee": _all_operands("writes to"), "truncate": _all_operands("truncates", {"-s", "-r"}),
    "cp": _destination("copies into"), "ln": _destination("links into"),
    "install": _destination("installs into"), "rsync": _destination("syncs into"), "scp": _destination("copies into"),
    "chmod": _chmod, "chown": _chmod, "chgrp": _chmod, "dd": _dd, "sed": _in_place, "perl": _in_place,
    "find": _find, "tar": _tar, "curl": _downloader, "wget": _downloader, "git": _git,
    "kill": _kill, "killall": _kill, "pkill": _kill,
}


_DEVICE_NAME = re.compile(r"(?:/dev/|\$|(?:sd|hd|vd|xvd|nvme|mmcblk|loop|md|dm-)[a-z0-9]*$)")


def _names_a_device(args: list[str]) -> bool:
    """Whether the operands name a device (/dev/…, a bare sdb1, or a $VARIABLE that may be one), or there are none
    to see; a disk image built in a file (`mkfs.ext4 disk.img`) is not a disk."""
    operands = [a for a in args if not a.startswith("-")]
    return not operands or any(_DEVICE_NAME.match(a) for a in operands)


def _erases_disk(name: str, args: list[str]) -> bool:
    """mkfs/mkswap, wipefs -a, sgdisk -Z/-o, parted's mklabel/rm, sfdisk --delete on a device: not the listing forms,
    and not a disk image in a file."""
    if not _names_a_device(args):
        return False
    if name.startswith("mkfs") or name == "mkswap":
        return not {"-V", "--version", "-h", "--help"} & set(args)
    flags = {a for a in args if a.startswith("-")} | {f"-{c}" for a in args if re.fullmatch(r"-[a-zA-Z]+", a) for c in a[1:]}
    return {"wipefs": {"-a", "--all", "-o", "--offset"}, "sgdisk": {"-Z", "--zap-all", "-o", "--clear", "-z", "--zap"},
            "sfdisk": {"--delete", "--wipe"}}.get(name, set()) & flags != set() or \
        name == "parted" and bool({"mklabel", "mktable", "rm"} & set(args))


def check_simple(name: str, words: list[str], segment: str, ctx: "Context") -> None:
    if name.startswith("mkfs") or name in _DISK_TOOLS:
        ctx.deny(f"`{segment}` formats or repartitions disks", catastrophic=_erases_disk(name, words[1:]))
    elif name in _POWER or (name == "systemctl" and set(words[1:]) & {"poweroff", "reboot", "halt", "kexec"}) \
            or (name in ("init", "telinit") and words[1:2] in (["0"], ["6"])):
        ctx.deny(f"`{segment}` shuts down or reboots the machine")
    elif tuple(words[:2]) in _PUBLISH or (words[:3] == ["gh", "release", "create"]):
        ctx.ask(f"`{segment}` publishes outside this machine")
    elif name in ("npm", "pnpm", "yarn") and ("-g" in words or "--global" in words) and \
            set(words[1:3]) & {"install", "i", "add", "uninstall", "remove"}:
        ctx.ask(f"`{segment}` installs globally, outside the working tree")
    elif name in ("cd", "pushd"):
        ctx.change_dir(words[1] if len(words) > 1 else "~")
    handler = _HANDLERS.get(name)
    if handler is not None:
        handler(words, segment, ctx)
