"""Programs that read, list, search or change files, and the environment queries: what one of them does."""

from __future__ import annotations

import os
import re

from terminus_edge.subagent.purpose_text import Step, join_names, operands, option_value, quote_short

_READERS = {"cat": "show {files}", "bat": "show {files}", "less": "show {files}", "more": "show {files}",
            "nl": "show {files} with line numbers", "tac": "show {files} last line first",
            "head": "show the first {n}lines of {files}", "tail": "show the last {n}lines of {files}",
            "wc": "count the lines, words and bytes of {files}", "diff": "compare {files}", "cmp": "compare {files}",
            "sort": "sort the lines of {files}", "uniq": "show the lines of {files} without adjacent repeats",
            "cut": "cut fields out of the lines of {files}", "jq": "query the JSON in {files}",
            "awk": "process {files} with an awk program", "sed": "print {files} transformed by sed (unchanged on disk)",
            "xxd": "show the bytes of {files}", "hexdump": "show the bytes of {files}", "od": "show the bytes of {files}",
            "strings": "show the text strings in {files}", "file": "identify the file type of {files}",
            "stat": "show the size, dates and permissions of {files}", "tr": "translate characters of {files}",
            "sha256sum": "compute checksums of {files}", "md5sum": "compute checksums of {files}"}
_SHOWS = {"cat", "bat", "less", "more", "nl", "tac", "head", "tail", "xxd", "hexdump", "od", "strings", "file", "stat"}
_LISTERS = {"ls": "list the files in {paths}", "tree": "show the directory tree under {paths}",
            "du": "show the disk space used under {paths}"}
_INFO = {"pwd": "show the current directory", "whoami": "show the current user", "id": "show the current user's ids",
         "uname": "show the operating system and machine", "hostname": "show the machine's name",
         "date": "show the date and time", "env": "show the environment variables", "printenv": "show the environment "
         "variables{args}", "df": "show the free disk space", "free": "show the memory use", "ps": "list running "
         "processes", "uptime": "show how long the machine has been up", "nproc": "show the number of CPUs",
         "lscpu": "show the CPU details", "locale": "show the locale settings", "which": "find where {args} is installed",
         "whereis": "find where {args} is installed", "type": "find out what {args} is (program, alias or builtin)"}
_CHANGERS = {"touch": "create {files} if missing (empty), else update the modification time",
             "mkdir": "create the directory {files}", "rm": "delete {files}", "rmdir": "delete the empty directory {files}",
             "mv": "move (rename) {sources} to {target}", "cp": "copy {sources} to {target}",
             "ln": "create the link {target} to {sources}", "chmod": "change the permissions of {rest} to {first}",
             "chown": "change the owner of {rest} to {first}", "chgrp": "change the group of {rest} to {first}",
             "truncate": "change the size of {files}", "tee": "copy its input to {files}", "patch": "apply a patch to "
             "the files", "dd": "copy raw data ({files})", "unzip": "unpack {files}", "zip": "pack {rest} into {first}"}
SEARCHERS = {"grep", "egrep", "fgrep", "rg", "ag", "ack"}
# Programs that only read: a find -exec with one of them does not change files; never a test or a build.
READ_ONLY = set(_READERS) | set(_LISTERS) | set(_INFO) | SEARCHERS | {"echo", "printf", "find"}
FILE_PROGRAMS = READ_ONLY | set(_CHANGERS) | {"tar", "perl"}


