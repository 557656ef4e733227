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

Every measurement runs under a SIGALRM deadline, so a hang is reported, not waited on. The pieces: regex_samples
(adversarial texts), regex_patterns (which patterns there are), regex_timing (timing one pattern), regex_entry_points
(the entry points, their storms and WORST_CASES); this module runs them and reports.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from dataclasses import asdict

from .regex_entry_points import COMMANDS, WORST_CASES, entry_points, run_worst_case, sweep_entry_points
from .regex_patterns import collect_patterns, module_names
from .regex_samples import STORM_CHARS, STORMS, Sample
from .regex_timing import sweep_pattern


def storms_from(path: str) -> tuple[Sample, ...]:
    """STORMS plus, for each pattern of a --json report, its slowest sample."""
    with open(path, encoding="utf-8") as fh:
        found = json.load(fh)["patterns"]
    worst: dict[str, dict] = {}  # one storm per pattern: its slowest sample
    for f in found:
        if f["where"] not in worst or float(f["t_4n"]) > float(worst[f["where"]]["t_4n"]):
            worst[f["where"]] = f
    return STORMS + tuple(Sample(**{**f["sample"], "name": f"{where}: {f['sample']['name']}"}) for where, f in worst.items())


def sweep_patterns(size: int, only: str | None) -> list[dict]:
    """Every pattern (run-time ones too) on its own samples; the findings as dicts, printed as they come."""
    module_names_ = module_names()  # import everything first: re's cache then holds only run-time patterns
    for name in module_names_:
        importlib.import_module(name)
    re.purge()
    for fn in entry_points().values():
        for command in COMMANDS:
            fn(command, "error: boom\nFAILED a.py::t - x\nToken: abc\n  password: hunter2hunter2\nContinue? [y/N] ")
    targets = [t for t in collect_patterns() if not only or only in t[0]]
    print(f"{len(targets)} patterns, samples of {size} and {4 * size} chars", flush=True)
    findings = []
    for i, (where, pattern, anchored) in enumerate(targets):
        for f in sweep_pattern(where, pattern, size, anchored=anchored):
            findings.append(asdict(f))
            print(f"  SLOW {f.where} {f.op} on {f.sample.name}: {f.t_n * 1000:.1f} ms -> {f.t_4n * 1000:.1f} ms  /{f.pattern[:90]}/", flush=True)
        if i % 50 == 49:
            print(f"  ... {i + 1}/{len(targets)}", flush=True)
    return findings


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
    storms = storms_from(args.storms_from) if args.storms_from else STORMS
    if not args.no_entry:
        print(f"entry points on {len(storms)} storms x {len(COMMANDS)} commands, {args.storm_chars} and 4x chars", flush=True)
        report["entry_points"] = sweep_entry_points(args.storm_chars, args.entry_budget, storms=storms, names=tuple(args.entry or ()), on_row=lambda r: r["flagged"] and print(
            f"  SLOW {r['entry']:<16} {r['command']:<16} {r['storm']:<22} {r['t_n']:.3f}s -> {r['t_4n']:.3f}s", flush=True))
    if not args.no_patterns:
        report["patterns"] = sweep_patterns(args.size, args.only)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=1, default=str)
    slow = len(report["patterns"]) + sum(r["flagged"] for r in report["entry_points"])
    print(f"{slow} slow pattern/sample pairs and entry-point runs")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
