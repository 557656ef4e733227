"""Every path by which text leaves the machine, driven for real with realistic fake secrets planted in a command's
output, in its command line and in its error lines: none of them reaches the outside, while the facts around them
(exit code, the error line) do. Paths: `run` / `summarize` (plain and --json, which is also what the Claude Code
hook's rewritten command prints), `subagent --json`, the MCP server over stdio, the remote-agent bridge against a
local HTTP server, the TUI's outbox and the remote agent's read_log there, and the cuts made for length on the way."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import random
import shlex
import string
import subprocess
import sys
from pathlib import Path

import pytest

from terminus_edge.logstore import LogStore

REPO = Path(__file__).resolve().parents[1]
_rng = random.Random(20261126)


def _token(n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(_rng.choice(alphabet) for _ in range(n))


def _b64url(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


AWS_KEY_ID = "AKIA" + _token(16, string.ascii_uppercase + string.digits)
AWS_SECRET = _token(40, string.ascii_letters + string.digits + "+/")
GITHUB_TOKEN = "ghp_" + _token(36)
DB_PASSWORD = "Tr0ub4dor" + _token(8)
DB_URL = f"postgresql://appuser:{DB_PASSWORD}@db.internal.example:5432/prod"
JWT = (_b64url({"alg": "HS256", "typ": "JWT"}) + "." + _b64url({"sub": "1234567890", "iat": 1716239022}) + "."
       + _token(43, string.ascii_letters + string.digits + "-_"))
KEY_LINES = [base64.b64encode(bytes(_rng.randrange(256) for _ in range(48))).decode() for _ in range(8)]
PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(KEY_LINES) + "\n-----END RSA PRIVATE KEY-----"
API_KEY = "sk_live_" + _token(32)  # in the command line: curl -H "Authorization: Bearer …"

SECRETS = {"aws key id": AWS_KEY_ID, "aws secret": AWS_SECRET, "github token": GITHUB_TOKEN, "db password": DB_PASSWORD,
           "jwt": JWT, "api key": API_KEY, **{f"private key line {i}": line for i, line in enumerate(KEY_LINES)}}

SCRIPT = f"""#!/bin/sh
echo "Connecting to {DB_URL}"
echo "export AWS_ACCESS_KEY_ID={AWS_KEY_ID}"
echo "export AWS_SECRET_ACCESS_KEY={AWS_SECRET}"
echo "GITHUB_TOKEN={GITHUB_TOKEN}"
echo "Authorization: Bearer {JWT}"
cat <<'KEY'
{PRIVATE_KEY}
KEY
echo "Error: could not connect to {DB_URL}: connection refused (token {GITHUB_TOKEN})" >&2
echo "FATAL: authentication failed for user appuser" >&2
exit 3
"""
COMMAND = f'curl -s -H "Authorization: Bearer {API_KEY}" https://api.invalid/ 2>/dev/null; ./leaky.sh'
SOURCE = f'''import os


def connect():
    token = "{GITHUB_TOKEN}"
    dsn = "{DB_URL}"
    raise RuntimeError("cannot reach database at " + dsn.split("@")[1])


connect()
'''


PIECE = 12  # this many characters of a secret give it away (a cut line, a header cut at its width)


def _pieces(secret: str) -> set[str]:
    if secret == JWT:  # every HS256 JWT shares its header: only its payload and signature are this one's
        secret = secret.split(".", 1)[1]
    return {secret[i:i + PIECE] for i in range(max(1, len(secret) - PIECE + 1))}


PIECES = {name: _pieces(secret) for name, secret in SECRETS.items()}


def leaked(text: str) -> list[str]:
    """The secrets `text` holds whole or 12 characters of."""
    return [name for name, pieces in PIECES.items() if any(piece in text for piece in pieces)]


def assert_clean(text: str) -> None:
    assert not leaked(text), f"leaked: {leaked(text)}\n{text}"


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "leaky.sh").write_text(SCRIPT)
    (root / "leaky.sh").chmod(0o755)
    (root / "app.py").write_text(SOURCE)
    return root


def cli(*args: str, cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "terminus_edge", *args], cwd=cwd, env=env, input=input,
                          capture_output=True, timeout=180)


def assert_facts_kept(text: str) -> None:
    assert "exit code 3" in text and "FATAL: authentication failed for user appuser" in text


# -- the CLI (and what the Claude Code hook's rewritten command prints) ---------------------------------------------

def test_run_plain_and_json_send_no_secret_from_the_command_line_the_output_or_the_facts(project):
    plain = cli("run", "--no-model", "--", "sh", "-c", COMMAND, cwd=project)
    assert plain.returncode == 3
    assert_clean(plain.stdout.decode() + plain.stderr.decode())
    assert_facts_kept(plain.stdout.decode())
    result = cli("run", "--no-model", "--json", "--", "sh", "-c", COMMAND, cwd=project)
    assert_clean(result.stdout.decode() + result.stderr.decode())  # the command and facts fields leaked before
    answer = json.loads(result.stdout)
    assert answer["exit_code"] == 3 and "Authorization: Bearer [REDACTED" in answer["command"]
    errors = answer["facts"]["errors"]
    assert any(e.startswith("Error: could not connect to postgresql://appuser:[REDACTED") for e in errors), errors
    assert "FATAL: authentication failed for user appuser" in errors


def test_summarize_json_redacts_every_field(project):
    output = subprocess.run(["sh", "leaky.sh"], cwd=project, capture_output=True).stdout
    output += f"Error: could not connect to {DB_URL}: connection refused (token {GITHUB_TOKEN})\n".encode()
    result = cli("summarize", "--no-model", "--json", "--command", COMMAND, "--exit-code", "3", cwd=project,
                 input=output)
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout.decode() + result.stderr.decode())
    answer = json.loads(result.stdout)
    assert answer["exit_code"] == 3 and answer["facts"]["exit_code"] == 3
    assert any("could not connect" in e for e in answer["facts"]["errors"])


def test_the_claude_code_hooks_rewritten_command_prints_only_redacted_text(project):
    from terminus_edge.integrations.claude_hook import rewrite_command

    prefix = f"PYTHONPATH={shlex.quote(str(REPO))} {shlex.quote(sys.executable)} -m terminus_edge"
    rewritten = rewrite_command(COMMAND, 60_000, prefix=prefix).replace(" run ", " run --no-model ", 1)
    result = subprocess.run(["bash", "-c", rewritten], cwd=project, capture_output=True, timeout=180)
    assert result.returncode == 3
    assert_clean(result.stdout.decode() + result.stderr.decode())
    assert_facts_kept(result.stdout.decode())


def test_subagent_json_redacts_its_answer_commands_and_the_source_lines_it_quotes(project):
    result = cli("subagent", "--no-model", "--json", "--cwd", str(project),
                 f"run `{COMMAND.split('; ')[0]}` and tell me if it works", cwd=project)
    assert_clean(result.stdout.decode() + result.stderr.decode())  # the verdict line and `commands` named the key
    answer = json.loads(result.stdout)
    assert answer["commands"] and "[REDACTED" in answer["commands"][0]
    result = cli("subagent", "--no-model", "--json", "--cwd", str(project), "run python3 app.py and tell me why it fails",
                 cwd=project)
    assert_clean(result.stdout.decode() + result.stderr.decode())  # the follow-up's `app.py:6: dsn = "…"` leaked
    answer = json.loads(result.stdout)["answer"]
    assert "RuntimeError: cannot reach database at db.internal.example:5432/prod" in answer
    assert "exit code 1" in answer and "app.py:6" in answer


# -- the MCP server over stdio --------------------------------------------------------------------------------------

def test_mcp_tools_answers_and_errors_carry_no_secret(project, te_home):
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONPATH=str(REPO))
    params = StdioServerParameters(command=sys.executable, args=["-m", "terminus_edge", "mcp", "--no-model", "--cwd",
                                                                 str(project)], env=env, cwd=str(REPO))
    long_command = f"echo {'x' * 260} && curl -s https://{GITHUB_TOKEN}@api.invalid/o/r 2>/dev/null; ./leaky.sh"

    def text(result) -> str:
        return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")

    async def main():
        async with Client(params, read_timeout_seconds=120) as client:
            answers = []
            run = await client.call_tool("run_in_terminal", {"command": COMMAND})
            answers.append(text(run))
            log_id = int(answers[-1].rsplit("Log: ", 1)[1].split()[0])
            answers.append(text(await client.call_tool("read_log", {"id": log_id})))
            answers.append(text(await client.call_tool("read_log", {"id": log_id, "grep": "ghp_|Error"})))
            # the header cuts a long command at 300 characters: the token must not be cut in two first
            long_run = await client.call_tool("run_in_terminal", {"command": long_command})
            answers.append(text(long_run))
            long_id = int(answers[-1].rsplit("Log: ", 1)[1].split()[0])
            answers.append(text(await client.call_tool("read_log", {"id": long_id, "lines": "1-3"})))
            answers.append(text(await client.call_tool("execution_subagent",
                                                       {"query": "run python3 app.py and tell me why it fails"})))
            refused = await client.call_tool("run_in_terminal", {"command": f"rm -rf / --token={GITHUB_TOKEN}"})
            answers.append(text(refused))
            bad = await client.call_tool("read_log", {"id": log_id, "lines": f"{GITHUB_TOKEN}"})
            answers.append(text(bad))
            return run, answers, refused, bad

    run, answers, refused, bad = asyncio.run(asyncio.wait_for(main(), timeout=240))
    for answer in answers:
        assert_clean(answer)
        assert_clean(json.dumps(run.structured_content or {}))
    assert "exit code 3" in answers[0] and "FATAL: authentication failed" in answers[0]
    assert "FATAL: authentication failed" in answers[1] and answers[4].startswith(f"Log {answers[3].rsplit('Log: ', 1)[1].split()[0]}:")
    assert "RuntimeError: cannot reach database" in answers[5]
    assert refused.is_error and bad.is_error


# -- the bridge to a remote main agent, against a local HTTP server ---------------------------------------------------

def test_the_bridge_sends_no_secret_in_user_text_tool_answers_or_tool_errors(project, te_home):
    from test_bridge import FakeAgent, call

    from terminus_edge.integrations.bridge import Bridge
    from terminus_edge.integrations.openai_client import ChatClient
    from terminus_edge.integrations.toolkit import Toolkit

    with LogStore() as store:
        log_id = store.add(COMMAND, SCRIPT.encode(), exit_code=3)
    server = FakeAgent([
        {"tool_calls": [call("execution_subagent", {"query": "run python3 app.py and tell me why it fails"}),
                        call("read_log", {"id": log_id}, "call_2"),
                        call("read_log", {"id": log_id, "grep": "("}, "call_3")]},
        {"content": "done"},
    ])
    try:
        client = ChatClient(server.url, "fake-model", api_key="k-1", timeout_s=30, retries=0, backoff_s=0.01)
        bridge = Bridge(client, Toolkit(cwd=project, use_model=False, policy_mode="auto"))
        assert bridge.send(f"my deploy says {DB_URL} and {GITHUB_TOKEN}; why?") == "done"
        sent = server.sent_text()
        assert_clean(sent)
        tools = [m["content"] for m in server.requests[-1]["body"]["messages"] if m["role"] == "tool"]
        assert "RuntimeError: cannot reach database" in tools[0] and "FATAL: authentication failed" in tools[1]
        assert tools[2].startswith("Error: grep is not a valid regular expression")
    finally:
        server.stop()


# -- the TUI: outbox items and the remote agent's read_log ----------------------------------------------------------

def test_tui_outbox_raw_and_summary_items_are_redacted(project):
    from terminus_edge.tui.pipeline import CardState, FinishedCommand, Pipeline

    with LogStore(project / "logs.sqlite3") as store:
        pipeline = Pipeline(store)
        raw = subprocess.run(["sh", "-c", COMMAND], cwd=project, capture_output=True)
        finished = FinishedCommand(command=COMMAND, raw=raw.stdout + raw.stderr, exit_code=3, started_at=0.0,
                                   ended_at=0.1)
        state = CardState(key=1, command=COMMAND, exit_code=3, duration_s=0.1, log_id=pipeline.record(1, finished))
        summarized = pipeline.summarize(state, wait_for_model_s=0)
        for outgoing in (pipeline.outgoing_raw(summarized), pipeline.redact(summarized.text)):
            assert_clean(outgoing)
            assert "FATAL: authentication failed for user appuser" in outgoing


def test_the_remote_agent_cannot_read_an_unshared_log_by_writing_its_id_another_way(tmp_path):
    from terminus_edge.errors import ToolDenied
    from terminus_edge.tui.shared_logs import SharedLogsToolkit

    with LogStore(tmp_path / "logs.sqlite3") as store:
        private = store.add("env", f"GITHUB_TOKEN={GITHUB_TOKEN}\nHOME=/home/alice\n".encode(), exit_code=0)
        toolkit = SharedLogsToolkit(cwd=tmp_path, use_model=False, store=store)
        for spelling in (private, str(private), f"#{private}", f"+{private}", f"0_{private}", f" {private} "):
            with pytest.raises(ToolDenied, match="was not sent to you"):
                toolkit.read_log(spelling)
        toolkit.shared_logs.add(private)
        assert "HOME=/home/alice" in toolkit.read_log(f"+{private}").text


# -- cuts made for length before the redaction step ----------------------------------------------------------------

@pytest.mark.parametrize("keep", [12, 20, 30])
@pytest.mark.parametrize("before, secret, after", [
    ("Error: push to https://", GITHUB_TOKEN, "@github.com/o/r rejected"),
    ("Error: cannot connect to postgresql://appuser:", DB_PASSWORD, "@db:5432/prod"),
    ("Error: request failed: Authorization: Bearer ", API_KEY, " (401)"),
])
def test_a_long_line_cut_for_the_summary_never_keeps_half_a_secret(before, secret, after, keep):
    from terminus_edge.summarize import summarize

    line = "x" * (240 - len(before) - min(keep, len(secret) - 1)) + before + secret + after + " y" * 200
    summary = summarize("./deploy.sh", f"starting\n{line}\nfatal: deploy failed\n".encode(), 1, log_id="1")
    shown = [row for row in summary.text.splitlines() if "more characters]" in row]
    assert shown and secret[:keep] not in summary.text and "exit code 1" in summary.text
    assert secret[:keep] not in json.dumps(summary.public_facts())


def test_the_subagents_short_command_and_quoted_lines_cut_no_secret_in_two():
    from terminus_edge.subagent.answer import _quoted, short_command

    command = "echo " + "x" * 45 + f" && git push https://{GITHUB_TOKEN}@github.com/o/r.git && " + "y" * 250
    shown = short_command(command)  # cut at 80 characters, 10 into the token
    assert GITHUB_TOKEN[:8] not in shown and shown.startswith("echo xxx") and shown.endswith("yyy")
    tail = "y" * 250 + f" && git push https://{GITHUB_TOKEN}@github.com/o/r.git"  # cut 80 from the end
    assert GITHUB_TOKEN[-8:] not in short_command(tail)
    line = "z" * 150 + f" https://{GITHUB_TOKEN}@github.com/o/r"
    assert GITHUB_TOKEN[:8] not in _quoted(line)


# -- shell-init in an agent's shell on a pty (an agent's integrated terminal) ----------------------------------------

def test_an_agents_shell_on_a_terminal_gets_the_summary_not_the_raw_output(project, tmp_path):
    from test_shell_init import PREFIX, PtyShell

    from terminus_edge.cli.shell_init_cmd import parse_wrap, snippet

    (tmp_path / "snippet.sh").write_text(snippet("bash", parse_wrap(["sh"]), prefix=PREFIX))
    env = {**os.environ, "PS1": "PROMPT> ", "TERM": "dumb", "TERMINUS_EDGE_WRAP_ALWAYS": "1", "PYTHONPATH": str(REPO)}
    env.pop("TERMINUS_EDGE_INSIDE", None)
    shell = PtyShell(["bash", "--norc", "--noprofile", "-i"], env)
    try:
        shell.expect("PROMPT> ")
        shell.send(f"cd {shlex.quote(str(project))}; . {tmp_path / 'snippet.sh'}; sh leaky.sh; echo rc=$?\n")
        seen = shell.expect(r"rc=\d+")
    finally:
        shell.close()
    assert "rc=3" in seen and "FATAL: authentication failed for user appuser" in seen
    assert "Summary:" in seen
    assert_clean(seen)


# -- the TUI driven by its pilot: a card's summary and its full output queued and sent to the remote agent ---------

def test_the_tui_sends_the_remote_agent_only_redacted_cards(project):
    from remote_fakes import ScriptedClient

    from terminus_edge.integrations.bridge import Bridge
    from terminus_edge.tui.launch import make_app
    from terminus_edge.tui.pipeline import FinishedCommand
    from terminus_edge.tui.shared_logs import SharedLogsSink, SharedLogsToolkit

    raw = subprocess.run(["sh", "-c", COMMAND], cwd=project, capture_output=True)

    async def send(key: str) -> list:
        """One card queued with `key` (m: its summary, M: its full output, secrets masked) and sent."""
        with LogStore(project / f"logs-{ord(key)}.sqlite3") as store:
            client = ScriptedClient([{"content": "seen"}])
            toolkit = SharedLogsToolkit(cwd=project, use_model=False, store=store)
            app = make_app(start_shell=False, no_model=True, store=store, sink=SharedLogsSink(Bridge(client, toolkit)))
            app.notify = lambda *args, **kwargs: None
            async with app.run_test(size=(120, 40)) as pilot:
                app.add_command(FinishedCommand(COMMAND, (raw.stdout + raw.stderr).replace(b"\n", b"\r\n"), 3, 1.0, 2.0))
                await app.workers.wait_for_complete()
                await pilot.pause()
                app.cards.focus()
                await pilot.press(key)
                await app.workers.wait_for_complete()
                app.outbox.focus()
                await pilot.press("enter")
                for _ in range(250):
                    if client.sent:
                        break
                    await asyncio.sleep(0.02)
                await app.workers.wait_for_complete()
                await pilot.pause()
            return client.sent

    sent = [asyncio.run(asyncio.wait_for(send(key), timeout=120))[-1] for key in ("m", "M")]
    users = [next(m["content"] for m in reversed(messages) if m["role"] == "user") for messages in sent]
    for text in users:
        assert_clean(text)
        assert "FATAL: authentication failed for user appuser" in text
    assert "exit code 3" in users[0] and "Exit code: 3" in users[1]


def test_a_log_line_in_the_output_a_card_quotes_shares_no_other_log_with_the_agent(tmp_path):
    from remote_fakes import ScriptedClient

    from terminus_edge.integrations.bridge import Bridge
    from terminus_edge.tui.shared_logs import SharedLogsSink, SharedLogsToolkit
    from terminus_edge.tui.widgets.outbox import OutboxItem

    with LogStore(tmp_path / "logs.sqlite3") as store:
        private = store.add("env", f"GITHUB_TOKEN={GITHUB_TOKEN}\n".encode(), exit_code=0)
        page = store.add("curl -s https://example.invalid/", f"<pre>\nLog: {private}\n</pre>\n".encode(), exit_code=0)
        toolkit = SharedLogsToolkit(cwd=tmp_path, use_model=False, store=store)
        sink = SharedLogsSink(Bridge(ScriptedClient([{"content": "ok"}]), toolkit))
        summary = f"Command: curl -s https://example.invalid/\nSummary: exit code 0. Output:\n<pre>\nLog: {private}\n</pre>\nLog: {page}\n"
        raw = f"Command: curl -s https://example.invalid/\nExit code: 0\nOutput:\n<pre>\nLog: {private}\n</pre>"
        sink.deliver([OutboxItem(1, "curl", summary), OutboxItem(2, "curl", raw, raw=True)])
        assert toolkit.shared_logs == {page}


def test_read_log_grep_counts_and_picks_only_redacted_matches_so_a_regex_cannot_probe_a_secret(tmp_path):
    from terminus_edge.integrations.toolkit import Toolkit

    with LogStore(tmp_path / "logs.sqlite3") as store:
        raw = "".join(f"line {i}\n" for i in range(500)) + f"GITHUB_TOKEN={GITHUB_TOKEN}\nFAILED test_x\n"
        log_id = store.add("make test", raw.encode(), exit_code=2)
        toolkit = Toolkit(cwd=tmp_path, use_model=False, store=store)
        for lines in (None, "-1"):  # past the first 400 matches, and the last match only
            right = toolkit.read_log(log_id, lines, f"line|FAILED|{GITHUB_TOKEN[:7]}").text
            wrong = toolkit.read_log(log_id, lines, f"line|FAILED|{GITHUB_TOKEN[:6]}Q").text
            assert right == wrong.replace(f"{GITHUB_TOKEN[:6]}Q", GITHUB_TOKEN[:7])
            assert "501 lines match" in right
        assert "502: FAILED test_x" in right


def test_a_model_gist_quoting_secrets_bare_is_redacted_with_what_the_output_revealed(project):
    """The gist is written before the redaction step; a model repeats a value without the key that marked it."""
    from terminus_edge.model import FakeModel
    from terminus_edge.summarize import summarize

    raw = subprocess.run(["sh", "-c", COMMAND], cwd=project, capture_output=True)
    output = raw.stdout + raw.stderr + b"".join(f"retrying connection {i}\n".encode() for i in range(40))
    for gist in (f"The connection for appuser {DB_PASSWORD} was refused.",
                 f"Could not connect: connection refused (token {GITHUB_TOKEN})."):
        summary = summarize(COMMAND, output, 3, model=FakeModel(replies=lambda messages: gist), log_id="7")
        assert summary.model_used  # the guard kept the sentence: the redaction step after it masks the value
        assert_clean(summary.text + json.dumps(summary.public_facts()))
        assert "exit code 3" in summary.text and "Log: 7" in summary.text and "[REDACTED:" in summary.text
