"""Regex stress sweep: find patterns whose run time grows faster than the text they read (ReDoS, quadratic scans).

    python -m terminus_edge.benchmarks.regex_stress [--size 4000] [--only generic] [--no-entry] [--json out.json]
    python -m terminus_edge.benchmarks.regex_stress --no-patterns --storms-from out.json  # found samples as storms
    python -m terminus_edge.benchmarks.regex_stress --worst   # WORST_CASES (what tests/test_regex_stress.py runs)

1. Every pattern the summarizer, redactor, policy and input-wait code run: each compiled `re.Pattern` in a module's
   globals (also inside lists, tuples, dicts), each `re.<fn>("literal", ...)` call in the modules' source, and each
   pattern left in `re`'s cache after the entry points ran (ones built at run time). Each one scans adversarial texts
   built from its own literal runs and character classes (long runs of one character, of a separator, a literal
   repeated, a literal followed by a run, many short lines) at `size` and 4x `size` characters, with `finditer`
   (what search/findall/sub cost) and `match`. Flagged: time x4 input > RATIO x, or over the budget, or a hang.
2. The public entry points (summarize without a model and with a scripted one, extract_facts on the text as is,
   redact, learn_secrets, the streaming redactor, input_wait) on STORMS for every command family of
   tests/test_summarize_bad_input.py, at STORM_CHARS and 4x (t_4n > 0.2 s and > RATIO x flags it).
3. WORST_CASES: the worst samples found, each through the entry point that reaches its pattern, with their time.

Every measurement runs under a SIGALRM deadline (the regex engine checks for signals while it backtracks), with
faulthandler's watchdog behind it, so a hang is reported, not waited on.
"""

from __future__ import annotations

import argparse
import ast
import faulthandler
import importlib
import json
import pkgutil
import re
import signal
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from re import _constants as C, _parser as sre_parse
from typing import Callable

PACKAGES = ("terminus_edge.summarize", "terminus_edge.summarize.facts", "terminus_edge.redact")
MODULES = ("terminus_edge.policy", "terminus_edge.policy_checks", "terminus_edge.policy_rules", "terminus_edge.input_wait")
RATIO = 8.0  # time ratio for 4x the input: linear ~4, quadratic ~16
FLOOR_S = 0.002  # below this the 4x time is noise, whatever the ratio
BUDGET_S = 0.25  # one pattern over a 4x-size text
HANG_S = 2.0
COMMANDS = ("pip install x", "npm install", "pytest", "cargo build", "dotnet build", "go test ./...", "node --test",
            "npx jest", "npx vitest", "mvn test", "npx tsc", "npx eslint .", "mypy .", "ruff check", "gcc -c a.c",
            "shellcheck a.sh", "git status", "python a.py", "foo")


@dataclass(frozen=True)
class Sample:
    """prefix + unit repeated to about `size` characters + suffix."""
    name: str
    unit: str
    prefix: str = ""
    suffix: str = ""

    def build(self, size: int) -> str:
        return self.prefix + self.unit * max(1, size // max(1, len(self.unit))) + self.suffix


# Whole-output storms for the entry points; each is also a per-pattern sample. The last ones are the worst cases
# the sweep found (see the module's git history): each reached a superlinear pattern through an entry point.
STORMS = (
    Sample("blank lines", "\n", suffix="\nerror: boom\n"),
    Sample("indented blank lines", "   \n\t\n", suffix="\nerror: boom\n"),
    Sample("one line of spaces", " ", suffix='File "x", line 1\nerror: boom\n'),
    Sample("tabs", "\t", suffix="x\nerror: boom\n"),
    Sample("colon-space", ": ", suffix="x\nerror: boom\n"),
    Sample("word run then bang", "a", suffix="!\nerror: boom\n"),
    Sample("words and spaces", "a ", suffix="!\nerror: boom\n"),
    Sample("short lines", "a\n", suffix="error: boom\n"),
    Sample("error lines", "error: x\n"),
    Sample("path-like", "a/", suffix=":1: error\n"),
    Sample("dots", ".", suffix="\nerror: boom\n"),
    Sample("dashes", "-", suffix="\nerror: boom\n"),
    Sample("equals", "=", suffix="\nerror: boom\n"),
    Sample("key=value", "a=b ", suffix="\nerror: boom\n"),
    Sample("digits", "0", suffix="\nerror: boom\n"),
    Sample("quotes", "'", suffix="\nerror: boom\n"),
    Sample("brackets", "[", suffix="\nerror: boom\n"),
)
STORM_CHARS = 50_000


class Hang(Exception):
    pass


def _alarm(_signum, _frame):
    raise Hang()


def timed(fn: Callable[[], object], limit_s: float = HANG_S) -> float:
    """Seconds fn took, or inf past limit_s (a SIGALRM interrupts the regex engine's backtracking)."""
    old = signal.signal(signal.SIGALRM, _alarm)
    faulthandler.dump_traceback_later(limit_s * 10 + 30, exit=True)  # backstop: a loop that never sees the signal
    signal.setitimer(signal.ITIMER_REAL, limit_s)
    start = time.perf_counter()
    try:
        fn()
        return time.perf_counter() - start
    except Hang:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGALRM, old)


