"""Claude Code hook QA: odd events leave the call alone, settings edits keep the user's file as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from terminus_edge.integrations import claude_settings
from terminus_edge.integrations.claude_hook import HookConfig, hook_response, run_hook

REPO = Path(__file__).resolve().parents[1]


def event(command="pytest -q", event_name="PreToolUse", **extra) -> dict:
    body = {"session_id": "s1", "transcript_path": "/tmp/t.jsonl", "cwd": "/tmp", "permission_mode": "default",
            "hook_event_name": event_name, "tool_name": "Bash", "tool_input": {"command": command},
            "tool_use_id": "toolu_1"}
    return {**body, **extra}


def test_post_tool_use_and_other_events_get_no_answer():
    post = event(event_name="PostToolUse", tool_response={"stdout": "x" * 1_000_000, "stderr": "", "interrupted": False})
    assert hook_response(post, HookConfig()) is None
    assert run_hook(json.dumps(post), HookConfig()) == ""
    assert hook_response(event(event_name="PermissionRequest"), HookConfig()) is None
    legacy = event()
    del legacy["hook_event_name"]  # older payloads without the name are PreToolUse
    assert hook_response(legacy, HookConfig(), prefix="te") is not None


@pytest.mark.parametrize("timeout,expected", [
    (60_000, 55), (None, 115), ("abc", 115), (True, 115), (-5, 115), (0, 115), (float("nan"), 115),
    (1e300, 595), (10**9, 595), (1_000, 1),
])
def test_the_bash_timeout_is_used_only_when_it_is_a_sane_number(timeout, expected):
    tool_input = {"command": "pytest -q"} if timeout is None else {"command": "pytest -q", "timeout": timeout}
    answer = hook_response(event(tool_input=tool_input), HookConfig(), prefix="te")["hookSpecificOutput"]
    assert answer["updatedInput"]["command"] == f"te run --timeout {expected} -- 'pytest -q'"
    if timeout is not None:
        assert answer["updatedInput"]["timeout"] is timeout  # the rest of the input is Claude Code's, untouched


def test_odd_field_types_leave_the_call_alone_or_answer_never_crash():
    assert hook_response(event(cwd=123), HookConfig(), prefix="te")["hookSpecificOutput"]["updatedInput"]
    for bad in ({"tool_input": None}, {"tool_input": {"command": ["pytest"]}}, {"tool_input": "pytest"}):
        assert run_hook(json.dumps(event(**bad)), HookConfig()) == ""


def test_a_huge_command_is_left_alone_quickly():
    started = time.monotonic()
    assert run_hook(json.dumps(event("pytest " + "x" * 2_000_000)), HookConfig()) == ""
    assert run_hook(json.dumps(event("cat > f <<'EOF'\n" + "line\n" * 200_000 + "EOF\nmake")), HookConfig()) == ""
    assert time.monotonic() - started < 5


def test_hook_process_exit_codes_and_stdout(te_home):
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home))

    def hook(payload: bytes):
        return subprocess.run([sys.executable, "-m", "terminus_edge", "hooks", "run", "claude-code"], input=payload,
                              capture_output=True, cwd=REPO, env=env, timeout=60)

    for payload in (b"", b"{not json", b"\xff\xfe{", b"[]", json.dumps(event(cwd=5, event_name="PostToolUse")).encode(),
                    json.dumps(event("ls")).encode()):
        result = hook(payload)
        assert result.returncode == 0 and result.stdout == b"", (payload[:40], result.stderr[-300:])
    answer = hook(json.dumps(event(cwd=5)).encode())
    assert answer.returncode == 0
    assert json.loads(answer.stdout)["hookSpecificOutput"]["hookEventName"] == "PreToolUse"


USER = {
    "model": "opus",
    "permissions": {"allow": ["Bash(npm test:*)"]},
    "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": None},
                             {"matcher": "Bash", "hooks": [{"type": "command", "command": "~/audit.sh"}]}]},
    "unknownFutureKey": {"nested": [1, {"x": None}]},
}


def test_install_keeps_mode_follows_symlinks_backs_up_and_tolerates_odd_groups(tmp_path):
    dotfiles = tmp_path / "dotfiles" / "claude-settings.json"
    dotfiles.parent.mkdir()
    dotfiles.write_text(json.dumps(USER))
    dotfiles.chmod(0o640)
    link = tmp_path / ".claude" / "settings.json"
    link.parent.mkdir()
    link.symlink_to(dotfiles)

    assert claude_settings.install(link) == "installed"
    assert link.is_symlink() and (dotfiles.stat().st_mode & 0o777) == 0o640
    assert json.loads(claude_settings.backup_path(dotfiles).read_text()) == USER
    settings = json.loads(dotfiles.read_text())
    assert {k: v for k, v in settings.items() if k != "hooks"} == {k: v for k, v in USER.items() if k != "hooks"}
    assert settings["hooks"]["PreToolUse"][:2] == USER["hooks"]["PreToolUse"]
    assert claude_settings.status(link).installed
    assert claude_settings.install(link) == "unchanged"
    assert claude_settings.uninstall(link)
    assert json.loads(dotfiles.read_text()) == USER and link.is_symlink()
    assert not list(link.parent.glob(".settings.*"))  # no temp file left behind


def test_the_users_tweaks_to_our_entry_survive_a_reinstall(tmp_path):
    path = tmp_path / "settings.json"
    claude_settings.install(path)
    settings = json.loads(path.read_text())
    ours = settings["hooks"]["PreToolUse"][0]["hooks"][0]
    ours.update(timeout=90, statusMessage="summarizing")
    path.write_text(json.dumps(settings))
    assert claude_settings.install(path) == "unchanged"
    assert json.loads(path.read_text())["hooks"]["PreToolUse"][0]["hooks"][0]["timeout"] == 90


def test_hooks_that_is_not_an_object_is_refused_by_name(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"hooks": []}')
    from terminus_edge.errors import TerminusError

    with pytest.raises(TerminusError, match="hooks is not a JSON object"):
        claude_settings.install(path)
    assert path.read_text() == '{"hooks": []}'


def test_cli_local_scope_and_backup_note(tmp_path, te_home):
    home, project = tmp_path / "home", tmp_path / "project"
    (project / ".claude").mkdir(parents=True)
    home.mkdir()
    (project / ".claude" / "settings.local.json").write_text('{"env": {"A": "1"}}')
    env = dict(os.environ, HOME=str(home), TERMINUS_EDGE_HOME=str(te_home))
    result = subprocess.run([sys.executable, "-m", "terminus_edge", "hooks", "install", "claude-code", "--local"],
                            capture_output=True, text=True, cwd=project, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "settings.local.json" in result.stdout and "previous settings kept in" in result.stdout
    local = json.loads((project / ".claude" / "settings.local.json").read_text())
    assert local["env"] == {"A": "1"} and local["hooks"]["PreToolUse"]
    assert not (project / ".claude" / "settings.json").exists()


@pytest.mark.parametrize("command,wrapped", [
    ("pytest tests/test_terminus_edge.py", True),  # a path that names us is not a call of us
    ("pytest --cov=terminus_edge -q", True),
    ("terminus-edge run -- pytest", False),
    ("FOO=1 /opt/venv/bin/python3 -m terminus_edge run --timeout 5 -- make", False),
    ("cd sub && '/a b/python' -m terminus_edge run -- 'npm test'", False),
    ("make && terminus-edge logs list", False),
])
def test_already_wrapped_means_a_call_of_terminus_edge_not_the_name_anywhere(command, wrapped):
    from terminus_edge.integrations.claude_hook import should_wrap

    assert should_wrap(command, HookConfig())[0] is wrapped, should_wrap(command, HookConfig())
