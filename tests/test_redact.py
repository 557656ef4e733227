"""Redaction: secrets of many kinds are masked, look-alikes survive, the corpus scores clean."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from terminus_edge.redact import redact, redact_with_report

# Fake secrets, built from pieces so this file never holds a contiguous real-looking token.
GH = "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5"
AWS_ID = "AKIA" + "Q3EGRTXK7PLM2VBN"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY9x"


@pytest.mark.parametrize("line, secret", [
    (f"GITHUB_TOKEN={GH}", GH),
    (f"aws_access_key_id = {AWS_ID}", AWS_ID),
    (f"aws_secret_access_key = {AWS_SECRET}", AWS_SECRET),
    ("DB_PASSWORD=hunter2", "hunter2"),
    ("postgres://app:S3cr3t!pw@db:5432/x", "S3cr3t!pw"),
])
def test_masks_basic_kinds(line, secret):
    out = redact(line)
    assert secret not in out and "[REDACTED:" in out


def test_report_offsets_point_at_the_secret():
    text = f"x=1\nTOKEN={GH}\n"
    out, findings = redact_with_report(text)
    assert [text[f.start:f.end] for f in findings] == [GH]
    assert findings[0].kind == "github-token" and out == "x=1\nTOKEN=[REDACTED:github-token]\n"


@pytest.mark.parametrize("with_command", [False, True], ids=["output-only", "with-command"])
def test_corpus_scores_clean(shared_dir, tmp_path, with_command):
    dev = shared_dir / "redaction" / "dev"
    outputs = tmp_path / "out.jsonl"
    with outputs.open("w") as f:
        for case in sorted(p for p in dev.iterdir() if (p / "output.txt").exists()):
            command = (case / "command.txt").read_text().strip() if with_command else None
            text = redact((case / "output.txt").read_text(), command=command)
            f.write(json.dumps({"id": case.name, "text": text}) + "\n")
    scorer = shared_dir / "redaction" / "tools" / "redaction_score.py"
    res = json.loads(subprocess.run([sys.executable, str(scorer), str(dev), str(outputs), "--json"],
                                    capture_output=True, text=True, check=True).stdout)
    assert res["leaked_secrets"] == 0, res["leaked"]
    assert res["keep_recall"] >= 0.95, res["keep_missing"]
    assert res["false_redactions"] == 0, res["keep_missing"]


def test_corpus_streamed_line_by_line_leaks_nothing(shared_dir):
    from terminus_edge.redact import redact_lines

    dev = shared_dir / "redaction" / "dev"
    for case in sorted(p for p in dev.iterdir() if (p / "meta.json").exists()):
        meta = json.loads((case / "meta.json").read_text())
        text, command = (case / "output.txt").read_text(), (case / "command.txt").read_text().strip()
        out = "".join(redact_lines(text.splitlines(keepends=True), command=command))
        assert out == redact(text, command=command), case.name
        for secret in meta["secrets"]:
            assert secret not in out, case.name


def test_secrets_learned_from_raw_output_are_masked_in_a_summary():
    from terminus_edge.redact import learn_secrets

    raw = "REDIS_PASSWORD=bgTHCXoQ6CSrhPyNTcCXKGrj\nconnected\n"
    summary = "Summary: connected to redis (auth bgTHCXoQ6CSrhPyNTcCXKGrj)."
    assert "bgTHCX" in redact(summary)  # no context in the summary itself…
    known = learn_secrets(raw)
    assert known == {"bgTHCXoQ6CSrhPyNTcCXKGrj": "password"}
    assert redact(summary, known=known) == "Summary: connected to redis (auth [REDACTED:password])."
