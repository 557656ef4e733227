"""gcc / clang / clang-tidy / ld / make / cmake / ninja / meson / configure: diagnostics with their flag or check and
notes, linker errors, the failing target, missing headers and packages, sanitizer reports."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "cc"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(gcc|g\+\+|cc|c\+\+|clang\+?\+?|gfortran|ld|make|gmake|cmake|ninja|meson|configure|\./configure|cppcheck)\b")
OUTPUT_RE = re.compile(r"^\S+\.(?:c|cc|cpp|cxx|h|hpp|m|mm):\d+:\d+: (?:error|warning|runtime error|(?:style|performance|portability):)|^\S+\.[fF]\w*:\d+:\d+:\n\n|^SUMMARY: \w*Sanitizer: |^==\d+==ERROR: \w*Sanitizer: |undefined reference to|^make(?:\[\d+\])?: \*\*\*|^CMake Error|collect2: error|^ld(?:\.\w+)?: |^/usr/bin/ld: ", re.M)

UNDEFINED_RE = re.compile(r"(?:^|: )(?:(\S+?):\([^()\n]*\): )?undefined reference to [`'‘]([^'’`]+)['’`]", re.M)
UNDEFINED_IN_RE = re.compile(r"^(?:/\S*)?ld\S*: (\S+?): in function [`'‘]([^'’`]+)['’`]", re.M)
CLANG_UNDEFINED_RE = re.compile(r'^[ \t]+"([^"]+)", referenced from:', re.M)
# The linker by its program name (`ld`, `/usr/bin/x86_64-linux-gnu-ld.bfd`, `ld.lld`, `mold`), not any path holding "ld"
# (`/home/dev/cbuild/src/vec.cpp:3:55: error:` is a compile error)
LD_FAIL_RE = re.compile(r"^(?:collect2|clang(?:\+\+)?|(?:\S*/)?(?:[\w.+-]*-)?(?:ld|lld|ld\.(?:bfd|gold|lld)|ld64(?:\.lld)?|gold|mold)): error: (.+)$", re.M)
# make's `Error N` in its translations (de, fr, sv, da, fi, nl, hr, sr, ru, uk, ja, pl, pt, it, cs, vi, ko, ga, zh)
MAKE_ERROR_WORDS = "Error|Fehler|Erreur|Fel|Fejl|Virhe|Fout|Greška|грешка|Ошибка|Помилка|エラー|Błąd|Erro|Errore|Chyba|Lỗi|오류|Earráid|错误"
MAKE_ERR_RE = re.compile(rf"^(?P<make>g?make(?:\[\d+\])?): \*\*\* \[(?P<where>[^\]]+)\] (?P<err>(?:{MAKE_ERROR_WORDS}) \d+|Segmentation fault.*|Killed)", re.M)
MAKE_DIR_RE = re.compile(r"^g?make(?:\[\d+\])?: (Entering|Leaving) directory [`'\"](.+?)['\"]$")
# make runs a recipe without a shell when it can: a missing program is then make's own `make: pandoc: No such file
# or directory` (then `Error 127`), not a shell's `command not found`.
MAKE_EXEC_MISSING_RE = re.compile(r"^g?make(?:\[\d+\])?: ([^\s:*][^:\s]*): No such file or directory$", re.M)
MAKE_OTHER_RE = re.compile(r"^(g?make(?:\[\d+\])?): \*\*\* (?!\[)(.+)$", re.M)
# make's own word on a goal: `Nothing to be done for 'all'.`, `'app' is up to date.` (nothing was rebuilt), and after
# `-k` the goal it gave up on: `Target 'all' not remade because of errors.`
MAKE_IDLE_RE = re.compile(r"^(g?make(?:\[\d+\])?): (Nothing to be done for [`'][^'\n]+'|[`'][^'\n]+' is up to date)\.$", re.M)
MAKE_NOT_REMADE_RE = re.compile(r"^(g?make(?:\[\d+\])?): (Target [`'][^'\n]+' not remade because of errors)\.$", re.M)
CMAKE_MODULE_RE = re.compile(r"^/(?:usr|opt)/\S*/share/cmake[\w.-]*/|/Modules/")
CMAKE_STACK_RE = re.compile(r"\nCall Stack \(most recent call first\):\n((?:  .+\n?)+)")
CMAKE_FRAME_RE = re.compile(r"^  (\S+:\d+) \((\w+)\)", re.M)
CMAKE_MISSING_RE = re.compile(r"Could NOT find (\w+)|find a package configuration file provided by\s+\"(\w+)\"")
# The message goes on in indented lines, maybe after a blank one (`Cannot find source file:` / blank / `    src/render.c`).
CMAKE_ERR_RE = re.compile(r"^CMake Error(?: at ([^:\s]+:\d+)(?: \((\w+)\))?)?:\s*(.*)((?:\n(?:[ \t]*\n)?  .+){0,3})", re.M)
CMAKE_WARN_RE = re.compile(r"^CMake Warning(?: \(dev\))?(?: at ([^:\s]+):(\d+)(?: \((\w+)\))?)?:\s*(.*)((?:\n  .+){0,3})", re.M)
# The flag or check behind a diagnostic when it is not a plain -Wflag: `[-Werror,-Wunused-variable]` (promoted by -Werror),
# clang-tidy's `[clang-analyzer-security.insecureAPI.strcpy]` and `[performance-unnecessary-value-param,-warnings-as-errors]`.
BRACKET_CODE_RE = re.compile(r"^(?P<head>[^\s:()][^:\s]*?:\d+(?::\d+)?:[ \t]*(?:fatal error|error|warning|fatal)[ \t]*:[ \t]*)(?P<msg>.*?)[ \t]*\[(?P<code>-?[\w.=-]+(?:,-?[\w.=-]+)+|[a-z][\w-]*\.[\w.-]+)\]$", re.M | re.I)
NOTE_RE = re.compile(r"^(?P<place>[^\s:()][^:\s]*?:\d+(?::\d+)?):\s*note:\s*(?P<msg>.+)$")
# clang-tidy's tally: its `N warnings generated.` counts system headers too; these say how many were not shown and why
TIDY_TALLY_RE = re.compile(r"^(Suppressed \d+ warnings \(.+\))\.?$|^(\d+ warnings? treated as errors)$", re.M)
# meson `meson.build:3:0: ERROR: Dependency "libwebp" not found, tried pkgconfig and cmake`
MESON_DEP_RE = re.compile(r"ERROR: Dependency \"([^\"]+)\" not found")
# autoconf: `configure: error: ...` (not its `configure: error: in `/dir':` preamble), after the checks it ran;
# the last check answered `no` is usually what the error is about.
CONFIGURE_ERR_RE = re.compile(r"^configure: error: (?!in [`'].*':$)(.+)$", re.M)
CONFIGURE_NO_RE = re.compile(r"^(checking (?:for |whether )?.+?\.\.\. (?:\(cached\) )?no)$", re.M)
# Sanitizers (clang / gcc -fsanitize=...): the report's SUMMARY line names the kind and where, the access line its size,
# `allocated by` / `freed by` stacks where the memory came from; UBSan prints `file:line:col: runtime error: ...`.
SANITIZER_SUMMARY_RE = re.compile(r"^SUMMARY: (\w+Sanitizer): (\S+) (\S+:\d+(?::\d+)?) in ?(\S*)$|^SUMMARY: (\w+Sanitizer): (.+?)\.?$", re.M)
SANITIZER_ERROR_RE = re.compile(r"^==\d+==ERROR: (\w+Sanitizer): (.+?)(?: on (?:unknown )?address 0x[0-9a-f]+.*)?$", re.M)
SANITIZER_ACCESS_RE = re.compile(r"^((?:READ|WRITE) of size \d+) at 0x[0-9a-f]+ thread (T\d+)", re.M)
SANITIZER_ORIGIN_RE = re.compile(r"^((?:previously )?(?:allocated|freed) by thread T\d+ here|(?:Direct|Indirect) leak of .+? allocated from):\n((?:[ \t]+#\d+ .+\n?)+)", re.M)
# The sanitizer's own sources (gcc's libsanitizer, llvm's compiler-rt), where an intercepted call is reported
RUNTIME_PLACE_RE = re.compile(r"^\.\./|/libsanitizer/|/compiler-rt/|_interceptors")
SANITIZER_FRAME_RE = re.compile(r"^[ \t]+#\d+ 0x[0-9a-f]+ in (\S+) (/\S+:\d+(?::\d+)?)$", re.M)
# A stack address (use after return / scope, stack overflow): the frame that owns it, then the variable the access hit
STACK_FRAME_RE = re.compile(r"^Address 0x[0-9a-f]+ is located in stack of thread T\d+.* in frame\n[ \t]+#\d+ 0x[0-9a-f]+ in (\S+) (\S+)$", re.M)
STACK_VARIABLE_RE = re.compile(r"^[ \t]+\[\d+, \d+\) '([^'\n]+)'(?: \(line (\d+)\))? <== Memory access at offset \d+ (.+)$", re.M)
RUNTIME_ERROR_RE = re.compile(r"^(\S+?):(\d+):(\d+): runtime error: (.+)$", re.M)
NINJA_FAILED_RE = re.compile(r"^FAILED: (.(?:.*?\S)??)\s*$", re.M)
NINJA_ERR_RE = re.compile(r"^ninja: ((?:error|build stopped): .+)$", re.M)
MAX_NOTES = 2
# clang `fatal error: 'config.h' file not found`, gcc `fatal error: config.h: No such file or directory`
MISSING_HEADER_RE = re.compile(r"fatal error: '?([\w./+-]+?)'?(?: file not found|: No such file or directory)$", re.M)
# clang 14 `static_assert failed due to requirement 'X' "msg"`, clang 16 `static assertion failed due to requirement 'X': msg`:
# with a message of its own, the expanded requirement (often hundreds of characters of template types) is shortened.
STATIC_ASSERT_RE = re.compile(r"^(static_assert failed|static assertion failed) due to requirement '(.+)'(?::)? (\"?.+?\"?)$")


def _bracket_codes(text: str, diags: list) -> None:
    """Give each diagnostic its flag or check when the GNU layout read it as part of the message."""
    found = {}
    for m in BRACKET_CODE_RE.finditer(text):
        place = m["head"].split(":")
        found.setdefault((place[0], int(place[1])), []).append((m["msg"], m["code"]))
    for d in diags:
        for msg, code in found.get((d.file, d.line), []):
            if d.code is None and (d.message.startswith(msg[:60])):
                d.code, d.message = code, clip(msg, 200)
                break


def _notes(text: str, diags: list) -> None:
    """Fold the notes under an error into it: why no template candidate fits, where a failing template was instantiated.
    `'f' declared here`, gcc's `each undeclared identifier is reported only once...` and notes that only introduce the
    next one (ending in `:`) say nothing of their own."""
    by_line = {}
    for d in diags:
        if d.severity == "error" and d.file:
            by_line.setdefault(f"{d.file}:{d.line}" + (f":{d.col}" if d.col else ""), d)
    current, notes = None, {}
    for line in text.splitlines():
        note = NOTE_RE.match(line)
        if note:
            message = note["msg"].strip()
            if current is not None and not message.endswith((":", "declared here", "only once for each function it appears in")):
                at = f" at {note['place']}" if message.endswith("here") else ""  # `requested here`: the place is the news
                notes.setdefault(id(current), (current, []))[1].append(f"note: {message}{at}")
            continue
        head = diagnostics.GNU_RE.match(line)
        if head:
            current = by_line.get(f"{head['file']}:{head['line']}" + (f":{head['col']}" if head["col"] else ""))
    for d in diags:
        sa = STATIC_ASSERT_RE.match(d.message)
        if sa:
            d.message = f"{sa.group(1)}: {sa.group(3)} (requirement '{clip(sa.group(2), 60)}')"
    for d, extra in notes.values():
        d.message = clip(f"{d.message} ({'; '.join(extra[:MAX_NOTES])})", 320)


def _first_own_frame(text: str) -> tuple[str, str] | None:
    """(function, place) of the first frame with a source path of the program in the report's first stack."""
    error = SANITIZER_ERROR_RE.search(text)
    frames = SANITIZER_FRAME_RE.search(text, error.end()) if error else None
    return (frames.group(1), frames.group(2)) if frames and not RUNTIME_PLACE_RE.search(frames.group(2)) else None


