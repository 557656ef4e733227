"""capture.run_command against real bash: ordering, exit codes, timeouts, input waits, background children."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import psutil
import pytest

from terminus_edge.capture import CaptureError, cut_for_model, run_command

PY = sys.executable


def test_merges_stdout_and_stderr_in_order(tmp_path):
    c = run_command("echo one; echo two >&2; echo three; pwd; exit 3", cwd=str(tmp_path))
    assert c.raw == f"one\ntwo\nthree\n{tmp_path}\n".encode()
    assert (c.exit_code, c.timed_out, c.waiting_for_input, c.bytes) == (3, False, False, len(c.raw))
    assert c.cwd == str(tmp_path) and c.command.startswith("echo one")
    assert c.ended_at >= c.started_at and 0 <= c.duration_s < 5


def test_fresh_noninteractive_shell_with_stdin_closed():
    c = run_command('cat; echo "[$-]"; [ -t 0 ] && echo tty || echo notty; alias ll 2>&1; echo "sid=$(ps -o sid= $$)"')
    out = c.raw.decode()
    assert out.startswith("[") and "i" not in out.split("]")[0]  # bash -c: not interactive
    assert "notty" in out and "not found" in out
    assert int(out.split("sid=")[1]) != os.getsid(0)  # its own session
    assert c.exit_code == 0 and not c.waiting_for_input


def test_exit_code_of_a_signal_is_128_plus_n():
    assert run_command("kill -TERM $$").exit_code == 143


def test_bytes_exact_and_binary():
    c = run_command(f"{PY} -c \"import sys; sys.stdout.buffer.write(bytes(range(256)) * 3)\"")
    assert c.raw == bytes(range(256)) * 3


def test_timeout_kills_the_whole_group_and_reports_124():
    t = time.monotonic()
    c = run_command("echo start; sleep 61.7 & sleep 61.7; echo never", timeout_s=1.0)
    assert time.monotonic() - t < 6
    assert c.timed_out and c.exit_code == 124 and "timed out after 1 s" in c.note
    assert c.raw == b"start\n" and not c.waiting_for_input
    time.sleep(0.2)
    assert not [p for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"] == ["sleep", "61.7"]]


def test_timeout_escalates_to_sigkill_when_sigterm_is_ignored():
    t = time.monotonic()
    c = run_command("trap '' TERM; echo stubborn; while :; do sleep 0.1; done", timeout_s=0.5)
    assert c.timed_out and c.exit_code == 124 and c.raw == b"stubborn\n"
    assert time.monotonic() - t < 6


def test_background_child_holding_the_pipe_does_not_hang():
    t = time.monotonic()
    c = run_command("(sleep 30; echo late) & echo main done", timeout_s=20)
    assert time.monotonic() - t < 4
    assert c.exit_code == 0 and not c.timed_out and c.raw == b"main done\n"


def test_background_child_that_let_go_of_output_keeps_running(tmp_path):
    marker = tmp_path / "alive"
    c = run_command(f"(sleep 1.5; touch {marker}) >/dev/null 2>&1 & echo started", timeout_s=10)
    assert c.exit_code == 0 and c.raw == b"started\n"
    deadline = time.monotonic() + 10
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists()


def test_blocked_reading_its_own_terminal_is_waiting_for_input():
    code = "import os; m, s = os.openpty(); print('Password: ', end='', flush=True); os.read(s, 10)"
    t = time.monotonic()
    c = run_command(f'{PY} -c "{code}"', timeout_s=30, input_quiet_s=1.0)
    assert time.monotonic() - t < 10  # stopped early, not at the timeout
    assert c.waiting_for_input and not c.timed_out and c.exit_code == 124
    assert "blocked reading a terminal" in c.note and c.raw == b"Password: "


def test_a_program_reprompting_on_eof_is_waiting_for_input():
    t = time.monotonic()
    c = run_command("while true; do printf 'Overwrite file? [y/N] '; read a || true; done", timeout_s=30)
    assert time.monotonic() - t < 10
    assert c.waiting_for_input and c.exit_code == 124 and "Overwrite file? [y/N]" in c.note


def test_prompt_then_silence_until_timeout_is_reported_as_probably_waiting():
    c = run_command("printf 'Continue? '; sleep 30", timeout_s=1.0)
    assert c.timed_out and c.waiting_for_input and "probably waiting for input" in c.note


def test_a_program_that_failed_for_lack_of_input_is_flagged():
    c = run_command(f"{PY} -c \"input('Name: ')\"")
    assert c.exit_code == 1 and c.waiting_for_input and "EOF when reading a line" in c.note


def test_repeated_output_lines_are_not_mistaken_for_prompts():
    c = run_command("for i in $(seq 40); do echo 'WARNING: deprecated (see docs):'; done; sleep 1; echo done",
                    input_quiet_s=0.5)
    assert c.exit_code == 0 and not c.waiting_for_input and c.raw.endswith(b"done\n")


def test_plain_silence_is_not_waiting_for_input():
    c = run_command("sleep 1.5; echo ok", input_quiet_s=0.3)
    assert c.exit_code == 0 and not c.waiting_for_input and c.raw == b"ok\n"


def test_live_tee_gets_every_byte_in_order():
    pieces: list[bytes] = []
    c = run_command("for i in 1 2 3; do echo $i; sleep 0.1; done", on_output=pieces.append)
    assert b"".join(pieces) == c.raw == b"1\n2\n3\n" and len(pieces) >= 2


def test_large_output_spills_to_disk_and_model_cut_reads_only_head_and_tail():
    c = run_command(f"{PY} -c \"import sys; [sys.stdout.write(f'line {{i}}\\n') for i in range(400000)]\"",
                    memory_cap=1 << 20, model_cut_bytes=10_000)
    assert c.bytes == sum(len(f"line {i}\n") for i in range(400000)) and c.exit_code == 0
    assert c.spool.on_disk  # on disk, not in memory
    cut = c.for_model()
    assert len(cut.encode()) <= 10_200 and cut.startswith("line 0\n") and cut.endswith("line 399999\n")
    assert "bytes omitted" in cut
    assert sum(len(x) for x in c.iter_raw(65536)) == c.bytes
    c.close()


def test_cut_for_model():
    assert cut_for_model(b"short\n") == "short\n"
    text = "".join(f"row {i}\n" for i in range(50_000))
    cut = cut_for_model(text, 60_000)
    assert len(cut.encode()) <= 60_100 and cut.startswith("row 0\nrow 1\n") and cut.endswith("row 49999\n")
    assert "\nrow " in cut.split("bytes omitted")[1]  # whole lines after the marker
    for limit in (60_000, 60_001, 60_002):
        assert "\ufffd" not in cut_for_model("é€😀" * 40_000, limit)


def test_missing_cwd_is_a_one_line_error(tmp_path):
    with pytest.raises(CaptureError, match="working directory does not exist"):
        run_command("true", cwd=str(tmp_path / "nope"))


def test_env_marks_commands_run_inside_terminus_edge():
    c = run_command('echo "$TERMINUS_EDGE_INSIDE $EXTRA"', env={"EXTRA": "x"})
    assert c.raw == b"1 x\n"


def test_inherit_stdin_lets_a_human_answer(tmp_path):
    answer = tmp_path / "answer"
    answer.write_text("forty-two\n")
    code = (f"from terminus_edge.capture import run_command; "
            f"c = run_command('read -p \"Name? \" a; echo got $a', inherit_stdin=True, input_quiet_s=0.1); "
            f"print(c.raw, c.waiting_for_input)")
    out = subprocess.run([PY, "-c", code], stdin=answer.open(), capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "b'got forty-two\\n' False"