def file_step(name: str, args: list[str], pipe_in: bool, heredoc: bool) -> Step | None:
    if name in SEARCHERS:
        return search([name] + args, name, args, pipe_in)
    if name == "find":
        return _find(args)
    if name in ("sed", "perl") and any(a.startswith("-i") or a == "--in-place" for a in args):
        script_given = name == "perl" or "-e" in args or "-f" in args
        files = operands(args, name)[0 if script_given else 1:]
        return Step("file-change", f"edit {join_names(files) if files else 'files'} in place with {name}")
    mode = args[0].lstrip("-") if name == "tar" and args and re.fullmatch(r"-?[A-Za-z]+", args[0]) else ""  # -xzf, czf
    if (name == "unzip" and "-l" in args) or "t" in mode:
        archive = operands(args[1:] if name == "tar" else args)[:1]
        return Step("read", f"list what is inside {join_names(archive or ['the archive'])}")
    if name == "tar" and args:
        verb = "pack files into" if "c" in mode else "unpack"
        return Step("file-change", f"{verb} an archive (tar {quote_short(' '.join(args), 40)})")
    if name in _CHANGERS:
        ops = operands(args, name)
        return Step("file-change", _CHANGERS[name].format(
            files=join_names(ops) if ops else "files", first=ops[0] if ops else "?", rest=join_names(ops[1:] or ["?"]),
            sources=join_names(ops[:-1] or ["?"]), target=ops[-1] if ops else "?") + (" recursively" if name == "rm" and any(
                re.match(r"^-\w*[rR]", a) or a == "--recursive" for a in args) else ""))
    if name == "sort" and option_value(args, ("-o",)):
        return Step("file-change", f"sort the lines of {join_names(operands(args, name))} into {option_value(args, ('-o',))}")
    if name in _READERS:
        return _read(name, args, pipe_in, heredoc)
    if name in _LISTERS:
        ops = operands(args, name)
        detail = " with sizes, dates and permissions" if name == "ls" and re.search(r"^-\w*l", " ".join(args)) else ""
        return Step("list", _LISTERS[name].format(paths=join_names(ops) if ops else "the current directory") + detail)
    if name in _INFO:
        ops = operands(args, name)
        shown = f" {join_names(ops)}" if name == "printenv" and ops else join_names(ops or ["it"])
        return Step("info", _INFO[name].format(args=shown))
    if name in ("echo", "printf"):
        return Step("print", f"print `{quote_short(' '.join(a for a in args if a not in ('-n', '-e')), 40)}`")
    return None


def _read(name: str, args: list[str], pipe_in: bool, heredoc: bool) -> Step:
    ops = operands(args, name)
    script = ops[0] if name in ("awk", "sed", "jq") and ops and not {"-e", "-f"} & set(args) else None
    ops = ops[1:] if script is not None else ops
    source = "the text that follows" if heredoc and not ops else "its input" if pipe_in or not ops else None
    files = source or join_names(ops)
    count = option_value(args, ("-n",)) or next((a[1:] for a in args if re.fullmatch(r"-\d+", a)), None)
    text = _READERS[name].format(files=files, n=f"{count.lstrip('+-')} " if count else "")
    lines = re.fullmatch(r"(\d+)(?:,(\d+|\$))?p", script or "") if name == "sed" and "-n" in args else None
    counted = "".join(dict.fromkeys("".join(a[1:] for a in args if re.fullmatch(r"-[lwcm]+", a))))
    if lines:
        text = f"show line {lines.group(1)} of {files}" if not lines.group(2) else \
            f"show lines {lines.group(1)}-{lines.group(2).replace('$', 'the end')} of {files}"
    elif name == "wc" and counted:
        units = {"l": "lines", "w": "words", "c": "bytes", "m": "characters"}
        text = f"count the {join_names([units[c] for c in counted])} of {files}"
    elif name == "cat" and source == "the text that follows":
        text = "show the text that follows"
    if name in ("diff", "cmp"):
        return Step("read", text, f"see how {files} differ")
    if source or not (lines or name in _SHOWS):
        return Step("read", text, "see the lines it prints" if name != "wc" else "see the counts")
    return Step("read", text, f"see what {files} contain{'s' if len(ops) == 1 else ''}")


def search(words: list[str], name: str, args: list[str], pipe_in: bool, where: str | None = None) -> Step:
    patterns = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-e", "--regexp")]
    ops = operands(args, "rg" if name in ("rg", "ag") else "grep")
    if not patterns:
        patterns, ops = ops[:1], ops[1:]
    recursive = name in ("rg", "ag", "ack") or any(re.match(r"^-\w*[rR]", a) or a == "--recursive" for a in args)
    place = where or (join_names(ops) if ops else "its input" if pipe_in or not recursive else "the current directory")
    shown = join_names(patterns, code=True) if patterns else "a pattern"
    return Step("search", f"search {place} for {shown}", f"find where {shown} {'occurs' if len(patterns) < 2 else 'occur'}")


def _find(args: list[str]) -> Step:
    roots = []
    for arg in args:
        if arg.startswith(("-", "(", "!")):
            break
        roots.append(arg)
    names = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-name", "-iname", "-path", "-regex")]
    what = f"files named {join_names(names, code=True)}" if names else "everything"
    text = f"find {what} under {join_names(roots or ['the current directory'])}"
    if "-delete" in args:
        return Step("file-change", text + ", and delete them")
    for flag in ("-exec", "-execdir", "-ok"):
        if flag in args:
            inner = [w for w in args[args.index(flag) + 1:] if w not in ("{}", "+", ";")]
            acting = bool(inner) and os.path.basename(inner[0]) not in READ_ONLY
            return Step("file-change" if acting else "search",
                        f"{text}, and run `{quote_short(' '.join(inner), 30)}` on each")
    return Step("search", text, f"find the {what} there")
