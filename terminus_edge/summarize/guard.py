"""The fact guard: the model's gist may only say what the output or the extracted facts support.

- A sentence naming a number, path, test id, code or identifier found neither in the output nor in the
  facts is removed whole; so is a sentence whose wording mostly comes from nowhere (two or three content
  words that neither the output, the facts nor the plain vocabulary of a command summary contain: a small
  model's story about "a shipment of packages served to the user" names no identifier to catch).
- A claim of success when the command failed (non-zero exit, failures or errors counted) or when something
  went wrong despite exit 0 (an unanswered prompt, dependency conflicts, error lines: status.problems_despite_exit_0)
  is removed; so is a claim of failure when nothing went wrong and the output never says so.
- A count, exit code or location the sentence pairs wrongly ("4 tests failed" when 1 did, "exit code 3" after
  exit 2, "App.parsePort(13)" when line 13 is another frame's, "the test was executed" when none ran) is removed:
  claims.unsupported_claims. So is a clause whose pieces (names, values, words, outcome, negation) no ONE fact or
  output line relates as it does ("test_a passed" after "FAILED test_a", one file's error told at another's line, a
  warning called an error): relations.unrelated_claims.
- Off-topic text (about the prompt or the output, "you", code fences, lists, loops, a cut quote), an echo (what the
  output or facts say word for word) and a sentence telling nothing beyond the command and its status are removed.
- Every failure/error fact the gist left out is reported as `restored` (compose always states them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from terminus_edge.summarize.claims import NEGATION_RE, unsupported_claims
from terminus_edge.summarize.facts.types import Facts
from terminus_edge.summarize.grounding import distorted_reason, ungrounded_reason, ungrounded_words, unseen_mixed_words
from terminus_edge.summarize.informative import says_nothing
from terminus_edge.summarize.relations import unrelated_claims
from terminus_edge.summarize.status import problems_despite_exit_0

SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`'\"(])|\n+")
NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
SIGNED_RE = re.compile(r"(?<![\w.-])-\d+(?:[.,]\d+)*(?![\w])")  # "-1" is not the "1" of "returned 1 exit status"


def _run_start(run: str, punct: str) -> str:
    """Where a term's scan may begin: the first word character of a run of `run` characters, after at most three
    leading `punct` ones; it is where \\b first holds in the run, so the leftmost match is the same. A \\b inside the
    run (`a-b-c`, `a/b/c`) would rescan the rest of the run from there: quadratic on one long word."""
    behind = [rf"(?<![{run}])"] + [rf"(?<=[{punct}]{{{k}}})(?<![{run}][{punct}]{{{k}}})" for k in (1, 2, 3)]
    return f"(?:{'|'.join(behind)})(?=\\w)"


PATH_RE = re.compile(r"(?<![\w.~-])[\w.~-]*/[\w./-]+|" + _run_start(r"\w-", "-") + r"[\w-]+\.(?:py|rs|c|h|cc|cpp|hpp|js|ts|tsx|jsx|java|kt|go|cs|rb|php|json|toml|yaml|yml|md|txt|sh|lock|cfg|ini|xml|gradle|mjs|cjs)\b")
TEST_ID_RE = re.compile(_run_start(r"\w./-", "./-") + r"[\w./-]+::[\w:\[\]-]+")
CODE_RE = re.compile(r"\b[A-Z]{1,4}\d{2,5}\b")
IDENT_RE = re.compile(r"`([^`]+)`|\b[A-Za-z_]+_[\w]*\b|\b[a-z]\w*(?:-[a-z0-9]\w*)+\b|\b[a-z]+[A-Z]\w*\b|\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+\b|\b\w+(?:\.\w+){1,}\(?\)?")
SUCCESS_RE = re.compile(
    r"\b(all\b[^.]{0,40}\b(pass\w*|succe\w*|ok)|succe(?:ed\w*|ss\w*)|no (?:errors?|failures?|issues|problems)|"
    r"without (?:any )?(?:errors?|failures?|issues|problems)|built successfully|compiled successfully|works|is working|"
    r"everything is fine|clean build|(?:was|were) able to|correct(?:ly)?|completed|finished|ran fine|no problems?|as expected|"
    r"(?:the|all|every|each) (?:\w+ )?(?:tests?|checks?|specs?|examples?|builds?|steps?|tasks?|hooks?) (?:have |has |were |was |are |is )?pass(?:ed|es|ing)?|"
    r"exit(?:ed)? (?:with )?(?:exit )?(?:code|status) 0|exited (?:normally|cleanly))\b",
    re.I,
)
# A task said done ("Git merged the files", "the merge failed and committed the result") is a success claim too, unless
# the sentence negates it ("pip installed nothing") or counts what was done ("4 synced and 1 failed").
DONE_RE = re.compile(r"\b(?:merged|installed|built|compiled|synced|deployed|uploaded|downloaded|fixe[sd]|resolved|applied|"
                     r"created|generated|updated|published|pushed|committed|saved)\b", re.I)
PARTLY_DONE_RE = re.compile(r"\b(?:\d+|some|most|others?|rest)\s+(?:\w+\s+){0,2}?(?:were\s+|was\s+)?"
                            r"(?:merged|installed|built|compiled|synced|deployed|uploaded|downloaded|fixed|resolved|applied|"
                            r"created|generated|updated|published|pushed|committed|saved)\b", re.I)
ERROR_CLAIM_RE = re.compile(r"\b(?:fatal|errors?|exceptions?)\b", re.I)
FAILURE_RE = re.compile(r"\b(fail\w*|errors? (?:occurred|were)|crash\w*|broke\w*|could not|couldn't|unable to|did not|didn't)\b", re.I)
COMMON_WORDS = {"e.g", "i.e", "etc"}
# Words of four letters or more that any summary of any command may use without the output saying them.
SUMMARY_VOCABULARY = frozenset("""
about after again also because been before being both could does done during each either every from have here into
just less many more most must neither none nothing only other over same should since some such than that their them
then there these they this those under until upon very were what when where which while will with would your
command commands output outputs program process script tool step steps result results total number count line lines
file files execute executed execution build built compile compiled compilation test tests tested testing pass passed
fail failed failing failure failures error errors warning warnings issue issues problem problems success successful
successfully succeeded complete completed finish finished start started stop stopped exit exited code status return
returned returns report reported reports show shows showed shown print printed produce produced found find missing
cause caused causes reason raise raised throw threw thrown crash crashed timeout timed wait waiting input install
installed installing installation package packages dependency dependencies version versions module modules function
functions expected actual unexpected value values type types message messages time seconds took several single
multiple first last later earlier fewer remaining instead because run ran runs running also still without
""".split())
SUFFIX_RE = re.compile(r"(?:ations?|ing|edly|ed|es|s|ly)$")
CONTENT_WORD_RE = re.compile(r"[A-Za-z]{4,}")
# Replies that talk about the prompt (it asks for "one sentence"), emit code or lists, or ramble instead of
# stating what happened.
OFF_TOPIC_RE = re.compile(
    r"```|^\s*(?:#|\d+\.|[-*•])\s|\b(?:the following|extracted facts?|output excerpt|as an ai|i cannot|i can't|"
    r"here is|here's|let me|in summary|gist|sentences?|perfect example|summar(?:y|ies|i[sz]\w*))\b|"
    r"^\s*(?:command|summary|log|output)\s*:|"
    # the assistant's voice or the reader addressed ("You're right.", "When you run pip install ...", "Sure, ...")
    r"\b(?:you|your|you're|you've)\b|^\W*(?:i(?=\s)|i'm|sure|certainly|great|okay)\b|"
    # talk about the text instead of what happened ("The output of the command cmake -S build.", "Extracting the output ...")
    r"^\W*(?:the|this|that)\s+(?:\w+\s+)?(?:output|response|example|snippet|text|above|previous)\b|"
    r"\bextract\w*\s+(?:the\s+)?(?:\w+\s+)?(?:output|facts?|information|text)\b|"
    # ...or anywhere: "the output was printed to the console", "failed to match the expected output", "a user reports"
    r"\b(?:the|its|this|that|expected)\s+output\b|\b(?:a|the)\s+user\b|"
    # a loop on one word ("lint lint", "deprecated and deprecated") or on a phrase ("the missing module names and
    # the missing module names")
    r"\b(\w{3,})\s+(?:(?:and|or)\s+)?\1\b|\b(\w+\s+\w+\s+\w{3,})\b.*\b\2\b|"
    # ...or on a pair of longer words ("lists differ from lists differ", "the test transfer ... the test transfer")
    r"\b([a-z]{4,}\s+[a-z]{4,})\b.*\b\3\b",
    re.I,
)


def off_topic(sentence: str, program: str = "") -> bool:
    """`program`: the command's program name, which may begin a sentence in its own lowercase ("pytest failed ...")."""
    words = re.findall(r"[A-Za-z]{2,}", sentence)
    # a name with its version or path (`express@9.9.9`, `src/app.py:12`) or a contraction is one token, not a run of
    # numbers and marks: "npm failed because express@9.9.9 doesn't exist." is mostly words
    tokens = re.findall(r"\w[\w'.@/:=~+-]*\w|\w|[^\w\s]", sentence)
    if len(words) < 3 or OFF_TOPIC_RE.search(sentence) or len(words) < len(tokens) / 2:
        return True
    starts_with_program = bool(program) and re.match(rf"{re.escape(program)}\b(?![./:=-])", sentence) is not None
    if not re.match(r"[A-Z0-9`'\"(]", sentence) and not starts_with_program:
        return True  # a fragment ("test the `test` function.") or a pasted output line, not a sentence
    if sentence.count("`") % 2 or sentence.count('"') % 2:
        return True  # a quote cut open: the reply ran on into pasted output
    if len(set(w.lower() for w in words)) < len(words) / 2:
        return True  # a loop repeating itself
    long_words = [w.lower() for w in re.findall(r"\b[A-Za-z]{4,}\b", sentence)]
    return any(long_words.count(w) >= 3 for w in set(long_words))  # "skipped and the versions skipped were skipped"


