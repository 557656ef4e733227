"""A flood is summarized from the capture's spool chunk by chunk, not read back whole: 2 s of `yes` under `run` or
MCP's run_in_terminal (331 MB) held the whole output in memory (peak RSS 388 MB; 57 MB now). Here a 48 MB output
is summarized in a fresh process whose peak RSS is compared with the same process summarizing 1 MB."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

RUN_CLI = """
import resource, sys
from terminus_edge.cli import main
try:
    main(["run", "--no-model", "--", sys.argv[1]], standalone_mode=False)
except SystemExit:
    pass
print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
RUN_FOR_AGENT = """
import resource, sys
from terminus_edge.integrations.runner import run_and_summarize
from terminus_edge.logstore import LogStore
with LogStore() as store:
    text, log_id, _ = run_and_summarize(sys.argv[1], cwd=".", timeout_s=300, store=store)
    assert "exit code 3" in text, text
print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_mb(script: str, megabytes: int, tmp_path) -> float:
    flood = f"yes 'error: nothing here, a line of forty' | head -c {megabytes * 1_000_000}; exit 3"
    env = {**os.environ, "TERMINUS_EDGE_HOME": str(tmp_path / f"home-{megabytes}")}
    done = subprocess.run([sys.executable, "-c", script, flood], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=600, check=False)
    line = [row for row in done.stdout.splitlines() if row.startswith("PEAK ")]
    assert line, done.stdout + done.stderr
    return int(line[0].split()[1]) / 1024


@pytest.mark.parametrize("script", [RUN_CLI, RUN_FOR_AGENT], ids=["run", "mcp-runner"])
def test_a_flood_is_not_held_whole(script, tmp_path):
    small, big = peak_mb(script, 1, tmp_path), peak_mb(script, 48, tmp_path)
    assert big - small < 12, f"1 MB: {small:.0f} MB peak, 48 MB: {big:.0f} MB peak"
