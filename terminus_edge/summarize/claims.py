"""What a gist sentence claims about counts, the exit code and locations, checked against the facts and the output.

The guard's term check only asks whether each number occurs somewhere in the output; a small model pairs real
numbers wrongly: "4 tests failed" when 4 ran and 1 failed, "exited with code 3" when a report line says "severity 3",
"App.parsePort(13)" when line 13 belongs to another frame, "the test was executed" when no test ran. Each function
returns the claims of one sentence that neither the facts nor one line of the output support.
"""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.types import Facts

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12,
}
_NUM = r"\d+|" + "|".join(NUMBER_WORDS)
_NOUN = (r"tests?|test cases?|cases?|examples?|specs?|scenarios?|steps?|checks?|assertions?|errors?|warnings?|failures?|"
         r"problems?|issues?|violations?|findings?|diagnostics?|messages?|typos?|conflicts?")
_VERB = r"failed|failing|fail|fails|passed|passing|pass|passes|succeeded|skipped|errored"
# "[N of] M [unit] tests [were] failed": at most two describing words between number and noun, never "of"/"in"
# ("one of the tests failed" says at least one, not how many).
COUNT_RE = re.compile(
    rf"\b(?:({_NUM})\s+(?:out\s+)?of\s+(?:the\s+)?)?({_NUM})\s+((?:(?!of\b|in\b|out\b|the\b)[a-z-]+\s+){{0,2}}?)({_NOUN})\b"
    rf"(?:\s+(?:have\s+|has\s+|were\s+|was\s+|are\s+|is\s+)?({_VERB})\b)?",
    re.I,
)
EXIT_CLAIM_RE = re.compile(
    r"\b(?:exit(?:ed|s)?|returned|terminated|finished|ended)\s+(?:with\s+)?(?:an?\s+|the\s+)?(?:non-zero\s+)?"
    r"(?:exit\s+)?(?:code|status)\s+(?:of\s+|was\s+|is\s+)?(-?\d+)|\bexit\s+(?:code|status)\s+(?:of\s+|was\s+|is\s+)?(-?\d+)",
    re.I,
)
# name(N) or name:N (a frame, a file and line), "line N of/in name", "name at/on line N"
LOCATION_RES = (
    # each begins only where a run of name characters begins: a scan from every position inside a long run is quadratic
    re.compile(r"(?<![\w./-])([A-Za-z_][\w./-]*[A-Za-z_])(?:\((\d+)\)|:(\d+))"),
    re.compile(r"\bline\s+(\d+)\s+(?:of|in)\s+`?([\w./-]*\w)", re.I),
    re.compile(r"(?<![\w./-])`?([\w./-]*\.\w+)`?,?\s+(?:at\s+|on\s+)?line\s+(\d+)", re.I),
)
RAN_CLAIM_RE = re.compile(
    r"\b(?:tests?|examples?|specs?|suites?)\b[^.]{0,30}?\b(?:was|were|got|been)\s+(?:executed|run)\b|\b(?:ran|executed|running)\s+"
    r"(?:\w+\s+){0,2}?(?:tests?|examples?|specs?)\b",
    re.I,
)
TIMEOUT_RE = re.compile(r"\btim(?:ed|es|ing)\s+out\b|\btime-?outs?\b", re.I)
NEGATION_RE = re.compile(r"\b(?:no|not|none|never|zero|0|without)\b|n't\b", re.I)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _category(noun: str, verb: str | None) -> str:
    verb = (verb or "").lower()
    if verb.startswith("fail") or verb == "errored":
        return "failed"
    if verb.startswith("pass") or verb == "succeeded":
        return "passed"
    if verb == "skipped":
        return "skipped"
    noun = noun.lower()
    if noun.startswith("error"):
        return "errors"
    if noun.startswith("warning"):
        return "warnings"
    if noun.startswith("failure"):
        return "failed"
    return "total"


VERB_BEFORE_RE = re.compile(rf"\b({_VERB})[ \t]{{1,3}}$", re.I)
# every outcome a test can end with: an expected failure ran too ("7 passed, 2 skipped, 1 xfailed" is 10 tests)
RAN_OUTCOMES = ("passed", "failed", "skipped", "errors", "xfailed", "xpassed")
STEMS = {"failed": "fail", "passed": "pass", "skipped": "skip", "errors": "error", "warnings": "warn"}


