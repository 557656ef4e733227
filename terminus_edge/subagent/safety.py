"""Whether a command may run with nobody watching (the subagent, an outside agent's tool call).

One policy decides: terminus_edge.policy in "auto" mode with unattended=True (its deny rules, its ask
rules and the stricter unattended table). Nobody is there to approve an "ask", so it is a refusal.
"""

from __future__ import annotations

from pathlib import Path


def refusal(command: str, cwd: str | Path) -> str | None:
    """None when the command may run, else the one-line reason it may not."""
    from terminus_edge.policy import decide

    decision = decide(command, cwd=Path(cwd), mode="auto", unattended=True)
    return None if decision.action == "allow" else f"refused by policy: {decision.reason}"
