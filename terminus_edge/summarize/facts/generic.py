"""The fallback for any tool: lines that say error / fatal / exception / FAILED, grouped, with counts."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "generic"

# A word joined to another by a hyphen is part of a name, not a report: `plugins: timeout-2.4.0`,
# `pytest-timeout`, `PASS src/error-handling.test.js`, `--max-fail` (`(?<!\w-)` / `(?!-[A-Za-z]|-<version>)` around the
# group); a numbered code after it is still an error (`ERROR-1045`).
ERROR_RE = re.compile(
    r"(?<!\w-)\b(error|errors|fatal|exception|failed|failure|failing|panic(?:ked)?|critical|denied|refused|"
    r"segmentation fault|core dumped|abort(?:ed)?|timed? ?out|not found|no such file|cannot|can't|could not|unable to|"
    r"unrecognized|invalid|mismatch|traceback|killed|out of memory|unhandled|undefined|[A-Z]\w*(?:Error|Exception)|"
    r"(?-i:FAIL))\b(?!-[A-Za-z]|-\d+\.\d)",  # a runner's own mark for a failing test or package: `FAIL parseRounding: …`, `FAIL: test_d`, `--- FAIL:`
    re.I,
)
ERROR_LINE_RE = re.compile(r"^.*?" + ERROR_RE.pattern + r".*$", re.I | re.M)
# Lines that mention errors while saying nothing went wrong.
# A tally of none (`errors: 0`, bandit's `Undefined: 0`, `Failed: 0`) reports nothing wrong either.
BENIGN_RE = re.compile(
    # (also as a JSON member: bandit's `"SEVERITY.UNDEFINED": 0,`, `"errors": [],`)
    r"\b(0|no|zero) (errors?|failures?|failed)\b"
    r"|\b(?:errors?|failures?|failed|undefined|invalid|fatal|critical|denied)\"?\s*[:=]\s*(?:0\b(?![.,]\d)|\[\]|\{\})"
    r"|\bwithout errors\b|--?\w*(error|fail)\w*|\bif (?:an? )?error"
    # An expected failure is no problem: unittest's `test_c (m.T.test_c) ... expected failure`, pytest's XFAIL rows,
    # automake's `XFAIL:`, meson's EXPECTEDFAIL, a TAP test marked `# TODO`.
    r"|\.\.\. expected failure$|(?<![\w-])(?-i:XFAIL|EXPECTEDFAIL)(?![\w-])|^not ok\b[^#]*#\s*TODO\b"
    # A timeout setting echoed by a tool (pytest-timeout's `timeout: 2.0s`, `timeout method: thread`) is no timeout.
    r"|^timeouts?(?:[ _.-]\w+)?\s*[:=]\s*(?:\d+(?:\.\d+)?\s*[a-z]{0,7}|\w+)$", re.I)
# (HTML Tidy and other checkers put the place first: `line 3 column 29 - Warning: missing </b> before </p>`)
# The word must be followed by `:`, `!` or a blank: splint's wrapped `(Use -exportlocal to inhibit\n  warning)` is no warning.
WARNING_RE = re.compile(r"^[ \t]*(?:\S+: |line \d+ column \d+ - )?(warning|warn|deprecat\w*)(?:[:!]\s*|\s+)(.+)$", re.I | re.M)
COMMAND_NOT_FOUND_RE = re.compile(r"(?:^|: )(?:(?:bash|sh|zsh): )?(?:line \d+: )?([\w.+-]+): (?:command not found|not found)$|^(?:zsh|fish): command not found: ([\w.+-]+)$", re.M)
# `cat: a.txt: No such file or directory`, `bash: line 1: cd: web: No such ...`, `ls: cannot access 'b/': No such ...`:
# the path is the last `: `-separated field before the message (split in code: a regex over the fields backtracks badly).
NO_SUCH_FILE_RE = re.compile(r"^(.+?): No such file or directory$", re.M)
# `python3: can't open file '/x/manage.py': [Errno 2] ...`, node's `ENOENT: no such file or directory, open '/x/package.json'`.
NO_SUCH_FILE_QUOTED_RE = re.compile(r"can't open file '([^']+)': \[Errno 2\]|ENOENT: no such file or directory, \w+ '([^']+)'")
CARET_LINE_RE = re.compile(r"[ \t]*[\^~]+[ \t]*(?:\n|$)")  # `    ^^^^` marking a column in the quoted line above
PERMISSION_RE = re.compile(r"^(.*Permission denied.*)$", re.M)
# npm, pnpm and bun announce a package script by name, then echo its command line: `> app@1.0.0 build` /
# `> node -e "console.error('Error: …')"`. The echo is the script, not its output; its words are not an error.
SCRIPT_HEADER_RE = re.compile(r"> (?:@[\w.-]+/)?[\w.-]+@\S+ [\w:.-]+(?: \S.*)?")


def _echoes_a_script(text: str, start: int) -> bool:
    """Whether the line at `start` is the `> command` echo under a package manager's `> name@version script` line."""
    if not text.startswith("> ", start) or start < 2:
        return False
    previous = text.rfind("\n", 0, start - 1) + 1
    return SCRIPT_HEADER_RE.fullmatch(text, previous, start - 1) is not None