def _said_together(n: int, word: str, haystack: str) -> bool:
    """Whether `haystack` (lowercased) says the count itself: "4 tests failed", "2 errors", "failures=1", "errors: 3"
    (a number near the word is not enough: in "1 failed, 17 passed, 18 total" 18 did not fail)."""
    number = rf"(?<![\w.]){n}(?![\w.])"
    word = re.escape(word)
    # bounded runs: `haystack` is the whole output, and a long run of word characters must not cost a rescan per start
    return re.search(rf"{number}[ \t]{{1,3}}(?:[\w-]{{1,30}}[ \t]{{1,3}})?{word}|{word}\w{{0,12}}[ \t]{{0,3}}[:=][ \t]{{0,3}}{number}",
                     haystack) is not None


def _listed(category: str, noun: str, facts: Facts) -> set[int]:
    """How many of the kind the facts list one by one (diagnostics, failures, conflicts)."""
    severities = [d.severity for d in facts.diagnostics]
    if category == "failed":
        return {len(facts.failures)}
    if category == "errors":
        return {severities.count("error"), len(facts.errors)}
    if category == "warnings":
        return {severities.count("warning")}
    if category == "total":
        return {len(facts.diagnostics), len(facts.failures), len(facts.conflicts) if noun.lower().startswith("conflict") else 0}
    return set()


def _count_supported(n: int, category: str, noun: str, facts: Facts, haystack: str) -> bool:
    known = facts.counts.get(category)
    if category == "total" and known is None and facts.count_unit == "tests":
        known = sum(facts.counts.get(k, 0) for k in RAN_OUTCOMES) or None
    if known is not None and n == known and category not in facts.counts_at_least:  # a lower bound is no exact count
        return True
    if n > 0 and n in _listed(category, noun, facts):
        return True
    word = STEMS.get(category) or noun.lower().split()[0].rstrip("s")[:6]
    return _said_together(n, word, haystack)


def count_claims(sentence: str) -> list[tuple[str, int, str, str]]:
    """Each count the sentence claims: (its words, the number, its category, its noun)."""
    found = []
    for m in COUNT_RE.finditer(sentence):
        part, whole, noun, verb = m.group(1), m.group(2), m.group(4), m.group(5)
        # the verb may come first ("pytest passed 7 of 10 tests") or describe the noun ("6 failed tests")
        before = VERB_BEFORE_RE.search(sentence[: m.start()])
        verb = verb or (before.group(1) if before else None) or next(iter(re.findall(rf"\b({_VERB})\b", m.group(3) or "")), None)
        if part:  # "3 of 10 tests failed": 3 failed, 10 in all
            found += [(m.group(0), _number(part), _category(noun, verb), noun), (m.group(0), _number(whole), "total", noun)]
        else:
            found.append((m.group(0), _number(whole), _category(noun, verb), noun))
    return found


def wrong_counts(sentence: str, facts: Facts, haystack: str) -> list[str]:
    """Count claims ("two tests failed", "3 of 10 tests passed", "5 errors") no count fact or output line supports."""
    return [text for text, n, category, noun in count_claims(sentence)
            if not _count_supported(n, category, noun, facts, haystack)]


# "N word" with a word COUNT_RE has no category for ("5 times", "5 synced", "4 assets"); the number must be a digit run
# that is not part of a decimal, a version, a range or a location, and the word no joining word ("exit code 2 because").
PAIR_RE = re.compile(r"(?<![\w.,:/#×-])(\d+)\s+([a-z][a-z-]{2,})\b", re.I)
NOT_COUNTED = frozenset("""
about above after again also and are because before below but by during each else for from had has have instead into its
not nor off once only onto or out over per since than that then there these this those though through until
was were when where which while with within without yet
""".split())


def wrong_other_counts(sentence: str, haystack: str) -> list[str]:
    """Pairs of a number and the word it counts that COUNT_RE leaves to the term check, which only asks whether the
    number occurs anywhere ("Cargo built 5 times", "The 1 asset failed and 5 synced"): the output or the facts must
    say that number with that word."""
    counted = [m.span() for m in COUNT_RE.finditer(sentence)]
    wrong = []
    for m in PAIR_RE.finditer(sentence):
        word = m.group(2).lower()
        if word in NOT_COUNTED or any(start <= m.start() < end for start, end in counted):
            continue
        label = re.search(r"([a-z][\w-]*)\s+$", sentence[: m.start()], re.I)  # "case 2 received": case 2 is a name
        if label and re.search(rf"\b{re.escape(label.group(1).lower())}[ \t]+{m.group(1)}(?!\d)", haystack):
            continue
        # "4 assets synced" is said by "4 synced": the word after the noun may be what the output counts with
        following = re.match(r"\s+([a-z]{3,})\b", sentence[m.end():], re.I)
        words = [word] + ([following.group(1).lower()] if following else [])
        if not any(_said_with(int(m.group(1)), w[: max(4, len(w) - 3)], haystack) for w in words):
            wrong.append(m.group(0))
    return wrong


