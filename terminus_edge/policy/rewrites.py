"""Tools that rewrite files they are given, judged with nobody watching (policy.unattended has the deletes).

check_rewrites(name, words, segment, ctx) records "ask" verdicts on ctx (a policy.rules.Context); decide(...,
unattended=True) runs it on every simple command, wrappers looked through. What asks:

- archive extraction that would overwrite: tar/bsdtar x, unzip, 7z x/e, jar x, unrar x/e, cpio -i, when a member of
  the archive exists at the destination (zip and tar members are listed; an archive that cannot be listed counts
  when the destination directory is not empty). No-overwrite flags (tar -k/--skip-old-files, unzip -n, 7z -aos/-aou)
  and listing, testing or printing (tar t, unzip -l/-t/-p, 7z l) stay allowed;
- in-place edits: sed -i, perl -i, ruby -i, gawk -i inplace, ex/ed/vi/vim scripts on an existing file, patch (not
  --dry-run);
- tee and sponge onto an existing file (`tee -a`/`sponge -a` append, like `>>`, and stay allowed, as do a new file and
  `$(mktemp)`); the shell's own `>` onto one is policy.unattended.check_truncation's, and asks alike;
- moves to the trash: trash, trash-put, gio trash/remove, kioclient move … trash:/, and emptying it.
"""

from __future__ import annotations

import os
import re
import tarfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from terminus_edge.shell_syntax import FRESH_TEMP

if TYPE_CHECKING:
    from terminus_edge.policy.rules import Context

_TRASH = {"trash", "trash-put", "gvfs-trash", "rmtrash", "trash-cli"}
_TRASH_EMPTY = {"trash-empty", "trash-rm"}
_KIO = {"kioclient", "kioclient5", "kioclient6", "kfmclient"}
_EDITORS = {"ex", "ed", "red", "vi", "vim", "nvim", "gvim"}
_LIST_MAX_BYTES = 16 << 20  # larger (or compressed past this) archives are not listed: the destination decides


def check_rewrites(name: str, words: list[str], segment: str, ctx: "Context") -> None:
    args = words[1:]
    if name in ("tar", "bsdtar", "gtar", "tar.exe"):
        _extract(segment, ctx, *_tar(args))
    elif name == "unzip":
        _extract(segment, ctx, *_unzip(args))
    elif name in ("7z", "7za", "7zr", "unrar", "jar"):
        _extract(segment, ctx, *_seven_zip(name, args))
    elif name == "cpio":
        _extract(segment, ctx, *_cpio(args))
    elif name in ("sed", "perl", "ruby", "gawk", "awk"):
        files = _in_place_files(name, args)
        if files:
            ctx.ask(f"`{segment}` edits {', '.join(files)} in place")
    elif name in _EDITORS:
        _editor(name, args, segment, ctx)
    elif name in ("tee", "sponge"):
        flags = {a for a in args if a.startswith("-")}
        if not ({"-a", "--append"} & flags or any(re.fullmatch(r"-[ip]*a[ip]*", f) for f in flags)):
            for target in _existing(ctx, [a for a in args if not a.startswith("-")]):
                ctx.ask(f"`{segment}` overwrites the existing file {target}")
    elif name == "patch" and not {"--dry-run", "--help", "--version"} & set(args):
        ctx.ask(f"`{segment}` edits files in place with a patch")
    _trash(name, args, segment, ctx)


def _existing(ctx: "Context", targets: list[str]) -> list[str]:
    """The targets that exist now, or that cannot be checked (unexpanded variable, find's `{}`)."""
    out = []
    for target in targets:
        if target.startswith("/dev/") or target == FRESH_TEMP:
            continue
        path = ctx.resolve(target) if target != "{}" else None
        if path is None or os.path.lexists(path):
            out.append(target)
    return out


