"""Files a tool writes through its own output option, judged like the shell's `> FILE`.

check_outputs(name, words, segment, ctx) runs on every simple command (wrappers and launchers looked through). The
files named by a tool's output option (`curl -o F`, `wget -O F`, `sort -o F`, `pandoc -o F`, `gcc -o F`, `openssl …
-out F`, `esbuild --outfile=F`, `tar -cf F`, `pg_dump -f F`, `curl -O URL`'s last path part …; any tool's
`--output-file`/`--outfile`/`--out-file`) are checked as writes (outside the working tree: denied; a disk device: a
catastrophe; a name holding a variable is not asked about, as before), and with nobody watching an existing regular file there asks: the tool replaces it as `> F` would
(policy.unattended.check_truncation). `-` (stdout), /dev/*, `$(mktemp)` and a directory are no overwrite. A
compiler or linker writing over an existing executable, object file or archive (by its first bytes, or a name with no
suffix or an object's suffix) replaces only what a build made, and stays allowed; over any other file (`gcc -o
notes.txt`, `cc -o main.c`) it asks.

Options are read per tool, never by letter alone: `-o` is grep's --only-matching, ps's format, ssh's option.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from terminus_edge.shell_syntax import FRESH_TEMP

if TYPE_CHECKING:
    from terminus_edge.policy.rules import Context

_COMPILERS = {"gcc", "g++", "cc", "c++", "clang", "clang++", "gfortran", "ld", "ld.lld", "ld.gold", "lld", "as",
              "nvcc", "tcc", "emcc", "em++", "rustc", "swiftc", "cpp", "nasm", "yasm", "go", "strip", "zig", "ghc",
              "ocamlopt", "ocamlc", "fpc", "dmd", "ldc2", "gnatmake", "crystal", "nim"}
# tool -> (short output letters, short letters that take a value (a bundle stops there), long output options).
# A tool with a bundle letter set reads getopt bundles (`-sSLo F`, `-uo F`); the others only `-o F` and `-oF`.
_GETOPT = {
    "curl": ("o", "dHuXAeFTwxbcDKmrCEYyzQtUPEh", ("--output",)),
    "wget": ("Oo", "OoaeiBPQtTwUlARDIXh", ("--output-document", "--output-file")),
    "sort": ("o", "kotST", ("--output",)),
    "shuf": ("o", "nio", ("--output",)),
    "gpg": ("o", "orRuf", ("--output",)), "gpg2": ("o", "orRuf", ("--output",)),
    "iconv": ("o", "oft", ("--output",)),
}
_WORDS = {  # tool -> output options read as whole words (`-o F`, `-oF` for a single-letter one, `--long=F`)
    **{c: ("-o",) for c in _COMPILERS},
    "pandoc": ("-o", "--output"), "terser": ("-o", "--output"), "uglifyjs": ("-o", "--output"),
    "esbuild": ("--outfile",), "tsc": ("--outFile",), "babel": ("-o", "--out-file"), "rollup": ("-o", "--file"),
    "browserify": ("-o", "--outfile"), "postcss": ("-o", "--output"), "tailwindcss": ("-o", "--output"),
    "csso": ("-o", "--output"), "cleancss": ("-o",), "html-minifier": ("-o", "--output"), "svgo": ("-o", "--output"),
    "openssl": ("-out", "-keyout"), "age": ("-o", "--output"), "pip-compile": ("-o", "--output-file"),
    "pg_dump": ("-f", "--file"), "pg_dumpall": ("-f", "--file"), "mysqldump": ("-r", "--result-file"),
    "msgfmt": ("-o", "--output-file"), "xsltproc": ("-o", "--output"), "xmllint": ("--output",), "dot": ("-o",),
    "asciidoctor": ("-o", "--out-file"),
}
_SUBCOMMANDS = {  # tool subcommand… -> output options
    ("uv", "pip", "compile"): ("-o", "--output-file"), ("uv", "export"): ("-o", "--output-file"),
    ("poetry", "export"): ("-o", "--output"), ("pdm", "export"): ("-o", "--output"),
    ("git", "archive"): ("-o", "--output"), ("docker", "save"): ("-o", "--output"),
    ("docker", "image", "save"): ("-o", "--output"), ("docker", "export"): ("-o", "--output"),
    ("docker", "container", "export"): ("-o", "--output"), ("podman", "save"): ("-o", "--output"),
    ("podman", "export"): ("-o", "--output"), ("coverage", "xml"): ("-o",), ("coverage", "json"): ("-o",),
    ("coverage", "lcov"): ("-o",), ("git", "diff"): ("--output",), ("git", "log"): ("--output",),
    ("git", "show"): ("--output",),
}
_ANY = ("--output-file", "--outfile", "--out-file")
_TAR_VALUES = "fbCgKLNTVXIH"
_BUILT = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"\xfe\xed\xfa",
          b"!<arch>\n", b"\x00asm")


def output_files(name: str, words: list[str]) -> list[str]:
    """The files `words` writes through its own output options (in the order given)."""
    args = words[1:]
    if name in ("tar", "bsdtar", "gtar"):
        return _tar_created(args)
    if name in _GETOPT:
        found = _getopt(args, *_GETOPT[name])
        if name == "curl" and (any(re.fullmatch(r"-[a-zA-Z]*O[a-zA-Z]*", a) for a in args) or
                               {"--remote-name", "--remote-name-all"} & set(args)):
            found += [os.path.basename(urlsplit(a).path) for a in args if re.match(r"[a-z]+://", a)
                      and os.path.basename(urlsplit(a).path)]
        return found
    operands = tuple(a for a in args[:4] if not a.startswith("-"))
    options = next((v for k, v in _SUBCOMMANDS.items() if k[0] == name and operands[:len(k) - 1] == k[1:]), None)
    options = (options if options is not None else _WORDS.get(name, ())) + _ANY
    return _words(args, options)


def check_outputs(name: str, words: list[str], segment: str, ctx: "Context") -> None:
    for target in output_files(name, words):
        if not target or target == "-" or target == FRESH_TEMP:
            continue
        path = None if target.startswith("/dev/") else ctx.resolve(target)
        if path is not None or target.startswith("/dev/"):  # a name not known (`dist/app-$V.tgz`): no more than before
            ctx.check_write("writes its output to", target, segment)
        if not ctx.unattended or path is None or not path.is_file() or name in _COMPILERS and _built(path):
            continue
        ctx.ask(f"`{segment}` overwrites the existing file {target} (its output option)")


def _built(path) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return False
    # an executable's usual name has no suffix (`cc -o build/wc2`): a build output, whatever a fixture holds there
    return any(head.startswith(magic) for magic in _BUILT) or path.suffix in ("", ".o", ".a", ".so", ".obj", ".class",
                                                                               ".exe", ".out", ".bin", ".wasm", ".dll")


def _words(args: list[str], options: tuple[str, ...]) -> list[str]:
    out = []
    for at, a in enumerate(args):
        if a == "--":
            break
        key, eq, value = a.partition("=")
        if key in options and eq:
            out.append(value)
        elif a in options and at + 1 < len(args):
            out.append(args[at + 1])
        elif len(a) > 2 and a[:2] in options and not a.startswith("--"):
            out.append(a[2:])  # -oFILE
    return out


def _getopt(args: list[str], letters: str, values: str, longs: tuple[str, ...]) -> list[str]:
    out, at = [], 0
    while at < len(args):
        a = args[at]
        if a == "--":
            break
        if a.startswith("--"):
            key, eq, value = a.partition("=")
            if key in longs:
                out.append(value if eq else (args[at + 1] if at + 1 < len(args) else ""))
                at += not eq
        elif a.startswith("-") and len(a) > 1:
            for i, c in enumerate(a[1:], 1):
                if c in values or c in letters:
                    value = a[i + 1:] or (args[at + 1] if at + 1 < len(args) else "")
                    if c in letters:
                        out.append(value)
                    at += not a[i + 1:]
                    break
        at += 1
    return out


def _tar_created(args: list[str]) -> list[str]:
    """The archive `tar` creates (c / --create; not r/u, which append to it)."""
    if not args:
        return []
    key = args[0]
    old_style = not key.startswith("-")
    creates = "--create" in args or (old_style and "c" in key) or any(
        re.fullmatch(r"-[a-zA-Z]*c[a-zA-Z]*", a) for a in args if not a.startswith("--"))
    if not creates:
        return []
    if old_style:  # `tar cvf x.tar dir`: the key's value letters take the next words in order
        takers = [c for c in key if c in _TAR_VALUES]
        return [args[1 + takers.index("f")]] if "f" in takers and 1 + takers.index("f") < len(args) else []
    return _getopt(args, "f", _TAR_VALUES, ("--file",))