@dataclass
class GuardResult:
    text: str
    removed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why each removed sentence went, in the same order


def unsupported_terms(sentence: str, haystack: str) -> list[str]:
    """Terms in `sentence` that a reader could act on but that `haystack` (output + facts) never mentions."""
    terms: list[str] = []
    for pattern in (TEST_ID_RE, PATH_RE, CODE_RE, NUMBER_RE):
        terms += pattern.findall(sentence)
    lowered = haystack.lower()
    signed = [n for n in SIGNED_RE.findall(sentence) if not re.search(rf"(?<![\w.-]){re.escape(n)}(?!\w)", lowered)]
    for m in IDENT_RE.finditer(sentence):
        terms.append(m.group(1) or m.group(0))
    words = set(re.findall(r"\w+(?:[.,]\d+)*", haystack))
    missing = []
    for term in terms:
        term = term.strip(".,;:()'\"` ")
        if not term or term.lower() in COMMON_WORDS:
            continue
        if NUMBER_RE.fullmatch(term):
            if term not in words:  # a number must occur as a number, not inside another one
                missing.append(term)
        elif term.lower() not in haystack and term.rstrip("()").lower() not in haystack:
            missing.append(term)
    return missing + signed


def unsupported_words(sentence: str, haystack: str) -> list[str]:
    """Content words that occur in neither `haystack` (lowercased output + facts) nor the summary vocabulary;
    a word counts as found when its stem does ("compiled" for "compiling", "tests" for "tested")."""
    missing = []
    for word in CONTENT_WORD_RE.findall(sentence):
        low = word.lower()
        if low in SUMMARY_VOCABULARY or low in haystack:
            continue
        stem = SUFFIX_RE.sub("", low)
        if len(stem) < 3 or stem not in haystack:
            missing.append(word)
    return missing


