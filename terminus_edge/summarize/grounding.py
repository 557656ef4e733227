"""Whether a gist restates what the model was shown, or tells its own story.

The model is asked to restate a few fact lines. A small model that goes beyond them does not reason from the rest of
the output, it makes a story up from words found anywhere: "the build failed because the function returned a non-void
return type" (a warning said "control reaches end of non-void function"), "the server crashed because hero-video.mp4
was reset" (it was retried and completed). The guard's word check asks whether each word occurs anywhere in the output
or in the plain vocabulary of a summary; this one asks more: every content word must come from the facts, the
excerpt and the command line the model read, or from the few words that frame a restatement ("failed because").
A sentence made only of the facts' own words, rearranged into something they do not say, passes this check: the
count, exit-code, location and success checks of claims.py and guard.py are what stand behind it.
"""

from __future__ import annotations

import re

from terminus_edge.summarize.claims import COUNT_RE

WORD_RE = re.compile(r"[A-Za-z]{4,}")
# The words a restatement of the facts needs beyond the facts' own: how it ended, what was counted, how things relate.
# Not "missing", "installed", "found": "npm failed because 'npm' is not installed" must find them in the facts.
FRAME_WORDS = frozenset("""
about after again also because been before being both could does done during each either every from have here into
just less many more most must neither none nothing only other over same should since some such than that their them
then there these they this those under until upon very were what when where which while will with would without
build builds test tests pass passed passes passing fail failed failing fails failure failures error errors warning
warnings success successful successfully succeeded exit exited exits code status skipped
because none cannot finished completed running instead command message says saying said stopped stop stops ended ends reported reports
three four five seven eight nine twelve example examples spec specs case cases suite suites assertion assertions
""".split())


def _stem(word: str) -> str:
    """A prefix that `failing`, `failed` and `fails` share, as do `assets`/`asset`."""
    return word[: max(4, len(word) - 3)]


ENDING_RE = re.compile(r"(?:ations?|ing|ed|es|e|s|d)$")


def _root(word: str) -> str:
    """The word less one inflection: `resolved` and `resolve`, `differs` and `differ` share one."""
    root = ENDING_RE.sub("", word)
    return root if len(root) >= 3 else word


CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
SHORT_RE = re.compile(r"(?<![A-Za-z])[A-Za-z]{3}(?![A-Za-z])")
# a three-letter word WORD_RE does not read, inflected: "uses"/"used" of "use", "fixes" of "fix", "added" of "add"
SHORT_INFLECTED_RE = re.compile(r"^([a-z]{3})(?:s|d|es|ed)$")


def shown_stems(shown: str, identifier_parts: bool = True) -> set[str]:
    """The words of `shown` and their stems; `parsePort` and `NumberFormatException` give their parts too, unless
    `identifier_parts` is False."""
    text = f"{shown} {CAMEL_RE.sub(' ', shown)}" if identifier_parts else shown
    words = [w.lower() for w in WORD_RE.findall(text)]
    short = {"~" + w.lower() for w in SHORT_RE.findall(text)}
    return set(words) | {_stem(w) for w in words} | {"=" + _root(w) for w in words} | short


def _in(low: str, stems: set[str]) -> bool:
    short = SHORT_INFLECTED_RE.match(low)
    return low in stems or _stem(low) in stems or "=" + _root(low) in stems or \
        short is not None and "~" + short.group(1) in stems


def ungrounded_words(sentence: str, shown: str) -> list[str]:
    """Content words of `sentence` neither in `shown` (facts, excerpt and command the model read) nor framing words.

    A word counts as shown when its stem is the stem of a shown word ("imports" for "imported", not "import" for
    "important"): a word found only inside a longer one ("type" in "-Wreturn-type") is found, since WORD_RE splits
    on the hyphen; one found only as a substring of an unrelated word is not."""
    stems = shown_stems(shown)
    missing = []
    for word in WORD_RE.findall(_without_counts(sentence)):
        low = word.lower()
        if low in FRAME_WORDS or _in(low, stems):
            continue
        missing.append(word)
    return missing


REPORTED_RE = re.compile(r"\b(?:found|reported|counted)(?=\s+\d)", re.I)


