"""Makefile recipes read as text, for policy_recipes: what `make TARGET` runs.

    make_steps(args, cwd) -> [Step]   the target's prerequisites' recipes, then its own, expanded where certain

Why not `make -n`: it runs every `$(shell …)` the Makefile holds, and every recipe line that names `$(MAKE)` or starts
with `+`, so deciding whether a command may run would already run parts of it. The text is read instead. A variable is
expanded only when its value is certain: defined once outside any conditional (or on the command line), with no
function in it, `?=` only when the environment lacks it; an uncertain one stays `$NAME` (an unexpanded variable to
the policy: a path it names cannot be checked). `$(shell cmd)` becomes `$(cmd)`, a command the policy checks; other
functions become `$MAKE_FUNCTION`. Recipes of every branch of a conditional are all checked (asking more, never
less); pattern rules and the rules of an `include`d file that cannot be read are not seen. `make -n` / `-q` / `-t`
run only the `+` and `$(MAKE)` lines, and those are what is checked then; `:=` / `!=` assignments running a command
run whenever make reads the Makefile, and are checked for every target.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

from terminus_edge.policy_recipes import Step, _options, read_text

_ASSIGN = re.compile(r"^(?:(?:export|override|private)\s+)*([^\s:#=!?+]+)\s*(::?=|:::=|\?=|\+=|!=|=)\s*(.*)$")
MAX_EXPANDED = 64 * 1024
_BUILTIN = {"CC": "cc", "CXX": "g++", "RM": "rm -f", "AR": "ar", "LD": "ld", "AS": "as", "CPP": "cc -E",
            "SHELL": "/bin/sh", "MAKE": "make", "FC": "f77", "LEX": "lex", "YACC": "yacc", "ARFLAGS": "rv"}
_PRINTS = {"info", "warning", "error"}
_DRY = {"-n", "--just-print", "--dry-run", "--recon", "-q", "--question", "-t", "--touch"}
_QUIET = {"--help", "-h", "-v", "--version", "-p", "--print-data-base"}
_MAKE_VALUE_OPTS = {"-C", "-f", "--file", "--makefile", "-I", "--include-dir", "-j", "-l", "-o", "-W", "--directory",
                    "--assume-old", "--assume-new", "--what-if", "-O", "-E", "--eval"}


class Makefile:
    def __init__(self, path: Path):
        self.dir = path.parent
        self.vars: dict[str, str] = {}
        self.uncertain: set[str] = set()
        self.rules: dict[str, tuple[list[str], list[str]]] = {}  # target -> (prerequisites, recipe lines)
        self.order: list[str] = []
        self.parse_time: list[tuple[str, str]] = []  # (variable, command run when make reads the file)
        self.incomplete = False  # an include could not be read: an undefined variable may be defined there
        self.overrides: dict[str, str] = {}  # `make VAR=value`: set per invocation on a copy
        self._read(path, 0)

    def _read(self, path: Path, depth: int) -> None:
        text = read_text(path)
        if text is None or depth > 4:
            self.incomplete = True
            return
        lines = re.sub(r"\\\n[ \t]*", " ", text).split("\n")
        current: list[str] = []
        nesting = 0
        defining = False
        for raw in lines:
            if defining:
                defining = not re.match(r"^\s*endef\b", raw)
                continue
            if raw.startswith("\t") and current:
                line = raw[1:].strip()
                if line and not line.startswith("#"):
                    for target in current:
                        self.rules[target][1].append(line)
                continue
            line = re.sub(r"(?<!\\)#.*", "", raw).strip()
            word = line.split(None, 1)[0] if line else ""
            if word in ("ifeq", "ifneq", "ifdef", "ifndef"):
                nesting += 1  # a conditional inside a recipe keeps the rule's lines coming
            elif word == "endif":
                nesting = max(0, nesting - 1)
            elif word == "else" or not line:
                continue
            elif word in ("define", "undefine"):
                defining, current = word == "define", []
                self.uncertain.update(line.split()[1:2])
            elif word in ("include", "-include", "sinclude"):
                current = []
                for name in line.split()[1:]:
                    if "$" in name:
                        self.incomplete = True
                    else:
                        self._read(self.dir / name, depth + 1)
            elif m := _ASSIGN.match(line):
                current = []
                self._assign(m.group(1), m.group(2), m.group(3), nesting > 0)
            elif ":" in line and "=" not in line.split(":", 1)[0]:
                targets, _, rest = line.partition(":")
                current = self._rule(targets.split(), rest.lstrip(":"))
            else:
                current = []

    def _assign(self, name: str, op: str, value: str, conditional: bool) -> None:
        if op in (":=", "::=", ":::=", "!="):
            for body in ([value] if op == "!=" else _shell_calls(value)):
                self.parse_time.append((name, body))
        if conditional or op == "!=" or name in self.vars and op not in ("+=", "?=") or name in self.uncertain:
            self.uncertain.add(name)
        elif op == "?=" and (name in os.environ or name in self.vars):
            pass  # the value already set (the environment's) stands
        elif op == "+=":
            self.vars[name] = (self.vars.get(name, "") + " " + value).strip()
        else:
            self.vars[name] = value

    def _rule(self, targets: list[str], rest: str) -> list[str]:
        if "=" in rest.split(";", 1)[0]:  # target-specific variable: the target's own value, not the file's
            self.uncertain.add(_ASSIGN.match(rest).group(1) if _ASSIGN.match(rest) else "")
            return []
        prereqs, _, inline = rest.partition(";")
        named = [t for t in targets if "%" not in t]
        for target in named:
            if target not in self.rules:
                self.rules[target] = ([], [])
                self.order.append(target)
            self.rules[target][0].extend(p for p in prereqs.replace("|", " ").split() if "%" not in p)
            if inline.strip():
                self.rules[target][1].append(inline.strip())
        return named

    def default_goal(self) -> str | None:
        goal = self.vars.get(".DEFAULT_GOAL")
        if goal:
            return goal.strip()
        return next((t for t in self.order if not t.startswith(".") or "/" in t), None)

    def expand(self, text: str, auto: dict[str, str], depth: int = 0, stack: tuple[str, ...] = ()) -> str:
        """text with its references replaced; at most MAX_EXPANDED characters come out of one recipe line (a
        variable doubling another, twelve deep, is 4096 copies), a variable inside its own value stays unexpanded."""
        if depth == 0:
            self._budget = MAX_EXPANDED
        if depth > 12 or self._budget < 0:
            return "$MAKE_FUNCTION"
        out, at = [], 0
        while (dollar := text.find("$", at)) != -1 and self._budget >= 0:
            out.append(text[at:dollar])
            ref, at = _reference(text, dollar + 1)
            out.append(self._one(ref, auto, depth, stack))
            self._budget -= len(out[-1]) + len(out[-2])
        return "".join(out) + text[at:] if self._budget >= 0 else "$MAKE_FUNCTION"

    def _one(self, ref: str, auto: dict[str, str], depth: int, stack: tuple[str, ...]) -> str:
        if ref == "$":
            return "$"
        name, _, args = ref.partition(" ")
        if args and name == "shell":
            return "$(" + self.expand(args, auto, depth + 1, stack) + ")"
        if args and name in _PRINTS:
            return ""
        if args or "," in ref or ":" in ref or "$" in ref:
            return "$MAKE_FUNCTION"
        if ref[:1] in auto and ref[1:] in ("", "D", "F"):
            value = auto[ref[:1]]
            return value if len(ref) == 1 else (os.path.dirname(value) or ".") if ref[1] == "D" else \
                os.path.basename(value)
        if ref in self.overrides:
            return self.overrides[ref]
        if ref == "CURDIR":
            return str(self.dir)
        if ref in stack:
            return "$" + ref  # make stops here: "Recursive variable references itself"
        if ref in self.vars and ref not in self.uncertain:
            return self.expand(self.vars[ref], auto, depth + 1, stack + (ref,))
        if ref in os.environ and ref not in self.uncertain:
            return os.environ[ref]
        if ref in self.uncertain or self.incomplete or not re.fullmatch(r"\w+", ref):
            return "$" + (ref if re.fullmatch(r"\w+", ref) else "MAKE_VARIABLE")
        return _BUILTIN.get(ref, "")  # an undefined variable is empty


def _reference(text: str, at: int) -> tuple[str, int]:
    """The reference after a `$` at text[at]: `(…)` / `{…}` with nested ones inside, or one character."""
    if at >= len(text):
        return "", at
    close = {"(": ")", "{": "}"}.get(text[at])
    if close is None:
        return text[at], at + 1
    depth, end = 0, at
    while end < len(text):
        if text[end] == text[at]:
            depth += 1
        elif text[end] == close:
            depth -= 1
            if depth == 0:
                return text[at + 1:end], end + 1
        end += 1
    return text[at + 1:], len(text)


def _shell_calls(value: str) -> list[str]:
    """The commands of the `$(shell …)` calls in a value."""
    calls, at = [], 0
    while (dollar := value.find("$", at)) != -1:
        ref, at = _reference(value, dollar + 1)
        if ref.startswith("shell "):
            calls.append(ref[6:])
    return calls


def make_steps(args: list[str], cwd: Path, parsed: dict[Path, "Makefile"]) -> list[Step]:
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
    if path not in parsed:
        parsed[path] = Makefile(path)
    makefile = copy.copy(parsed[path])
    makefile.overrides = overrides
    if not makefile.rules and not makefile.parse_time:
        return []
    dry = bool(flags & _DRY)
    if dry:
        makefile.overrides.setdefault("MAKE", "make -n")
    goals = [w for w in operands if "=" not in w and w != "--"] or [makefile.default_goal() or ""]
    steps = [Step(f"the Makefile's variable {name} (run when make reads {path.name})", makefile.expand(body, {}), folder)
             for name, body in makefile.parse_time]
    seen: set[str] = set()

    def build(target: str, depth: int) -> None:
        if target in seen or target not in makefile.rules or depth > 32:
            return
        seen.add(target)
        prereqs, recipe = makefile.rules[target]
        for prereq in prereqs:
            build(prereq, depth + 1)
        auto = {"@": target, "<": prereqs[0] if prereqs else "", "^": " ".join(dict.fromkeys(prereqs)),
                "+": " ".join(prereqs), "?": " ".join(prereqs), "*": "$MAKE_STEM"}
        for line in recipe:
            forced = line.lstrip("@-").startswith("+") or re.search(r"\$[({]MAKE[)}]", line)
            if dry and not forced:
                continue
            line = makefile.expand(line.lstrip("@-+ \t").lstrip("@-+ \t"), auto)
            steps.append(Step(f"the Makefile target {target}", line, folder))
    if not any(g in makefile.rules for g in goals):
        return steps if steps and goals != [""] else []
    for goal in goals:
        build(goal, 0)
    return steps