def _sanitizers(text: str, facts: Facts) -> None:
    for file, line, col, message in RUNTIME_ERROR_RE.findall(text):
        facts.diagnostics.append(diagnostics.Diagnostic("error", clip(f"runtime error: {message}", 200), file, int(line), int(col)))
    access = SANITIZER_ACCESS_RE.search(text)
    for m in SANITIZER_SUMMARY_RE.finditer(text):
        if m.group(1) == "UndefinedBehaviorSanitizer":
            continue  # its runtime errors are listed with their place already
        if m.group(1):
            detail = f" ({access.group(1)} in thread {access.group(2)})" if access else ""
            place, function = m.group(3), f" in {m.group(4)}()" if m.group(4) else ""
            if RUNTIME_PLACE_RE.search(place):  # a libc call the sanitizer intercepts (memcpy, strcpy): name its caller
                caller = _first_own_frame(text)
                if caller:
                    place, function = caller[1], f" in {caller[0]}() (via {m.group(4)}())" if m.group(4) else f" in {caller[0]}()"
            facts.errors.append(clip(f"{m.group(1)}: {m.group(2)} at {place}{function}{detail}", 220))
        else:
            facts.errors.append(clip(f"{m.group(5)}: {m.group(6)}", 200))
    if not any(m.group(1) or m.group(5) for m in SANITIZER_SUMMARY_RE.finditer(text)):  # cut off before its SUMMARY
        for sanitizer, message in SANITIZER_ERROR_RE.findall(text):
            detail = f" ({access.group(1)} in thread {access.group(2)})" if access else ""
            facts.errors.append(clip(f"{sanitizer}: {message}{detail}", 200))
    frame, variable = STACK_FRAME_RE.search(text), STACK_VARIABLE_RE.search(text)
    if frame and variable:
        name, line, relation = variable.groups()
        declared = f" (line {line})" if line else ""
        facts.highlights.append(clip(f"stack variable '{name}'{declared} of {frame.group(1)}() at {frame.group(2)}: "
                                     f"the access {relation.replace('this variable', 'it')}", 200))
    for origin, frames in SANITIZER_ORIGIN_RE.findall(text):
        own = SANITIZER_FRAME_RE.findall(frames)  # frames with a source path: the program's, not the interceptor's
        if own:
            function, place = own[0]
            facts.highlights.append(clip(f"{origin.rstrip(':')}: {place} in {function}()", 200))