def _without_counts(sentence: str) -> str:
    """The sentence less the noun of each count ("6 problems") and the verb that reports one ("found 6"): the count
    checks (claims.wrong_counts) judge those against the facts; the words describing a count stay to be grounded."""
    spans = [m.span(4) for m in COUNT_RE.finditer(sentence)] + [m.span() for m in REPORTED_RE.finditer(sentence)]
    for start, end in sorted(spans, reverse=True):
        sentence = sentence[:start] + " " + sentence[end:]
    return sentence


BECAUSE_RE = re.compile(r"\bbecause\b(.*)", re.I | re.S)


def ungrounded_reason(sentence: str, shown: str) -> list[str]:
    """Words of a "because ..." clause that the shown text has only inside an identifier.

    A reason is a claim about cause, so it must be told in the output's own words: "go failed because the test
    count is missing" built from a test named TestCountMissing is a story, while "make failed because 'buf_len' is
    undeclared" restates an error line."""
    clause = BECAUSE_RE.search(sentence)
    if clause is None:
        return []
    stems = shown_stems(shown, identifier_parts=False)
    return [word for word in WORD_RE.findall(clause.group(1))
            if (low := word.lower()) not in FRAME_WORDS - {"missing", "found", "installed"}
            and not _in(low, stems)]


PARTS_RE = re.compile(r"[,;]|\band\b|\bbut\b", re.I)
# Words that turn a reason into a different claim: an outcome or a negation the model may add to fact words.
_OUTCOMES = (
    ("failed", re.compile(r"\bfail\w*", re.I), re.compile(r"\bfail\w*|\berror", re.I)),
    ("passed", re.compile(r"\b(?:pass(?:ed|es|ing)?|succe\w*)\b", re.I), re.compile(r"\bpass\w*|\bsucce\w*|\bok\b", re.I)),
    ("missing", re.compile(r"\bmissing\b", re.I),
     re.compile(r"\bmissing\b|not found|no such|no matching|(?:cannot|can't|could ?n[o']t|unable to) (?:find|locate)", re.I)),
    ("not", re.compile(r"\b(?:not|no|never|none)\b|n't\b", re.I),
     re.compile(r"\b(?:not|no|never|none|cannot|unable|without|missing|undefined|undeclared|unknown|invalid)\b|n't\b", re.I)),
)


def distorted_reason(sentence: str, shown: str) -> list[str]:
    """Outcome or negation words a "because ..." clause adds to the fact line it restates.

    The clause is matched to the shown line that shares most of its words; an outcome ("failed", "passed",
    "missing") or a negation in the clause must be in that line too. "clang failed because math functions
    undefined: link failed with -lm" turns the hint "link with -lm (libm)" into a failure that never happened."""
    clause = BECAUSE_RE.search(sentence)
    if clause is None:
        return []
    lines = [(line, {w.lower() for w in WORD_RE.findall(line)}) for line in shown.splitlines()]
    distorted = []
    for part in PARTS_RE.split(clause.group(1)):  # "a ValueError in x.py and a missing command, pandoc": two facts
        words = {w.lower() for w in WORD_RE.findall(part)} - FRAME_WORDS
        best, shared = max(lines, key=lambda item: len(words & item[1]), default=("", set()))
        if words & shared:
            distorted += [name for name, said, supported in _OUTCOMES
                          if said.search(part) and not supported.search(best) and name not in distorted]
    return distorted


ALNUM_RE = re.compile(r"[A-Za-z0-9]+")


def unseen_mixed_words(sentence: str, haystack: str) -> list[str]:
    """Words mixing letters and digits (a commit hash "263e866e7b", a size "1B", "i32") that `haystack` (lowercased
    output, facts and command) never has whole. A substring is not enough: "263e866e7a35…" does not name 263e866e7b,
    and "17B" is not "1B"."""
    mixed = [w for w in ALNUM_RE.findall(sentence) if not w.isalpha() and not w.isdigit()]
    if not mixed:
        return []
    seen = set(ALNUM_RE.findall(haystack))
    return [w for w in mixed if w.lower() not in seen]
