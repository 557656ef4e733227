"""Compiler / linter diagnostics in the common layouts; the family parsers add their own totals.

GNU style   file:line[:col]: error|warning: message [-Wflag]      (gcc, clang, javac, mypy, ld, go vet, cppcheck, valac, doxygen)
paren style file(line,col): error CODE: message                    (tsc, msbuild / dotnet, csc)
rust style  error[E0308]: message / --> file:line:col             (rustc, cargo, clippy, new ruff, deno lint, zizmor, typos)
code style  file:line:col: CODE message                            (ruff concise, flake8, pylint)
place first file:line:col: / source / caret / Error: message         (gfortran)
"""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic

SEVERITIES = {"fatal error": "error", "error": "error", "warning": "warning", "fatal": "error", "err": "error", "warn": "warning",
              # cppcheck's lesser levels: kept as they are, not counted as errors or warnings
              "style": "style", "performance": "performance", "portability": "portability", "information": "info"}

# gcc's and binutils' levels under LANG=de/fr/es/sv/da/fi/tr/nl/hr/sr/ru/uk/el/id/ja (from gcc 12's message catalogs).
LOCALIZED_SEVERITIES = {
    "error": ("fehler", "erreur", "fout", "fel", "fejl", "virhe", "hata", "greška", "грешка", "ошибка", "помилка", "σφάλμα", "エラー"),
    "warning": ("warnung", "attention", "aviso", "varning", "advarsel", "varoitus", "uyari", "peringatan", "upozorenje",
                "упозорење", "предупреждение", "попередження", "προειδοποίηση", "警告"),
    "fatal error": ("schwerwiegender fehler", "erreur fatale", "error fatal", "fatale fout", "ödesdigert fel", "fatal fejl",
                    "vakava virhe", "ölümcül hata", "fatalna greška", "кобна грешка", "фатальная ошибка", "критична помилка",
                    "μοιραίο σφάλμα", "致命的エラー"),
}
SEVERITIES.update({word: SEVERITIES[level] for level, words in LOCALIZED_SEVERITIES.items() for word in words})
_LOCALIZED = "|".join(sorted((w for words in LOCALIZED_SEVERITIES.values() for w in words), key=len, reverse=True))

# The column may come as GNU's `line.column` with a range after it (valac, bison: `greet.vala:2.12-2.15: error: …`).
GNU_RE = re.compile(
    r"^(?P<file>[^\s:()][^:\s]*?):(?P<line>\d+)(?:[:.](?P<col>\d+))?(?:-\d+(?:[.:]\d+)?)?:\s*"
    rf"(?P<sev>fatal error|error|warning|fatal|style|performance|portability|information|{_LOCALIZED})"
    r"(?:\[(?P<code1>[\w-]+)\])?\s*:\s*(?P<msg>.*?)\s*"
    r"(?:\[(?P<code2>-W[\w=-]+|[a-z][\w-]*|[A-Z]+\d+)\])?$",
    re.M | re.I,
)
PAREN_RE = re.compile(
    r"^(?P<file>[^\s(][^(\n]*?)\((?P<line>\d+)(?:,(?P<col>\d+))?(?:,\d+,\d+)?\)\s*:\s*"
    r"(?P<sev>fatal error|error|warning)\s+(?P<code>[A-Z]+\d+)\s*:\s*(?P<msg>.*?)\s*(?:\[[^\]]*\])?$",
    re.M,
)
RUST_HEAD_RE = re.compile(r"^(?P<sev>error|warning)(?:\[(?P<code>[\w:-]+)\])?: (?P<msg>.+)$", re.M)
# The lint behind a rustc / clippy warning, from its notes: "= note: `#[warn(clippy::needless_return)]` on by default",
# "= note: `-D clippy::ptr-arg` implied by `-D warnings`" (not from the source excerpt, which may hold any attribute).
LINT_NOTE_RE = re.compile(r"^[ \t]*= (?:note|help): `(?:#\[(?:warn|deny|forbid)\(([\w:]+)\)\]|-[DWF] ([\w:-]+))`")
# The place under the message: rustc's `-->`, annotate-snippets' `╭▸` (typos), codespan's `┌─` (taplo).
RUST_AT_RE = re.compile(r"^[ \t]*(?:-->|╭▸|┌─) (?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)")
CODE_HEAD_RE = re.compile(r"^(?P<code>[A-Z]{1,4}\d{2,4}) (?:\[\*\] )?(?P<msg>.+)$", re.M)
CODE_LINE_RE = re.compile(
    r"^(?P<file>[^\s:][^:\n]*?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{1,4}\d{1,4}|[A-Z]\d{3,4}) (?:\[\*\] )?(?P<msg>.+)$", re.M
)