def _make_directories(text: str) -> str | None:
    """A recursive make's directories in order, each `done` or `failed` (a `make[N]: ***` line while inside it),
    so a build that stopped in app/ says that lib/ before it was built."""
    order: list[str] = []
    failed: set[str] = set()
    stack: list[str] = []
    for line in text.splitlines():
        move = MAKE_DIR_RE.match(line)
        if move:
            direction, path = move.groups()
            if direction == "Entering":
                stack.append(path)
                if path not in order:
                    order.append(path)
            elif stack:
                stack.pop()
        elif stack and re.match(r"^g?make(?:\[\d+\])?: \*\*\*", line):
            failed.add(stack[-1])
    if len(order) < 2 or not failed:
        return None
    short = {path: path.rstrip("/").rsplit("/", 1)[-1] or path for path in order}
    return clip("make directories: " + ", ".join(f"{short[p]} {'failed' if p in failed else 'done'}" for p in order[:8]), 200)


def _make_goals(pattern: re.Pattern, text: str) -> list[str]:
    """Each goal line once (a recursive make says `Nothing to be done for 'all'` in every directory)."""
    said = {}
    for make, message in pattern.findall(text):
        said.setdefault(message, clip(f"{make}: {message}", 160))
    return list(said.values())


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    diags = [d for d in diagnostics.gnu(text) if not d.file or not d.file.endswith(".java")] + diagnostics.place_first(text)
    _bracket_codes(text, diags)
    _notes(text, diags)
    facts.diagnostics = diags
    facts.counts = diagnostics.count(facts.diagnostics)
    undefined = []
    for obj_file, symbol in UNDEFINED_RE.findall(text):
        if symbol not in undefined:
            undefined.append(symbol)
    for symbol in CLANG_UNDEFINED_RE.findall(text):
        if symbol not in undefined:
            undefined.append(symbol)
    if undefined:
        callers = {fn for _, fn in UNDEFINED_IN_RE.findall(text)}
        where = f" (in {', '.join(sorted(callers))})" if callers else ""
        facts.errors.append(clip("linker: undefined reference to " + ", ".join(undefined) + where, 200))
        math = {"pow", "sqrt", "round", "floor", "ceil", "log", "exp", "sin", "cos", "fabs", "fmod", "lround"}
        if math & set(undefined):
            facts.highlights.append("math functions undefined: link with -lm (libm)")
    for message in LD_FAIL_RE.findall(text):
        facts.errors.append(clip(f"link failed: {message}", 160))
    made = [(m["make"], m["where"], clip(f"{m['make']}: *** [{m['where']}] {m['err']}", 160)) for m in MAKE_ERR_RE.finditer(text)]
    failed_targets = [said for _, _, said in made]
    # `make -k` / `-j`: which targets one make failed is the news above each one's errors (not a recursive make's
    # `make[1]: *** [all] Error 2` over `make[2]: *** [x.o] Error 1`, one failure told at each level)
    not_remade = _make_goals(MAKE_NOT_REMADE_RE, text)
    if any(len({where for other, where, _ in made if other == make}) > 1 for make, _, _ in made):
        facts.steps += failed_targets + not_remade
        not_remade = []
    else:
        facts.errors += failed_targets
    facts.highlights += _make_goals(MAKE_IDLE_RE, text)
    directories = _make_directories(text)
    if directories:
        facts.highlights.append(directories)
    facts.missing += [f"command {program}" for program in dict.fromkeys(MAKE_EXEC_MISSING_RE.findall(text))]
    for make, message in MAKE_OTHER_RE.findall(text):
        facts.errors.append(clip(f"{make}: *** {message}", 160))
    facts.errors += not_remade
    for suppressed, promoted in TIDY_TALLY_RE.findall(text):
        facts.highlights.append(suppressed or promoted)
    _sanitizers(text, facts)
    for target in NINJA_FAILED_RE.findall(text):
        facts.errors.append(clip(f"FAILED: {target}", 160))
    for message in NINJA_ERR_RE.findall(text):
        facts.errors.append(clip(f"ninja: {message}", 160))
    for m in CMAKE_ERR_RE.finditer(text):
        where, command = m.group(1), m.group(2)
        if where and CMAKE_MODULE_RE.search(where):
            # raised inside a CMake module: the project's own line is the outermost frame of the call stack
            stack = CMAKE_STACK_RE.match(text, m.end())
            frames = CMAKE_FRAME_RE.findall(stack.group(1)) if stack else []
            own = [f for f in frames if not CMAKE_MODULE_RE.search(f[0])]
            if own:
                where, command = own[-1]
        message = " ".join(f"{m.group(3)} {m.group(4)}".replace("(message):", "").split())
        message = message.split(" Tried extensions ")[0]  # the list of every source suffix CMake tried
        location = f" at {where}" + (f" ({command})" if command else "") if where else ""
        facts.errors.append(clip(f"CMake Error{location}: {message}", 200))
    for m in CMAKE_WARN_RE.finditer(text):
        message = " ".join(f"{m.group(4)} {m.group(5)}".replace("(message):", "").split())
        facts.diagnostics.append(diagnostics.Diagnostic("warning", clip(f"CMake Warning: {message}", 200), m.group(1),
                                                        int(m.group(2)) if m.group(2) else None))
    for header in MISSING_HEADER_RE.findall(text):
        if f"header {header}" not in facts.missing:
            facts.missing.append(f"header {header}")
    for dependency in MESON_DEP_RE.findall(text):
        facts.missing.append(f"package {dependency}")
    configure_errors = CONFIGURE_ERR_RE.findall(text)
    for message in configure_errors:
        facts.errors.append(clip(f"configure: error: {message}", 200))
    checks = CONFIGURE_NO_RE.findall(text[: text.find("configure: error:")]) if configure_errors else []
    if checks:
        facts.highlights.append(clip(f"last failed check: {checks[-1]}", 160))
    for package in CMAKE_MISSING_RE.findall(text):
        name = next(p for p in package if p)
        if f"package {name}" not in facts.missing:
            facts.missing.append(f"package {name}")
    return facts