def invented(sentence: str, haystack: str) -> bool:
    missing = len(unsupported_words(sentence, haystack))
    content = len(CONTENT_WORD_RE.findall(sentence))
    return missing >= 3 or (missing >= 2 and missing * 2 > content)


def copied(sentence: str, haystack: str) -> bool:
    """A long stretch pasted from the output or the facts is an echo, not a gist."""
    text = " ".join(sentence.lower().split())
    flat = " ".join(haystack.split())
    # Or the whole sentence is already there ("Auto-merging README.md.", "PASS src/mod3.test.js."): it adds nothing,
    # and one line picked from the output can mislead ("PASS ..." from a run that failed).
    whole = text.rstrip(".!?:; ")
    return (len(text) >= 60 and text[:60] in flat) or bool(whole) and whole in flat


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_SPLIT_RE.split(text) if s and s.strip()]


def rejection(sentence: str, output_text: str, facts: Facts, haystack: str, failed: bool, output_mentions_failure: bool,
              program: str = "", shown: str | None = None, facts_text: str = "", command: str = "") -> str | None:
    """Why the guard removes `sentence` (the check that failed and what it caught), or None when it stays."""
    if off_topic(sentence, program):
        return "off-topic"
    if copied(sentence, haystack):
        return "echo"
    terms = list(dict.fromkeys(unsupported_terms(sentence, haystack) + unseen_mixed_words(sentence, haystack)))
    if terms:
        return "unsupported terms: " + ", ".join(terms)
    if invented(sentence, haystack):
        return "invented words: " + ", ".join(unsupported_words(sentence, haystack))
    if shown is not None and (story := ungrounded_words(sentence, shown)):
        return "words not in the facts shown: " + ", ".join(story)
    if shown is not None and (story := ungrounded_reason(sentence, shown)):
        return "a reason told with words from inside a name: " + ", ".join(story)
    if shown is not None and (story := distorted_reason(sentence, shown)):
        return "a reason the fact line it restates does not give: " + ", ".join(story)
    claims = unsupported_claims(sentence, facts, haystack, output_text)
    if claims:
        return "unsupported claims: " + ", ".join(claims)
    if (unrelated := unrelated_claims(sentence, facts, facts_text, output_text, command)):
        return "no one line says: " + " | ".join(unrelated)
    if failed and SUCCESS_RE.search(sentence):
        return "success claimed after a failure"
    done = DONE_RE.search(sentence)
    if failed and done and not NEGATION_RE.search(sentence) and not re.search(r"\bnothing\b", sentence, re.I) \
            and not PARTLY_DONE_RE.search(sentence):
        return "success claimed after a failure: " + done.group(0)
    if failed and _says_run_passed(sentence, program):
        return "success of the run claimed after a failure"  # "Cargo test passed in every target", "Robot will pass all 5 tests"
    if not failed and FAILURE_RE.search(sentence) and not output_mentions_failure:
        return "failure claimed on a clean run"
    if not failed and _says_run_failed(sentence, program):
        return "failure claimed on a clean run"
    if facts.exit_code == 0 and not facts.timed_out and _says_run_failed(sentence, program, tests=False):
        return "failure of the command claimed after exit code 0"  # "cat logs/server.log failed because 5 server errors"
    if not failed and ERROR_CLAIM_RE.search(sentence) and not NEGATION_RE.search(sentence):
        return "error claimed on a clean run"  # the facts found none: "the compiler reported a fatal error" after warnings
    return says_nothing(sentence, command) if command else None


