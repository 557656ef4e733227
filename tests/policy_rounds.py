"""The held-out policy rounds' data read one way for each round's tests: tests/data/policy_roundN*/ holds a project per
situation (its expect.json: "ask" and "deny" as [command, why], "allow" as commands) and hook_lines.json ("deny",
"not_deny"), decided unattended in a copy as benchmarks/policy_probe.py decides them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from terminus_edge.integrations.claude_hook import HookConfig, hook_response
from terminus_edge.policy import decide

DATA = Path(__file__).parent / "data"


def round_cases(pattern: str) -> list[str]:
    """The projects of the rounds whose folder matches pattern ("policy_round7*"), as "policy_round7/launchers"."""
    return sorted(f"{p.parent.parent.name}/{p.parent.name}" for p in DATA.glob(f"{pattern}/*/expect.json"))


def expect_params(cases: list[str], kind: str) -> list:
    """pytest params (case, command) of each project's expectations of one kind: "ask", "deny" or "allow"."""
    return [pytest.param(case, item if kind == "allow" else item[0], id=f"{case}|{item if kind == 'allow' else item[0]}")
            for case in cases for item in json.loads((DATA / case / "expect.json").read_text()).get(kind, [])]


def hook_lines(pattern: str) -> dict[str, list[str]]:
    files = sorted(DATA.glob(f"{pattern}/hook_lines.json"))
    return {kind: [c for p in files for c in json.loads(p.read_text())[kind]] for kind in ("deny", "not_deny")}


def copy_projects(root: Path, cases: list[str]) -> Path:
    for case in cases:
        shutil.copytree(DATA / case, root / case)
    return root


def unattended(command: str, cwd: Path):
    return decide(command, cwd=cwd, mode="auto", unattended=True)


def hook(command: str, cwd: Path) -> dict:
    """What the Claude Code hook says of a Bash call (its hookSpecificOutput; {} when it leaves the call alone)."""
    event = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": command}, "cwd": str(cwd)}
    return (hook_response(event, HookConfig(), prefix="te") or {}).get("hookSpecificOutput", {})