# --- collecting patterns ---

def module_names() -> list[str]:
    names = list(PACKAGES[:1])
    for pkg_name in PACKAGES:
        pkg = importlib.import_module(pkg_name)
        names += [f"{pkg_name}.{m.name}" for m in pkgutil.iter_modules(pkg.__path__)]
    return list(dict.fromkeys(names + list(MODULES)))


def _walk(value, depth=0):
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _walk(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(key, depth + 1)
            yield from _walk(item, depth + 1)


def _tree(module) -> ast.AST | None:
    try:
        return ast.parse(open(module.__file__, encoding="utf-8").read())
    except (OSError, SyntaxError, TypeError):
        return None


def _name_uses(trees: list[ast.AST]) -> dict[str, set[str]]:
    """name -> how it is used: the method called on it (`NAME.match(...)` gives "match"), or "other" (passed along,
    stored, any other attribute). A pattern only ever matched at a given position cannot cost a search's quadratic."""
    uses: dict[str, set[str]] = {}
    for tree in trees:
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                parent = parents.get(node)
                called = (isinstance(parent, ast.Attribute) and isinstance(parents.get(parent), ast.Call)
                          and parents[parent].func is parent)
                uses.setdefault(node.id, set()).add(parent.attr if called else "other")
    return uses


ANCHORED = {"match", "fullmatch"}


def _source_patterns(module, tree: ast.AST | None) -> list[tuple[str, re.Pattern, bool]]:
    """`re.fn("literal", ...)` calls anywhere in the module's source (inside functions too), with whether the call
    is anchored (re.match, re.fullmatch)."""
    found = []
    if tree is None:
        return found
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args):
            continue
        try:
            pattern = ast.literal_eval(node.args[0])
            flag_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
            flag_at = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
                       "split": 3, "sub": 4, "subn": 4}.get(node.func.attr)
            if flag_node is None and flag_at is not None and len(node.args) > flag_at:
                flag_node = node.args[flag_at]
            flags = eval(compile(ast.Expression(flag_node), "<flags>", "eval"), vars(module)) if flag_node else 0
            found.append((f"{module.__name__}:{node.lineno}", re.compile(pattern, flags), node.func.attr in ANCHORED))
        except Exception:  # noqa: BLE001 - a computed pattern: the entry points and re's cache cover it
            continue
    return found


def collect_patterns(cached: bool = True) -> list[tuple[str, re.Pattern, bool]]:
    """(where, pattern, anchored): anchored when every use is a match/fullmatch at a given position."""
    seen, out = set(), []

    def add(where, pattern, anchored):
        key = (pattern.pattern, pattern.flags)
        if key not in seen and isinstance(pattern.pattern, str):
            seen.add(key)
            out.append((where, pattern, anchored))

    modules = [importlib.import_module(name) for name in module_names()]
    trees = [_tree(module) for module in modules]
    uses = _name_uses([t for t in trees if t is not None])
    for module, tree in zip(modules, trees):
        for attr, value in vars(module).items():
            for pattern in _walk(value):
                add(f"{module.__name__}.{attr}", pattern, isinstance(value, re.Pattern) and bool(uses.get(attr)) and uses[attr] <= ANCHORED)
        for where, pattern, anchored in _source_patterns(module, tree):
            add(where, pattern, anchored)
    if cached:  # built at run time (f-strings, joined alternatives): whatever the entry points left in re's cache
        for pattern in list(getattr(re, "_cache", {}).values()):
            if isinstance(pattern, re.Pattern):
                add("re-cache", pattern, False)
    return out


# --- adversarial samples from a pattern's own characters ---

_CATEGORY_CHARS = {
    C.CATEGORY_DIGIT: "09", C.CATEGORY_NOT_DIGIT: "a", C.CATEGORY_WORD: "a_0", C.CATEGORY_NOT_WORD: " -",
    C.CATEGORY_SPACE: " \t\n", C.CATEGORY_NOT_SPACE: "a/",
}


