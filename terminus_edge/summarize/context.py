"""The output's own lines a summary adds after its facts ("Output lines:"), minus what the facts already say.

A line is "already said" when the summary holds it whole, or holds its message at its place: the facts
shorten paths to their basename, drop the `error:` / `[ERROR]` / `npm error` prefix and the trailing
`[code]`, so `inventory/models.py:16: error: Missing return  [return]` is said by
`models.py:16 return: Missing return`.
"""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.pytraceback import is_library_path
from terminus_edge.summarize.tokens import count_tokens

SHOWN_LINE_CHARS = 300
OMITTED_RE = re.compile(r" … \[(\d+) characters omitted\] … ")


def clip_line(line: str) -> str:
    """A line shown in a summary stays readable: a 10 MB line of minified JSON is cut, and says so."""
    if len(line) <= SHOWN_LINE_CHARS:
        return line
    from terminus_edge.redact.cut import safe_cut

    shown = safe_cut(line, SHOWN_LINE_CHARS - 60)  # redaction comes after this: a secret cut in two would escape it
    total = len(line) + sum(int(m.group(1)) - len(m.group(0)) for m in OMITTED_RE.finditer(line))
    return f"{line[:shown]} … [{total - shown} more characters]"


LEVEL = r"(?:fatal error|error|warning|warn|fatal|err!?|note|info|notice)"
SKIP_LINE_RE = re.compile(
    # source excerpts with a gutter (`[error]   5 |` from prettier, `%   12|` from erlc), not `git log --graph`'s
    # commit lines (`| * 193fa75 docs: add readme`: a branch's rail before the commit's `*`)
    r"^(?![|/\\ ]*\*[ |/\\]+[0-9a-f]{7,40}\b)[ \t]*(?:\[\w+\]\s*|%\s*)?(\d+\s*)?\|"
    # carets, rules, separators (not dots: `....F..` is test progress; not a diff's removed `--` / added empty line)
    r"|^(?![+-][ -]{0,3}$)[\s^~|_\-+=*#]*$"
    r'|^[ \t]+File "|^[ \t]+at |^Traceback \(most recent call last\)'  # stack frames
    # a JSON document's bare structure: one bracket alone (`{`, `],`; not an empty `[]`), a key that only opens a
    # nested value (`"stats": {`); not a unified diff's context line (` }`: one space, then the text)
    r'|^(?! \S)[ \t]*[{}\[\]],?[ \t]*$|^(?! \S)[ \t]*"[^"\n]{1,60}"[ \t]*:[ \t]*[{\[][ \t]*$'
    rf"|^[ \t]*(?:[\w.-]+ )?\[?{LEVEL}\]?:?\s*$"  # a log-level tag with nothing after it: `npm error`, `[INFO]`
    # a pager's own prompt left in the capture: less's `:` and `(END)`, more's `--More--(40%)`
    r"|^[ \t]*(?::|\(END\)|--More--(?:\(\d+%\))?|lines \d+-\d+(?:/\d+)?(?: \d+%| \(END\))?)[ \t]*$",
    re.I,
)
# Directories in front of a file name: "inventory/models.py" and "/home/dev/x/models.py" both read "models.py".
DIRS_RE = re.compile(r"(?<![\w.@~+:/-])(?:[\w.@~+-]*/)+(?=[\w.-])")
# An output line's parts: a leading level (`error: `, `[ERROR] `, `npm error `), a location (`f.py:3:1`,
# `F.cs(3,1)`, `F.java:[3,1]`, `f.py`), a level after it with its code (`error TS2322:`, `error[E0308]:`),
# the message, and a trailing `[code]`.
LINE_PARTS_RE = re.compile(
    rf"^(?:(?:[\w.-]+ )?\[?{LEVEL}\]?:?\s+)?"
    r"(?:(?P<file>[^\s:()\[\]]+\.\w+)(?P<pos>(?::\d+){1,2}|\(\d+(?:,\d+)?\)|:\[\d+(?:,\d+)?\])?:?\s+)?"
    rf"(?:{LEVEL}(?:\[[\w:-]+\]| [A-Z]+\d+)?:?\s+)?"
    r"(?P<msg>(?:.*?\S)??)\s*(?:\[[\w:-]+\])?$",  # msg ends at a non-space: `.*?\s*` split blank runs every way
    re.I,
)
# The lines that join a chained Python traceback say nothing alone; the exceptions on either side of them do.
CHAIN_LINE_RE = re.compile(
    r"^(?:During handling of the above exception, another exception occurred|"
    r"The above exception was the direct cause of the following exception):?\s*$"
)
FRAME_RE = re.compile(r'^[ \t]+File "(?P<file>[^"]+)", line (?P<line>\d+)(?:, in (?P<func>\S+))?')
LIBRARY_FRAME_RE = re.compile(r"site-packages|dist-packages|/lib/python\d|^<frozen |^<string>")
SEGMENT_SPLIT_RE = re.compile(r"; |\. |\n")
SHORT_LINE = 12
# A runner's mark on a failing test or package (`FAIL parseRounding: …`, `test_x ... FAIL`, `✗ rounds half up`): such a
# line the facts left unsaid comes before the plain ones, so a budget of a few lines never leaves it out for PASS lines.
FAILING_FIRST = 3
FAILING_MARK_RE = re.compile(r"(?<![\w-])(?:FAIL|FAILED|FAILURE)(?![\w-])|^[ \t]*[✗✘×❌][ \t]")
CLIPPED_PREFIX = 30
# TAP (node --test, tap, prove -v, any TAP producer): a failing test's own line, `not ok 2 - name` (indented in a subtest),
# not one marked `# TODO` / `# SKIP`. Kept even when the facts name the test: its number and exact title are the output's.
TAP_NOT_OK_RE = re.compile(r"^[ \t]*not ok\b(?![^#]*#[ \t]*(?:TODO|SKIP)\b)", re.I)
# A tally of failures that is not zero: TAP's `# fail 1`, `Failed: 2`, prove's `Failed 1/3 subtests`, `errors = 3`.
FAIL_TALLY_RE = re.compile(
    r"^[ \t]*#?[ \t]*(?:fail(?:ed|ures?|ing)?|errors?|not ok|broken)[ \t]*[:=]?[ \t]*[1-9]\d*(?:/\d+)?(?:[ \t]+\w+)?[ \t]*$", re.I)
