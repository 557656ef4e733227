"""The fidelity benchmark: scoring, the JSONL it writes, baselines, and the dev-corpus targets."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.cli import main


def make_case(root, case_id, command, output, exit_code, facts, forbidden=()):
    d = root / case_id
    d.mkdir(parents=True)
    (d / "command.txt").write_text(command + "\n")
    (d / "output.txt").write_bytes(output)
    meta = {"id": case_id, "exit_code": exit_code, "facts": facts, "forbidden": list(forbidden)}
    (d / "meta.json").write_text(json.dumps(meta))


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    make_case(
        root, "pytest-fail", "pytest -q",
        b"..F\n=== FAILURES ===\n___ test_b ___\nE   assert 1 == 2\n\nt.py:3: AssertionError\n"
        b"FAILED t.py::test_b - assert 1 == 2\n1 failed, 2 passed in 0.01s\n",
        1,
        [{"id": "count", "any_of": [r"\b1\s+failed"]}, {"id": "test", "any_of": ["test_b"]},
         {"id": "exit_code", "any_of": [r"exit\s*code\s*1\b"]}],
        [{"id": "all_pass", "any_of": [r"all\s+tests\s+pass"]}],
    )
    make_case(
        root, "ok", "echo hi", b"hi\n", 0,
        [{"id": "exit_code", "any_of": [r"succeeded|exit code 0"]}],
        [{"id": "fail", "any_of": ["failed"]}],
    )
    return root


def test_score_counts_recall_forbidden_and_tokens(corpus):
    cases = {c.id: c for c in fb.load_corpus(corpus)}
    result = fb.score(cases["pytest-fail"], "exit code 1; all tests passed; 1 failed: test_b", 12.0)
    assert result.recall == 1.0 and result.forbidden == ["all_pass"]
    assert result.tokens_summary == 12  # words and single punctuation marks
    partial = fb.score(cases["pytest-fail"], "EXIT CODE 1", 1.0)  # case-insensitive
    assert partial.recall == pytest.approx(1 / 3) and partial.missed == ["count", "test"]


def test_totals_and_percentiles():
    results = [fb.CaseResult(str(i), "", 10, 100, float(i), 1.0) for i in range(1, 101)]
    t = fb.totals(results)
    assert t["reduction"] == pytest.approx(0.9)
    assert t["latency_p50_ms"] == pytest.approx(50.5) and t["latency_p95_ms"] == pytest.approx(95.05)


def test_cli_no_model_writes_exact_jsonl(corpus, tmp_path):
    out = tmp_path / "s.jsonl"
    result = CliRunner().invoke(main, ["bench", "fidelity", "--corpus", str(corpus), "--no-model", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["ok", "pytest-fail"]
    assert all(set(r) == {"id", "summary", "tokens_summary", "latency_ms"} for r in rows)
    assert "TOTAL cases=2 mean_recall=1.000" in result.output and "forbidden_hits=0" in result.output


def test_cli_baseline(corpus, tmp_path):
    out = tmp_path / "b.jsonl"
    result = CliRunner().invoke(main, ["bench", "fidelity", "--corpus", str(corpus), "--baseline", "tail40", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = {json.loads(line)["id"]: json.loads(line)["summary"] for line in out.read_text().splitlines()}
    assert rows["ok"] == "hi"


def test_cli_bad_corpus_is_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["bench", "fidelity", "--corpus", str(tmp_path / "nope"), "--no-model", "--out", str(tmp_path / "x")])
    assert result.exit_code != 0 and "corpus directory not found" in result.output


def test_dev_corpus_meets_targets_without_model(shared_dir, tmp_path):
    corpus = shared_dir / "corpus" / "dev"
    results = fb.run_benchmark(fb.load_corpus(corpus), fb.summarizer_for(None))
    t = fb.totals(results)
    assert t["mean_recall"] >= 0.97
    assert min(r.recall for r in results) >= 0.80, [(r.id, r.missed) for r in results if r.recall < 0.8]
    assert t["forbidden_hits"] == 0, [(r.id, r.forbidden) for r in results if r.forbidden]
    assert t["reduction"] >= 0.85
    # Cross-check against the corpus's own reference scorer.
    out = tmp_path / "dev.jsonl"
    fb.write_jsonl(results, out)
    scorer = corpus.parent / "tools" / "fidelity_score.py"
    if scorer.is_file():
        report = json.loads(subprocess.run([sys.executable, str(scorer), str(corpus), str(out), "--json"], capture_output=True, text=True, check=True).stdout)
        assert report["total"]["mean_recall"] == pytest.approx(t["mean_recall"])
        assert report["total"]["forbidden_hits"] == t["forbidden_hits"]
        assert report["total"]["reduction"] == pytest.approx(t["reduction"])
