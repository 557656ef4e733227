"""The cargo parser runs only on cargo/rustc output: a bare `error: ` line is printed by git, pip, gcc and many
more tools, and reading their output as cargo's repeated their errors under the wrong family."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts.registry import select_families
from terminus_edge.summarize.normalize import normalize
from terminus_edge.summarize.prefixes import strip_line_prefixes

REAL = Path(__file__).parent / "data" / "real"
RUST_TOOLS = {"cargo", "clippy", "rustfmt", "rustc", "rust"}  # rustc alone is read by the cargo family too; rust: a program's own panics


def real_cases() -> list[tuple[str, str, str]]:
    cases = []
    for folder in sorted(p for p in REAL.iterdir() if (p / "meta.json").is_file()):
        meta = json.loads((folder / "meta.json").read_text())
        cases.append((folder.name, meta["tool"], (folder / "command.txt").read_text().strip()))
    return cases


def families(command: str, text: str) -> list[str]:
    # as extract_facts reads it: a CI log's or a timestamper's prefix on each line taken off first
    return [family.NAME for family in select_families(command, strip_line_prefixes(text))]


# rustup answers for `cargo …` itself when no toolchain is installed: its command names cargo, its output is rustup's
@pytest.mark.parametrize("name, tool, command", [c for c in real_cases() if c[1] not in RUST_TOOLS | {"rustup"}])
def test_real_output_of_other_tools_is_not_read_as_cargo(name, tool, command):
    text = normalize((REAL / name / "output.txt").read_text(errors="replace")).text
    assert "cargo" not in families(command, text)


def test_the_real_set_has_outputs_with_bare_error_lines_from_other_tools():
    # the case this guards against must exist in the data, or the test above proves nothing
    bare = [name for name, tool, _ in real_cases() if tool in {"git", "pip"}
            and any(line.startswith("error: ") for line in (REAL / name / "output.txt").read_text().splitlines())]
    assert len(bare) >= 5


@pytest.mark.parametrize("name", [c[0] for c in real_cases() if c[1] in {"cargo", "clippy"}])  # rustfmt prints a diff
def test_real_rust_output_is_still_read_as_cargo_without_the_command(name):
    # run through a wrapper whose name says nothing (a Makefile, a CI script): the output alone must do
    text = normalize((REAL / name / "output.txt").read_text(errors="replace")).text
    assert "cargo" in families("./ci/build.sh", text)


@pytest.mark.parametrize("text", [
    "error[E0308]: mismatched types\n --> src/main.rs:4:18\n  |\n",
    "warning: unused variable: `x`\n  --> src/lib.rs:2:9\n",
    "error: could not find `Cargo.toml` in `/home/dev/x` or any parent directory\n",
    "error: aborting due to 2 previous errors\n",
    "error: no matching package named `serde` found\nlocation searched: crates.io index\n",
    "   Compiling demo v0.1.0 (/home/dev/demo)\nerror: could not compile `demo` (bin \"demo\") due to 1 previous error\n",
])
def test_cargo_and_rustc_evidence_selects_cargo(text):
    assert "cargo" in families("make build", text)


@pytest.mark.parametrize("command, text", [
    ("git checkout relase-2.0", "error: pathspec 'relase-2.0' did not match any file(s) known to git\n"),
    ("./deploy.sh", "starting\nerror: connection refused\n"),
    ("pip install requests", "error: externally-managed-environment\n"),
    ("make", "gcc -c a.c\nerror: ld returned 1 exit status\n"),
])
def test_a_bare_error_line_is_not_cargo(command, text):
    assert "cargo" not in families(command, text)
    assert "cargo" not in extract_facts(command, text, 1).tools


def test_a_cargo_command_is_still_parsed_whatever_it_prints():
    facts = extract_facts("cargo build --offline", "error: failed to get `rand` as a dependency of package `x`\n", 101)
    assert facts.tools == ["cargo"] and "crate rand" in facts.missing
