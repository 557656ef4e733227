"""The facts a parser pulls out of command output: plain dataclasses, JSON-safe via to_dict()."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace


@dataclass
class Diagnostic:
    """One compiler / linter / type-checker message."""

    severity: str  # "error" | "warning", or a tool's own lesser level: "info", "style", "note", "convention", "refactor"
    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    code: str | None = None  # E0308, TS2322, F401, C4996 ...

    def location(self) -> str:
        if not self.file:
            return ""
        parts = [self.file] + [str(n) for n in (self.line, self.col) if n is not None]
        return ":".join(parts)


@dataclass
class TestFailure:
    """A failing (or erroring) test with the first line that says why."""

    name: str
    reason: str | None = None
    location: str | None = None  # file:line where it failed
    kind: str = "failed"  # "failed" | "error"


@dataclass
class TracebackInfo:
    """The first exception traceback: type, message and the innermost frame of the user's code."""

    exc_type: str
    message: str = ""
    file: str | None = None
    line: int | None = None
    function: str | None = None


@dataclass
class Facts:
    exit_code: int | None = None
    timed_out: bool = False
    waiting_for_input: bool = False
    input_prompt: str | None = None
    binary: bool = False
    n_bytes: int = 0
    n_lines: int = 0
    tools: list[str] = field(default_factory=list)
    # Ordered counts, e.g. {"failed": 2, "passed": 5}; unit says what was counted ("tests", "errors", ...).
    counts: dict[str, int] = field(default_factory=dict)
    count_unit: str | None = None
    count_words: dict[str, str] = field(default_factory=dict)  # a tool's own (plural) word for a count key: cargo's "ignored"
    failures: list[TestFailure] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    traceback: TracebackInfo | None = None
    missing: list[str] = field(default_factory=list)  # "module requests_cache", "command foo"
    conflicts: list[str] = field(default_factory=list)  # dependency conflicts, merge conflicts
    errors: list[str] = field(default_factory=list)  # key error lines no structured parser explained
    # The failed steps of a runner of several (tox envs, nox sessions, make targets, a CI step's end, a process a
    # process manager saw stop): what failed at the top, said before the details of each step.
    steps: list[str] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)  # other key statements (installed X 1.2, 20 commits)
    tallies: list[str] = field(default_factory=list)  # other tools' counts beside a test run's (`eslint: 675 errors`)
    stopped_early: bool = False
    # The parsers read a view of a large output (its head, tail and windows around errors): lines were left out.
    partial: bool = False
    # Count keys whose value is what was counted in that view, not the tool's own tally: lower bounds ("at least").
    counts_at_least: list[str] = field(default_factory=list)
    # How a full-screen program (less, vim, man, top) used the terminal (screen.FULL_SCREEN_KINDS); "" for none.
    full_screen: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def failed(self) -> bool:
        """True when anything says the command did not succeed."""
        return bool(
            (self.exit_code not in (0, None))
            or self.timed_out
            or self.failures
            or self.steps
            or self.counts.get("failed")
            or self.counts.get("errors")
            or any(d.severity == "error" for d in self.diagnostics)
        )

    def merge(self, other: "Facts") -> None:
        """Fold a parser's partial facts in: the first parser to set a count or traceback wins."""
        for tool in other.tools:
            if tool not in self.tools:
                self.tools.append(tool)
        if other_units(self, other):  # a linter's tally beside a test run's: its errors are no tests' errors
            self.tallies.append(tally_line(other))
            other = replace(other, counts={}, counts_at_least=[])
        elif other_units(other, self):
            self.tallies.append(tally_line(self))
            self.counts, self.counts_at_least, self.count_unit = {}, [], None
        taken = [key for key in other.counts if key not in self.counts]  # a lower bound only where its count is kept
        for key, value in other.counts.items():
            self.counts.setdefault(key, value)
        self.count_unit = self.count_unit or other.count_unit
        for key, word in other.count_words.items():
            self.count_words.setdefault(key, word)
        self.traceback = self.traceback or other.traceback
        self.waiting_for_input = self.waiting_for_input or other.waiting_for_input
        self.input_prompt = self.input_prompt or other.input_prompt
        self.stopped_early = self.stopped_early or other.stopped_early
        self.partial = self.partial or other.partial
        self.counts_at_least += [key for key in other.counts_at_least if key in taken and key not in self.counts_at_least]
        _extend_unique(self.failures, other.failures, key=lambda f: f.name)
        _extend_unique(self.diagnostics, other.diagnostics, key=lambda d: (d.file, d.line, d.col, d.code, d.message))
        for name in ("missing", "conflicts", "errors", "steps", "highlights", "tallies"):
            _extend_unique(getattr(self, name), getattr(other, name), key=lambda s: s)


def other_units(tests: "Facts", other: "Facts") -> bool:
    """`tests` tallies tests and `other` tallies the diagnostics it read (several processes' output: concurrently)."""
    return tests.count_unit == "tests" and other.count_unit != "tests" and bool(other.diagnostics) and bool(
        other.counts.keys() & {"errors", "warnings"}) and bool(tests.counts.keys() - {"errors", "warnings"})


def tally_line(facts: "Facts", name: str | None = None) -> str:
    """`eslint: 675 errors`: a tool's (or the process `name`'s) own tally of its findings, said apart from a test run's
    counts or from the sum of several processes' tallies."""
    counts = ", ".join(f"{n} {key if n != 1 else key[:-1]}" for key in ("errors", "warnings") if (n := facts.counts.get(key)))
    tools = ", ".join(facts.tools) or "another tool"
    name = f"{tools} [{name}]" if name and name.isdigit() else name  # concurrently's `[0]` names no process
    return f"{name or tools}: {counts or '0 errors'}"


def _extend_unique(target: list, items: list, key) -> None:
    seen = {key(x) for x in target}
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            target.append(item)
