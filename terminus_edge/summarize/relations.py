"""Whether each claim of a gist sentence is one that a single fact or output line makes.

The word checks (grounding.py) ask where each word came from; a sentence made of the fact lines' own words can still
rearrange them: "test_a passed" when the line says test_a failed, the error of ringbuf.c:26 told at ringbuf.c:19, a
warning called an error, "left was 7" after "left: -7". Here a sentence is cut into clauses (at ";", ", ", "and",
"but", "while", "because"), and each clause's pieces — the names it mentions (paths, file:line, tests, codes, quoted
and code-like identifiers), its values (numbers that count nothing), the output's words it uses, the outcome it states
(failed, passed, error, warning, skipped, missing, timed out, conflict) and a negation — must all be found in ONE
evidence line (evidence.py), related the same way. A clause that only lists names ("a.c, b.c and c.c failed") shares
its neighbour's outcome. A reason belongs to the clause it explains when that clause names something (a test, a file,
a suite, not just a code like E404): "test_x failed because 0.0 == 0.22", "suite a.js failed because it cannot find
'./parser'" must be one line's. A reason that names nothing and states its own outcome ("… Error 127 because pandoc is
missing") is checked on its own: that it is the cause is an inference no one line states, and is not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from terminus_edge.summarize.claims import COUNT_RE, EXIT_CLAIM_RE, NUMBER_WORDS
from terminus_edge.summarize.evidence import LINE_OUTCOMES, Line, evidence_lines, name_in, number_in, plain, supports
from terminus_edge.summarize.facts.types import Facts
from terminus_edge.summarize.grounding import FRAME_WORDS, _root
from terminus_edge.summarize.tallies import counts_said_apart, nested_counts_apart, wrong_counts_per_name

# Spans whose commas and "and"s do not cut a clause: brackets and quotes ("Discount(100, 10)", "'a and b'").
GROUPED_RE = re.compile(r"\([^()]*\)|\[[^\]]*\]|(?<![A-Za-z])'[^']*'(?![A-Za-z])|\"[^\"]*\"|`[^`]*`|‘[^’]*’")
CUT_RE = re.compile(r";\s+|,\s+(?:and\s+|but\s+|while\s+)?|\s+(?:and|but|while|whereas)\s+|\s+(?=because\b)", re.I)
NAME_RES = (  # each begins only where a run of name characters begins: linear on a long run
    re.compile(r"(?<![A-Za-z])'([^']+)'(?![A-Za-z])|\"([^\"]+)\"|`([^`]+)`|‘([^’]+)’"),  # quoted
    re.compile(r"(?<![\w./~-])(?=[\w./~-]*[A-Za-z_])[\w./~-]*\w:\d+"),  # file:line, Makefile:10
    re.compile(r"(?<![\w./-])[\w.-]+::[\w:\[\]./-]+|(?<![\w./~-])[\w.~-]*/[\w./-]*\w"),  # test ids, paths
    re.compile(r"(?<![\w./-])[\w-]+\.[A-Za-z]\w*(?:\.\w+)*|\b[A-Z]{1,4}\d{2,5}\b"),  # app.js, u.email, E0308
    re.compile(r"\b[A-Za-z]\w*_\w+|\b[a-z]\w*(?:-[a-z0-9]\w*)+\b|\b[a-z]+[A-Z]\w*|\b[A-Z][a-z0-9]+[A-Z]\w*"),
)
VALUE_RE = re.compile(r"(?<![\w.-])-?\d+(?:\.\d+)*(?![\w.]*\w)")
WORD_RE = re.compile(r"[A-Za-z]{4,}")
# The outcome a clause states, told apart from the count words it uses ("2 warnings: 'txt' is not defined" states none):
# read as a line's are (evidence.py), but "cannot", an exception's name or "compiled" is no outcome a gist claims.
CLAIMED = {
    **LINE_OUTCOMES,
    "failed": re.compile(r"\bfail\w*|\bcrash\w*|\bpanick?\w*|\bbroke\w*|could ?n[o']t|\bunable\b|\bkilled\b|\babort\w*|"
                         r"\bdid ?n[o']t pass\b|\bnot passed\b", re.I),
    "error": re.compile(r"\berror(?:s|ed)?\b", re.I),
    "passed": re.compile(r"\b(?<!not )pass(?:ed|es|ing)?\b|\bsucce\w*|\bdid ?n[o']t fail\b|\bcleanly\b", re.I),
}
FLIPPED_RE = re.compile(r"\bdid ?n[o']t (?:pass|fail)\b|\bnot passed\b", re.I)  # a negation already read as an outcome
# "with no errors", "without any issues": the run's status, which the guard's success checks judge, not a line's
NO_PROBLEM_RE = re.compile(r"\b(?:without|no)\s+(?:any\s+)?(?:errors?|issues?|problems?|failures?|warnings?)\b", re.I)
NEGATION_RE = re.compile(r"\b(?:not|no|never|none|cannot|without)\b|n't\b", re.I)
LINE_NEGATION_RE = re.compile(r"\b(?:not|no|never|none|cannot|unable|without|missing|undefined|undeclared|unknown|"
                              r"invalid|nothing|unused|unsupported|unreachable|unexpected|incompatible|illegal)\b|n't\b", re.I)
CODE_RE = re.compile(r"[A-Z]{1,4}\d{2,5}")
COMPARED_RE = re.compile(r"(?<![\w.-])(-?\d+(?:\.\d+)*)[ \t]*(?:[!=]==?|[<>]=?)[ \t]*(-?\d+(?:\.\d+)*)(?![\w.]*\w)")
LABEL_RE = re.compile(r"([A-Za-z]{4,})\W{0,3}(?:(?:is|was|were|are|of)\s+)?$")  # "expected -1", "left was -7"
MAX_PIECES = 16
ASSERTION_LABELS = frozenset({"expected", "actual"})
NOT_LABELS = FRAME_WORDS | {"line", "lines", "column", "than", "from", "with"}


@dataclass
class Claim:
    text: str
    names: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    labelled: list[tuple[str, str]] = field(default_factory=list)  # ("expected", "-1"): a value said with its label
    outcomes: set[str] = field(default_factory=set)
    negated: bool = False
    ordered: list[str] = field(default_factory=list)  # the values it compares ("6.0 == 6.5"), in its order

    def pieces(self) -> int:
        return len(self.names) + len(self.values) + len(self.words)


def clauses(sentence: str) -> list[str]:
    masked = GROUPED_RE.sub(lambda m: m.group(0)[0] + "x" * (len(m.group(0)) - 2) + m.group(0)[-1], sentence)
    cuts, start = [], 0
    for m in CUT_RE.finditer(masked):
        cuts.append(sentence[start:m.start()])
        start = m.end()
    cuts.append(sentence[start:])
    return [c.strip(" .!?") for c in cuts if c.strip(" .!?")]


def _claim(text: str, everything: str, skip_words: set[str]) -> Claim:
    claim = Claim(text)
    counted = [m.span() for pattern in (COUNT_RE, EXIT_CLAIM_RE) for m in pattern.finditer(text)]  # the run's, not a line's
    rest = text
    for pattern in NAME_RES:
        for m in pattern.finditer(rest):
            name = next((g for g in m.groups() if g), m.group(0)) if m.groups() else m.group(0)
            if name.strip() and not VALUE_RE.fullmatch(name):
                claim.names.append(plain(name).strip(".,:;"))
                label = LABEL_RE.search(rest[max(0, m.start() - 40): m.start()]) if pattern is NAME_RES[0] else None
                if label and label.group(1).lower() in ASSERTION_LABELS:  # "expected '=='"
                    claim.labelled.append((label.group(1).lower(), claim.names[-1]))
                rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
    for m in VALUE_RE.finditer(rest):
        if not any(a <= m.start() < b for a, b in counted):
            claim.values.append(m.group(0))
            label = LABEL_RE.search(rest[max(0, m.start() - 40): m.start()])
            if label and label.group(1).lower() not in NOT_LABELS:
                claim.labelled.append((label.group(1).lower(), m.group(0)))
    claim.ordered = [v for m in COMPARED_RE.finditer(rest) for v in m.groups()]
    uncounted = NO_PROBLEM_RE.sub("", "".join(" " if any(a <= i < b for a, b in counted) else ch for i, ch in enumerate(rest)))
    claim.outcomes = {name for name, pattern in CLAIMED.items() if pattern.search(uncounted)}
    claim.negated = NEGATION_RE.search(FLIPPED_RE.sub("", uncounted)) is not None
    for word in WORD_RE.findall(rest):
        low = word.lower()
        if low not in FRAME_WORDS and low not in skip_words and low not in NUMBER_WORDS and low not in claim.words \
                and not any(p.search(low) for p in CLAIMED.values()) and _word_in(low, everything):
            claim.words.append(low)
    return claim


def _bare(claim: Claim) -> bool:
    """A list item: names or one word, no outcome and no verb of its own ("main.rs:14", "the tests a_b", "pandoc")."""
    return not claim.outcomes and not claim.negated and len(claim.text.split()) <= 3


def _more_values(claim: Claim) -> bool:
    """ "…, expected 2, have 3": values listed after the clause they describe, with at most a label each."""
    return bool(claim.values) and not claim.names and not claim.outcomes and not claim.negated \
        and len(claim.text.split()) <= 2 * len(claim.values)


def _subject(claim: Claim) -> bool:
    """Whether the clause names a thing (a test, a file, a suite) a reason can be about: not only a code (E404)."""
    return bool(claim.names) and not CODE_RE.fullmatch(claim.names[0].upper())


def sentence_claims(sentence: str, everything: str, skip_words: set[str]) -> list[Claim]:
    """`everything`: the evidence lines' text; a word of the sentence found nowhere in it is left to grounding.py."""
    claims = [_claim(c, everything, skip_words) for c in clauses(sentence)]
    merged: list[Claim] = []
    for claim in claims:  # a reason explains the thing its clause names, unless it states its own outcome of nothing named
        if merged and _more_values(claim):  # "…ring.c:33 has too many arguments, expected 2, have 3": ring.c:33's values
            claim.names = list(merged[-1].names)
        if claim.text.lower().startswith("because") and merged and _subject(merged[-1]) and (claim.names or not claim.outcomes):
            head = merged[-1]
            head.names += claim.names
            head.values += claim.values
            head.words += claim.words
            head.labelled += claim.labelled
            head.ordered += claim.ordered
            head.outcomes |= claim.outcomes
            head.negated = head.negated or claim.negated
        else:
            merged.append(claim)
    for i, claim in enumerate(merged):  # a list item takes the outcome of the clause it is listed with
        if _bare(claim):
            after = next((c for c in merged[i + 1:] if not _bare(c)), None)
            before = next((c for c in reversed(merged[:i]) if not _bare(c)), None)
            source = after if after is not None and (after.outcomes or after.negated) else before
            if source is not None:
                claim.outcomes, claim.negated = set(source.outcomes), source.negated
    return merged


