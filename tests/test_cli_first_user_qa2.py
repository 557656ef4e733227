"""A first user's QA pass over the CLI, session 10: each test is a defect found by running the README's commands."""

from __future__ import annotations

from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.logstore import LogStore


def test_logs_show_range_past_the_end_says_how_long_the_log_is():
    with LogStore() as store:
        log_id = store.add("make", b"".join(b"line %d\n" % i for i in range(1, 32)), exit_code=2)
        empty = store.add("true", b"", exit_code=0)
    result = CliRunner().invoke(main, ["logs", "show", str(log_id), "--lines", "1000:2000"])
    assert result.exit_code == 0
    assert "starts after the end: log 1 has 31 lines" in result.output and "no lines match" not in result.output
    assert "# no lines match" in CliRunner().invoke(main, ["logs", "show", str(log_id), "--grep", "zzz"]).output
    assert "# the log is empty" in CliRunner().invoke(main, ["logs", "show", str(empty), "--lines", "-5"]).output
