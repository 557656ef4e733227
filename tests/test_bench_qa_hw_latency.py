"""QA of `bench` as a hardware-latency benchmarker uses it (session 10): an --out that cannot be written is refused
before any work also for root, and a fidelity run cut by Ctrl-C keeps the cases it scored."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.cli import main


@pytest.fixture(autouse=True)
def fresh_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _corpus(tmp_path: Path, n: int = 3) -> Path:
    root = tmp_path / "corpus"
    for i in range(n):
        case = root / f"case-{i}"
        case.mkdir(parents=True)
        (case / "command.txt").write_text("make\n")
        (case / "output.txt").write_text(f"error: foo{i} failed\n")
        (case / "meta.json").write_text(json.dumps({"id": f"case-{i}", "exit_code": 2, "forbidden": [],
                                                    "facts": [{"id": "f", "any_of": [f"foo{i} failed"]}]}))
    return root


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc takes no new files on Linux only")
@pytest.mark.parametrize("command", [["bench", "fidelity", "--corpus", "{corpus}", "--no-model"],
                                     ["bench", "tasks", "--tasks", "{corpus}", "--no-model"]])
def test_out_that_cannot_be_created_is_refused_before_any_work_even_for_root(tmp_path, command):
    """os.access says yes to root everywhere: a run as root went through every case, then died with a
    FileNotFoundError traceback when it wrote --out under /proc (or on a read-only mount)."""
    corpus = _corpus(tmp_path)
    args = [part.replace("{corpus}", str(corpus)) for part in command] + ["--out", "/proc/terminus-qa.jsonl"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "--out" in result.output and "cannot write there" in result.output
    assert isinstance(result.exception, SystemExit)


def test_the_out_check_leaves_no_file_behind_and_an_existing_one_as_it_was(tmp_path):
    from terminus_edge.cli.bench_cmd import _writable_file

    new, old = tmp_path / "new.jsonl", tmp_path / "old.jsonl"
    old.write_text("kept\n")
    assert _writable_file(None, None, str(new)) == str(new) and not new.exists()
    assert _writable_file(None, None, str(old)) == str(old) and old.read_text() == "kept\n"


def test_fidelity_cut_by_ctrl_c_keeps_the_cases_scored_and_says_so(tmp_path, monkeypatch):
    """The lines used to be written at the end only: Ctrl-C lost every case scored (and, with the model, aborted
    inside onnxruntime with exit 134). Now: the scored cases stay in --out, the cut one is not scored, exit 130."""
    real = fb.summarizer_for
    seen = []

    def fake_summarizer_for(model=None, **kwargs):
        inner = real(None)

        def run(case):
            seen.append(case.id)
            if len(seen) == 2:  # Ctrl-C while the second case is summarized
                os.kill(os.getpid(), signal.SIGINT)
                import time

                time.sleep(0.5)  # the handler runs on the main thread meanwhile
            return inner(case)

        return run

    monkeypatch.setattr(fb, "summarizer_for", fake_summarizer_for)
    out = tmp_path / "rows.jsonl"
    result = CliRunner().invoke(main, ["bench", "fidelity", "--corpus", str(_corpus(tmp_path)), "--no-model",
                                       "--out", str(out)])
    assert result.exit_code == 130, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["case-0"]
    assert "interrupted: 1 of 3 cases scored" in result.output and "Ctrl-C" in result.output
    assert "case-2" not in seen  # no case starts after the cancel


def test_fidelity_writes_each_line_as_its_case_is_scored(tmp_path):
    out = tmp_path / "rows.jsonl"
    lines_then = []
    with open(out, "w") as fh:
        def keep(result):
            fh.write(fb.jsonl_line(result))
            fh.flush()
            lines_then.append(len(out.read_text().splitlines()))

        fb.run_benchmark(fb.load_corpus(_corpus(tmp_path)), fb.summarizer_for(None), on_result=keep)
    assert lines_then == [1, 2, 3]
