"""What `make TARGET` runs, for policy.recipes: the target's prerequisites' recipes, then its own, from the Makefile
policy.makefile reads (never by running make: see there).

    make_steps(args, cwd, parsed) -> [Step]

A target without a recipe of its own is made by the pattern rule its name matches (`%.o: %.c` makes main.o from
main.c, `clean-%:` makes clean-build with `$*` = build): of the rules whose prerequisites exist or are targets, the
one with the shortest stem, as GNU make chooses; when none has them (make would chain rules or fail), every matching
rule is checked. A pattern without a slash matches the file name, its directory carried into the stem and the
prerequisites. Timestamps are not looked at: a target that is up to date is checked as if it were remade.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

from terminus_edge.policy.makefile import Makefile, _match
from terminus_edge.policy.recipes import Step, _options

_DRY = {"-n", "--just-print", "--dry-run", "--recon", "-q", "--question", "-t", "--touch"}
_QUIET = {"--help", "-h", "-v", "--version", "-p", "--print-data-base"}
_MAKE_VALUE_OPTS = {"-C", "-f", "--file", "--makefile", "-I", "--include-dir", "-j", "-l", "-o", "-W", "--directory",
                    "--assume-old", "--assume-new", "--what-if", "-O", "-E", "--eval"}

Way = tuple[list[str], list[str], str]  # (prerequisites, recipe lines, stem) of one way to make a target


def make_steps(args: list[str], cwd: Path, parsed: dict) -> list[Step]:
    opts, operands = _options(args, _MAKE_VALUE_OPTS)
    flags = set(opts) | {f"-{c}" for o in opts if re.fullmatch(r"-[a-zA-Z]+", o) for c in o[1:]}
    if flags & _QUIET and not flags & _DRY:
        return []
    folder = cwd / opts["-C"] if "-C" in opts else cwd / opts["--directory"] if "--directory" in opts else cwd
    file_name = opts.get("-f") or opts.get("--file") or opts.get("--makefile")
    path = folder / file_name if file_name else next(
        (folder / n for n in ("GNUmakefile", "makefile", "Makefile") if (folder / n).is_file()), None)
    if path is None or file_name == "-":
        return []
    overrides = dict(w.split("=", 1) for w in operands if "=" in w and not w.startswith("="))
    key = (path, tuple(sorted(overrides.items())))  # the command line decides conditionals: read once per overrides
    if key not in parsed:
        parsed[key] = Makefile(path, overrides)
    makefile = copy.copy(parsed[key])
    makefile.overrides = dict(overrides)
    if not makefile.rules and not makefile.patterns and not makefile.parse_time:
        return []
    dry = bool(flags & _DRY)
    if dry:
        makefile.overrides.setdefault("MAKE", "make -n")
    goals = [w for w in operands if "=" not in w and w != "--"] or [makefile.default_goal() or ""]
    steps = [Step(f"the Makefile's variable {name} (run when make reads {path.name})", makefile.expand(body, {}),
                  folder) for name, body in makefile.parse_time]
    seen: set[str] = set()

    def build(target: str, depth: int) -> None:
        ways = _ways(makefile, target)
        if target in seen or not ways or depth > 32:
            return
        seen.add(target)
        for prereqs, recipe, stem in ways:
            for prereq in prereqs:
                build(prereq, depth + 1)
            auto = {"@": target, "<": prereqs[0] if prereqs else "", "^": " ".join(dict.fromkeys(prereqs)),
                    "+": " ".join(prereqs), "?": " ".join(prereqs), "*": stem}
            for line in recipe:
                forced = line.lstrip("@-").startswith("+") or re.search(r"\$[({]MAKE[)}]", line)
                if dry and not forced:
                    continue
                line = makefile.expand(line.lstrip("@-+ \t").lstrip("@-+ \t"), auto)
                steps.append(Step(f"the Makefile target {target}", line, folder))
    if not any(_ways(makefile, g) for g in goals):
        return steps if steps and goals != [""] else []
    for goal in goals:
        build(goal, 0)
    return steps


def _ways(makefile: Makefile, target: str) -> list[Way]:
    """How make would make target: its explicit rule with a recipe; else the pattern rule it would choose (every
    matching one when that cannot be told), the explicit rule's prerequisites added; [] when no rule names it."""
    prereqs, recipe = makefile.rules.get(target, ([], []))
    if recipe or "$" in target:  # a name not known for certain is made by no pattern
        return [(prereqs, recipe, makefile.stems.get(target, "$MAKE_STEM"))] if target in makefile.rules else []
    matching = []
    for pattern, pattern_prereqs, pattern_recipe in makefile.patterns:
        way = _instance(pattern, pattern_prereqs, pattern_recipe, target)
        if way is not None and pattern_recipe:
            matching.append(way)

    def makeable(name: str) -> bool:
        return name in makefile.rules or (makefile.dir / name).exists()
    viable = sorted((w for w in matching if all(makeable(p) for p in w[0])), key=lambda w: len(w[2]))
    chosen = viable[:1] or matching
    if chosen:
        return [(prereqs + way_prereqs, way_recipe, stem) for way_prereqs, way_recipe, stem in chosen]
    return [(prereqs, [], "")] if target in makefile.rules else []


def _instance(pattern: str, prereqs: list[str], recipe: list[str], target: str) -> Way | None:
    """The pattern rule applied to target: its prerequisites with the stem put in, or None when it does not match."""
    folder, name = ("", target) if "/" in pattern else os.path.split(target)
    folder = folder + "/" if folder else ""
    stem = _match(pattern, name)
    if stem is None:
        return None
    return [folder * ("/" not in p) + p.replace("%", stem) for p in prereqs], recipe, folder + stem
