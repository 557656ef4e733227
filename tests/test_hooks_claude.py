"""Claude Code PreToolUse hook: the answer to the JSON Claude Code sends, and settings.json installs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from terminus_edge.errors import TerminusError
from terminus_edge.integrations import claude_hook, claude_settings
from terminus_edge.integrations.claude_hook import HookConfig, hook_response, should_wrap

REPO = Path(__file__).resolve().parents[1]


def event(command: str, **tool_input) -> dict:
    """A PreToolUse event shaped like the one Claude Code writes to the hook's stdin."""
    return {
        "session_id": "abc123",
        "transcript_path": "/tmp/t.jsonl",
        "cwd": "/tmp",
        "permission_mode": "default",
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": {"command": command, "description": "run it", **tool_input},
        "tool_use_id": "toolu_01ABC",
    }


def run_hook_process(payload: str, env_home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(env_home))
    return subprocess.run(
        [sys.executable, "-m", "terminus_edge", "hooks", "run", "claude-code"],
        input=payload, capture_output=True, text=True, cwd=REPO, env=env, timeout=60,
    )


@pytest.mark.parametrize("command", [
    "pytest -q tests/",
    "python -m pytest -x tests/test_a.py",
    "npm test",
    "npm run build 2>&1 | tail -50",
    "cargo test --workspace",
    "go test ./...",
    "make -j4",
    "FOO=1 sudo pip install -e .",
    "cd sub && mvn -q test",
    "ruff check . && mypy src",
])
def test_build_test_lint_install_commands_are_wrapped(command):
    assert should_wrap(command, HookConfig())[0], command


@pytest.mark.parametrize("command,why", [
    ("ls -la", "no pattern"),
    ("cat README.md", "no pattern"),
    ("echo hi", "no pattern"),
    ("git status", "no pattern"),
    ("pytest | less", "pager"),
    ("vim setup.py", "interactive"),
    ("python", "interactive"),
    ("git rebase -i HEAD~3", "interactive"),
    ("git commit", "interactive"),
    ("tail -f build.log", "interactive"),
    ("docker run -it img pytest", "interactive"),
    ("export CI=1 && npm test", "shell state"),
    ("source .venv/bin/activate && pytest", "shell state"),
    ("terminus-edge run -- pytest", "already wrapped"),
    ("pytest 'unbalanced", "tokenize"),
    ("", "empty"),
])
def test_interactive_trivial_and_wrapped_commands_are_left_alone(command, why):
    wrap, reason = should_wrap(command, HookConfig())
    assert not wrap and why in reason


def test_answer_follows_the_pretooluse_schema_and_keeps_other_input_fields():
    answer = hook_response(event("pytest -q", timeout=300000), HookConfig(permission="allow"), prefix="terminus-edge")
    out = answer["hookSpecificOutput"]
    assert out["hookEventName"] == "PreToolUse"
    assert out["permissionDecision"] == "allow"
    assert out["updatedInput"] == {
        "command": "terminus-edge run --timeout 295 -- 'pytest -q'",
        "description": "run it",
        "timeout": 300000,
    }


def test_defer_leaves_the_permission_decision_to_claude_code():
    out = hook_response(event("make"), HookConfig(permission="defer"), prefix="te")["hookSpecificOutput"]
    assert "permissionDecision" not in out and out["updatedInput"]["command"] == "te run --timeout 115 -- make"


def test_other_tools_background_and_malformed_events_get_no_answer():
    config = HookConfig(permission="allow")
    assert hook_response({**event("pytest"), "tool_name": "Write"}, config) is None
    assert hook_response(event("pytest", run_in_background=True), config) is None
    assert hook_response({"tool_name": "Bash", "tool_input": {"command": 3}}, config) is None
    assert hook_response(event("pytest"), HookConfig(enabled=False)) is None
    assert claude_hook.run_hook("not json", config) == ""
    assert claude_hook.run_hook("[1, 2]", config) == ""


