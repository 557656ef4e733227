""""Run the benchmarks": the project's benchmark command in place of its test command, and each result read off.

    asks_benchmark(query) -> bool
    bench_command(command, root) -> str          `go test ./...` -> `go test -run '^$' -bench . ./...`; `cargo test` ->
                                                 `cargo bench`; a package.json `bench` script or a make `bench` target
    benchmark_report(query, records) -> str      "Benchmarks (go test -bench): BenchmarkMakeShort-2 103.4 ns/op; …"

The numbers are the runner's own (go's ns/op, B/op, allocs/op; cargo bench's ns/iter); nothing is timed here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from terminus_edge.subagent.records import CommandRecord

_ASKS = re.compile(r"\bbench(?:mark)?(?:s|ing|ed)?\b|\bns/op\b|\bns/iter\b|\bops/s(?:ec)?\b", re.I)
_GO_LINE = re.compile(r"^(Benchmark\S+)\s+(\d+)\s+([\d.]+ ns/op(?:\s+[\d.]+ \S+/op)*)", re.M)
_CARGO_LINE = re.compile(r"^test (\S+) \.\.\. bench:\s+([\d,.]+ ns/iter(?: \(\+/- [\d,.]+\))?)", re.M)
MAX_LISTED = 12


def asks_benchmark(query: str) -> bool:
    return bool(_ASKS.search(query))


def bench_command(command: str, root: Path) -> str:
    """The benchmark run of the project whose test command is `command` (the command itself when it has none)."""
    if re.match(r"go test\b", command):
        packages = " ".join(w for w in command.split()[2:] if not w.startswith("-")) or "./..."
        return f"go test -run '^$' -bench . {packages}"
    if re.match(r"cargo test\b", command):
        return "cargo bench"
    if re.match(r"(npm|yarn|pnpm)\b", command) and "bench" in _package_scripts(root):
        return f"{command.split()[0]} run bench"
    if re.match(r"make\b", command) and re.search(r"^bench\s*:", _read(root / "Makefile"), re.M):
        return "make bench"
    return command


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _package_scripts(root: Path) -> dict:
    try:
        scripts = json.loads(_read(root / "package.json") or "{}").get("scripts")
    except ValueError:
        return {}
    return scripts if isinstance(scripts, dict) else {}


def benchmark_report(query: str, records: list[CommandRecord]) -> str:
    if not asks_benchmark(query):
        return ""
    for record in records:
        if record.refused:
            continue
        found = [(name, f"{value} ({runs} iterations)") for name, runs, value in _GO_LINE.findall(record.output)]
        source = "go test -bench"
        if not found:
            found, source = _CARGO_LINE.findall(record.output), "cargo bench"
        if found:
            listed = "; ".join(f"{name} {value}" for name, value in found[:MAX_LISTED])
            more = f" (+{len(found) - MAX_LISTED} more)" if len(found) > MAX_LISTED else ""
            return f"Benchmarks ({source}, {len(found)} result{'s' * (len(found) != 1)}): {listed}{more}."
    return ""
