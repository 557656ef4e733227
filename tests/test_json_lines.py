"""One JSON document on one long line (rspec/jest/eslint JSON reports) is broken at its commas instead of losing its
middle to the 16 KiB line cut (summarize/json_lines.py); the held-out set tests/data/long_line_reports."""

from __future__ import annotations

import json
import random

import pytest

from fidelity_sets import FidelitySet
from linear_time import assert_linear

from terminus_edge.redact import redact
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.json_lines import JsonLineBreaker, is_json_line
from terminus_edge.summarize.normalize import normalize
from terminus_edge.summarize.pipeline import summarize
from terminus_edge.summarize.rows import LONG_LINE
from terminus_edge.summarize.terminal import LineCleaner, clean_lines

# The facts are all read (4 failures); the summary's 200-token budget holds two with jest's Expected/Received reasons
# and (since session 13) the other two by name.
KNOWN_MISSES: dict[str, list[str]] = {}

LONG_LINES = FidelitySet("long_line_reports", known_misses=KNOWN_MISSES)
CASES = LONG_LINES.cases


def streamed(text: str, size: int) -> str:
    cleaner = LineCleaner()
    out = [cleaner.feed(text[i:i + size]) for i in range(0, len(text), size)] + [cleaner.finish()]
    return "\n".join(block for block in out if block)


def _random_document(rng: random.Random, depth: int = 0) -> object:
    leaves = ["a,b", 'q"u\\o,t', "\\", 'x\\"', "", "é, ü", 1.5, -3, None, True]
    if depth > 2 or rng.random() < 0.4:
        return rng.choice(leaves)
    if rng.random() < 0.5:
        return [_random_document(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {f"k{i},{rng.choice(leaves)}": _random_document(rng, depth + 1) for i in range(rng.randint(0, 4))}


def test_a_document_broken_in_pieces_of_any_size_is_the_same_document_with_a_line_feed_after_each_separating_comma():
    rng = random.Random(12)
    for _ in range(3000):
        document = _random_document(rng)
        text = json.dumps(document, separators=(",", ":"), ensure_ascii=rng.random() < 0.5)
        cuts = sorted(rng.sample(range(len(text) + 1), min(rng.randint(0, 12), len(text) + 1)))
        breaker = JsonLineBreaker()
        broken = "".join(breaker.feed(text[a:b]) for a, b in zip([0, *cuts], [*cuts, len(text)]))
        assert json.loads(broken) == document  # a line feed inside a string would not parse
        assert broken.replace(",\n", ",") == text
        assert all(line.endswith(",") for line in broken.split("\n")[:-1])


def test_only_a_line_that_starts_as_json_is_broken():
    assert is_json_line('{"version":"3.12.0","examples":[{"id":"./spec/a_spec.rb[1:1]","description":"adds')
    assert is_json_line('[{"filePath":"/home/dev/m.js","messages":[],"errorCount":0,')
    assert is_json_line('[0.5, -1, true, null, {"a": "b\\"c')
    for head in ("[INFO] started worker, pid 9", "[2026-11-26 10:00:01] GET /, 200", "[10:00] a, b", "{a: 1, b: 2}",
                 "[1, 2]\x1b[31m, x", "{ curly prose, with commas }", "[-]"):
        assert not is_json_line(head), head
    log_line = "[INFO] " + "step, " * 4_000
    assert "characters omitted]" in clean_lines(log_line)  # a long log line keeps its head and tail as before


@pytest.mark.parametrize("name", ["rspec-json-30k-4-failures", "eslint-json-20k-6-errors", "jest-json-70k-4-failures"])
def test_streamed_in_pieces_a_report_is_cleaned_as_the_whole_text_is(name):
    text = LONG_LINES.case(name).output.decode()
    whole = clean_lines(text.rstrip("\n"))
    assert max(map(len, whole.split("\n"))) < LONG_LINE and "characters omitted" not in whole
    json.loads(whole)
    for size in (7, 1000, 16_384, 65_536, len(text)):
        assert streamed(text, size) == whole, size
    assert streamed("starting\n" + text + "done\n", 4096) == clean_lines("starting\n" + text + "done")


def test_a_string_value_over_the_limit_is_cut_alone_and_the_lines_around_it_stay():
    document = {"failed": ["first, spec"], "message": "x" * 40_000, "summary_line": "2 examples, 2 failures"}
    text = json.dumps(document, separators=(",", ":"))
    for cleaned in (clean_lines(text), streamed(text, 4096)):
        lines = cleaned.split("\n")
        assert lines[0] == '{"failed":["first, spec"],' and lines[-1] == '"summary_line":"2 examples, 2 failures"}'
        assert "characters omitted]" in lines[1] and max(map(len, lines)) < LONG_LINE


def test_a_secret_in_a_long_report_stays_whole_on_its_line_and_masked():
    case = LONG_LINES.case("rspec-json-190k-fake-secret")
    secrets = [item["any_of"][0].replace("\\", "") for item in case.meta["forbidden"] if item["id"].startswith("secret")]
    assert len(secrets) == 2
    cleaned = normalize(case.output).text
    assert all(secret in cleaned for secret in secrets)  # shown whole (it had been in the cut middle)
    masked = redact(cleaned, command=case.command)
    assert not any(secret[i:i + 12] in masked for secret in secrets for i in range(len(secret) - 11))
    summary = summarize(case.command, case.output, 1).text
    assert "connects with the configured url" in summary and not any(secret in summary for secret in secrets)


def test_every_failure_of_a_large_report_is_read_exactly():
    case = LONG_LINES.case("rspec-json-1800k-6-failures")
    facts = summarize(case.command, case.output, 1).facts
    assert facts.counts == {"total": 7000, "failed": 6} and len(facts.failures) == 6
    assert [f.name for f in facts.failures][2:4] == ["Ledger rejects negative settlement 3333", "Ledger totals invoice batch 5000"]
    eslint = LONG_LINES.case("eslint-json-20k-6-errors")
    found = extract_facts(eslint.command, normalize(eslint.output).text, 1).diagnostics
    assert sorted(d.message.split("'")[1] for d in found) == sorted(
        f"{kind}{n}" for kind in ("unusedThing", "undefinedName") for n in (4, 19, 33))


@pytest.mark.parametrize("name", CASES)
def test_summary_keeps_every_fact_and_no_false_claim(name):
    LONG_LINES.check_summary(name)


def _pieces(text: str, size: int = 1 << 16):
    data = text.encode()
    return (data[i:i + size] for i in range(0, len(data), size))


@pytest.mark.parametrize("shape", ["numbers", "examples", "one string"])
def test_breaking_a_long_json_line_is_linear(shape):
    example = '{"id":"./spec/a_spec.rb[1:1]","description":"adds, then checks","status":"passed","line_number":3}'
    build = {
        "numbers": lambda n: "[" + "1," * (n // 2) + "1]",
        "examples": lambda n: '{"examples":[' + ",".join([example] * (n // len(example))) + "]}",
        "one string": lambda n: '{"a":"' + "x\\\"," * (n // 4) + '"}',
    }[shape]
    texts = {n: build(n) for n in (250_000, 1_000_000)}
    assert_linear(lambda n: summarize("rspec --format json", _pieces(texts[n]), 0), 250_000, shape, repeats=1)