def guard(gist: str, output_text: str, facts: Facts, facts_text: str, required: list[str] | None = None,
          command: str = "", shown: str | None = None) -> GuardResult:
    """`command`: the command line, which supports what the gist says too (the model was shown it). `shown`: what
    else the model read (fact lines, excerpt); when given, a sentence's words must come from it (grounding.py)."""
    haystack = (output_text + "\n" + facts_text + ("\ncommand: " + command if command else "")).lower()
    program = program_name(command)
    # "installed without any issues" is as false after pip's dependency conflicts at exit 0 as after exit 1
    failed = facts.failed or bool(problems_despite_exit_0(facts))
    output_mentions_failure = bool(FAILURE_RE.search(output_text))
    kept, removed, reasons = [], [], []
    for sentence in split_sentences(gist):
        if sentence.lower() in (k.lower() for k in kept):
            reason = "repeated sentence"  # the same sentence again: a decoding loop
        else:
            reason = rejection(sentence, output_text, facts, haystack, failed, output_mentions_failure, program,
                               None if shown is None else f"{shown}\n{command}", facts_text, command)
        if reason:
            removed.append(sentence)
            reasons.append(reason)
        else:
            kept.append(sentence)
    text = " ".join(kept)
    lowered = text.lower()
    restored = [item for item in (required or []) if _key(item) not in lowered]
    return GuardResult(text, removed, restored, reasons)


