"""cargo / rustc / clippy: diagnostics with codes, build totals, `cargo test` results and panics."""

from __future__ import annotations

import json
import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip, plural, parse_count_list
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "cargo"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(cargo|rustc|clippy-driver|rustup|cross)\b")
# Needs cargo/rustc evidence: a bare `^error: ` line is printed by git, pip, gcc and many more.
OUTPUT_RE = re.compile(
    r"^[ \t]+Compiling \S+ v\d|^(?:error|warning)\[E\d{4}\]: |^test result: |^[ \t]+Finished `?\w+`? profile"
    r"|^error: (?:could not compile|aborting due to|no matching package named|failed to get `)|^error: .*\bCargo\.(?:toml|lock)\b"
    r"|^[ \t]*--> [^\s:]+\.rs:\d+"
    r"|^[ \t]*thread '[^'\n]+'(?: \(\d+\))? panicked at ",  # a Rust program's panic, however it was run
    re.M,
)

RUNNING_RE = re.compile(r"^running \d+ tests?$", re.M)
COULD_NOT_RE = re.compile(r"^error: could not compile `([^`]+)`(?: \([^)]*\))?(?: due to (\d+) previous errors?)?(?:; (\d+) warnings? emitted)?", re.M)
# one per target: `warning: `app` (lib test) generated 1 warning (1 duplicate)` (a duplicate was counted for another target)
GENERATED_RE = re.compile(r"^warning: `([^`]+)` \(([^)]*)\) generated (\d+) warnings?(?: \((\d+) duplicates?\))?", re.M)
FINISHED_RE = re.compile(r"^[ \t]+Finished (.+? target\(s\) in [\d.]+m?s)", re.M)
COMPILING_RE = re.compile(r"^[ \t]+Compiling (\S+ v[\w.+-]+)", re.M)
JSON_MESSAGE_RE = re.compile(r'^\{"(?:reason|\$message_type)":"', re.M)
TEST_RESULT_RE = re.compile(r"^test result: (ok|FAILED)\. (.+?)(?:; finished in [\d.]+s)?$", re.M)
# `test tests::adds ... ok`, `test tests::x - should panic ... FAILED`, a doc test `test src/lib.rs - total (line 5) ... FAILED`
TEST_LINE_RE = re.compile(r"^test (.+?)(?: - should panic)? \.\.\. (FAILED|ok|ignored)", re.M)
# Each failing test's captured output: `---- tests::adds stdout ----` up to the next section or the `failures:` list.
SECTION_RE = re.compile(r"^---- (.+?) stdout ----\n(.*?)(?=^---- |^failures:$|\Z)", re.M | re.S)
# libtest's closing list of a test binary's failures, sorted by name (the `---- x stdout ----` sections and the
# `test x ... FAILED` lines come in the order the test threads finished)
FAILURES_LIST_RE = re.compile(r"^failures:\n((?:    \S.*\n?)+)", re.M)
NO_PANIC_RE = re.compile(r"^note: test did not panic as expected(?: at (\S+:\d+:\d+))?", re.M)
# (indented under `--- stderr` when a build script panicked)
PANIC_RE = re.compile(r"^[ \t]*thread '([^']+)'(?: \(\d+\))? panicked at (?:'(.*)', )?([^\s:]+:\d+:\d+):?$", re.M)
MISSING_CRATE_RE = re.compile(r"^error: (?:no matching package named `([\w-]+)` found|failed to get `([\w-]+)` as a dependency)", re.M)
CARGO_ERROR_RE = re.compile(r"^error: (?!could not compile|test failed|aborting)(.+)$", re.M)


def _panic_message(text: str, match: re.Match) -> str:
    if match.group(2):
        return match.group(2)
    rest = text[match.end():].lstrip("\n").splitlines()
    lines = []
    for line in rest[:4]:
        if not line.strip() or line.strip().startswith(("stack backtrace", "note:")):
            break
        lines.append(line.strip())
    return "; ".join(lines)


def _sections(text: str) -> dict[str, tuple[str, str | None]]:
    """Why each test failed, from its own captured-output section: its panic (a doc test's runs in `main`), or
    libtest's note that a `#[should_panic]` test did not panic."""
    reasons = {}
    for section in SECTION_RE.finditer(text):
        body = section.group(2)
        panic = PANIC_RE.search(body)
        no_panic = NO_PANIC_RE.search(body)
        if panic:
            reasons[section.group(1)] = (clip(_panic_message(body, panic), 200), panic.group(3))
        elif no_panic:
            reasons[section.group(1)] = ("did not panic as expected", no_panic.group(1))
    return reasons


