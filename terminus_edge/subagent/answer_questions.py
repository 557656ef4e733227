"""Answer sentences for yes/no and counting questions, read off the records only (no sentence the output does not
support).

    yes_no_line(query, records) -> str         "No: `npm run format:check` failed (exit code 1)." for "is X green?"
    validity_line(records) -> str              "config/x.json is not valid JSON: Expecting ',' delimiter: line 12 …"
    requirement_line(records) -> str           (requirement_answers.py) "Version 3.11.7 here satisfies >=3.9 …"
    search_tally(query, record) -> str         "6 matching lines in 3 files: 4 TODO, 2 FIXME." (for "how many …?")
    tap_tally(output) -> str                   "TAP: 5 of 6 ok; not ok: 4 - bump minor resets patch."
    findings_tally(record) -> str              "2 findings (file:line) in 2 files."
    rule_tally(query, record) -> str           "By rule, 5 findings in 2 files (…): SC2086: 3 times (Double quote …); …"
    stage_note(record) -> str                  "CMake's configure step succeeded (Configuring done); the build step failed."
    json_diagnosis(record, cwd) -> str         "x.json: a trailing comma after the last entry (line 5) before the closing '}' …"
    usage_error_note(record) -> str            "It stopped while parsing its arguments (a usage error), …"
    missing_inputs(record, cwd) -> str         "words.txt, named on its command line, does not exist in the working directory."
"""

from __future__ import annotations

import re

from terminus_edge.subagent.question_plans import VALIDITY_CHECK
from terminus_edge.subagent.records import CommandRecord
from terminus_edge import shell_words

_YES_NO = re.compile(r"^[ \t]*+(?:so\s+)?(?:is|are|does|do|did|will)\b[^.!\n]{0,120}?\b(?:green|passing|pass|clean|ok|okay|"
                     r"succeed|succeeds|red|failing|fail|broken|valid)\b[^.!\n]{0,60}\?", re.I | re.M)
_MAIN = ("test", "check", "build")


def yes_no_line(query: str, records: list[CommandRecord]) -> str:
    """The yes/no the request asks for ("is the format check green?", "do the shell tests pass?"), from the exit
    status and failure counts of the step it asked about."""
    if not _YES_NO.search(query):
        return ""
    main = [r for r in records if r.kind in _MAIN and not r.refused]
    if not main:
        return ""
    failed = [r for r in main if r.failed or (r.facts or {}).get("failures")
              or ((r.facts or {}).get("counts") or {}).get("failed")]
    if failed:
        r = failed[0]
        how = "timed out" if r.timed_out else f"failed (exit code {r.exit_code})"
        return f"No, `{r.command}` {how}."
    ran_nothing = any(r.kind == "test" and ((r.facts or {}).get("counts") or {}).get("total") == 0 for r in main)
    if all(r.exit_code == 0 for r in main) and not ran_nothing:
        return "Yes, " + "; ".join(f"`{r.command}` exited with code 0" for r in main) + "."
    return ""


_ERROR_WORD = re.compile(r"error|Error|expected|Expecting|unexpected|invalid", re.I)


def validity_line(records: list[CommandRecord]) -> str:
    lines = []
    for r in records:
        match = VALIDITY_CHECK.search(r.command) if not r.refused else None
        if not match or r.exit_code is None:
            continue
        name, kind = match.group(1).strip("'\""), match.group(2)
        script = kind.endswith(" syntax")  # a script checked by its interpreter, not run
        if r.exit_code == 0:
            lines.append(f"{name} has no syntax error ({kind} checked, the script was not run)." if script else
                         f"{name} is valid {kind}.")
            continue
        said = [line.strip() for line in r.output.splitlines() if line.strip()]
        # the line that names the error (bash -n repeats the offending text on a last line of its own)
        error = next((line for line in reversed(said) if _ERROR_WORD.search(line)), said[-1] if said else "")
        lead = f"{name} has a syntax error (checked, not run)" if script else f"{name} is not valid {kind}"
        lines.append(lead + (f": {error[:200]}" if error else "") + ".")
    return " ".join(lines)


_GREP_LINE = re.compile(r"^([^:\n]+):(\d+):(.*)$", re.M)


_HOW_MANY = re.compile(r"\b(how\s+many|count|number\s+of|tally)\b", re.I)