# A tool's guess at what was meant ("Perhaps you meant 'name'", "Did you mean to write 'roles'?") names what is NOT the
# problem: a clause stating a problem may not take its pieces from there.
SUGGESTION_RE = re.compile(r"\b(?:did you mean|perhaps you meant|maybe you meant|you may have meant|some candidates are"
                           r"|the most similar (?:command|commands|task|tasks) (?:is|are)|a similar \w+ exists)\b.*", re.I)
PROBLEMS = frozenset({"failed", "error", "missing", "warning", "timeout", "conflict"})


def _relates(claim: Claim, line: Line) -> bool:
    text = line.text
    if claim.negated or claim.outcomes & PROBLEMS:
        text = SUGGESTION_RE.sub("", text)
    if not all(name_in(n, text) for n in claim.names) or not all(number_in(v, text) for v in claim.values):
        return False
    if not all(_word_in(w, text) for w in claim.words):
        return False
    return all(_labelled_in(label, v, text) for label, v in claim.labelled) and _in_order(claim.ordered, text)


def _says_twice(twice: set[str], text: str, everything: str, skip_words: set[str]) -> bool:
    """A name the clause says twice plays two roles ("a imports a"): its line says it twice too, or names nothing
    else that could hold the other role ("x.h is missing: x.h: No such file" after its place a.c:3)."""
    if not twice or all(text.count(n) > 1 for n in twice):
        return True
    others = set(_claim(text, everything, skip_words).names) - twice
    return all(re.search(r":\d+$", n) for n in others)  # a place (file:line) holds no role


