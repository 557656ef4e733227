"""Property tests (hypothesis): the normalizer and every fact parser on arbitrary and half-realistic output.

- normalizing never raises, leaves no escape/control characters, is idempotent, and gives the same
  text whether the output arrives whole or in chunks of any size;
- every parser returns Facts for any text, and the names it reports (test ids, files, codes, exception
  types) are made only of words that occur in the output;
- summarize() never raises on arbitrary bytes and always states the exit code.
"""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminus_edge.summarize import summarize
from terminus_edge.summarize.facts import generic, prompt
from terminus_edge.summarize.facts.registry import FAMILIES, extract_facts
from terminus_edge.summarize.facts.types import Facts
from terminus_edge.summarize.normalize import clean_text, normalize
from terminus_edge.summarize.window import read_output

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(alphabet=string.ascii_letters + string.digits + "_", min_size=1, max_size=12)
paths = st.builds(lambda d, f, ext: f"{d}/{f}.{ext}", words, words, st.sampled_from(["py", "rs", "ts", "c", "go", "java", "js"]))
numbers = st.integers(min_value=0, max_value=5000).map(str)
messages = st.lists(st.one_of(words, numbers, st.sampled_from(["==", "'x'", "`T`", "(", ")", ":"])), min_size=1, max_size=8).map(" ".join)

# Fragments in the shape of real tool output, with random names in them, so the parsers' regexes fire.
TEMPLATES = [
    "FAILED {p}::{w} - {m}", "ERROR {p} - {m}", "{p}::{w} PASSED", "E       {m}", "{p}:{n}: AssertionError",
    "==== {n} failed, {n} passed in 0.{n}s ====", "collected {n} items", "{p}:{n}:{n}: error: {m}",
    "{p}:{n}:{n}: warning: {m} [-W{w}]", "error[E0{n}]: {m}", "  --> {p}:{n}:{n}", "warning: unused variable: `{w}`",
    "Traceback (most recent call last):", '  File "{p}", line {n}, in {w}', "{w}Error: {m}", "ModuleNotFoundError: No module named '{w}'",
    "FAIL: {w} ({w}.{w})", "Ran {n} tests in 0.{n}s", "FAILED (failures={n}, errors={n})", "Tests: {n} failed, {n} passed, {n} total",
    "  ● {w} › {m}", "not ok {n} - {w}", "# fail {n}", "npm ERR! code E{w}", "npm error {m}", "{p}({n},{n}): error TS{n}: {m}",
    "--- FAIL: Test{w} (0.{n}s)", "FAIL\t{w}/{w}\t0.{n}s", "[ERROR] {p}:[{n},{n}] {m}", "Exception in thread \"main\" java.lang.{w}Exception: {m}",
    "\tat {w}.{w}({w}.java:{n})", "{p}:{n}: {m}  [{w}]", "Found {n} errors in {n} files", "{p}:{n}:{n}: F{n} {m}",
    "ERROR: Could not find a version that satisfies the requirement {w}=={n}", "CONFLICT (content): Merge conflict in {p}",
    "fatal: {m}", "bash: {w}: command not found", "{p}: No such file or directory", '127.0.0.1 - - [x] "GET /{w} HTTP/1.1" {n} -',
    "{w} {w} {n}", "{p}({n},{n}): error CS{n}: {m} [{p}]", "Password:", "Continue? [y/N]", "thread 'main' panicked at {p}:{n}:{n}:",
    "test {w} ... FAILED", "test result: FAILED. {n} passed; {n} failed", "{p}:{n}:{n}  error  {m}  {w}", "✖ {n} problems ({n} errors, {n} warnings)",
]


@st.composite
def tool_like_text(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(min_value=0, max_value=25))):
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(st.text(max_size=60)))
        else:
            template = draw(st.sampled_from(TEMPLATES))
            lines.append(re.sub(r"\{(\w)\}", lambda m: draw({"p": paths, "w": words, "n": numbers, "m": messages}[m.group(1)]), template))
    return "\n".join(lines)


PARSERS = [(family.NAME, family.parse) for family in FAMILIES] + [
    ("generic", generic.parse), ("prompt", lambda text: prompt.parse(text, timed_out=True)),
]


def named_words(facts: Facts) -> list[str]:
    """The words of every name a reader could act on: test ids, files, codes, exception types, missing things."""
    names = [f.name for f in facts.failures] + [f.location or "" for f in facts.failures]
    names += [d.file or "" for d in facts.diagnostics] + [d.code or "" for d in facts.diagnostics]
    if facts.traceback:
        names += [facts.traceback.exc_type, facts.traceback.file or "", facts.traceback.function or ""]
    return [w for name in names for w in re.findall(r"\w+", name)]


@pytest.mark.parametrize("name,parse", PARSERS, ids=[n for n, _ in PARSERS])
@SETTINGS
@given(text=st.one_of(st.text(max_size=400), tool_like_text()))
def test_parsers_never_raise_and_name_only_what_the_output_says(name, parse, text):
    facts = parse(text)
    assert isinstance(facts, Facts)
    words_in_output = set(re.findall(r"\w+", text))
    invented = [w for w in named_words(facts) if w not in words_in_output]
    assert not invented, (name, invented)


@SETTINGS
@given(text=st.one_of(st.text(max_size=400), tool_like_text()), code=st.sampled_from([0, 1, 2, 101, 124, None]))
def test_extract_facts_never_raises_and_never_reports_a_parser_crash(text, code):
    facts = extract_facts("run something", text, code)
    assert not [h for h in facts.highlights if "parser failed" in h]


raw_output = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from([b"\x1b[31m", b"\x1b[0m", b"\x1b]0;t\x07", b"\x1b]8;;u\x1b\\", b"\r", b"\r\n", b"\n", b"\b", b"\x00",
                              b"\x1b[2K", b"\x1b[1A", b"\x1b[38;2;1;2;3m", b"\xff", b"\xe2\x82", b"ok", b"error: x", b"  ", b"\t"]),
             max_size=60).map(b"".join),
)


@SETTINGS
@given(raw=raw_output)
def test_normalized_text_has_no_escapes_or_controls_and_is_idempotent(raw):
    result = normalize(raw)
    if result.binary:
        assert result.text.startswith("binary output, ")
        return
    text = result.text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)  # no ESC, no CR, no backspace, no NUL
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert not text.startswith("\n") and not text.endswith("\n")
    assert clean_text(text) == text


@SETTINGS
@given(raw=raw_output, cuts=st.lists(st.integers(min_value=1, max_value=64), max_size=20))
def test_chunked_input_gives_the_same_text_as_whole_input(raw, cuts):
    chunks, start = [], 0
    for size in cuts:
        chunks.append(raw[start : start + size])
        start += size
    chunks.append(raw[start:])
    whole, streamed = read_output(raw), read_output(iter(chunks))
    assert (streamed.text, streamed.binary, streamed.n_bytes, streamed.tokens_raw) == (whole.text, whole.binary, whole.n_bytes, whole.tokens_raw)


@SETTINGS
@given(raw=raw_output, code=st.sampled_from([0, 1, 127, None]), budget=st.integers(min_value=20, max_value=400))
def test_summarize_never_raises_and_states_the_exit_code(raw, code, budget):
    s = summarize("some-tool --flag", raw, code, budget_tokens=budget)
    assert s.text.startswith("Command: some-tool --flag\nSummary: ")
    assert ("exit code unknown" if code is None else f"exit code {code}") in s.body