def _tar(args: list[str]) -> tuple[str | None, str | None, bool]:
    """(archive, destination, keeps existing files) when extracting; (None, None, True) otherwise."""
    if not args:
        return None, None, True
    bundle = args[0] if not args[0].startswith("-") else ""  # `tar xzf a.tgz`: the old-style first word
    shorts = bundle + "".join(a[1:] for a in args if re.fullmatch(r"-[A-Za-z]+", a))
    extracting = "x" in shorts or {"--extract", "--get"} & set(args)
    stdout = "O" in shorts or any(a in ("--to-stdout", "-O") or a.startswith("--to-command") for a in args)
    if not extracting or stdout or "t" in shorts or "--list" in args:
        return None, None, True
    keeps = "k" in shorts or bool({"--keep-old-files", "--skip-old-files"} & set(args))
    archive, dest = None, "."
    for i, a in enumerate(args):
        value = args[i + 1] if i + 1 < len(args) else None
        if a in ("-C", "--directory") and value:
            dest = value
        elif a.startswith("--directory="):
            dest = a.split("=", 1)[1]
        elif a.startswith("--file="):
            archive = a.split("=", 1)[1]
        elif (a == "--file" or re.fullmatch(r"-[A-Za-z]*f", a) or i == 0 and bundle.endswith("f")) and value:
            archive = value
    return archive or "-", dest, keeps


def _unzip(args: list[str]) -> tuple[str | None, str | None, bool]:
    shorts = "".join(a[1:] for a in args if re.fullmatch(r"-[A-Za-z]+", a))
    if set(shorts) & set("ltvZpcz"):
        return None, None, True  # lists, tests or prints to stdout
    dest, archive, skip = ".", None, False
    for a in args:
        if skip:
            dest, skip = a, False
        elif a == "-d":
            skip = True
        elif a.startswith("-d") and len(a) > 2:
            dest = a[2:]
        elif not a.startswith("-") and archive is None:
            archive = a
    return archive, dest, "n" in shorts


def _seven_zip(name: str, args: list[str]) -> tuple[str | None, str | None, bool]:
    operands = [a for a in args if not a.startswith("-")]
    command = operands[0] if operands else ""
    if name == "jar":  # jar xf a.jar (like tar's old style)
        return (operands[1] if len(operands) > 1 and "f" in command else "-", ".", False) if "x" in command and \
            not command.startswith("-") else (None, None, True)
    if command not in ("x", "e"):
        return None, None, True
    dest = next((a[2:] for a in args if a.startswith("-o") and len(a) > 2), ".")
    if name == "unrar" and len(operands) > 2 and operands[-1].endswith(("/", os.sep)):
        dest = operands[-1]
    keeps = any(a in ("-aos", "-aou", "-aot") for a in args)
    return (operands[1] if len(operands) > 1 else None), dest, keeps