def _labelled_in(label: str, said: str, text: str) -> bool:
    """`text` says `said` right after its label: a value ends where a number ends, a quoted name where a name does
    ("expected '=='" is not "expected '==='")."""
    if VALUE_RE.fullmatch(said):
        piece = rf"{re.escape(said)}(?![\w.]*\w)"
    else:
        piece = rf"(?<![^\s'\"`‘(]){re.escape(said)}(?![^\s'\"`’,;)])"
    return re.search(rf"\b{re.escape(label[:max(4, len(label) - 3)])}\w*\W{{0,4}}(?:(?:is|was|of)\s+)?{piece}", text) is not None


def _in_order(pieces: list[str], text: str) -> bool:
    """The line says the compared values in the clause's order: "12.0 != 12.42" after "12.42 != 12.0" swaps a
    comparison's sides (the actual value and the expected one) inside one line."""
    at = 0
    for piece in pieces:
        sign = "" if piece.startswith("-") else "(?<!-)"
        m = re.compile(rf"(?<![\w.]){sign}{re.escape(piece)}(?![\w.]*\w)").search(text, at)
        if m is None:
            return False
        at = m.end()
    return True


def _line_pairs(text: str) -> list[str]:
    """Each output line joined with the next: a message that a tool wraps or continues ("ERROR: pip's resolver …"
    then "requests 2.31.0 requires …")."""
    lines = [line for line in plain(text).splitlines() if line.strip()]
    return [f"{a} {b}" for a, b in zip(lines, lines[1:])]


