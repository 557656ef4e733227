"""A Makefile read as text, for policy.make_goals (what `make TARGET` runs): its rules, pattern rules, static pattern
rules and variables, expanded where the value is certain.

Why not `make -n`: it runs every `$(shell …)` the Makefile holds, and every recipe line that names `$(MAKE)` or starts
with `+`, so deciding whether a command may run would already run parts of it. The text is read instead. A variable is
expanded only when its value is certain: defined once outside any undecided conditional (or on the command line),
with no function in it, `?=` only when the environment lacks it; an uncertain one stays `$NAME` (an unexpanded
variable to the policy: a path it names cannot be checked). `$(shell cmd)` becomes `$(cmd)`, a command the policy
checks; other functions become `$MAKE_FUNCTION`. Rule targets and prerequisites are expanded as make reads them.

Conditionals (ifeq/ifneq/ifdef/ifndef) are decided only when every value they compare is the Makefile's own certain
value or make's command line (`make DRY_RUN=1 migrate`); one that reads the environment of the run (`ifeq
($(CI),true)`, `ifdef DRY_RUN` with no such assignment, `?=` values), a function or a value set in another undecided
branch cannot be known from the text: the rules of all its branches are read and checked (asking more, never less).
The rules of an `include`d file that cannot be read are not seen.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from terminus_edge.policy.recipes import read_text

_ASSIGN = re.compile(r"^(?:(?:export|override|private)\s+)*([^\s:#=!?+]+)\s*(::?=|:::=|\?=|\+=|!=|=)\s*(.*)$")
MAX_EXPANDED = 64 * 1024
_BUILTIN = {"CC": "cc", "CXX": "g++", "RM": "rm -f", "AR": "ar", "LD": "ld", "AS": "as", "CPP": "cc -E",
            "SHELL": "/bin/sh", "MAKE": "make", "FC": "f77", "LEX": "lex", "YACC": "yacc", "ARFLAGS": "rv"}
_PRINTS = {"info", "warning", "error"}


class Makefile:
    def __init__(self, path: Path, overrides: dict[str, str] | None = None):
        self.dir = path.parent
        self.vars: dict[str, str] = {}
        self.uncertain: set[str] = set()
        self.soft: set[str] = set()  # `?=`: the environment of the run may set it
        self.rules: dict[str, tuple[list[str], list[str]]] = {}  # target -> (prerequisites, recipe lines)
        self.stems: dict[str, str] = {}  # target of a static pattern rule -> its stem ($*)
        self.patterns: list[tuple[str, list[str], list[str]]] = []  # (target pattern, prerequisites, recipe)
        self.order: list[str] = []
        self.parse_time: list[tuple[str, str]] = []  # (variable, command run when make reads the file)
        self.incomplete = False  # an include could not be read: an undefined variable may be defined there
        self.overrides: dict[str, str] = dict(overrides or {})  # `make VAR=value`: they decide conditionals too
        self._strict = False
        self._read(path, 0)

    def _read(self, path: Path, depth: int) -> None:
        text = read_text(path)
        if text is None or depth > 4:
            self.incomplete = True
            return
        lines = re.sub(r"\\\n[ \t]*", " ", text).split("\n")
        current: list[list[str]] = []  # the recipes the next tab-indented lines belong to
        frames: list[list] = []  # per open conditional: [branch state True/False/None (unknown), a branch taken]
        defining = False
        for raw in lines:
            if defining:
                defining = not re.match(r"^\s*endef\b", raw)
                continue
            tabbed = raw.startswith("\t") and bool(current)  # a recipe line, whatever it says
            line = "" if tabbed else re.sub(r"(?<!\\)#.*", "", raw).strip()
            word, _, rest = line.partition(" ")
            if word in ("ifeq", "ifneq", "ifdef", "ifndef"):
                value = False if any(f[0] is False for f in frames) else self._condition(word, rest.strip())
                frames.append([value, value is not None and (value or any(f[0] is False for f in frames))])
                continue  # a conditional inside a recipe keeps the rule's lines coming
            if word in ("else", "endif") and frames:
                if word == "endif":
                    frames.pop()
                elif frames[-1][1]:
                    frames[-1][0] = False  # an earlier branch was taken (or the whole conditional is skipped)
                elif frames[-1][0] is False:
                    cond, _, arg = rest.strip().partition(" ")
                    frames[-1][0] = self._condition(cond, arg.strip()) if cond else True
                    frames[-1][1] = frames[-1][0] is True
                continue
            if any(f[0] is False for f in frames):
                continue  # a branch make does not read
            if tabbed:
                line = raw[1:].strip()
                if line and not line.startswith("#"):
                    for recipe in current:
                        recipe.append(line)
                continue
            if not line:
                continue
            if word in ("define", "undefine"):
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
                self._assign(m.group(1), m.group(2), m.group(3), any(f[0] is None for f in frames))
            elif ":" in line and "=" not in line.split(":", 1)[0]:
                targets, _, rest = line.partition(":")
                current = self._rule(self.words(targets), rest.lstrip(":"))
            else:
                current = []

    def _condition(self, word: str, arg: str) -> bool | None:
        """ifeq/ifneq/ifdef/ifndef decided from the Makefile's own certain values and make's command line; None when
        the answer depends on anything else (the environment of the run, a function, a value set in a conditional)."""
        if word in ("ifdef", "ifndef"):
            name = arg.strip()
            value = self.overrides.get(name) if name in self.overrides else self.vars.get(name) if (
                name in self.vars and name not in self.uncertain | self.soft) else None
            return None if value is None else bool(value.strip()) == (word == "ifdef")
        if word not in ("ifeq", "ifneq"):
            return None
        if arg.startswith("(") and arg.endswith(")"):
            inner, level, split = arg[1:-1], 0, None
            for at, char in enumerate(inner):
                level += (char in "({") - (char in ")}")
                if char == "," and level == 0:
                    split = at
                    break
            sides = [inner[:split], inner[split + 1:]] if split is not None else None
        else:
            sides = [m.group(2) for m in re.finditer(r"([\"'])(.*?)\1", arg)]
        if not sides or len(sides) != 2:
            return None
        self._strict = True
        try:
            left, right = (self.expand(side, {}).strip() for side in sides)
        finally:
            self._strict = False
        if "\0" in left + right or "$" in left + right:  # a shell call, a function, an unexpanded value
            return None
        return (left == right) == (word == "ifeq")

    def _assign(self, name: str, op: str, value: str, conditional: bool) -> None:
        if op in (":=", "::=", ":::=", "!="):
            for body in ([value] if op == "!=" else _shell_calls(value)):
                self.parse_time.append((name, body))
        if op == "?=":
            self.soft.add(name)
        if name in self.overrides:
            return  # the command line's value stands
        if conditional or op == "!=" or name in self.vars and op not in ("+=", "?=") or name in self.uncertain:
            self.uncertain.add(name)
        elif op == "?=" and (name in os.environ or name in self.vars):
            pass  # the value already set (the environment's) stands
        elif op == "+=":
            self.vars[name] = (self.vars.get(name, "") + " " + value).strip()
        else:
            self.vars[name] = value

    def _rule(self, targets: list[str], rest: str) -> list[list[str]]:
        """The recipes a rule line opens: an explicit rule's per target, a pattern rule's (`%.o: %.c`) and a static
        pattern rule's (`$(OBJS): %.o: %.c`: an explicit rule per target, its stem known)."""
        head, _, inline = rest.partition(";")
        if "=" in head:  # target-specific variable: the target's own value, not the file's
            self.uncertain.add(_ASSIGN.match(rest).group(1) if _ASSIGN.match(rest) else "")
            return []
        recipes: list[list[str]] = []
        before, colon, after = head.partition(":")  # `targets: target-pattern: prerequisite-patterns`
        static = (before.strip(), after) if colon and "%" in before and len(before.split()) == 1 else None
        prereqs = self.words(head.replace("|", " ")) if not static else []
        for target in targets:
            if "%" in target and not static:
                self.patterns.append((target, prereqs, []))
                recipes.append(self.patterns[-1][2])
                continue
            stem = _match(static[0], target) if static else None
            if static and stem is None:
                continue  # make warns and skips a target its pattern does not match
            if target not in self.rules:
                self.rules[target] = ([], [])
                self.order.append(target)
            own = [p.replace("%", stem, 1) for p in self.words(static[1].replace("|", " "))] if static else prereqs
            self.rules[target][0].extend(p for p in own if "%" not in p)
            if static:
                self.stems[target] = stem
            recipes.append(self.rules[target][1])
        for recipe in recipes:
            if inline.strip():
                recipe.append(inline.strip())
        return recipes

    def words(self, text: str) -> list[str]:
        """Target or prerequisite names as make reads them: each word expanded, a value that is certain split into its
        names, one that is not (`dist/app-$(cat VERSION).tgz`, a shell call) kept whole."""
        names, word, level = [], "", 0
        for char in text + " ":
            level += (char in "({") - (char in ")}") if word.endswith("$") or level else 0
            if char.isspace() and level <= 0:
                expanded = self.expand(word, {}) if word else ""
                names += [expanded] if "$" in expanded else expanded.split()
                word, level = "", 0
            else:
                word += char
        return names

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
        if self._strict:  # a conditional's operand: only the file's certain values count
            certain = ref in self.vars and ref not in self.uncertain | self.soft and ref not in stack
            return self.expand(self.vars[ref], auto, depth + 1, stack + (ref,)) if certain else "\0"
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


def _match(pattern: str, name: str) -> str | None:
    """The stem of name under a `%` pattern (`%.o` and `main.o`: `main`), None when it does not match."""
    prefix, _, suffix = pattern.partition("%")
    if len(name) >= len(prefix) + len(suffix) and name.startswith(prefix) and name.endswith(suffix):
        return name[len(prefix):len(name) - len(suffix)]
    return None