# A tally of nothing (`# cancelled 0`, `# todo 0`, `Skipped: 0`, `0 failed`): the least informative line there is.
ZERO_TALLY_RE = re.compile(r"^[ \t]*#?[ \t]*(?:[A-Za-z][\w -]{0,30}?[ \t]*[:=]?[ \t]+0(?:\.0+)?|0[ \t]+[A-Za-z][\w -]{0,30}?)[ \t]*$")


def _clipped_in(message: str, said: str) -> bool:
    """The summary holds the message cut short with '…' (facts clip long messages)."""
    start = said.find(message[:CLIPPED_PREFIX])
    while start >= 0:
        n = CLIPPED_PREFIX
        while n < len(message) and start + n < len(said) and said[start + n] == message[n]:
            n += 1
        rest = said[start + n : start + n + 2].lstrip()
        if n < len(message) and rest.startswith("…"):
            return True
        start = said.find(message[:CLIPPED_PREFIX], start + 1)
    return False


def stated(key: str, said: str, segments: set[str]) -> bool:
    """Whether the summary already says this line (lower case, words one space apart): a short line ("1", "ok") only when it is a whole
    segment of the summary, not whenever its characters occur somewhere (like "1" in "exit code 1")."""
    if len(key) < SHORT_LINE:
        return key in segments
    if key in said:
        return True
    parts = LINE_PARTS_RE.match(key)
    message = parts["msg"].rstrip(".").strip() if parts else ""
    if len(message) < SHORT_LINE or message == key:
        return False
    if message not in said and not (len(message) > CLIPPED_PREFIX and _clipped_in(message, said)):
        return False
    if not parts["file"]:
        return True
    numbers = re.findall(r"\d+", parts["pos"] or "")
    place = ":".join([parts["file"], *numbers[:1]])
    return place in said


def _names_unsaid(line: str, said: str) -> bool:
    """Whether a FAIL line names something (its longest word: the test's name, mostly) the summary does not; not a
    bare mark (` FAILED`) nor a heading (`The following tests FAILED:`)."""
    words = [w for w in NAME_RE.findall(line) if w not in ("FAIL", "FAILED", "FAILURE")]
    return bool(words) and not line.rstrip().endswith(":") and max(words, key=len).lower() not in said


NAME_RE = re.compile(r"\w[\w.:/\[\]-]*\w")
ENDS_READ = 600  # lines from each end of the output that context_lines considers
# A caret line under a quoted source line (node / bun / deno / tsx above an uncaught error, Python's SyntaxError): the
# source line is a quote of the code, not output; the facts give its place.
CARET_RE = re.compile(r"^[ \t]*\^[\^~ \t]*$")


