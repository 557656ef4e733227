"""Whether the subagent may run a command: the project's policy module when present, else a small deny list.

The subagent runs unattended in the caller's directory, so anything that deletes, rewrites history,
escalates, reaches the network to execute code, or leaves the directory is refused with a reason.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

_DENY = [
    (r"(^|[;&|]\s*|\s)(sudo|su|doas)\s", "runs as another user"),
    (r"\brm\s+(-\w*\s+)*-\w*[rRf]", "deletes files recursively or by force"),
    (r"\b(mkfs|fdisk|parted|shutdown|reboot|halt|poweroff|kill -9 -1)\b", "touches the system"),
    (r"\bdd\s+.*\bof=", "writes raw devices"),
    (r"\bgit\s+(push|reset\s+--hard|clean\s+-\w*[fdx]|checkout\s+--\s|rebase|commit|stash)", "changes git history or work"),
    (r"\b(curl|wget)\b.*\|\s*(ba|z|da)?sh\b", "runs code from the network"),
    (r"\bchmod\s+-R|\bchown\b", "changes permissions"),
    (r":\(\)\s*\{", "fork bomb"),
    (r"(^|[;&|]\s*)cd\s+(/|~|\.\.)", "leaves the project directory"),
    (r"(>|>>|\btee\s+)\s*(/|~|\.\./)", "writes outside the project directory"),
    (r"\b(pip|pip3|npm|yarn|pnpm|cargo|apt|apt-get|brew|gem)\s+(install|uninstall|remove|publish|add)\b",
     "installs or publishes packages"),
]


def refusal(command: str, cwd: str | Path) -> str | None:
    """None when the command may run, else the one-line reason it may not.

    The project's policy (terminus_edge.policy, "auto" mode: its deny and ask rules apply) is asked
    first; nobody is there to approve an "ask", so it refuses. The subagent's own list applies on top.
    """
    try:
        policy = importlib.import_module("terminus_edge.policy")
    except ImportError:
        policy = None
    if policy is not None and hasattr(policy, "decide"):
        decision = policy.decide(command, cwd=Path(cwd), mode="auto")
        if decision.action != "allow":
            return f"refused by policy: {decision.reason}"
    for pattern, reason in _DENY:
        if re.search(pattern, command):
            return f"refused: the command {reason}"
    return None
