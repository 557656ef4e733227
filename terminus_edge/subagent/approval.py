"""Per-command approval for the subagent: the policy's verdict first, then (when someone can answer) the user.

    approve(ProposedCommand) -> UserDecision      # what a caller passes as execution_subagent(approve=...)

The policy (decide(..., mode="auto", unattended=True)) denies some commands outright: those never reach
the user. Everything else is shown to the user with the policy's verdict. With nobody to ask
(approve=None: MCP, hooks, `--approve auto`) a verdict of "ask" is a refusal, and the reason says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from terminus_edge.policy import Decision

NOBODY_TO_ASK = "nobody is there to approve it, so it was not run"
UserAction = Literal["approve", "refuse", "approve-all", "refuse-all"]


@dataclass(frozen=True)
class ProposedCommand:
    """What the user is asked about: the exact command line, why the subagent wants it, the policy's verdict."""

    command: str
    explanation: str
    goal: str
    kind: str
    timeout_s: float
    policy: Decision  # action "allow" or "ask" (a "deny" is refused before anyone is asked)
    number: int  # 1-based, within this request
    request: str  # the execution_subagent query
    description: str = ""


@dataclass(frozen=True)
class UserDecision:
    """approve: run it. refuse: don't (the model hears why and may go on). approve-all: run it and, for the
    rest of this request, every command the policy allows without asking (policy "ask" verdicts are still
    asked). refuse-all: refuse it and end this request's commands (the subagent answers from what ran).
    command: the user edited the command before approving it; the policy checks the edit again (a deny stands).
    answered=False: nobody could be asked (no terminal); the reason says why, not "refused by the user"."""

    action: UserAction
    reason: str = ""
    answered: bool = True
    command: str | None = None  # approve with the user's edit of the command line: that runs instead

    @classmethod
    def approve(cls) -> "UserDecision":
        return cls("approve")

    @classmethod
    def refuse(cls, reason: str = "") -> "UserDecision":
        return cls("refuse", reason)

    @classmethod
    def unanswered(cls, reason: str) -> "UserDecision":
        """Nobody could answer: this command and the rest of the request are not run."""
        return cls("refuse-all", reason, answered=False)

    @property
    def runs(self) -> bool:
        return self.action in ("approve", "approve-all")


CommandApprover = Callable[[ProposedCommand], "UserDecision | bool"]


def policy_verdict(command: str, cwd: str | Path) -> Decision:
    from terminus_edge.policy import decide

    return decide(command, cwd=Path(cwd), mode="auto", unattended=True)


def unattended_refusal(verdict: Decision) -> str | None:
    """None when the verdict lets the command run with nobody watching, else the reason it may not."""
    if verdict.action == "allow":
        return None
    text = f"refused by policy: {verdict.reason}"
    return f"{text} ({NOBODY_TO_ASK})" if verdict.action == "ask" else text


class ApprovalGate:
    """One request's approvals: remembers approve-all / refuse-all and the time spent waiting for the user
    (so a budget counts the machine's work, not the user's thinking)."""

    def __init__(self, approve: CommandApprover | None, query: str, description: str = ""):
        self.approve, self.query, self.description = approve, query, description
        self.seen = 0  # commands proposed so far in this request
        self.waited_s = 0.0
        self.stopped = False  # the user refused the rest of this request
        self.edited: str | None = None  # the last refusal() approved the user's edit of the command: this runs
        self._approve_all = False

    def refusal(self, step, cwd: str | Path) -> str | None:
        """None when `step` (a PlannedCommand) may run (as `self.edited` where the user edited it), else the one-line
        reason it is not run."""
        self.seen += 1
        self.edited = None
        verdict = policy_verdict(step.command, cwd)
        if self.approve is None or verdict.action == "deny":
            return unattended_refusal(verdict)
        if self.stopped:
            return "not approved: the rest of this request was refused"
        if self._approve_all and verdict.action == "allow":
            return None
        proposed = ProposedCommand(command=step.command, explanation=step.explanation, goal=step.goal,
                                   kind=step.kind, timeout_s=step.timeout_s, policy=verdict, number=self.seen,
                                   request=self.query, description=self.description)
        started = time.monotonic()
        try:
            decision = _as_decision(self.approve(proposed))
        except Exception as error:  # noqa: BLE001 - a broken prompt must not let a command through
            decision = UserDecision.unanswered(f"the approval prompt failed ({type(error).__name__}: {error})")
        finally:
            self.waited_s += time.monotonic() - started
        if decision.action == "approve-all":
            self._approve_all = True
        if decision.runs:
            return self._take_edit(step.command, decision.command, cwd)
        reason = decision.reason.strip()
        text = ("refused by the user" + (f": {reason}" if reason else "") if decision.answered
                else f"not approved: {reason or NOBODY_TO_ASK}")
        self.stopped = decision.action == "refuse-all"
        return text


    def _take_edit(self, proposed: str, edit: str | None, cwd: str | Path) -> str | None:
        """The user approved their own edit of the command: it runs unless the policy denies it outright (what the
        user typed needs no further approval; a catastrophe stays refused)."""
        edit = (edit or "").strip()
        if not edit or edit == proposed.strip():
            return None
        verdict = policy_verdict(edit, cwd)
        if verdict.action == "deny":
            return f"the user's edit `{edit}` was refused by policy: {verdict.reason}"
        self.edited = edit
        return None


def edits_said(records) -> str:
    """A line for the answer naming the commands the user edited before they ran, so the agent does not read the
    output of the edit as that of the command it asked for; "" when none was edited."""
    edited = [r for r in records if getattr(r, "edited_from", None)]
    if not edited:
        return ""
    ran = "; ".join(f"`{r.edited_from}` ran as `{r.command}`" for r in edited)
    return f"The user edited {len(edited)} command{'s' * (len(edited) != 1)} before running it: {ran}."


def describe(proposed: ProposedCommand) -> str:
    """The lines a person reads before deciding: the exact command, why, and the policy's verdict."""
    from terminus_edge.terminal_text import shown  # a control sequence in them must not change what is read

    label = f" ({shown(proposed.description)})" if proposed.description else ""
    verdict = {"allow": "allows it", "ask": "wants your approval"}.get(proposed.policy.action, proposed.policy.action)
    lines = [f"Command {proposed.number} of the request{label}:", f"  $ {shown(proposed.command)}"]
    if proposed.explanation:
        lines.append(f"  explanation: {shown(proposed.explanation)}")
    if proposed.goal:
        lines.append(f"  goal: {shown(proposed.goal)}")
    lines.append(f"  timeout: {proposed.timeout_s:g} s")
    lines.append(f"  policy: {verdict} ({proposed.policy.reason})")
    return "\n".join(lines)


def _as_decision(value: UserDecision | bool) -> UserDecision:
    if isinstance(value, UserDecision):
        return value
    if isinstance(value, bool):
        return UserDecision.approve() if value else UserDecision.refuse()
    raise TypeError(f"an approver must return a UserDecision or a bool, not {type(value).__name__}")