def _said_with(n: int, stem: str, haystack: str) -> bool:
    """`_said_together`, or "n of M [one or two words] stem" ("1 of 5 assets failed" says 1 failed)."""
    return _said_together(n, stem, haystack) or re.search(
        rf"(?<![\w.]){n}[ \t]+(?:out[ \t]+)?of[ \t]+\d+[ \t]+(?:[\w-]{{1,30}}[ \t]+){{0,2}}{re.escape(stem)}", haystack) is not None


def wrong_exit_code(sentence: str, facts: Facts) -> list[str]:
    if facts.exit_code is None:
        return []
    return [m.group(0) for m in EXIT_CLAIM_RE.finditer(sentence) if int(m.group(1) or m.group(2)) != facts.exit_code]


def wrong_locations(sentence: str, haystack: str) -> list[str]:
    """`name(N)`, `file:N`, "line N of file": the name and the number must share a line of the output or facts."""
    lines = haystack.splitlines()
    wrong = []
    for i, pattern in enumerate(LOCATION_RES):
        for m in pattern.finditer(sentence):
            groups = [g for g in m.groups() if g]
            name, number = (groups[1], groups[0]) if i == 1 else (groups[0], groups[1])
            name = name.lower().strip("./")
            if not any(name in line and re.search(rf"(?<!\d){number}(?!\d)", line) for line in lines):
                wrong.append(m.group(0))
    return wrong


def claims_tests_ran(sentence: str, facts: Facts) -> bool:
    """A sentence saying tests ran or were executed when the facts count none run at all."""
    counts = facts.counts
    if facts.count_unit != "tests" or not counts:
        return False
    ran = counts.get("total", sum(counts.get(k, 0) for k in ("passed", "failed", "skipped")))
    return ran == 0 and RAN_CLAIM_RE.search(sentence) is not None and not NEGATION_RE.search(sentence)


def claims_timeout(sentence: str, facts: Facts, output_text: str) -> bool:
    """A timeout claim needs a timeout: the run's own (timed out, exit 124) or one the output reports. A command line
    `timeout 60 cargo build` says a limit was set, not that it was reached."""
    if facts.timed_out or facts.exit_code == 124 or not TIMEOUT_RE.search(sentence):
        return False
    return NEGATION_RE.search(sentence) is None and TIMEOUT_RE.search(output_text) is None


def warnings_called_errors(sentence: str, facts: Facts) -> list[str]:
    """Diagnostic codes the sentence calls errors that the facts hold only as warnings (or a lesser level):
    "gcc failed because of -Wimplicit-function-declaration error" when that flag marked a warning."""
    if not re.search(r"\berrors?\b", sentence, re.I):
        return []
    levels: dict[str, set[str]] = {}
    for d in facts.diagnostics:
        if d.code:
            levels.setdefault(d.code, set()).add(d.severity)
    wrong = []
    for code, found in levels.items():
        named = rf"(?<![\w-]){re.escape(code)}(?![\w-])"
        # the code next to the word: "-Wfoo error", "error -Wfoo", "errors: -Wfoo" (at most one word between)
        if "error" not in found and re.search(rf"{named}\W+(?:\w+\W+)?errors?\b|\berrors?\W+(?:\w+\W+)?{named}", sentence, re.I):
            wrong.append(f"{code} (a {'/'.join(sorted(found))})")
    return wrong


def unsupported_claims(sentence: str, facts: Facts, haystack: str, output_text: str = "") -> list[str]:
    found = (wrong_counts(sentence, facts, haystack) + wrong_other_counts(sentence, haystack) + wrong_exit_code(sentence, facts)
             + wrong_locations(sentence, haystack) + warnings_called_errors(sentence, facts))
    if claims_tests_ran(sentence, facts):
        found.append("tests ran")
    if claims_timeout(sentence, facts, output_text):
        found.append("timed out")
    return found
