"""Compare the tasks the policy's Gradle reader walks with the ones real Gradle runs (`gradle --offline -q -m ARGS`,
a dry run: nothing executes), project by project.

    python -m benchmarks.gradle_graph_check [--gradle gradle] [--out report.jsonl]

For every command in CASES, in a scratch copy of its project: `missed` are tasks Gradle runs that the reader does not
walk (a gap: their actions are never decided), `extra` the ones it walks that Gradle does not run (the safe side: a
plugin's task the reader assumes, `checkstyleMain` with no checkstyle plugin). Needs Gradle on PATH (Debian's gradle
4.4.1 reads the Groovy DSL of these projects; tasks.register and the Kotlin DSL came later).
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

from benchmarks.plan_compare import compare
from terminus_edge.policy.gradle import gradle_steps

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "policy_round7"
CASES = {
    "gradle-real": ["build", "check", "test", "assemble", "installDist", "run", "clean", "cleanJar", "publish",
                    "publishToMavenLocal", "scrub", ":sub:scrub", "bN", "build -x test", "jar", "javadoc", "lint"],
    "gradle44-groovy": ["test", "build", "check", "cleanDocs", "fmt", "publishSite", "stamp", "clean", "compileJava",
                        "jar", "javadoc", "classes", "build -x resetDb", "assemble", "distZip"],
    "gradle44-multi": ["test", ":lib:test", ":app:test", "check", "build", ":app:seed", ":lib:purge", "report",
                       ":app:report", "assemble", ":app:run"],
}


def real_tasks(gradle: str, folder: Path, args: list[str]) -> set[str] | str:
    done = subprocess.run([gradle, "--offline", "-q", "-m", *args], cwd=folder, capture_output=True, text=True,
                          timeout=300)
    if done.returncode:
        return (done.stderr.strip().splitlines() or ["failed"])[0]
    return set(re.findall(r"(?m)^(:\S+) SKIPPED$", done.stdout))


def policy_tasks(folder: Path, args: list[str]) -> set[str]:
    seen: set = set()
    gradle_steps(args, folder, seen)
    return {f"{project.rstrip(':')}:{task}" for project, task in seen}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gradle", default="gradle")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    compare(CASES, DATA, lambda folder, words: real_tasks(args.gradle, folder, words), policy_tasks, args.out)


if __name__ == "__main__":
    main()