def context_lines(text: str, already: str, budget: int) -> str:
    """Output lines not already stated, within `budget`: each Python traceback's exception line and innermost own
    frame first (the last traceback's before earlier ones), the last line printed before the first traceback, then
    lines taken alternately from the end and the start."""
    if budget < 8:
        return ""
    said = " ".join(already.lower().split())
    said_short = DIRS_RE.sub("", said)
    segments = {segment.strip() for segment in SEGMENT_SPLIT_RE.split(said)}
    segments_short = {segment.strip() for segment in SEGMENT_SPLIT_RE.split(said_short)}
    lines, seen, in_traceback, own_frame = [], set(), False, None
    closing: list[list[int]] = []  # per traceback, the indices in `lines` of its own frame and exception line
    all_lines = text.splitlines()
    if len(all_lines) > 2 * ENDS_READ:
        # Picks alternate from the two ends and stop at the budget (a few hundred tokens), so lines deep in the
        # middle of a large view are never reached: only its ends are checked against the summary.
        all_lines = all_lines[:ENDS_READ] + all_lines[-ENDS_READ:]
    before: list[int] = []  # the program's own last line before its first traceback: what it did up to the crash
    for index, line in enumerate(all_lines):
        if index + 1 < len(all_lines) and CARET_RE.match(all_lines[index + 1]) and not in_traceback:
            continue
        if line.startswith("Traceback (most recent call last)"):
            if not closing and not in_traceback:
                # not a bare `"""` nor a line that only introduces what follows (`…RemoteTraceback:`)
                before = [i for i, kept in enumerate(lines) if re.search(r"\w", kept) and not kept.rstrip().endswith(":")][-1:]
            in_traceback, own_frame = True, None
            continue
        if in_traceback and line[:1] in (" ", "\t", ""):
            frame = FRAME_RE.match(line)
            if frame and not LIBRARY_FRAME_RE.search(frame["file"]) and not is_library_path(frame["file"]):
                own_frame = frame
            continue
        closes = in_traceback  # the exception line closes it: it and the innermost own frame, unless the facts say them
        if closes:
            in_traceback = False
            closing.append([])
            place = f"{own_frame['file'].rsplit('/', 1)[-1]}:{own_frame['line']}".lower() if own_frame else None
            frame_key = " ".join(own_frame.group(0).lower().split()) if own_frame else ""
            if place and place not in said_short and frame_key not in seen:
                seen.add(frame_key)
                closing[-1].append(len(lines))
                lines.append(clip_line(own_frame.group(0).strip()))
        key = " ".join(line.lower().split())
        if CHAIN_LINE_RE.match(line) or SKIP_LINE_RE.match(line) or key in seen:
            continue
        if stated(key, said, segments) or stated(DIRS_RE.sub("", key), said_short, segments_short):
            continue
        seen.add(key)
        if closes:
            closing[-1].append(len(lines))
        lines.append(clip_line(line))
    picked: dict[int, str] = {}
    used = 0
    # The last traceback's exception and own frame first (what was finally raised, and where), then earlier ones.
    first = [i for indices in reversed(closing) for i in indices] + before
    failing = [i for i, line in enumerate(lines) if FAILING_MARK_RE.search(line) and _names_unsaid(line, said)]
    if failing:  # the last line (a runner's verdict or tally, mostly) before all but the first few of them
        first += failing[:FAILING_FIRST] + [len(lines) - 1] + failing[FAILING_FIRST:]
    # Then TAP's failing-test lines (a few) and the tallies of failures, before the plain lines; tallies of zero last.
    first += [i for i, line in enumerate(lines) if TAP_NOT_OK_RE.match(line)][:FAILING_FIRST]
    first += [i for i, line in enumerate(lines) if FAIL_TALLY_RE.match(line)]
    zero = [i for i, line in enumerate(lines) if ZERO_TALLY_RE.match(line)]
    plain = [i for pair in zip(range(len(lines) - 1, -1, -1), range(len(lines))) for i in pair]
    zero_set = set(zero)
    order = first + [i for i in plain if i not in zero_set] + zero
    for i in order:
        if i in picked:
            continue
        cost = count_tokens(lines[i]) + 1
        if cost > budget:
            continue  # a line longer than the whole budget never fits: the next ones may
        if used + cost > budget:
            break
        picked[i] = lines[i]
        used += cost
    return "\n".join(picked[i] for i in sorted(picked))
