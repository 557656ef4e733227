"""A first user's pass over the command line (session 9): what it got wrong, held fixed.

Each test drives the CLI (click's runner) the way the README tells a new user to, on a fresh TERMINUS_EDGE_HOME.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main

CORPUS_CASE = {"command.txt": "make\n", "output.txt": "error: foo failed\n",
               "meta.json": json.dumps({"id": "make-error", "exit_code": 2, "forbidden": [],
                                        "facts": [{"id": "foo", "what": "foo failed", "any_of": ["foo failed"]}]})}


@pytest.fixture(autouse=True)
def fresh_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _corpus(tmp_path: Path) -> Path:
    case = tmp_path / "corpus" / "make-error"
    case.mkdir(parents=True)
    for name, text in CORPUS_CASE.items():
        (case / name).write_text(text)
    return case.parent


@pytest.mark.parametrize("command", [["bench", "fidelity", "--corpus", "{corpus}", "--no-model"],
                                     ["bench", "tasks", "--tasks", "{corpus}", "--no-model"]])
def test_bench_out_in_a_missing_folder_is_refused_before_any_work(tmp_path, command):
    """It used to run every case, then die with a FileNotFoundError traceback when writing the results."""
    corpus = _corpus(tmp_path)
    args = [part.replace("{corpus}", str(corpus)) for part in command] + ["--out", str(tmp_path / "no" / "such" / "x.jsonl")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "the folder" in result.output and "does not exist" in result.output
    assert isinstance(result.exception, SystemExit)  # click's usage error, not a FileNotFoundError


def test_bench_fidelity_out_relative_to_the_working_folder(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["bench", "fidelity", "--corpus", str(corpus), "--no-model", "--out", "rows.jsonl"])
    assert result.exit_code == 0, result.output
    row = json.loads((tmp_path / "rows.jsonl").read_text().splitlines()[0])
    assert row["id"] == "make-error" and "foo failed" in row["summary"]
    assert "make-error" in result.output and "mean_recall=1.000" in result.output


def test_bench_plot_in_a_missing_folder_is_refused_before_measuring(tmp_path):
    result = CliRunner().invoke(main, ["bench", "latency", "--bundle", str(tmp_path), "--plot", str(tmp_path / "no" / "p.png")])
    assert result.exit_code == 2 and "--plot" in result.output and "does not exist" in result.output
