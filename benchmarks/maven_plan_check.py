"""Compare the plugin executions the policy's Maven reader decides with Maven's own build plan.

    python -m benchmarks.maven_plan_check [--mvn mvn] [--out report.jsonl]

`mvn -o -X ARGS` prints "=== PROJECT BUILD PLAN ===" (every mojo execution, in order) before it runs any, and needs
only the plugins' jars (this box's ~/.m2 holds antrun, clean, compiler, surefire, jar, install, deploy … but not
every plugin's own dependencies: the build then stops at the first mojo, after the plan is printed). For each command
in a scratch copy: Maven's executions of the plugins the reader decides (antrun, exec, clean, deploy and the goals it
asks about) against the executions its steps name. `missed`: run by Maven, not decided (a gap); `extra`: decided,
not run (the safe side).
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

from benchmarks.plan_compare import compare
from terminus_edge.policy.maven import maven_steps
from terminus_edge.policy.maven_plugins import ASKS, short_name

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
CASES = {
    "policy_round7/maven-plan": ["validate", "compile", "package", "clean", "-Dwipe compile", "install", "clean install",
                                 "antrun:run@stamp", "post-clean"],
    "policy_round6/maven-antrun": ["validate", "compile", "generate-sources", "-q test", "install", "-Preset-db validate",
                                   "-Pother validate", "antrun:run@scrub"],
    "policy_round6/maven-clean": ["clean", "clean test", "post-clean", "test", "package"],
}
_DECIDED = {"antrun", "exec", "clean", "deploy", "frontend"}


def real_plan(mvn: str, folder: Path, args: list[str]) -> set[str] | str:
    done = subprocess.run([mvn, "-o", "-X", *args], cwd=folder, capture_output=True, text=True, timeout=300)
    text = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)
    if "=== PROJECT BUILD PLAN" not in text:
        return next((line for line in text.splitlines() if line.startswith("[ERROR]")), "no build plan")
    found = set()
    for artifact, goal, eid in re.findall(r"(?m)^\[DEBUG\] Goal:\s+[\w.-]+:([\w.-]+):[\w.-]+:([\w-]+) \(([^)]+)\)", text):
        name = short_name(artifact)
        if name in _DECIDED or goal in ASKS.get(name, {}):
            found.add(f"{name}:{goal}@{eid}")
    return found


def policy_plan(folder: Path, args: list[str]) -> set[str]:
    found = set()
    for step in maven_steps(args, folder):
        execution = re.search(r"execution ([\w.-]+:[\w-]+@\S+)", step.source)
        phase = re.search(r"phase \S+ \(([\w.-]+):([\w-]+)\)", step.source)
        named = re.search(r"`mvn ([\w.-]+):([\w-]+)@([\w.-]+)`", step.source)
        if execution:
            found.add(execution[1])
        elif phase:
            found.add(f"{phase[1]}:{phase[2]}@default-{phase[2]}")
        elif named:
            found.add(f"{named[1]}:{named[2]}@{named[3]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mvn", default="mvn")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    compare(CASES, DATA, lambda folder, words: real_plan(args.mvn, folder, words), policy_plan, args.out)


if __name__ == "__main__":
    main()