def search_tally(query: str, record: CommandRecord) -> str:
    """For a `grep -n` search a counting request asked for: how many lines matched, in how many files, and per
    searched word."""
    if not _HOW_MANY.search(query) or record.refused or not record.command.startswith("grep ") or record.exit_code != 0:
        return ""
    hits = _GREP_LINE.findall(record.output)
    if not hits:
        return ""
    files = {f for f, _, _ in hits}
    text = f"{len(hits)} matching line{'s' * (len(hits) != 1)} in {len(files)} file{'s' * (len(files) != 1)}"
    words = _alternatives(record.command)
    if len(words) > 1:
        counts = [(w, sum(len(re.findall(rf"\b{re.escape(w)}\b", line)) for _, _, line in hits)) for w in words]
        text += ": " + ", ".join(f"{n} {w}" for w, n in counts)
    return text + "." + (_per_folder(hits, words) if _PER_FOLDER.search(query) else "")


_PER_FOLDER = re.compile(r"\b(?:per|by|each|every)\s+(?:directory|directories|folders?|dirs?|packages?|modules?)\b|"
                         r"\b(?:directory|folder)\s+by\s+(?:directory|folder)\b", re.I)


def _per_folder(hits: list[tuple[str, str, str]], words: list[str]) -> str:
    """The matching lines counted by the folder of their file ("src/api: 4 (3 TODO, 1 FIXME)")."""
    folders: dict[str, list[str]] = {}
    for path, _, line in hits:
        folder = path[2:] if path.startswith("./") else path
        folders.setdefault(folder.rsplit("/", 1)[0] if "/" in folder else ".", []).append(line)
    parts = []
    for folder, lines in sorted(folders.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        split = [(w, sum(len(re.findall(rf"\b{re.escape(w)}\b", line)) for line in lines)) for w in words]
        detail = " (" + ", ".join(f"{n} {w}" for w, n in split if n) + ")" if len(words) > 1 else ""
        parts.append(f"{folder}/: {len(lines)}{detail}")
    return f" Per folder: {'; '.join(parts)}; {len(hits)} in total."


def _alternatives(command: str) -> list[str]:
    try:
        words = shell_words.split(command)
    except ValueError:
        return []
    pattern = next((w for w in words[1:] if not w.startswith("-")), "")
    parts = pattern.split("|")
    return parts if all(re.fullmatch(r"\w+", p) for p in parts) else []


_TAP_PLAN = re.compile(r"^1\.\.(\d+)\s*$", re.M)
_TAP_RESULT = re.compile(r"^(not )?ok (\d+)\b[ \t]*-?[ \t]*([^\n#]*)", re.M)


def tap_tally(output: str) -> str:
    """A TAP stream's own tally (`1..N`, `ok N - name`, `not ok N - name`), for runners the summarizer does not count."""
    plan = _TAP_PLAN.search(output)
    results = _TAP_RESULT.findall(output)
    if not plan or not results:
        return ""
    failed = [f"{n} - {name.strip()}" for bad, n, name in results if bad]
    ok = len(results) - len(failed)
    text = f" TAP: {ok} of {plan.group(1)} ok"
    if len(results) != int(plan.group(1)):
        text += f" ({len(results)} reported)"
    return text + (f"; not ok: {'; '.join(failed[:8])}." if failed else ".")


_FINDING = re.compile(r"^(?:\./)?([\w./-]+\.\w+):(\d+)(?::\d+)?:\s*\S", re.M)


def findings_tally(record: CommandRecord) -> str:
    """A checker that failed and lists its findings as file:line: text, when the summarizer counted none."""
    if record.refused or not record.failed or ((record.facts or {}).get("counts")):
        return ""
    found = _FINDING.findall(record.output)
    if not found:
        return ""
    files = {f for f, _ in found}
    return (f" {len(found)} finding{'s' * (len(found) != 1)} (file:line) in {len(files)} file{'s' * (len(files) != 1)}: "
            + ", ".join(f"{f}:{n}" for f, n in found[:8]) + ".")


def stage_note(record: CommandRecord) -> str:
    """A CMake configure-and-build that failed after its configure step finished."""
    if record.refused or not record.failed or "cmake" not in record.command:
        return ""
    if re.search(r"^-- (Configuring done|Build files have been written)", record.output, re.M) and \
            not re.search(r"^-- Configuring incomplete", record.output, re.M):
        return " CMake's configure step succeeded (Configuring done); the failure is in the build step."
    return ""


_JSON_AT = re.compile(r"(Expecting [^:\n]{1,200}): line (\d+) column (\d+) \(char (\d+)\)")


def json_diagnosis(record: CommandRecord, cwd) -> str:
    """What Python's json parser stopped at, read off the file at the reported character: a trailing comma before a
    closing bracket, or a missing comma between two values."""
    match = _JSON_AT.search(record.output) if cwd is not None and record.failed else None
    file = re.search(r"-m json\.tool\s+(\S+)", record.command) if match else None
    if not file:
        return ""
    try:
        name = shell_words.split(file.group(1))[0]
        text = (cwd / name).read_text(encoding="utf-8-sig")
    except (OSError, ValueError, UnicodeDecodeError):
        return ""
    message, line, position = match.group(1), int(match.group(2)), int(match.group(4))
    before = text[:position].rstrip()
    at = text[position:position + 1]
    if before.endswith(",") and at in "}]" and at and message.startswith(("Expecting property name", "Expecting value")):
        comma_line = before.count("\n") + 1
        return f" {name}: a trailing comma after the last entry (line {comma_line}) before the closing '{at}' at line {line}."
    if message.startswith("Expecting ',' delimiter"):
        return f" {name}: a missing comma before line {line} (the value ending on line {before.count(chr(10)) + 1} has none after it)."
    return ""


_USAGE = re.compile(r"^usage: \S+", re.M)
_USAGE_ERROR = re.compile(r"^\S+: error: .+$", re.M)


def usage_error_note(record: CommandRecord) -> str:
    """An argparse-style usage error (exit 2, `usage:` and `prog: error:`): the program stopped at its arguments."""
    if record.refused or record.exit_code != 2 or not _USAGE.search(record.output) or not _USAGE_ERROR.search(record.output):
        return ""
    return " It stopped while parsing its arguments (a usage error), so it did not produce any result."


_FILE_ARG = re.compile(r"(?<![\w./-])[\w./-]*\w\.[A-Za-z][\w]{0,5}")


def missing_inputs(record: CommandRecord, cwd) -> str:
    """The files a crashed or failed program was given on its command line that do not exist in the project."""
    if cwd is None or record.refused or not (record.failed or record.kind == "debug"):
        return ""
    try:
        words = shell_words.split(record.command)
    except ValueError:
        return ""
    if "--args" in words:  # gdb … --args PROGRAM ARGS
        words = words[words.index("--args") + 1:]
    elif not words or not words[0].startswith(("./", "bin/", "build/")):
        return ""
    missing = [w for w in words[1:] if not w.startswith("-") and "=" not in w and _FILE_ARG.fullmatch(w)
               and ".." not in w.split("/") and not w.startswith("/") and not (cwd / w).exists()]
    if not missing:
        return ""
    verb = "does" if len(missing) == 1 else "do"
    return f" {', '.join(missing[:3])}, named on its command line, {verb} not exist in the working directory."


_ASKS_RULES = re.compile(r"\b(?:rules?|codes?|per\s+(?:rule|check)|each\s+(?:rule|check)|how\s+many\s+times|"
                         r"which\s+(?:checks|lints?|warnings))\b", re.I)


def rule_tally(query: str, record: CommandRecord) -> str:
    """For a request about a linter's rules: each rule code its findings carry, with how many times it fired."""
    if record.refused or not _ASKS_RULES.search(query):
        return ""
    found = [(d.get("code"), d.get("file"), d.get("message") or "") for d in (record.facts or {}).get("diagnostics") or []
             if d.get("code")]
    if not found:
        return ""
    counts: dict[str, list] = {}
    for code, file, message in found:
        counts.setdefault(code, [0, message])[0] += 1
    files = sorted({f for _, f, _ in found if f})
    rules = "; ".join(f"{code}: {n} time{'s' * (n != 1)} ({message.split('. ')[0].rstrip('.')[:70]})"
                      for code, (n, message) in sorted(counts.items(), key=lambda kv: -kv[1][0]))
    where = f" in {len(files)} file{'s' * (len(files) != 1)} ({', '.join(files[:6])})" if files else ""
    return f" By rule, {len(found)} finding{'s' * (len(found) != 1)}{where}: {rules}."