def test_leading_cd_stays_outside_so_claude_codes_cwd_follows_it():
    rewritten = claude_hook.rewrite_command("cd 'my dir' && npm test", None, prefix="te")
    assert rewritten == "cd 'my dir' && te run --timeout 115 -- 'npm test'"


@pytest.mark.parametrize("command", [
    "pytest -k 'not slow' \"$HOME\"/x",
    "make 2>&1 | grep -v \"warning: it's fine\"",
    "npm test -- --grep 'a\\'b'",
    "cargo test $'tab\\there'\nmake",
])
def test_rewritten_command_hands_the_exact_original_line_to_terminus_edge(tmp_path, command):
    # The prefix stands in for terminus-edge: it prints the argv the shell gives it.
    prefix = f"{sys.executable} -c 'import sys, json; print(json.dumps(sys.argv[1:]))'"
    rewritten = claude_hook.rewrite_command(command, 60000, prefix=prefix)
    argv = json.loads(subprocess.run(["bash", "-c", rewritten], capture_output=True, text=True, check=True).stdout)
    assert argv == ["run", "--timeout", "55", "--", command]


def test_configured_patterns_replace_the_defaults(te_home):
    claude_hook.save_config(HookConfig(patterns=[r"just\b"], permission="defer"))
    config = claude_hook.load_config()
    assert should_wrap("just build", config)[0] and not should_wrap("pytest", config)[0]
    claude_hook.config_path().write_text('{"patterns": ["("]}')
    with pytest.raises(TerminusError, match="bad hook config"):
        claude_hook.load_config()


def test_hook_process_answers_claude_codes_json(te_home):
    claude_hook.save_config(HookConfig(permission="allow"))
    result = run_hook_process(json.dumps(event("go test ./...")), te_home)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)["hookSpecificOutput"]
    assert out["permissionDecision"] == "allow"
    assert out["updatedInput"]["command"].endswith("run --timeout 115 -- 'go test ./...'")
    left_alone = run_hook_process(json.dumps(event("ls")), te_home)
    assert left_alone.returncode == 0 and left_alone.stdout == ""


EXISTING = {
    "permissions": {"allow": ["Bash(npm test:*)"]},
    "hooks": {
        "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "~/guard.sh"}]}],
        "PostToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": "prettier --write"}]}],
    },
}


def test_install_merges_is_idempotent_and_uninstall_restores(tmp_path):
    path = tmp_path / ".claude" / "settings.json"
    path.parent.mkdir()
    path.write_text(json.dumps(EXISTING))
    assert claude_settings.install(path) == "installed"
    settings = json.loads(path.read_text())
    assert settings["permissions"] == EXISTING["permissions"]
    assert settings["hooks"]["PostToolUse"] == EXISTING["hooks"]["PostToolUse"]
    commands = [h["command"] for g in settings["hooks"]["PreToolUse"] for h in g["hooks"]]
    assert commands == ["~/guard.sh", claude_settings.hook_command()]
    assert claude_settings.install(path) == "unchanged"
    assert len(json.loads(path.read_text())["hooks"]["PreToolUse"]) == 2
    assert claude_settings.status(path).installed and claude_settings.status(path).current
    assert claude_settings.uninstall(path)
    assert json.loads(path.read_text()) == EXISTING
    assert not claude_settings.uninstall(path)
    assert not claude_settings.status(path).installed


def test_install_refreshes_a_stale_command_and_uninstall_cleans_empty_keys(tmp_path):
    path = tmp_path / "settings.json"
    assert claude_settings.install(path, command="/old/python -m terminus_edge hooks run claude-code") == "installed"
    assert not claude_settings.status(path).current
    assert claude_settings.install(path) == "updated"
    assert claude_settings.status(path).current
    assert claude_settings.uninstall(path)
    assert json.loads(path.read_text()) == {}