def _word_in(word: str, text: str) -> bool:
    """The word, or the word less an inflection, begins a word of `text` ("used" in "cannot use v", "borrows")."""
    root = _root(word)  # a root shorter than four letters finds other words: "nam" of "name" is not the name
    forms = {word[: max(4, len(word) - 3)], root if len(root) >= 4 else word, word[:-1] if word[-1] in "ds" else word}
    return any(len(form) >= 3 and re.search(rf"(?<![a-z]){re.escape(form)}", text) for form in forms)


def unrelated_claims(sentence: str, facts: Facts, facts_text: str, output_text: str, command: str = "") -> list[str]:
    """The clauses of `sentence` that no single evidence line supports as they relate their pieces."""
    from terminus_edge.summarize.guard import SUMMARY_VOCABULARY  # guard imports this module

    lines = list(evidence_lines(facts, facts_text, output_text))
    everything = "\n".join(line.text for line in lines)
    skip_words = {w.lower() for w in WORD_RE.findall(command)} | SUMMARY_VOCABULARY
    wrong = wrong_counts_per_name(sentence, facts, lines) + counts_said_apart(sentence, lines) + nested_counts_apart(sentence, lines)
    for claim in sentence_claims(sentence, everything, skip_words):
        # a name said twice plays two roles ("a imports a"): its line must say it twice too
        twice = {n for n in claim.names if claim.text.lower().count(n) > 1}
        # a piece found nowhere is the term and word checks' to judge; a long list is cut (a gist is one short sentence)
        claim.names = [n for n in dict.fromkeys(claim.names) if name_in(n, everything)][:MAX_PIECES]
        claim.values = [v for v in dict.fromkeys(claim.values) if number_in(v, everything)][:MAX_PIECES]
        claim.words = claim.words[:MAX_PIECES]
        # a summary's own words ("version 99.0.0", "code 2") label nothing; an assertion's "expected 3" does
        claim.labelled = [(lab, v) for lab, v in claim.labelled if (v in claim.values or v in claim.names)
                          and (lab not in SUMMARY_VOCABULARY or lab in ASSERTION_LABELS)]
        claim.ordered = [v for v in claim.ordered if v in claim.values]
        if claim.pieces() < 2 and not claim.outcomes and not claim.negated or claim.pieces() == 0:
            continue  # one piece alone relates nothing; its existence is the term check's
        related = [line for line in lines if _relates(claim, line) and _says_twice(twice, line.text, everything, skip_words)]
        if not related and not claim.names and not claim.values:  # plain words may run over into the next line
            related = [line for line in map(Line, _line_pairs(output_text)) if _relates(claim, line)]
        if claim.outcomes:
            stated = [line for line in related if line.said()]
            if stated:  # a line that states no outcome at all neither supports nor contradicts one
                related = [line for line in stated if supports(line, claim.outcomes)]
        if claim.negated:  # an error message says what is not so in its own words ("for input string: '80a'")
            related = [line for line in related if LINE_NEGATION_RE.search(line.text) or "error" in line.said()]
        if not related:
            wrong.append(claim.text)
    return wrong