def _scan(parsed, chars: list[str], runs: list[str]) -> None:
    run = ""
    for op, arg in parsed:
        if op is C.LITERAL:
            run += chr(arg)
            chars.append(chr(arg))
            continue
        if run:
            runs.append(run)
            run = ""
        if op is C.IN:
            for item_op, item in arg:
                if item_op is C.LITERAL:
                    chars.append(chr(item))
                elif item_op is C.RANGE:
                    chars += [chr(item[0]), chr(item[1])]
                elif item_op is C.CATEGORY:
                    chars += list(_CATEGORY_CHARS.get(item, ""))
        elif op is C.ANY:
            chars += ["a", " "]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            _scan(arg[2], chars, runs)
        elif op is C.SUBPATTERN:
            _scan(arg[3], chars, runs)
        elif op is C.BRANCH:
            for branch in arg[1]:
                _scan(branch, chars, runs)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _scan(arg[1], chars, runs)
        elif op is C.ATOMIC_GROUP:
            _scan(arg, chars, runs)
        elif op is C.GROUPREF_EXISTS:
            _scan(arg[1], chars, runs)
            if arg[2]:
                _scan(arg[2], chars, runs)
    if run:
        runs.append(run)


def samples_for(pattern: re.Pattern, max_chars: int = 14, max_runs: int = 8) -> list[Sample]:
    chars: list[str] = []
    runs: list[str] = []
    try:
        _scan(sre_parse.parse(pattern.pattern, pattern.flags), chars, runs)
    except Exception:  # noqa: BLE001
        pass
    alphabet = list(dict.fromkeys(chars + [" ", "\t", "a", ":", "0"]))[:max_chars]
    breaker = next(c for c in "\x01!~#§" if c not in alphabet)
    runs = sorted(dict.fromkeys(r for r in runs if r.strip() or len(r) > 1), key=len, reverse=True)[:max_runs]
    out = list(STORMS)
    for c in alphabet:
        out += [Sample(f"run {c!r}", c), Sample(f"run {c!r}+breaker", c, suffix=breaker),
                Sample(f"run {c!r}+newline+x", c, suffix="\nx"), Sample(f"{c!r}+space pairs", c + " ", suffix=breaker),
                Sample(f"{c!r} lines", c + "\n")]
    for r in runs:
        out += [Sample(f"literal {r!r} repeated", r, suffix=breaker), Sample(f"literal {r!r} spaced", r + " ", suffix=breaker),
                Sample(f"literal {r!r} lines", r + "\n"), Sample(f"a+literal {r!r}", "a" + r, suffix=breaker)]
        out += [Sample(f"literal {r!r} then run {c!r}", c, prefix=r, suffix=breaker) for c in alphabet]
    return list(dict.fromkeys(out))


# --- measuring ---

@dataclass
class Finding:
    where: str
    pattern: str
    sample: Sample
    op: str
    t_n: float
    t_4n: float

    @property
    def ratio(self) -> float:
        return self.t_4n / self.t_n if self.t_n else float("inf")


def _ops(pattern: re.Pattern, text: str) -> dict[str, Callable[[], object]]:
    return {"finditer": lambda: sum(1 for _ in pattern.finditer(text)), "match": lambda: pattern.match(text)}


def _superlinear(t_n: float, t_4n: float, budget: float) -> bool:
    return t_4n == float("inf") or t_4n > budget or (t_4n > FLOOR_S and t_4n > RATIO * max(t_n, 1e-6))


def sweep_pattern(where: str, pattern: re.Pattern, size: int, budget: float = BUDGET_S, max_findings: int = 3,
                  anchored: bool = False) -> list[Finding]:
    """At most max_findings (pattern, sample, op) findings per pattern: a slow one is slow on many samples.
    anchored: the code only matches it at given positions, so only `match` is timed."""
    found = []
    for sample in samples_for(pattern):
        if len(found) >= max_findings:
            break
        small, large = sample.build(size), sample.build(4 * size)
        for op in ("match",) if anchored else ("finditer", "match"):
            t_n = timed(_ops(pattern, small)[op])
            t_4n = timed(_ops(pattern, large)[op]) if t_n != float("inf") else float("inf")
            if _superlinear(t_n, t_4n, budget) and t_4n != float("inf"):  # confirm, so one busy moment is not a finding
                t_n = min(t_n, timed(_ops(pattern, small)[op]))
                t_4n = min(t_4n, timed(_ops(pattern, large)[op]))
            if _superlinear(t_n, t_4n, budget):
                found.append(Finding(where, pattern.pattern, sample, op, t_n, t_4n))
            if op == "finditer" and t_4n < FLOOR_S:
                break  # search over the whole text is cheap, so the anchored match is too
    return found


