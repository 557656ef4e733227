"""`docker build` / `docker compose build` output, BuildKit's and the legacy builder's, also inside a CI log.

BuildKit prints each step as a numbered vertex (`#29 [frontend builder 4/4] RUN npm run build`, then its lines as
`#29 35.78 text`); a failed one ends `#29 ERROR: process "/bin/sh -c npm run build" did not complete successfully: exit
code: 1`, its last lines are repeated in a `------ / > [frontend builder 4/4] RUN npm run build: / ------` box and the
build ends `ERROR: failed to solve: …` (`target frontend: failed to solve: …` under compose). The legacy builder prints
`Step 6/6 : RUN pip install …`, the step's lines, and `The command '/bin/sh -c …' returned a non-zero code: 1`
(`ERROR: Service 'web' failed to build: The command …` under docker-compose 1).
"""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "docker-build"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(docker(-compose| compose| buildx)? build|podman build|buildah bud)\b")
OUTPUT_RE = re.compile(r"^#\d+ ERROR: |failed to solve: |^ > \[[^\]\n]+\] [A-Z]+ .*:$|^Step \d+/\d+ : [A-Z]+ "
                       r"|^The command '.*' returned a non-zero code: \d+$", re.M)

VERTEX_RE = re.compile(r"^#(\d+) (\[[^\]\n]+\] .+)$", re.M)  # `#29 [frontend builder 4/4] RUN npm run build`
VERTEX_ERROR_RE = re.compile(r"^#(\d+) ERROR: (.+)$", re.M)
BOX_RE = re.compile(r"^ > (\[[^\]\n]+\] [A-Z]+ .*):$", re.M)  # the failed step named above its repeated lines
SOLVE_RE = re.compile(r"^(?:ERROR: |error: )?(?:target (\S+): )?failed to solve: (.+)$", re.M)
BOX_LINE_RE = re.compile(r"^\d+\.\d+ (.+)$", re.M)  # `1.869 E: Version '3.25.1' for 'cmake' was not found`
DOCKERFILE_AT_RE = re.compile(r"^(\S*Dockerfile[\w.-]*):(\d+)$", re.M)
STEP_RE = re.compile(r"^Step (\d+/\d+) : (.+)$", re.M)
LEGACY_FAIL_RE = re.compile(r"^(?:ERROR: Service '([^']+)' failed to build: )?The command '(?:/bin/sh -c )?(.+)' returned a non-zero code: (\d+)$", re.M)
BUILT_RE = re.compile(r"^Successfully built [0-9a-f]+$", re.M)
# What a failed step's own lines say about why: an error line, a failed test tally, a missing file
ERRORISH_RE = re.compile(r"\b(error|fail(ed|ing|ure)?|not found|no such file|cannot|could not|denied)\b|\bERR!", re.I)
NOT_CAUSE_RE = re.compile(r"did not complete successfully|^npm notice|^\s*at |complete log of this run", re.I)
CAUSE_LINES = 4
PROCESS_RE = re.compile(r'^process "(?:/bin/(?:ba)?sh (?:-\w+ )*-c )?(.*)" did not complete successfully: (exit code: \d+)$', re.S)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    failed = {m.group(1): m.group(2) for m in VERTEX_ERROR_RE.finditer(text)}
    names = {m.group(1): m.group(2) for m in VERTEX_RE.finditer(text)}
    for vertex, error in failed.items():
        process = PROCESS_RE.match(error)
        said = process.group(2) if process and vertex in names else _short(error)  # the step's name holds the command
        facts.steps.append(clip(f"docker build step {names.get(vertex, '#' + vertex)}: {said}", 220))
        facts.errors += cause_lines([m.group(1) for m in re.finditer(rf"^#{vertex} (?:\d+\.\d+ )?(.+)$", text, re.M)])
    if not failed:
        box = BOX_RE.search(text)
        if box:
            facts.steps.append(clip(f"docker build step {box.group(1)} failed", 220))
            after = text[box.end():].split("\n------", 1)[0]
            facts.errors += cause_lines([re.sub(r"^(#\d+ )?\d+\.\d+ ?", "", line) for line in after.splitlines()])
        elif SOLVE_RE.search(text):  # an excerpt from inside the box: its lines still carry the step's clock
            facts.errors += cause_lines([m.group(1) for m in BOX_LINE_RE.finditer(text)])
    for m in SOLVE_RE.finditer(text):
        target = f" (target {m.group(1)})" if m.group(1) else ""
        said = any(m.group(2) in error for error in failed.values())  # the failed step's own ERROR line said it
        facts.steps.append(f"docker build failed to solve{target}" if said else clip(f"docker build failed to solve{target}: {_short(m.group(2))}", 220))
    at = DOCKERFILE_AT_RE.search(text)
    if at and (failed or facts.steps):
        facts.highlights.append(f"failing instruction at {at.group(1)}:{at.group(2)}")
    _legacy(text, facts)
    return facts


def _legacy(text: str, facts: Facts) -> None:
    steps = list(STEP_RE.finditer(text))
    for m in LEGACY_FAIL_RE.finditer(text):
        before = [s for s in steps if s.start() < m.start()]
        where = f"Step {before[-1].group(1)} {before[-1].group(2)}" if before else f"RUN {m.group(2)}"
        service = f"service {m.group(1)}: " if m.group(1) else ""
        facts.steps.append(clip(f"docker build {service}{where}: returned a non-zero code: {m.group(3)}", 220))
        start = before[-1].end() if before else 0
        facts.errors += cause_lines(text[start:m.start()].splitlines())
    if steps and not facts.steps and not BUILT_RE.search(text):
        last = steps[-1]  # the output ends inside this step: the build stopped there (or was cut)
        facts.highlights.append(clip(f"last docker build step: Step {last.group(1)} {last.group(2)}", 200))


def _short(message: str) -> str:
    """`process "/bin/sh -c apt-get update && …" did not complete successfully: exit code: 100` with a long command
    cut in its middle, so that the exit code at its end is kept."""
    m = PROCESS_RE.match(message)
    return f"RUN {clip(m.group(1), 90)} did not complete successfully: {m.group(2)}" if m else message


def cause_lines(lines: list[str]) -> list[str]:
    """The failed step's own lines that say why: the first few error-like ones and the last."""
    found = list(dict.fromkeys(line.strip() for line in lines if ERRORISH_RE.search(line) and not NOT_CAUSE_RE.search(line.strip())))
    chosen = found if len(found) <= CAUSE_LINES else found[: CAUSE_LINES - 1] + found[-1:]
    return [clip(line, 200) for line in chosen if line]