def _rendered(text: str) -> str:
    """`cargo --message-format=json` / `rustc --error-format=json`: each diagnostic's `rendered` field is the text the
    human format prints; the other JSON lines (artifacts, build-finished) carry nothing a reader needs here."""
    out = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("{"):
            out.append(line)
            continue
        try:
            record = json.loads(line)
        except ValueError:
            out.append(line)
            continue
        message = record.get("message") if record.get("reason") == "compiler-message" else record
        if isinstance(message, dict) and isinstance(message.get("rendered"), str):
            out.append(message["rendered"] + ("" if message["rendered"].endswith("\n") else "\n"))
    return "".join(out)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    if JSON_MESSAGE_RE.search(text):
        text = _rendered(text)
    # `--message-format short` prints each as one GNU-layout line: `src/main.rs:8:5: error[E0308]: mismatched types: …`
    facts.diagnostics = diagnostics.rust_style(text) + diagnostics.gnu(text)
    counts = diagnostics.count(facts.diagnostics)
    for m in COULD_NOT_RE.finditer(text):
        if m.group(2):
            counts["errors"] = int(m.group(2))
        facts.errors.append(clip(m.group(0).removeprefix("error: "), 160))
    tallies = GENERATED_RE.findall(text)
    warned = sum(int(n) - int(dup or 0) for _, _, n, dup in tallies)
    if warned:
        counts["warnings"] = warned
    targets = [(f"{crate} ({target})", int(n) - int(dup or 0)) for crate, target, n, dup in tallies]
    if sum(1 for _, n in targets if n) > 1:
        facts.highlights.append("; ".join(f"{name}: {plural(n, 'warning')}" for name, n in targets if n))
    panics = {m.group(1): (clip(_panic_message(text, m), 200), m.group(3)) for m in PANIC_RE.finditer(text)}
    results = TEST_RESULT_RE.findall(text)
    if results:
        totals: dict[str, int] = {}
        for _, detail in results:
            for key, value in parse_count_list(detail).items():
                totals[key] = totals.get(key, 0) + value
        ordered = {k: totals[k] for k in ("failed", "passed", "skipped") if k in totals}
        facts.counts = ordered
        facts.count_unit = "tests"
        if "skipped" in ordered:
            facts.count_words["skipped"] = "ignored"  # libtest's word: `#[ignore]`d tests
        if counts:
            facts.highlights.append(", ".join(plural(v, f"compiler {k.rstrip('s')}") for k, v in counts.items()))
    else:
        facts.counts = counts
    sections = _sections(text)
    for name, status in TEST_LINE_RE.findall(text):
        if status == "FAILED":
            reason, where = sections.get(name) or panics.get(name, (None, None))
            facts.failures.append(TestFailure(name, reason, where))
    listed = [name.strip() for block in FAILURES_LIST_RE.findall(text) for name in block.splitlines()]
    rank = {name: i for i, name in enumerate(listed)}
    facts.failures.sort(key=lambda f: rank.get(f.name, len(rank)))  # stable: unlisted ones keep their order, after
    in_sections = {m.group(3) for section in SECTION_RE.finditer(text) for m in PANIC_RE.finditer(section.group(2))}
    tests_ran = bool(results or facts.failures or RUNNING_RE.search(text))
    for name, (reason, where) in panics.items():
        if not any(f.name == name for f in facts.failures) and name != "main" and tests_ran:
            facts.failures.append(TestFailure(name, reason, where))
        elif name != "main" and not tests_ran:  # a program's own thread (`thread 'indexer' panicked`), not a test
            facts.errors.append(clip(f"thread '{name}' panicked at {where}: {reason}", 200))
    if "main" in panics and panics["main"][1] not in in_sections:  # a binary (cargo run) panicked, not a doc test's main
        reason, where = panics["main"]
        facts.errors.append(clip(f"panicked at {where}: {reason}", 200))
    located = {d.message for d in facts.diagnostics}
    for message in CARGO_ERROR_RE.findall(text):
        if message not in located and not message.startswith("could not compile"):
            facts.errors.append(clip(message, 160))
    for names in MISSING_CRATE_RE.findall(text):
        crate = next(n for n in names if n)
        if f"crate {crate}" not in facts.missing:
            facts.missing.append(f"crate {crate}")
    finished = FINISHED_RE.search(text)
    if finished:
        crates = COMPILING_RE.findall(text)
        built = f"compiled {', '.join(crates[-3:])}; " if crates else ""
        facts.highlights.append(clip(f"{built}Finished {finished.group(1)}", 160))
    return facts