FILE_CODE_RE = re.compile(r"^(?P<file>[\w./-]*\w\.\w+): (?P<code>[A-Z]{2,4}\d{3}) (?P<msg>.+)$", re.M)

# gfortran puts the place on a line of its own, then the quoted source and its caret, then the level and message.
PLACE_FIRST_RE = re.compile(
    r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+):\n(?:(?![^\s:]+:\d+:\d+:\n).*\n){0,6}?(?P<sev>Error|Warning|Fatal Error): (?P<msg>.+)$", re.M)


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def gnu(text: str) -> list[Diagnostic]:
    out = []
    for m in GNU_RE.finditer(text):
        code = m["code1"] or m["code2"]
        out.append(Diagnostic(SEVERITIES[m["sev"].lower()], clip(m["msg"], 200), m["file"], _int(m["line"]), _int(m["col"]), code))
    return out


def place_first(text: str) -> list[Diagnostic]:
    return [
        Diagnostic(SEVERITIES[m["sev"].lower()], clip(m["msg"], 200), m["file"], _int(m["line"]), _int(m["col"]))
        for m in PLACE_FIRST_RE.finditer(text)
    ]


def paren(text: str) -> list[Diagnostic]:
    return [
        Diagnostic(SEVERITIES[m["sev"].lower()], clip(m["msg"], 200), m["file"], _int(m["line"]), _int(m["col"]), m["code"])
        for m in PAREN_RE.finditer(text)
    ]


def _following_location(lines: list[str], start: int) -> re.Match | None:
    for line in lines[start + 1 : start + 4]:
        at = RUST_AT_RE.match(line)
        if at:
            return at
        if RUST_HEAD_RE.match(line) or CODE_HEAD_RE.match(line):
            return None  # the place of the next message: cargo's `warning: `app` (lib) generated 1 warning` has none
    return None


def rust_style(text: str) -> list[Diagnostic]:
    """`error[E0308]: mismatched types` with its `--> src/main.rs:4:17` on one of the next lines."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        head = RUST_HEAD_RE.match(line)
        if not head:
            continue
        at = _following_location(lines, i)
        if at is None:
            continue  # totals like "error: could not compile" have no location
        out.append(Diagnostic(head["sev"], clip(head["msg"], 200), at["file"], int(at["line"]), int(at["col"]), head["code"] or _lint(lines, i)))
    return out


def _lint(lines: list[str], start: int) -> str | None:
    for line in lines[start + 1 : start + 40]:
        if RUST_HEAD_RE.match(line):
            return None
        m = LINT_NOTE_RE.match(line)
        if m:
            name = (m.group(1) or m.group(2)).replace("-", "_")
            # rustc's own lints restate the message (unused_imports); a clippy lint's name is its rule id
            return name if name.startswith("clippy::") else None
    return None


def code_style(text: str) -> list[Diagnostic]:
    """Linters that print a rule code: concise `file:1:2: F401 msg` or ruff's `F401 msg` + `--> file:1:2`."""
    out = [
        Diagnostic("error", clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"]), m["code"])
        for m in CODE_LINE_RE.finditer(text)
    ]
    # a finding about a whole file (deptry's `pyproject.toml: DEP002 'rich' defined as a dependency but not used`)
    out += [Diagnostic("error", clip(m["msg"], 200), m["file"], None, None, m["code"]) for m in FILE_CODE_RE.finditer(text)]
    lines = text.splitlines()
    for i, line in enumerate(lines):
        head = CODE_HEAD_RE.match(line)
        if head:
            at = _following_location(lines, i)
            if at:
                out.append(Diagnostic("error", clip(head["msg"], 200), at["file"], int(at["line"]), int(at["col"]), head["code"]))
    return out


def with_detail(text: str, diagnostics: list[Diagnostic], pattern: str = r"^[ \t]+(symbol|location|required|found|reason)\s*:\s*(.+)$") -> None:
    """javac prints `symbol: variable logger` under `cannot find symbol`: fold such detail into the message."""
    lines = text.splitlines()
    index = {}
    for i, line in enumerate(lines):
        m = GNU_RE.match(line)
        if m:
            index[(m["file"], int(m["line"]))] = i
    for diag in diagnostics:
        i = index.get((diag.file, diag.line))
        if i is None:
            continue
        details = []
        for line in lines[i + 1 : i + 8]:
            m = re.match(pattern, line)
            if m and m.group(1) != "location":
                details.append(f"{m.group(1)}: {m.group(2).strip()}")
            elif GNU_RE.match(line):
                break
        if details:
            diag.message = clip(diag.message + " (" + "; ".join(details) + ")", 220)


def count(diagnostics: list[Diagnostic]) -> dict[str, int]:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = sum(1 for d in diagnostics if d.severity == "warning")
    counts = {}
    if errors:
        counts["errors"] = errors
    if warnings:
        counts["warnings"] = warnings
    return counts