def _cpio(args: list[str]) -> tuple[str | None, str | None, bool]:
    shorts = "".join(a[1:] for a in args if re.fullmatch(r"-[A-Za-z]+", a))
    if not ("i" in shorts or "--extract" in args) or "t" in shorts or "--list" in args:
        return None, None, True
    dest = next((args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-D", "--directory")), ".")
    return "-", dest, False


def _extract(segment: str, ctx: "Context", archive: str | None, dest: str | None, keeps: bool) -> None:
    if archive is None or keeps:
        return
    where = ctx.resolve(dest or ".")
    if where is None:
        ctx.ask(f"`{segment}`: cannot check what extracting into {dest!r} overwrites")
        return
    if not where.is_dir() or not any(where.iterdir()):
        return  # a new or empty directory: nothing there to overwrite
    members = _members(ctx.resolve(archive) if archive != "-" else None)
    if members is None:
        ctx.ask(f"`{segment}` extracts into {dest}, which is not empty: files there may be overwritten")
        return
    hits = [m for m in members if os.path.lexists(where / m.lstrip("/"))]
    if hits:
        more = f" and {len(hits) - 3} more" if len(hits) > 3 else ""
        ctx.ask(f"`{segment}` overwrites {', '.join(hits[:3])}{more} in {dest}")


def _members(archive: Path | None) -> list[str] | None:
    """The files a zip or tar archive holds (directories left out: extracting into one overwrites nothing);
    None when it cannot be listed cheaply."""
    try:
        if archive is None or not archive.is_file() or archive.stat().st_size > _LIST_MAX_BYTES:
            return None
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as z:
                return [i.filename for i in z.infolist() if not i.is_dir()]
        with tarfile.open(archive, "r:*") as t:
            return [m.name for m in t.getmembers() if not m.isdir()]
    except (OSError, tarfile.TarError, zipfile.BadZipFile, EOFError, ValueError, RuntimeError):
        return None


def _in_place_files(name: str, args: list[str]) -> list[str]:
    """The files sed -i / perl -i / ruby -i / gawk -i inplace rewrite (empty when it does not edit in place)."""
    in_place, operands, script_given, i = False, [], False, 0
    value_opts = {"sed": {"-e", "-f", "--expression", "--file", "-l", "--line-length"},
                  "gawk": {"-f", "-v", "-F", "-E", "--file", "--assign", "--field-separator", "-i", "--include"}}
    value_opts["awk"] = value_opts["gawk"]
    while i < len(args):
        a = args[i]
        nxt = args[i + 1] if i + 1 < len(args) else ""
        if a == "--":
            operands += args[i + 1:]
            break
        if name in ("awk", "gawk") and a in ("-i", "--include"):
            in_place |= nxt.startswith("inplace")
            i += 1
        elif name in ("awk", "gawk") and (a.startswith("--include=inplace") or a.startswith("-iinplace")):
            in_place = True
        elif name == "sed" and (a.startswith("--in-place") or re.fullmatch(r"-[nrEsuz]*i.*", a)):
            in_place = True
        elif name in ("perl", "ruby") and re.fullmatch(r"-[A-Za-z0-9]+.*", a):
            edits, takes_code = _switch_bundle(a[1:])
            in_place |= edits
            script_given |= takes_code
            i += takes_code  # the code follows -e
        elif a.startswith("-") and a != "-":
            script_given |= a in ("-e", "-f", "--expression", "--file") or a.startswith("--expression=")
            if a in value_opts.get(name, ()):
                i += 1
        else:
            operands.append(a)
        i += 1
    if not in_place:
        return []
    if not script_given and operands:
        operands = operands[1:]  # sed 's/a/b/' f, awk '{…}' f, perl script.pl f: the first operand is the program
    # none named: find -exec and xargs add them (the parser cuts `{}` off), or sed fails for want of input
    return [o for o in operands if o != "-"] or ["the files it is given"]


def _switch_bundle(bundle: str) -> tuple[bool, bool]:
    """A perl/ruby switch bundle: (edits in place, the next word is code). -i takes the rest as a backup suffix
    (`-pie` is -p -i with suffix "e"); -e/-E take the next word; -M, -I, -r, … take the rest of the bundle."""
    for c in bundle:
        if c == "i":
            return True, False
        if c in "eE":
            return False, True
        if c in "MmIxdDCFrKTW":
            return False, False
    return False, False


def _editor(name: str, args: list[str], segment: str, ctx: "Context") -> None:
    """ex/ed/vim run on an existing file with nobody at the keyboard: whatever script drives them may write it."""
    if "-R" in args:
        return
    ex_mode = name == "ex" or bool({"-e", "-E", "-es", "-Es"} & set(args))
    values = {"-p", "--prompt"} if name in ("ed", "red") else \
        {"-c", "-S", "-u", "-i", "-T", "--cmd", "-w", "-W", "-U"} | (set() if ex_mode else {"-s"})
    files, at = [], 0
    while at < len(args):
        if args[at] in values:
            at += 1
        elif not args[at].startswith(("-", "+")):
            files.append(args[at])
        at += 1
    hits = _existing(ctx, files)
    if hits:
        ctx.ask(f"`{segment}` runs an editor script on {', '.join(hits)} (it may rewrite it)")


def _trash(name: str, args: list[str], segment: str, ctx: "Context") -> None:
    operands = [a for a in args if not a.startswith("-")]
    if name in _TRASH and "--help" not in args and "--version" not in args:  # find -exec/xargs add the files
        ctx.ask(f"`{segment}` moves files to the trash")
    elif name in _TRASH_EMPTY or name == "gio" and operands[:1] == ["trash"] and "--empty" in args:
        ctx.ask(f"`{segment}` deletes files from the trash for good")
    elif name == "gio" and operands[:1] == ["trash"] and len(operands) > 1:
        ctx.ask(f"`{segment}` moves files to the trash")
    elif name == "gio" and operands[:1] in (["remove"], ["rm"]) and len(operands) > 1:
        ctx.ask(f"`{segment}` deletes files")
    elif name in _KIO and operands[:1] in (["move"], ["mv"]) and any(o.startswith("trash:") for o in operands[2:]):
        ctx.ask(f"`{segment}` moves files to the trash")
    elif name in _KIO and operands[:1] in (["remove"], ["rm"]) and len(operands) > 1:
        ctx.ask(f"`{segment}` deletes files")
