"""`terminus-edge run -- CMD` as a shell wrapper author uses it.

Data piped or redirected into it is the command's, as without the wrapper. Before: stdin was always /dev/null, so
`printf 'b\\na\\n' | te sort` answered "succeeded; no output" and the data was lost without a word. A terminal on
stdin stays closed (unless --interactive): an agent cannot type.

`--tee` whose reader goes away (`2> >(head -2)`): before, the command was SIGKILLed, no summary came out on stdout and
run exited 1 in silence; now the live copy stops and the rest is as without it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from terminus_edge.cli.shell_init_cmd import parse_wrap, snippet

TE = [sys.executable, "-m", "terminus_edge"]


def _run(args, **kwargs):
    return subprocess.run([*TE, "run", "--no-model", "--", *args], capture_output=True, timeout=120, **kwargs)


def test_piped_data_reaches_the_command(tmp_path):
    proc = _run(["sort"], input=b"pear\napple\n", cwd=tmp_path)
    assert proc.returncode == 0 and b"apple\npear\n" in proc.stdout, proc.stdout


def test_a_redirected_file_reaches_the_command_and_its_exit_code_is_kept(tmp_path):
    data = tmp_path / "in.txt"
    data.write_bytes(b"one\ntwo\nthree\n")
    with data.open("rb") as stdin:
        proc = _run(["grep -c t; exit 7"], stdin=stdin, cwd=tmp_path)
    assert proc.returncode == 7 and b"Output:\n2\n" in proc.stdout, proc.stdout


def test_no_stdin_at_all_reads_as_empty(tmp_path):
    proc = subprocess.run(["bash", "-c", f"{' '.join(TE)} run --no-model -- cat <&-"], capture_output=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0 and b"no output" in proc.stdout, (proc.stdout, proc.stderr)


def test_an_idle_pipe_is_waited_on_only_until_the_timeout(tmp_path):
    """A harness that keeps stdin open and writes nothing: `cat` waits as it would unwrapped, bounded by --timeout."""
    reader, writer = os.pipe()
    try:
        proc = subprocess.run([*TE, "run", "--no-model", "--timeout", "2", "--", "cat"], stdin=reader,
                              capture_output=True, timeout=120, cwd=tmp_path)
    finally:
        os.close(reader)
        os.close(writer)
    assert proc.returncode == 124 and b"timed out" in proc.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_te_in_a_pipe_of_an_agent_shell(tmp_path):
    snip = tmp_path / "snippet.sh"
    snip.write_text(snippet("bash", parse_wrap(["sort"]), prefix=" ".join(TE)))
    env = {**os.environ, "TERMINUS_EDGE_WRAP_ALWAYS": "1"}
    env.pop("TERMINUS_EDGE_INSIDE", None)
    proc = subprocess.run(["bash", "-c", f". {snip}; printf 'b\\na\\n' | te sort; echo rc=$?; "
                                         "printf 'z\\ny\\n' | sort -r; echo rc=$?"],
                          capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert "Command: sort\n" in proc.stdout and "a\nb\n" in proc.stdout and "rc=0" in proc.stdout, proc.stdout
    assert "Command: sort -r" in proc.stdout and "z\ny\n" in proc.stdout, proc.stdout


def test_tee_whose_reader_goes_away_stops_the_live_copy_not_the_command(tmp_path):
    marker = tmp_path / "finished"
    script = (f"{' '.join(TE)} run --no-model --tee -- 'seq 1 100000; touch {marker}; exit 3' "
              f"2>&1 >{tmp_path / 'summary'} | head -2; exit ${{PIPESTATUS[0]}}")
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.stdout == "1\n2\n" and proc.returncode == 3, (proc.stdout, proc.stderr)
    assert marker.exists()  # the command ran to its end
    summary = (tmp_path / "summary").read_text()
    assert summary.startswith("Command: seq 1 100000") and "exit code 3" in summary and "\nLog: " in summary
