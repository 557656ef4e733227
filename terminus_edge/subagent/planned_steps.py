"""A command turned into a planned step: what it does and what it is for (purpose.describe), and how long it may run
(its kind's default; a visible `timeout` wrapper for a project's test suite, so a hang reads as one)."""

from __future__ import annotations

from terminus_edge.subagent.detect import Project, command_kind
from terminus_edge.subagent.purpose import describe
from terminus_edge.subagent.records import PlannedCommand

QUICK_TIMEOUT_S = 30.0
LONG_TIMEOUT_S = 120.0
HANG_TIMEOUT_S = 60.0  # the visible wrapper for interpreted test suites; compiled ones get LONG_TIMEOUT_S


def default_timeout(kind: str) -> float:
    """Builds and test suites get the long limit, everything else the quick one."""
    return LONG_TIMEOUT_S if kind in ("build", "test") else QUICK_TIMEOUT_S


def planned(command: str, *, kind: str | None = None, origin: str = "rules", long: bool | None = None) -> PlannedCommand:
    """A step whose explanation and goal say what the command itself does (purpose.describe); the planner's
    own kind sets the goal only for the project's test/build/check steps it chose."""
    purpose = describe(command, kind=kind if origin == "rules" else None)
    kind = kind or command_kind(command)
    timeout_s = default_timeout(kind) if long is None else (LONG_TIMEOUT_S if long else QUICK_TIMEOUT_S)
    named = " The request names this command." if origin == "request" else ""
    return PlannedCommand(command=command, kind=kind, origin=origin, explanation=purpose.explanation + named,
                          goal=purpose.goal, timeout_s=timeout_s)


def project_step(project: Project, kind: str, command: str, prefix: str) -> PlannedCommand:
    """One of the project's own commands (`prefix` is the `cd sub && ` of a sub-project); a test suite runs under a
    visible `timeout` unless it chains commands itself."""
    if kind != "test":
        return planned(prefix + command, kind=kind, long=kind != "run")
    limit = LONG_TIMEOUT_S if project.slow_toolchain else HANG_TIMEOUT_S
    wrap = " && " not in command
    step = planned(prefix + (f"timeout -k 5 {int(limit)} {command}" if wrap else command), kind="test", long=True)
    step.timeout_s = limit + 15
    step.wrapped_timeout_s = limit if wrap else None
    return step