def entry_points() -> dict[str, Callable[[str, str], object]]:
    from terminus_edge import input_wait
    from terminus_edge.model import FakeModel
    from terminus_edge.policy import decide
    from terminus_edge.redact import learn_secrets, redact, redact_lines
    from terminus_edge.summarize import summarize
    from terminus_edge.summarize.facts import extract_facts

    def gist(messages):
        return "The command failed with error: boom. It printed 3 warnings in src/a.c:1 and exited with code 1."

    return {
        "summarize": lambda command, text: summarize(command, text.encode(), 1),
        "summarize+model": lambda command, text: summarize(command, text.encode(), 1, model=FakeModel(gist)),
        "extract_facts": lambda command, text: extract_facts(command, text, 1),
        "redact": lambda command, text: redact(text, command=command),
        "learn_secrets": lambda command, text: learn_secrets(text, command=command),
        "redact_lines": lambda command, text: sum(1 for _ in redact_lines(text.splitlines(True), command=command)),
        "input_wait": lambda command, text: (input_wait.ends_at_prompt(text), input_wait.prompt_loop(text)),
        "policy": lambda command, text: decide(text, cwd=Path.cwd(), config={}, unattended=True),  # text as a command
    }


# The worst cases the sweep found, each through the entry point that reaches its pattern (the commit that fixed the
# pattern names it): (entry, command, storm, characters). At that size each took 7 s to minutes before its fix and
# takes well under 0.5 s after it. (The guard's and context's patterns are reached only through 16 KB-capped lines:
# tests/test_regex_stress.py times them directly.)
WORST_CASES = (
    ("summarize", "git merge topic", Sample("git CONFLICT_RE: 'CONFLICT (' lines", "CONFLICT (\n"), 256_000),
    ("extract_facts", "gcc -c a.c", Sample("cc UNDEFINED_RE: ':(' repeated", ":(", suffix="!\n"), 200_000),
    ("extract_facts", "gcc -c a.c", Sample("cc LD_FAIL_RE: 'ld' repeated", "ld", suffix="!\n"), 128_000),
    ("extract_facts", "npx esbuild app.js", Sample("bundler ESBUILD_RE: blanks after the level", " ", prefix="\u2718 [ERROR] ", suffix="!\n"), 64_000),
    ("extract_facts", "npx webpack", Sample("bundler: webpack count digits", "0", prefix="webpack 5.1.0 compiled with ", suffix=" in 3 ms\n"), 64_000),
    ("extract_facts", "npx jest", Sample("jest AT_RE: path run after 'at '", ".", prefix="  \u25cf t \u203a x\n\n    Error: boom\n\n      at ", suffix="!\n"), 64_000),
    ("extract_facts", "mvn test", Sample("jvm_build SUREFIRE_HEAD_RE: blanks after [ERROR]", " ", prefix="[ERROR] ", suffix="!\n"), 64_000),
    ("extract_facts", "pip install x", Sample("pip CONFLICT_RE: version digits", "0", prefix="a ", suffix="!\n"), 64_000),
    ("extract_facts", "pip install x", Sample("pip: Requires-Python word", "a", suffix="!\n",
                                              prefix="ERROR: Ignored the following versions that require a different python version: "), 64_000),
    ("redact", "cat notes", Sample("redact _PHRASE: blanks after 'passphrase'", " ", prefix="passphrase", suffix="!\n"), 64_000),
    ("redact_lines", "cat notes", Sample("redact_lines _NAME_FIELD: a line of spaces", " ", suffix="- name: x!\n"), 64_000),
    ("policy", "", Sample("policy_checks: host:path operand", "a", prefix="cp x ", suffix="!"), 128_000),
)
def run_worst_case(entry: str, command: str, storm: Sample, size: int, limit_s: float = HANG_S) -> float:
    """Seconds one worst case takes through its entry point (inf past limit_s)."""
    fn = entry_points()[entry]
    text = storm.build(size)
    return timed(lambda: fn(command, text), limit_s)


BY_COMMAND = ("summarize", "summarize+model", "extract_facts")  # the others read the text alike for any command


