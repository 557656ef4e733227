"""One line-range grammar for `logs show --lines`, the MCP tool read_log and the bridge: `120:180` and
`120-180` both work everywhere (QA found the CLI took only the colon form and read_log only the dash)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.integrations.bridge import TOOLS
from terminus_edge.integrations.mcp_server import READ_LOG
from terminus_edge.integrations.toolkit import Toolkit, ToolInputError
from terminus_edge.line_range import LineRange, LineRangeError, parse_line_range
from terminus_edge.logstore import LogStore, LogStoreError


@pytest.mark.parametrize("text,expected", [
    ("120:180", LineRange(120, 180)), ("120-180", LineRange(120, 180)), (" 3 - 3 ", LineRange(3, 3)),
    ("120:", LineRange(120)), ("120-", LineRange(120)), (":50", LineRange(1, 50)), ("7", LineRange(7, 7)),
    ("-40", LineRange(from_end=40)), ("-40:", LineRange(from_end=40)), (None, LineRange()), ("", LineRange()),
])
def test_both_separators_parse_the_same(text, expected):
    assert parse_line_range(text) == expected


@pytest.mark.parametrize("text", ["a:b", "5:2", "9-3", "0", "0-3", "-0", "-3:5", ":", "-", "1-2-3", "1,5", "-3-5"])
def test_bad_ranges_say_so_in_one_line(text):
    with pytest.raises(LineRangeError, match="bad line range"):
        parse_line_range(text)


@pytest.fixture
def seq_log():
    with LogStore() as store:
        return store.add("seq", "".join(f"row {i}\n" for i in range(1, 201)).encode(), exit_code=0)


def test_store_and_cli_accept_the_dash_form(seq_log):
    with LogStore() as store:
        assert [n for n, _ in store.lines(seq_log, "120-122")] == [120, 121, 122]
        assert [n for n, _ in store.lines(seq_log, "-3")] == [198, 199, 200]
        with pytest.raises(LogStoreError, match="bad line range"):
            list(store.lines(seq_log, "9-3"))
    dash = CliRunner().invoke(main, ["logs", "show", str(seq_log), "--lines", "120-121"])
    colon = CliRunner().invoke(main, ["logs", "show", str(seq_log), "--lines", "120:121"])
    assert dash.exit_code == 0, dash.output
    assert dash.stdout == colon.stdout and "row 120" in dash.stdout and "row 122" not in dash.stdout


def test_read_log_accepts_the_colon_form(seq_log, tmp_path):
    kit = Toolkit(cwd=tmp_path, use_model=False)
    colon = kit.read_log(seq_log, "120:121").text
    assert colon == kit.read_log(seq_log, "120-121").text
    assert "120: row 120" in colon and "121: row 121" in colon and "122:" not in colon
    assert "199: row 199" in kit.read_log(seq_log, "-2:").text
    with pytest.raises(ToolInputError, match="bad line range"):
        kit.read_log(seq_log, "5:2")


def test_help_and_tool_descriptions_name_both_forms():
    help_text = " ".join(CliRunner().invoke(main, ["logs", "show", "--help"]).output.split())
    assert "A:B or A-B" in help_text
    bridge_lines = next(t for t in TOOLS if t["function"]["name"] == "read_log")["function"]["parameters"]
    for text in (" ".join(READ_LOG.split()), bridge_lines["properties"]["lines"]["description"]):
        assert "'START:END' or 'START-END'" in text and "'-N'" in text
