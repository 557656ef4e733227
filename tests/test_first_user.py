"""What a first user meets following README.md and --help: the documented lines must do what they say."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from terminus_edge.logstore import LogStore

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_line(needle: str) -> str:
    lines = [line for line in README.read_text().splitlines() if needle in line]
    assert lines, f"README.md has no line with {needle!r}"
    return re.sub(r"\s+#.*$", "", lines[0])


def test_readme_summarize_line_keeps_the_commands_exit_code(tmp_path):
    """`${PIPESTATUS[0]}` inside a pipe is the previous command's status: the documented line must not use it."""
    line = _readme_line("terminus-edge summarize --command make")
    script = (
        f'terminus-edge() {{ "{sys.executable}" -m terminus_edge "$@"; }}\n'
        "make() { echo 'make: *** [Makefile:6: app] Error 1'; return 2; }\n"
        "true\n"  # the status a stale $? / ${PIPESTATUS[0]} would hand over
        f"{line}\n"
    )
    proc = subprocess.run(["bash", "-c", script.replace("terminus-edge summarize", "terminus-edge summarize --no-model")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "exit code 2" in proc.stdout, proc.stdout + proc.stderr
    with LogStore() as store:
        assert store.get(1).exit_code == 2
