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
    """None when the command may run, else the one-line reason it may not."""
    try:
        policy = importlib.import_module("terminus_edge.policy")
    except ImportError:
        policy = None
    decide = getattr(policy, "decide", None) if policy else None
    if decide is not None:
        verdict = _policy_verdict(decide, command, cwd)
        if verdict is not False:
            return verdict
    for pattern, reason in _DENY:
        if re.search(pattern, command):
            return f"refused: the command {reason}"
    return None


def _policy_verdict(decide, command: str, cwd: str | Path) -> str | None | bool:
    """The policy module's answer as a refusal reason or None; False when its answer cannot be read."""
    try:
        decision = decide(command, cwd=str(cwd), mode="subagent")
    except TypeError:
        return False
    allowed = getattr(decision, "allowed", None)
    if allowed is None:
        action = str(getattr(decision, "action", decision)).lower()
        if action not in ("allow", "deny", "ask", "block", "refuse"):
            return False
        allowed = action == "allow"
    if allowed:
        return None
    return f"refused by policy: {getattr(decision, 'reason', '') or 'not allowed'}"