def error_lines(text: str, limit: int = 8, partial: bool = False) -> tuple[list[str], int]:
    """Distinct error-looking lines (numbers masked when grouping), most informative first, and their total.
    In a `partial` text (a view of a large output) a line's repeats are only those the view holds: "×N or more"."""
    groups: dict[str, list] = {}
    total = 0
    for m in ERROR_LINE_RE.finditer(text):  # one pass over the text, not one search per line
        line = m.group(0)
        stripped = line.strip()
        if not stripped or len(stripped) > 400 or BENIGN_RE.search(stripped) or _echoes_a_script(text, m.start()):
            continue
        # (`12: (LOAD …)`: a frame of a Lisp backtrace, whose `:ERROR` is a keyword argument)
        if re.match(r"^[ \t]*(at |File \"|\d+ \||\||\d+: \()", line) or CARET_LINE_RE.match(text, m.end() + 1):
            continue  # stack frames and source excerpts (a gutter, or carets under the line): the header carries the meaning
        total += 1
        shape = re.sub(r"\d+", "#", stripped)
        if shape in groups:
            groups[shape][1] += 1
        else:
            groups[shape] = [stripped, 1]
    lines = []
    for first, count in list(groups.values())[:limit]:
        lines.append(clip(first, 180) + (f" (×{count}{' or more' if partial else ''})" if count > 1 else ""))
    return lines, total


def parse(text: str, partial: bool = False) -> Facts:
    """`partial`: `text` is a view of a large output (lines left out), so what is counted in it is a lower bound."""
    facts = Facts()
    lines, total = error_lines(text, partial=partial)
    facts.errors = lines
    if total > len(lines):
        facts.highlights.append(f"at least {total} error-like lines (in the lines read)" if partial else f"{total} error-like lines in all")
    facts.highlights += warnings(text, partial=partial)
    for a, b in COMMAND_NOT_FOUND_RE.findall(text):
        facts.missing.append(f"command {a or b}")
    for before in NO_SUCH_FILE_RE.findall(text):
        path = _missing_path(before)
        if path:
            facts.missing.append(f"file {clip(path, 100)}")
    for quoted in NO_SUCH_FILE_QUOTED_RE.findall(text):
        path = f"file {clip(quoted[0] or quoted[1], 100)}"
        if path not in facts.missing:
            facts.missing.append(path)
    return facts


def _missing_path(before: str) -> str | None:
    """`bash: line 1: cd: web` -> `web`; `ls: cannot access 'b/'` -> `b/`; `src/x.c:1:10: fatal error: foo.h` -> `foo.h`."""
    field = before.rsplit(": ", 1)[-1] if ": " in before else before
    field = re.sub(r"^cannot (?:open|access|stat) ", "", field).strip().strip("'‘’\"")
    return field if field and ":" not in field else None


def warnings(text: str, limit: int = 3, partial: bool = False) -> list[str]:
    """The first distinct warning lines, and how many there are in all when that is more than are shown."""
    out, distinct = [], set()
    for m in WARNING_RE.finditer(text):
        line = clip(m.group(0).strip(), 160)
        distinct.add(line)
        if len(out) < limit and line not in out:
            out.append(line)
    if len(distinct) > len(out):
        out.append(f"at least {len(distinct)} distinct warnings (in the lines read)" if partial else f"{len(distinct)} warnings in all")
    return out