def test_invalid_settings_are_never_overwritten(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{broken")
    with pytest.raises(TerminusError, match="not valid JSON"):
        claude_settings.install(path)
    assert path.read_text() == "{broken"


def test_cli_installs_into_user_and_project_scopes(tmp_path, te_home):
    home, project = tmp_path / "home", tmp_path / "project"
    home.mkdir(), project.mkdir()
    # a --project hook runs `terminus-edge` through PATH: this installation's must be the one found
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = dict(os.environ, HOME=str(home), TERMINUS_EDGE_HOME=str(te_home), PATH=path)

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "terminus_edge", "hooks", *args],
                              capture_output=True, text=True, cwd=project, env=env, timeout=60)

    assert "installed" in cli("install", "claude-code", "--pattern", r"just\b").stdout
    assert (home / ".claude" / "settings.json").is_file()
    assert "installed" in cli("install", "claude-code", "--project", "--permission", "defer").stdout
    assert (project / ".claude" / "settings.json").is_file()
    assert "installed in" in cli("status", "claude-code", "--project").stdout
    config = json.loads((te_home / "data" / "claude-code-hook.json").read_text())
    assert r"just\b" in config["patterns"] and config["permission"] == "defer"
    assert "removed" in cli("uninstall", "claude-code").stdout
    assert "not installed" in cli("status", "claude-code").stdout
    bad = cli("install", "claude-code", "--pattern", "(")
    assert bad.returncode != 0 and "--pattern" in bad.stderr


def test_policy_permission_approves_safe_commands_only():
    config = HookConfig(permission="policy")
    safe = hook_response(event("pytest -q"), config, prefix="te")["hookSpecificOutput"]
    assert safe["permissionDecision"] == "allow"
    risky = hook_response(event("pip install requests"), config, prefix="te")["hookSpecificOutput"]
    assert risky["permissionDecision"] == "ask"  # wrapped, and the user is shown the rewritten command
    assert "the policy asks:" in risky["permissionDecisionReason"]
    assert risky["updatedInput"]["command"] == "te run --timeout 115 -- 'pip install requests'"