def _says_run_failed(sentence: str, program: str, tests: bool = True) -> bool:
    """The sentence says the command itself (its program, the build, the run, and with `tests` the tests) failed."""
    things = "build|command|run|tests?" if tests else "build|command|run"
    subject = rf"(?:{re.escape(program)}|the\s+(?:{things}))" if program else rf"the\s+(?:{things})"
    # up to the verb: the command's arguments (`cat logs/server.log`), not past the end of a clause
    return re.match(rf"\W*{subject}\b(?:(?![.;:](?:\s|$))[^\n]){{0,60}}?\b(?:failed|fails|could\s+not|couldn't|did\s+not|crashed)\b",
                    sentence, re.I) is not None


def _says_run_passed(sentence: str, program: str) -> bool:
    """The sentence says the command itself (its program, the build, the run, the tests) passed, not that some named
    part of it did ("pytest passed test_a", "go test passed in example.com/util", "pytest passed 7 of 10 tests")."""
    subject = rf"(?:{re.escape(program)}|the\s+(?:build|command|run|tests?))" if program else r"the\s+(?:build|command|run|tests?)"
    m = re.match(rf"\W*{subject}\b(?:(?![.;:,](?:\s|$))[^\n]){{0,40}}?\b(?:pass(?:ed|es)?|succe(?:ed|eds|eded))\b((?:(?![.;:,](?:\s|$))[^\n])*)",
                 sentence, re.I)
    if m is None or FAILURE_RE.search(sentence) or NEGATION_RE.search(sentence):
        return False
    return not re.search(r"\w[_./:]\w|`|'|(?<!all )(?<!every )\b\d", m.group(1))  # a part named or counted


SILENT_BUILTINS = frozenset({"cd", "unset", "export", "set", "source", ".", "ulimit", "umask", "pushd", "popd", "true"})


def program_name(command: str) -> str:
    """The program a command line runs: `pytest` of `FOO=1 pytest -q`, `npx` of `npx tsc`, `make` of `/usr/bin/make`;
    of a list, the first that is not a shell builtin printing nothing (`cargo` of `unset X; cargo test`, `gdc` of
    `gdc -o run run.d && ./run`); of a pipeline, its first."""
    for part in re.split(r";|&&|\|\|", command):
        words = [word for word in part.split("|")[0].split() if "=" not in word]
        if words and words[0] not in SILENT_BUILTINS:
            return words[0].rsplit("/", 1)[-1]
    return ""


def _key(item: str) -> str:
    """The most specific handle of a fact (a test id, a code, a path) to look for in the gist."""
    for pattern in (TEST_ID_RE, CODE_RE, PATH_RE):
        m = pattern.search(item)
        if m:
            return m.group(0).lower()
    return item.lower()[:40]
