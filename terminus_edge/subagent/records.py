"""Plain data passed between the planner, the loop and the answer: a planned command and what running it gave."""

from __future__ import annotations

from dataclasses import dataclass, field

# What a command is for; the answer's verdict line and the follow-up rules read it.
KINDS = ("build", "test", "run", "check", "source", "search", "trace", "debug", "preview", "info", "other")


@dataclass
class PlannedCommand:
    command: str
    kind: str = "other"
    explanation: str = ""
    goal: str = ""
    timeout_s: float = 30.0
    origin: str = "rules"  # "request" (named in the request) | "rules" | "model"
    # A `timeout N` wrapper put in front by the planner: exit 124 then means the command hung.
    wrapped_timeout_s: float | None = None
    # For source views: ((path, first_line, last_line), ...) shown, so the answer can label them.
    windows: tuple[tuple[str, int, int], ...] = ()


@dataclass
class CommandRecord:
    command: str
    kind: str
    origin: str
    exit_code: int | None = None
    timed_out: bool = False
    waiting_for_input: bool = False
    duration_s: float = 0.0
    timeout_s: float | None = None
    log_id: int | None = None
    output: str = ""  # normalized text (the raw bytes live in the log store)
    summary_text: str = ""  # the guarded "Command: …\nSummary: …\nLog: …" block
    summary_body: str = ""
    facts: dict = field(default_factory=dict)
    refused: str | None = None  # why the policy did not let it run
    windows: tuple[tuple[str, int, int], ...] = ()
    model_note: str | None = None
    edited_from: str | None = None  # the command proposed, when the user edited it before it ran (`command` ran)

    @property
    def ran(self) -> bool:
        """The command ran to an exit code: the policy did not refuse it and it was not left unrun."""
        return not self.refused and self.exit_code is not None

    @property
    def failed(self) -> bool:
        return self.refused is None and (self.timed_out or self.exit_code not in (0, None))