def test_rewritten_command_runs_through_terminus_edge_and_keeps_the_exit_code(tmp_path, te_home):
    (tmp_path / "sub").mkdir()
    command = "cd sub && python -m pytest --version >/dev/null 2>&1; printf 'collected 3 items\\nFAILED t.py::a\\n'; exit 1"
    claude_hook.save_config(HookConfig(patterns=[r"printf\b"], permission="defer"))
    answer = hook_response(event(command), claude_hook.load_config(), prefix=f"{sys.executable} -m terminus_edge")
    rewritten = answer["hookSpecificOutput"]["updatedInput"]["command"]
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONPATH=str(REPO))
    result = subprocess.run(["bash", "-c", rewritten], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Command:" in result.stdout and "FAILED" in result.stdout
    from terminus_edge.logstore import LogStore

    with LogStore() as store:
        record = store.list(1)[0]
    assert record.cwd == str(tmp_path / "sub") and record.exit_code == 1


# -- a --project hook is shared: a command every teammate's machine resolves ---------------------------------


def _hooks_cli(project: Path, home: Path, te_home: Path, path: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=str(home), TERMINUS_EDGE_HOME=str(te_home), PATH=path)
    return subprocess.run([sys.executable, "-m", "terminus_edge", "hooks", *args], capture_output=True, text=True,
                          cwd=project, env=env, timeout=60)


@pytest.fixture
def dirs(tmp_path, te_home):
    home, project = tmp_path / "home", tmp_path / "project"
    home.mkdir(), project.mkdir()
    return project, home, te_home


def _our_bin_first() -> str:
    if not (Path(sys.executable).parent / "terminus-edge").is_file():
        pytest.skip("no terminus-edge console script next to this Python")
    return os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"])


def _commands(path: Path) -> list[str]:
    settings = json.loads(path.read_text())
    return [h["command"] for g in settings["hooks"]["PreToolUse"] for h in g["hooks"]]


def test_hook_command_is_portable_for_the_project_and_absolute_for_you_alone():
    assert claude_settings.hook_command("project") == "terminus-edge hooks run claude-code"
    for scope in ("user", "local"):
        assert claude_settings.hook_command(scope).startswith(sys.executable)


def test_project_install_writes_the_portable_command_and_local_the_absolute_one(dirs):
    project, home, te_home = dirs
    path = _our_bin_first()
    result = _hooks_cli(project, home, te_home, path, "install", "claude-code", "--project")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    assert _commands(project / ".claude" / "settings.json") == ["terminus-edge hooks run claude-code"]
    assert _hooks_cli(project, home, te_home, path, "install", "claude-code", "--local").returncode == 0
    assert _commands(project / ".claude" / "settings.local.json") == [claude_settings.hook_command("local")]
    status = _hooks_cli(project, home, te_home, path, "status", "claude-code", "--project")
    assert status.stdout.splitlines()[0].endswith("settings.json") and not status.stderr


def test_project_install_refuses_when_terminus_edge_is_not_on_path(dirs):
    project, home, te_home = dirs
    result = _hooks_cli(project, home, te_home, "/usr/bin:/bin", "install", "claude-code", "--project")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # one line
    assert "terminus-edge is not on PATH" in result.stderr and "--local" in result.stderr
    assert not (project / ".claude").exists() and not (te_home / "data" / "claude-code-hook.json").exists()


def test_project_install_warns_when_path_finds_another_installation(dirs, tmp_path):
    project, home, te_home = dirs
    other = tmp_path / "other-bin"
    other.mkdir()
    (other / "terminus-edge").write_text("#!/opt/elsewhere/bin/python\n")
    (other / "terminus-edge").chmod(0o755)
    result = _hooks_cli(project, home, te_home, f"{other}:/usr/bin:/bin", "install", "claude-code", "--project")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and str(other / "terminus-edge") in warnings[0] and sys.executable in warnings[0]
    assert _commands(project / ".claude" / "settings.json") == ["terminus-edge hooks run claude-code"]


def test_status_and_check_flag_a_project_hook_that_does_not_run_here(dirs):
    project, home, te_home = dirs
    settings = project / ".claude" / "settings.json"
    claude_settings.install(settings, command="/home/alice/venv/bin/python -m terminus_edge hooks run claude-code")
    path = _our_bin_first()
    status = _hooks_cli(project, home, te_home, path, "status", "claude-code", "--project")
    assert "by an absolute path" in status.stdout and "hooks install --project" in status.stdout
    assert status.stderr.strip() == ("warning: this command does not run on this machine: "
                                     "/home/alice/venv/bin/python does not exist here")
    check = _hooks_cli(project, home, te_home, path, "check", "claude-code", "ls")
    assert check.stdout == "left alone: no pattern matches\n"
    assert "the project's hook" in check.stderr and "/home/alice/venv/bin/python does not exist here" in check.stderr
    # the portable command, on a machine whose PATH has no terminus-edge
    claude_settings.install(settings, scope="project")
    status = _hooks_cli(project, home, te_home, "/usr/bin:/bin", "status", "claude-code", "--project")
    assert "terminus-edge is not on PATH here" in status.stderr
    fixed = _hooks_cli(project, home, te_home, path, "status", "claude-code", "--project")
    assert fixed.returncode == 0 and not fixed.stderr and "(by an absolute path" not in fixed.stdout


def test_command_problem_says_why_a_hook_cannot_run(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert claude_settings.command_problem("terminus-edge hooks run claude-code") == "terminus-edge is not on PATH here"
    script = tmp_path / "terminus-edge"
    script.write_text("#!/bin/sh\n")
    assert claude_settings.command_problem(f"{script} hooks run claude-code") == f"{script} is not executable"
    script.chmod(0o755)
    assert claude_settings.command_problem("terminus-edge hooks run claude-code") is None
    assert claude_settings.command_problem(f"{sys.executable} -m terminus_edge hooks run claude-code") is None
    assert claude_settings.path_problem()[0] == "other"  # a script that is not this installation's