def sweep_entry_points(size: int = STORM_CHARS, budget: float = 10.0, storms=STORMS, commands=COMMANDS,
                       names: tuple[str, ...] | None = None, on_row=None) -> list[dict]:
    rows = []
    for name, fn in entry_points().items():
        if names and name not in names:
            continue
        for storm in storms:
            small, large = storm.build(size), storm.build(4 * size)
            for command in commands if name in BY_COMMAND else commands[-1:]:
                t_n = timed(lambda: fn(command, small), budget)
                t_4n = timed(lambda: fn(command, large), budget) if t_n != float("inf") else t_n
                row = {"entry": name, "storm": storm.name, "command": command, "t_n": t_n, "t_4n": t_4n,
                       "flagged": t_4n == float("inf") or (t_4n > 0.2 and t_4n > RATIO * t_n)}
                if row["flagged"] and t_4n != float("inf"):  # confirm once more before reporting
                    t_n, t_4n = timed(lambda: fn(command, small), budget), timed(lambda: fn(command, large), budget)
                    row.update(t_n=t_n, t_4n=t_4n, flagged=t_4n == float("inf") or (t_4n > 0.2 and t_4n > RATIO * t_n))
                rows.append(row)
                if on_row:
                    on_row(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=4000, help="characters of the small sample per pattern (x4 for the large)")
    parser.add_argument("--storm-chars", type=int, default=STORM_CHARS)
    parser.add_argument("--entry-budget", type=float, default=10.0, help="seconds one entry-point call may take")
    parser.add_argument("--only", help="only patterns whose location contains this")
    parser.add_argument("--no-entry", action="store_true", help="skip the entry-point storms")
    parser.add_argument("--no-patterns", action="store_true", help="skip the per-pattern sweep")
    parser.add_argument("--entry", action="append", help="only these entry points (repeatable)")
    parser.add_argument("--json", help="write the findings here")
    parser.add_argument("--storms-from", help="a --json report: its patterns' samples become the entry points' storms")
    parser.add_argument("--worst", action="store_true", help="only time WORST_CASES (60 s limit each)")
    args = parser.parse_args(argv)
    if args.worst:
        for entry, command, storm, size in WORST_CASES:
            print(f"{storm.name:<50} {entry:<14} {size:>8} chars {run_worst_case(entry, command, storm, size, 60):8.3f} s", flush=True)
        return 0
    report: dict = {"patterns": [], "entry_points": []}
    storms = STORMS
    if args.storms_from:
        with open(args.storms_from, encoding="utf-8") as fh:
            found = json.load(fh)["patterns"]
        worst: dict[str, dict] = {}  # one storm per pattern: its slowest sample
        for f in found:
            if f["where"] not in worst or float(f["t_4n"]) > float(worst[f["where"]]["t_4n"]):
                worst[f["where"]] = f
        storms = STORMS + tuple(Sample(**{**f["sample"], "name": f"{where}: {f['sample']['name']}"}) for where, f in worst.items())
    if not args.no_entry:
        print(f"entry points on {len(storms)} storms x {len(COMMANDS)} commands, {args.storm_chars} and 4x chars", flush=True)
        report["entry_points"] = sweep_entry_points(args.storm_chars, args.entry_budget, storms=storms, names=tuple(args.entry or ()), on_row=lambda r: r["flagged"] and print(
            f"  SLOW {r['entry']:<16} {r['command']:<16} {r['storm']:<22} {r['t_n']:.3f}s -> {r['t_4n']:.3f}s", flush=True))
    if not args.no_patterns:
        module_names_ = module_names()  # import everything first: re's cache then holds only run-time patterns
        for name in module_names_:
            importlib.import_module(name)
        re.purge()
        for fn in entry_points().values():
            for command in COMMANDS:
                fn(command, "error: boom\nFAILED a.py::t - x\nToken: abc\n  password: hunter2hunter2\nContinue? [y/N] ")
        targets = [t for t in collect_patterns() if not args.only or args.only in t[0]]
        print(f"{len(targets)} patterns, samples of {args.size} and {4 * args.size} chars", flush=True)
        for i, (where, pattern, anchored) in enumerate(targets):
            for f in sweep_pattern(where, pattern, args.size, anchored=anchored):
                report["patterns"].append(asdict(f))
                print(f"  SLOW {f.where} {f.op} on {f.sample.name}: {f.t_n * 1000:.1f} ms -> {f.t_4n * 1000:.1f} ms  /{f.pattern[:90]}/", flush=True)
            if i % 50 == 49:
                print(f"  ... {i + 1}/{len(targets)}", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=1, default=str)
    slow = len(report["patterns"]) + sum(r["flagged"] for r in report["entry_points"])
    print(f"{slow} slow pattern/sample pairs and entry-point runs")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
